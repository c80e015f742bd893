"""The public lists: filter, facet, sort and page through one kind of record.

Every list starts from the public subset (``Model.objects.public().for_list()``), so a
draft or restricted record cannot reach a row, a facet count or a page total. The whole
state of a list lives in its URL.
"""

from django.core.paginator import InvalidPage, Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from cases.browse import counting, filters
from cases.browse.addresses import address
from cases.browse.facets import (
    INTERFACE,
    PERSON_ORDER,
    RECORDS_WORDS,
    ChoiceFacet,
    CitedSourceFacet,
    RelatedFacet,
    TapedFacet,
    facets_for,
    organisation_label,
    person_content,
    person_label,
)
from cases.models import (
    CaseStudy,
    Event,
    EventKind,
    Form,
    GlossaryTerm,
    Interview,
    Organisation,
    OrganisationKind,
    Person,
    Place,
    PlaceKind,
    Quote,
    Source,
    SourceKind,
    Topic,
)
from cases.teaching import reading

PER_PAGE = 25
# Parameters that belong to the page, not to the filters (``reading``: the shared reading
# list the page was opened from, for the way back).
NOT_FILTERS = {"page", "sort", reading.BACK_PARAMETER}


class RecordList(View):
    model = None
    filterset_class = None
    facets: list = []
    template_name = "cases/record_list.html"
    row_template = None  # how one record is shown in the list
    title = ""
    introduction = ""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # What the page cache may key a list on (cases/browse/page_cache.py): its filters, and the
        # parameters that belong to the page.
        cls.page_parameters = frozenset(cls.filterset_class.base_filters) | NOT_FILTERS

    @classmethod
    def for_kind(cls, kind):
        """The list of a kind that declares no list view of its own: the filters every list
        shares (words, case, page), a facet by case, and its rows in
        ``cases/rows/<model name>.html``."""
        model, name = kind.model, kind.model.__name__
        meta = type("Meta", (filters.ListFilters.Meta,), {"model": model, "fields": []})
        return type(
            f"{name}List",
            (cls,),
            {
                "model": model,
                "filterset_class": type(f"{name}Filters", (filters.ListFilters,), {"Meta": meta}),
                "title": capfirst(model._meta.verbose_name_plural),
                "row_template": f"cases/rows/{kind.model_name}.html",
                "facets": [
                    RelatedFacet("case", gettext_lazy("Case"), CaseStudy, "cases", "short_title")
                ],
            },
        )

    def base_queryset(self):
        return self.model.objects.public().for_list()

    def get(self, request):
        data = request.GET.copy()
        base = self.base_queryset()
        filterset = self.filterset_class(data, queryset=base)
        refused = {}
        if not filterset.is_valid():
            # A malformed filter is refused with its reason, never guessed at; the other
            # filters still apply, so the reader keeps the results and what they chose.
            refused = refused_parameters(filterset)
            data = data.copy()  # the form keeps what was typed, to show it back
            for name in refused:
                data.pop(name, None)
            applied = self.filterset_class(data, queryset=base)
        else:
            applied = filterset
        context = {
            "view": self,
            "title": self.title,
            "introduction": self.introduction,
            "row_template": self.row_template,
            "filterset": filterset,  # the form as typed, with its errors beside the fields
            "refused": refused,
            "facet_names": [facet.name for facet in self.facets],
            "active": self.active_filters(request.path, data),
            "facets": [],
            "page_obj": None,
            "export_url": self.export_url(data),
        }
        total, context["facets"] = counting.remembered(
            (
                "list",
                self.model._meta.label_lower,
                counted_parameters(self.filterset_class, data),
            ),
            lambda: (
                applied.qs.count(),
                facets_for(self.filterset_class, data, base, self.facets),
            ),
        )
        for facet in context["facets"]:
            facet.errors = refused.get(facet.name, [])
            # Name the chosen records as the facets do ("El Agustino"), not by their keys,
            # and say what the value is, for the page to mark it as the facet marks it.
            for active in context["active"]:
                if active["param"] == facet.name:
                    active["content"] = facet.content
                    if facet.selected and facet.selected.count:
                        active["value"] = facet.selected.label
                        active["content"] = facet.selected.content
        paginator = Paginator(filters.in_stable_order(applied.qs), PER_PAGE)
        paginator.count = total  # counted (or remembered) above, with the facets
        status = 400 if refused else 200
        try:
            context["page_obj"] = paginator.page(data.get("page") or 1)
        except InvalidPage:
            context["page_error"] = _(
                "There is no page %(page)s of this list; it has %(pages)s."
            ) % {"page": data.get("page", "")[:20], "pages": paginator.num_pages}
            status = 404
        else:
            context["add_to_lists"] = reading.lists_for(request.user)
            if context["add_to_lists"] is not None:
                context["link_title"] = self.link_title(context["active"])
        return render(request, self.template_name, context, status=status)

    def link_title(self, active) -> str:
        """The title this list gets in a reading list: "People: Case El Gol, Organisation PUM"."""
        if not active:
            return str(self.title)
        named = ", ".join(f"{item['name']} {item['value']}" for item in active)
        return _("%(list)s: %(filters)s") % {"list": self.title, "filters": named}

    def export_url(self, data):
        """The CSV of every record this list holds, not only this page, in the same order."""
        query = data.copy()
        query.pop("page", None)
        return address(reverse(f"cases:{self.model._meta.model_name}_export"), query)

    def active_filters(self, path, data):
        """The filters in force, each with the URL that drops it, for a visible undo."""
        active = []
        for name in data:
            if name in NOT_FILTERS or not data.get(name):
                continue
            rest = data.copy()
            rest.pop(name)
            rest.pop("page", None)
            label = self.filterset_class.base_filters.get(name)
            active.append(
                {
                    "param": name,
                    "name": label.label if label else name,
                    "value": data.get(name)[:80],
                    "content": INTERFACE,  # what was typed, until a facet names it
                    "remove": address(path, rest),
                }
            )
        return active


