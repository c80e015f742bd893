"""A public page per record: its facts, its timeline, its sources, and how to cite it.

Each page reads its record through ``Model.objects.public().for_page()``, which fetches
everything the page shows (public only) in a fixed number of queries; a draft or
restricted record is a 404, as if it did not exist.
"""

from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.core.paginator import InvalidPage, Paginator
from django.db.models import Count, F, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import DetailView

from cases import citing
from cases.browse import counting, cross_references
from cases.browse.exports import joined
from cases.drawings import timeline_drawing, timelines
from cases.models import (
    CaseStudy,
    Citation,
    Event,
    GlossaryTerm,
    Interview,
    Organisation,
    Person,
    Place,
    Quote,
    ReadingList,
    Source,
)
from cases.models.places import PAGE_SAMPLE
from cases.records import kinds
from cases.teaching import reading

CITED_BY_PER_PAGE = 50
# What a cited record's link and label need, fetched with it rather than row by row.


def cited_records() -> list:
    """What each kind's link and label need when it cites a work, fetched with it rather
    than row by row (the declarations' ``shown_with``)."""
    # ``select_related()`` with no names would follow every foreign key: an empty tuple
    # means the record's own row.
    return [
        kind.model.objects.select_related(*kind.shown_with)
        if kind.shown_with
        else kind.model.objects.all()
        for kind in kinds.registry()
        if kind.shown_with is not None
    ]


