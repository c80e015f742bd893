"""Public URLs: stable, made of record keys: /people/<key>/, /quotes/<key>/cite.bib."""

from django.urls import path

from cases.models import (
    CaseStudy,
    Event,
    GlossaryTerm,
    Interview,
    Organisation,
    Person,
    Place,
    Quote,
    Source,
)
from cases.views import citing, lists, pages, searching, site

app_name = "cases"

# (URL segment, model, list view or None, page view)
SECTIONS = [
    ("cases", CaseStudy, None, pages.CasePage),
    ("people", Person, lists.PersonList, pages.PersonPage),
    ("organisations", Organisation, lists.OrganisationList, pages.OrganisationPage),
    ("events", Event, lists.EventList, pages.EventPage),
    ("interviews", Interview, lists.InterviewList, pages.InterviewPage),
    ("quotes", Quote, lists.QuoteList, pages.QuotePage),
    ("sources", Source, lists.SourceList, pages.SourcePage),
    ("places", Place, lists.PlaceList, pages.PlacePage),
    ("glossary", GlossaryTerm, lists.GlossaryList, pages.GlossaryTermPage),
]

urlpatterns = [
    path("", site.home, name="home"),
    path("search/", searching.search_page, name="search"),
]
for segment, model, list_view, page_view in SECTIONS:
    name = model._meta.model_name
    if list_view:
        urlpatterns.append(path(f"{segment}/", list_view.as_view(), name=f"{name}_list"))
    urlpatterns += [
        path(f"{segment}/<slug:key>/", page_view.as_view(), name=name),
        path(
            f"{segment}/<slug:key>/cite.<slug:extension>",
            citing.download,
            {"model": model},
            name=f"{name}_cite",
        ),
    ]