def refused_parameters(filterset) -> dict[str, list[str]]:
    """The parameters a list could not apply, each with the reasons, by field.

    A check across fields (a year range that runs backwards) refuses both ends of it.
    """
    refused = {}
    for name, errors in filterset.form.errors.items():
        names = ["year_from", "year_to"] if name == "__all__" else [name]
        for field_name in names:
            refused.setdefault(field_name, []).extend(errors)
    # A page number belongs to the list as it was filtered: with a filter dropped it means
    # another page, so the reader starts again from the first.
    refused.setdefault("page", [])
    return refused


def counted_parameters(filterset_class, data) -> tuple:
    """The parameters a list's counts depend on: its filters, not its page, its sort or any
    parameter it does not know (which would only make more kept counts of the same)."""
    return tuple(
        (name, tuple(data.getlist(name)))
        for name in sorted(data)
        if name in filterset_class.base_filters and name not in NOT_FILTERS
    )


class CaseStudyList(RecordList):
    model = CaseStudy
    filterset_class = filters.CaseStudyFilters
    title = gettext_lazy("Case studies")
    introduction = gettext_lazy(
        "Every case study in the archive, each built from one source document."
    )
    row_template = "cases/rows/casestudy.html"
    # Regions are free text named as the sources name them: shown as written.
    facets = [
        ChoiceFacet("region", gettext_lazy("Region"), "region", labels=(), content=RECORDS_WORDS)
    ]


class PersonList(RecordList):
    model = Person
    filterset_class = filters.PersonFilters
    title = gettext_lazy("People")
    introduction = gettext_lazy(
        "Named actors and the anonymous speakers the sources describe, with their posts."
    )
    row_template = "cases/rows/person.html"
    facets = [
        RelatedFacet("case", gettext_lazy("Case"), CaseStudy, "cases", "short_title"),
        RelatedFacet(
            "organisation",
            gettext_lazy("Organisation"),
            Organisation,
            "affiliations__organisation",
            organisation_label,
        ),
    ]


class OrganisationList(RecordList):
    model = Organisation
    filterset_class = filters.OrganisationFilters
    title = gettext_lazy("Organisations")
    introduction = gettext_lazy(
        "Parties, movements, NGOs, municipal bodies, funds and donors in the two cases."
    )
    row_template = "cases/rows/organisation.html"
    facets = [
        RelatedFacet("case", gettext_lazy("Case"), CaseStudy, "cases", "short_title"),
        ChoiceFacet("kind", gettext_lazy("Kind"), "kind", OrganisationKind.choices),
        RelatedFacet("place", gettext_lazy("Place"), Place, "place"),
    ]


