"""Public URLs: stable, made of record keys: /people/<key>/, /quotes/<key>/cite.bib."""

from django.urls import path

from cases.browse.views import exports, searching, site
from cases.citing import views as citing
from cases.drawings import figures_page as figures
from cases.drawings import network_page as network
from cases.records import kinds
from cases.teaching import views as reading_lists

app_name = "cases"

urlpatterns = [
    path("", site.home, name="home"),
    path("search/", searching.search_page, name="search"),
    path("network/", network.network_page, name="network"),
    path("cases/<slug:key>/figures/", figures.case_figures, name="casestudy_figures"),
    path(
        "cases/<slug:key>/figures/<slug:chart>.csv",
        figures.chart_csv,
        name="casestudy_figure_csv",
    ),
    # Instructors' reading lists, and the students' view through a share link.
    path("readings/", reading_lists.index, name="readinglist_index"),
    path("readings/new/", reading_lists.create, name="readinglist_create"),
    path("readings/add/", reading_lists.add_record, name="readinglist_add"),
    path("readings/add-page/", reading_lists.add_link, name="readinglist_add_link"),
    path("readings/<int:pk>/", reading_lists.edit, name="readinglist_edit"),
    path("readings/<int:pk>/order/", reading_lists.reorder, name="readinglist_reorder"),
    path("readings/<int:pk>/publish/", reading_lists.publish, name="readinglist_publish"),
    path("readings/<int:pk>/duplicate/", reading_lists.duplicate, name="readinglist_duplicate"),
    path("readings/<int:pk>/preview/", reading_lists.preview, name="readinglist_preview"),
    path(
        "readings/<int:pk>/items/<int:item_pk>/remove/",
        reading_lists.remove_item,
        name="readinglist_item_remove",
    ),
    path("r/<str:token>/", reading_lists.share, name="readinglist_share"),
    path(
        "r/<str:token>/bibliography.<slug:extension>",
        reading_lists.bibliography_export,
        name="readinglist_bibliography",
    ),
]
# Each kind of record with pages (cases/records/kinds.py): its list and the list's CSV, a
# page per record and the record's citation files, all named after its model.
for kind in kinds.with_pages():
    name, list_view = kind.model_name, kind.list_view_class
    urlpatterns += [
        path(f"{kind.segment}/", list_view.as_view(), name=f"{name}_list"),
        path(
            f"{kind.segment}/export.csv",
            exports.RecordExport.as_view(list_view=list_view),
            name=f"{name}_export",
        ),
        path(f"{kind.segment}/<slug:key>/", kind.page_view_class.as_view(), name=name),
        path(
            f"{kind.segment}/<slug:key>/cite.<slug:extension>",
            citing.download,
            {"model": kind.model},
            name=f"{name}_cite",
        ),
    ]