class RecordPage(DetailView):
    slug_field = "key"
    slug_url_kwarg = "key"
    context_object_name = "record"
    # The query parameters the page reads (the page cache keys on these only): the way back
    # to the reading list it was opened from.
    page_parameters = frozenset({reading.BACK_PARAMETER})

    def get_queryset(self):
        return self.model.objects.public().for_page()

    def get_template_names(self):
        return [f"cases/pages/{self.model._meta.model_name}.html"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        record = self.object
        context["citing"] = citing.citation_for(
            record,
            url=self.request.build_absolute_uri(record.get_absolute_url()),
            accessed=timezone.localdate(),
        )
        context["model_name"] = self.model._meta.model_name
        user = self.request.user
        readable = kinds.kind_of(self.model).reading_label is not None
        if readable and user.has_perm("cases.add_readingitem"):
            context["add_to_lists"] = ReadingList.objects.editable_by(user)
        return context


# A drawn timeline's period (``drawn``).
TIMELINE_PARAMETERS = frozenset({"from", "to"})


class CasePage(RecordPage):
    model = CaseStudy
    page_parameters = RecordPage.page_parameters | TIMELINE_PARAMETERS
    KEY_ACTORS = 12
    TIMELINE_EVENTS = 100  # the rest are a click away, in the paginated events list

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        case = self.object
        context["named"] = cross_references.names_in_cases([case])[case.pk]
        in_case = Q(event_parts__event__case=case) & Event.public_q("event_parts__event__")
        events = list(
            Event.objects.public().filter(case=case).for_list()[: self.TIMELINE_EVENTS + 1]
        )
        context["events"] = events[: self.TIMELINE_EVENTS]
        # The list of events and the drawing, from the same moments.
        context["moments"] = timelines.case_moments(context["events"])
        drawn(context, self.request, timeline_drawing.case_lanes(context["moments"]))
        context["more_events"] = len(events) > self.TIMELINE_EVENTS
        context["people"] = (
            Person.objects.public()
            .filter(cases=case)
            .annotate(weight=Count("event_parts", filter=in_case, distinct=True))
            # As often in the case's events: named people first, by surname, as on /people/.
            .order_by("-weight", *Person._meta.ordering)[: self.KEY_ACTORS]
        )
        context["organisations"] = (
            Organisation.objects.public()
            .filter(cases=case)
            .annotate(weight=Count("event_parts", filter=in_case, distinct=True))
            .order_by("-weight", "name")[: self.KEY_ACTORS]
        )
        context["quotes"] = Quote.objects.public().filter(case=case).for_list()[:8]
        return context


def drawn(context, request, lanes):
    """The drawn timeline for ``lanes``, within the period the reader asked for."""
    window, context["window_message"] = timeline_drawing.parse_window(request.GET)
    context["drawing"] = timeline_drawing.draw(lanes, window)


class PersonPage(RecordPage):
    model = Person
    page_parameters = RecordPage.page_parameters | TIMELINE_PARAMETERS

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        moments = timelines.person_moments(self.object)
        context["timeline"] = timelines.Timeline.of(moments)
        drawn(context, self.request, timeline_drawing.lanes_of(moments))
        return context


class OrganisationPage(RecordPage):
    model = Organisation
    page_parameters = RecordPage.page_parameters | TIMELINE_PARAMETERS
    MEMBERS_QUOTES = 20

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organisation = self.object
        moments = timelines.organisation_moments(organisation)
        context["timeline"] = timelines.Timeline.of(moments)
        drawn(context, self.request, timeline_drawing.lanes_of(moments))
        # The network link opens on the year its first dated relation begins.
        starts = [
            relation.date_sort.year
            for relation in [*organisation.relations_out.all(), *organisation.relations_in.all()]
            if relation.date_sort
        ]
        context["network_year"] = min(starts, default=None)
        context["quotes"] = Quote.objects.public().by_members_of(organisation)[
            : self.MEMBERS_QUOTES
        ]
        return context


class EventPage(RecordPage):
    model = Event


class PlacePage(RecordPage):
    model = Place

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sample"] = PAGE_SAMPLE
        return context


class InterviewPage(RecordPage):
    model = Interview


class QuotePage(RecordPage):
    model = Quote


class GlossaryTermPage(RecordPage):
    model = GlossaryTerm


class SourcePage(RecordPage):
    """A work's full reference and every public record that cites it, by kind.

    The case documents are cited hundreds of times, so the page shows one kind of record at a
    time (``?cites=quote``), a page of citations at a time, or one footnote or page of the
    work (``?footnote=10``, ``?at=45``): the place a quote's provenance link lands.
    """

    model = Source
    page_parameters = RecordPage.page_parameters | {"cites", "footnote", "at", "page"}

    def get_queryset(self):
        # The corrections made where the case documents cite this work ("printed
        # 'Aruncar'; read as Atuncar"), read in the page's own query: a reader of the work's
        # page sees how the name on it was read from the print.
        own_citations = Citation.objects.public().filter(
            content_type__app_label=Source._meta.app_label,
            content_type__model=Source._meta.model_name,
        )
        corrections = joined(
            own_citations.exclude(correction=""),
            "object_id",
            F("correction"),
            F("order"),
            F("pk"),
            separator="\n",
        )
        return super().get_queryset().annotate(corrections_where_cited=corrections)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = self.request.GET
        citations = Citation.objects.filter(source=self.object).of_public_records()
        footnote, at = params.get("footnote", "")[:32], params.get("at", "")[:32]
        if footnote:
            citations = citations.filter(footnote=footnote)
        if at:
            citations = citations.filter(page=at)
        kinds = counting.remembered(
            ("cited-by", self.object.pk, footnote, at),
            lambda: {
                row["content_type__model"]: row["n"]
                for row in citations.order_by()
                .values("content_type__model")
                .annotate(n=Count("pk"))
            },
        )
        chosen = params.get("cites") or next(iter(sorted(kinds)), "")
        if chosen and chosen not in kinds:
            raise Http404(_("This work is not cited by any record of that kind."))
        context["cited_kinds"] = [
            {"model": model, "label": cited_kind_label(model), "count": count}
            for model, count in sorted(kinds.items())
        ]
        context["cites"], context["footnote"], context["at"] = chosen, footnote, at
        if chosen:
            listed = (
                citations.filter(content_type__model=chosen)
                .select_related("content_type")
                .prefetch_related(GenericPrefetch("record", cited_records()))
                .order_by("sort_key", "pk")
            )
            paginator = Paginator(listed, CITED_BY_PER_PAGE)
            paginator.count = kinds[chosen]  # counted (or remembered) above
            try:
                context["cited_by"] = paginator.page(params.get("page") or 1)
            except InvalidPage as error:
                raise Http404(_("There is no such page of citations.")) from error
        return context


def cited_kind_label(model_name: str) -> str:
    from django.apps import apps

    return str(apps.get_model("cases", model_name)._meta.verbose_name_plural)