class EventList(RecordList):
    model = Event
    filterset_class = filters.EventFilters
    title = gettext_lazy("Events")
    introduction = gettext_lazy("What happened, dated as precisely as the sources allow.")
    row_template = "cases/rows/event.html"
    facets = [
        RelatedFacet("case", gettext_lazy("Case"), CaseStudy, "case", "short_title"),
        ChoiceFacet("kind", gettext_lazy("Kind"), "kind", EventKind.choices),
        RelatedFacet(
            "organisation",
            gettext_lazy("Organisation"),
            Organisation,
            "participants__organisation",
            organisation_label,
        ),
        RelatedFacet("place", gettext_lazy("Place"), Place, "place"),
    ]


class InterviewList(RecordList):
    model = Interview
    filterset_class = filters.InterviewFilters
    title = gettext_lazy("Interviews")
    introduction = gettext_lazy(
        "The interviews the sources cite: who, when, where, whether taped."
    )
    row_template = "cases/rows/interview.html"
    facets = [
        RelatedFacet("case", gettext_lazy("Case"), CaseStudy, "case", "short_title"),
        RelatedFacet(
            "interviewee",
            gettext_lazy("Interviewee"),
            Person,
            "interviewees__person",
            person_label,
            PERSON_ORDER,
            person_content,
        ),
        TapedFacet("taped", gettext_lazy("Taped"), "taped"),
        ChoiceFacet("language", gettext_lazy("Language"), "language"),
        ChoiceFacet("form", gettext_lazy("Form"), "form", Form.choices),
        RelatedFacet("place", gettext_lazy("Place"), Place, "place"),
    ]


class QuoteList(RecordList):
    model = Quote
    filterset_class = filters.QuoteFilters
    title = gettext_lazy("Quotes")
    introduction = gettext_lazy(
        "The sources' own words, each with its speaker, interview and footnote."
    )
    row_template = "cases/rows/quote.html"
    facets = [
        RelatedFacet("case", gettext_lazy("Case"), CaseStudy, "case", "short_title"),
        RelatedFacet(
            "speaker",
            gettext_lazy("Speaker"),
            Person,
            "speaker",
            person_label,
            PERSON_ORDER,
            person_content,
        ),
        RelatedFacet("topic", gettext_lazy("Topic"), Topic, "topics", content=RECORDS_WORDS),
        CitedSourceFacet("source", gettext_lazy("Source")),
        ChoiceFacet("language", gettext_lazy("Original language"), "original_language"),
        TapedFacet("taped", gettext_lazy("Taped interview"), "interview__taped"),
    ]


class SourceList(RecordList):
    model = Source
    filterset_class = filters.SourceFilters
    title = gettext_lazy("Bibliography")
    introduction = gettext_lazy("The two case documents and every work they cite.")
    row_template = "cases/rows/source.html"
    facets = [
        RelatedFacet("case", gettext_lazy("Case"), CaseStudy, "cases", "short_title"),
        ChoiceFacet("kind", gettext_lazy("Kind"), "kind", SourceKind.choices),
    ]


class PlaceList(RecordList):
    model = Place
    filterset_class = filters.PlaceFilters
    title = gettext_lazy("Places")
    introduction = gettext_lazy("Places the sources name, each within its region.")
    row_template = "cases/rows/place.html"
    facets = [
        RelatedFacet("case", gettext_lazy("Case"), CaseStudy, "cases", "short_title"),
        ChoiceFacet("kind", gettext_lazy("Kind"), "kind", PlaceKind.choices),
    ]


class GlossaryList(RecordList):
    model = GlossaryTerm
    filterset_class = filters.GlossaryFilters
    title = gettext_lazy("Glossary")
    introduction = gettext_lazy("Spanish and technical terms the sources use, glossed.")
    row_template = "cases/rows/glossaryterm.html"
    facets = [
        RelatedFacet("case", gettext_lazy("Case"), CaseStudy, "cases", "short_title"),
        ChoiceFacet("language", gettext_lazy("Language"), "language"),
    ]
