"""The kinds of record the archive holds, each declared once.

A ``RecordKind`` says everything the rest of the archive needs to know about one kind of
record: its model; its public address (``segment``) with its list and its page; how it is
read from a case's fixture file (``section``, the loader's rules, and whether another case
may cite it under ``shared:``); the columns of its CSV export; which of its fields search
reads and how much each weighs; whether it is in the sitemap; what a case's statistics
count of it; which models archivists edit with it; whether an instructor may put it on a
reading list; what it is fetched with when listed among other kinds; how its page is cited
and described as linked data; and its admin. The URLs, the loader, exports, search,
sitemaps, statistics, roles, reading lists, citing, the admin and the page cache iterate
over the declarations instead of keeping tables of their own.

Adding a kind is: its model module, its declaration, its templates. The archive's own
kinds are ``ARCHIVE_KINDS`` below; a project adds others by naming their declarations in
the ``RECORD_KINDS`` setting (dotted paths), and ``registry()`` gives them all.

Why views, export columns, citing functions and admin classes are named by dotted path:
the modules that build lists, pages, exports and citations read the declarations, so a
declaration cannot import them without an import cycle. Each path is resolved when it is
used, once every module is loaded. The models themselves are imported directly: no model
imports this module.

The order of ``ARCHIVE_KINDS`` is the loader's: each kind after the kinds its records refer
to (a case's document is a source; an interview names its series). Search lists its kinds
by ``Search.order`` instead: quotes, the archive's heart, come first.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from cases.ingest.related_sets import KeyedRows, OwnedRows, RowsByRole, TaggedWith
from cases.ingest.sections import Section
from cases.models import (
    Affiliation,
    CaseStudy,
    Chart,
    Event,
    Figure,
    GlossaryTerm,
    Interview,
    InterviewSeries,
    Organisation,
    OrganisationRelation,
    Person,
    Place,
    Quote,
    Source,
    Topic,
)


@dataclass(frozen=True)
class Search:
    """What search reads of a kind: its own columns, each with a weight (A highest)."""

    fields: tuple[tuple[str, str], ...]
    # Where its results come on the search page, the lowest first.
    order: int = 100


@dataclass(frozen=True)
class Tally:
    """One line of a case's statistics: how many records of the kind belong to the case."""

    label: str
    path: str  # how a record belongs to a case: "cases", "case", "person__cases"
    condition: Q = field(default_factory=Q)


@dataclass(frozen=True)
class Part:
    """Rows that belong to a kind's records and are edited with them (a source's creators)."""

    model_name: str
    # How bench/scaling.py copies them: the foreign keys a copy points at the same round's
    # copy of (the others keep pointing at the originals).
    copied: tuple[str, ...] = ()

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model("cases", self.model_name)


# Where the citing functions are; the default ones a kind is cited by are named in
# ``RecordKind``'s own fields.
CITING = "cases.citing"


@dataclass(frozen=True, eq=False)  # a declaration is itself: compared and hashed by identity
class RecordKind:
    """One kind of record, declared once. See the module's docstring."""

    model: type[models.Model]
    # Its public address: /<segment>/ lists it, /<segment>/<key>/ shows one record. None for
    # kinds that are shown only on other records' pages (topics, posts, figures).
    segment: str | None = None
    # Dotted paths (or the classes themselves) of its list and page views. A kind with a
    # segment and no list view of its own gets ``RecordList`` with the filters every list
    # shares; with no page view, ``RecordPage`` and its template
    # ``cases/pages/<model name>.html``.
    list_view: str | type | None = None
    page_view: str | type | None = None
    # How it is read from a case's fixture file, and whether a later case may name it under
    # ``shared:`` to cite it too.
    section: Section | None = None
    shared: bool = False
    # A function (or its dotted path) returning the columns of its CSV export, called per
    # request so that headers and locators follow the reader's language.
    export_columns: str | object | None = None
    search: Search | None = None
    # How its page is cited, from the record as the page fetched it: functions (or their
    # dotted paths) building the CSL-JSON item a reader cites, ``(record, *, url,
    # accessed)``, and its schema.org node for JSON-LD, ``(record)`` (the page's address and
    # the site are added to it). By default an entry of this archive, and a schema.org
    # Thing, each naming the sources it rests on.
    cite_as: str | Callable = f"{CITING}.csl.archive_entry"
    linked_data: str | Callable = f"{CITING}.linked_data.thing_node"
    # Where the record is printed in the work it is cited to (a quote's page and note), for
    # the in-text citation: a function (or its dotted path) giving a CSL locator ``(label,
    # value)`` or None. None here: the work as a whole.
    cited_at: str | Callable | None = None
    in_sitemap: bool = True  # for a kind with pages
    statistics: tuple[Tally, ...] = ()
    # Rows archivists edit with it, which belong to its records.
    parts: tuple[Part, ...] = ()
    # What an instructor calls it on a reading list; None: it cannot be put on one.
    reading_label: str | None = None
    # What its link and label need where it is listed among other kinds (the records citing
    # a work, search results), fetched with it (``select_related`` names); None when it
    # needs nothing beyond its own row.
    shown_with: tuple[str, ...] | None = None
    # Its ModelAdmin (or dotted path); None: not in the admin.
    admin: str | type | None = None
    # The benchmarks' data (bench/): how ``multiply`` copies it, as ``Part.copied`` (None:
    # not copied), and whether ``ArchiveGrowth`` draws new records of it for a new case.
    copied: tuple[str, ...] | None = None
    grown: bool = True

    def __str__(self):
        return self.model._meta.label

    @property
    def model_name(self) -> str:
        return self.model._meta.model_name

    @property
    def has_pages(self) -> bool:
        return self.segment is not None

    @cached_property
    def list_view_class(self):
        if not self.has_pages:
            return None
        if self.list_view is not None:
            return _resolved(self.list_view)
        from cases.browse.views.lists import RecordList

        return RecordList.for_kind(self)

    @cached_property
    def page_view_class(self):
        if not self.has_pages:
            return None
        if self.page_view is not None:
            return _resolved(self.page_view)
        from cases.browse.views.pages import RecordPage

        return type(f"{self.model.__name__}Page", (RecordPage,), {"model": self.model})

    def columns(self) -> list:
        """The columns of its CSV export, in the reader's language."""
        return _resolved(self.export_columns)()

    def csl_item(self, record, *, url: str, accessed: date) -> dict:
        """The CSL-JSON item a reader cites for the record's page (see ``cite_as``)."""
        return _resolved(self.cite_as)(record, url=url, accessed=accessed)

    def csl_locator(self, record) -> tuple[str, str] | None:
        """Where in the cited work the record is printed, as a CSL locator, if it says."""
        return _resolved(self.cited_at)(record) if self.cited_at is not None else None

    def schema_org(self, record) -> dict:
        """The record's schema.org node, before its page's address and site are added."""
        return _resolved(self.linked_data)(record)

    @cached_property
    def admin_class(self):
        return _resolved(self.admin) if self.admin is not None else None


def _resolved(value):
    return import_string(value) if isinstance(value, str) else value


LISTS = "cases.browse.views.lists"
PAGES = "cases.browse.views.pages"
EXPORTS = "cases.browse.exports"
ADMIN = "cases.records.admin"

SOURCES = RecordKind(
    Source,
    segment="sources",
    list_view=f"{LISTS}.SourceList",
    page_view=f"{PAGES}.SourcePage",
    section=Section(
        "sources",
        Source,
        fields=(
            "kind",
            "title",
            "container_title",
            "publisher",
            "publisher_place",
            "issued",
            "issued_as_written",
            "volume",
            "issue",
            "page",
            "doi",
            "isbn",
            "url",
            "licence",
            "status",
        ),
        renamed={"note": "bibliographic_note"},
        related=(
            RowsByRole(
                "creators",
                ("family", "given", "literal"),
                roles={"authors": "author", "editors": "editor", "translators": "translator"},
            ),
        ),
        case_m2m=True,
    ),
    shared=True,
    export_columns=f"{EXPORTS}.source_columns",
    statistics=(Tally("sources", "cases"),),
    parts=(Part("sourcecreator", copied=("source",)),),
    copied=(),
    reading_label=_("source"),
    cite_as=f"{CITING}.csl.source_item",
    linked_data=f"{CITING}.linked_data.source_node",
    admin=f"{ADMIN}.SourceAdmin",
)
CASES = RecordKind(
    CaseStudy,
    segment="cases",
    list_view=f"{LISTS}.CaseStudyList",
    page_view=f"{PAGES}.CasePage",
    section=Section(
        "case",
        CaseStudy,
        fields=(
            "title",
            "short_title",
            "region",
            "summary",
            "featured",
            "network_year",
            "status",
        ),
        renamed={"period": "date", "period_as_written": "date_as_written"},
        refs={"source": Source},
    ),
    export_columns=f"{EXPORTS}.casestudy_columns",
    reading_label=_("case"),
    cite_as=f"{CITING}.csl.case_item",
    linked_data=f"{CITING}.linked_data.case_node",
    admin=f"{ADMIN}.CaseStudyAdmin",
)
TOPICS = RecordKind(
    Topic,
    section=Section("topics", Topic, fields=("name",), cited=False),
    admin=f"{ADMIN}.TopicAdmin",
    grown=False,  # a new case speaks of the topics the archive has
)
PLACES = RecordKind(
    Place,
    segment="places",
    list_view=f"{LISTS}.PlaceList",
    page_view=f"{PAGES}.PlacePage",
    section=Section(
        "places",
        Place,
        fields=("name", "kind", "other_names", "description", "status"),
        refs={"parent": Place},
        case_m2m=True,
    ),
    shared=True,
    export_columns=f"{EXPORTS}.place_columns",
    statistics=(Tally("places", "cases"),),
    linked_data=f"{CITING}.linked_data.place_node",
    admin=f"{ADMIN}.PlaceAdmin",
    copied=(),
)
PEOPLE = RecordKind(
    Person,
    segment="people",
    list_view=f"{LISTS}.PersonList",
    page_view=f"{PAGES}.PersonPage",
    section=Section(
        "people",
        Person,
        fields=("name", "sort_name", "anonymous", "description", "status"),
        case_m2m=True,
    ),
    shared=True,
    export_columns=f"{EXPORTS}.person_columns",
    search=Search((("name", "A"), ("description", "B")), order=2),
    statistics=(
        Tally("people", "cases"),
        Tally("anonymous people", "cases", Q(anonymous=True)),
    ),
    reading_label=_("person"),
    linked_data=f"{CITING}.linked_data.person_node",
    admin=f"{ADMIN}.PersonAdmin",
    copied=(),
)
ORGANISATIONS = RecordKind(
    Organisation,
    segment="organisations",
    list_view=f"{LISTS}.OrganisationList",
    page_view=f"{PAGES}.OrganisationPage",
    section=Section(
        "organisations",
        Organisation,
        fields=(
            "name",
            "acronym",
            "gloss",
            "gloss_in_source",
            "kind",
            "founded",
            "founded_as_written",
            "dissolved",
            "dissolved_as_written",
            "description",
            "status",
        ),
        refs={"place": Place},
        case_m2m=True,
    ),
    shared=True,
    export_columns=f"{EXPORTS}.organisation_columns",
    search=Search(
        (("name", "A"), ("acronym", "A"), ("gloss", "B"), ("description", "C")), order=3
    ),
    statistics=(Tally("organisations", "cases"),),
    reading_label=_("organisation"),
    linked_data=f"{CITING}.linked_data.organisation_node",
    admin=f"{ADMIN}.OrganisationAdmin",
    copied=(),
)
AFFILIATIONS = RecordKind(
    Affiliation,
    section=Section(
        "affiliations",
        Affiliation,
        fields=("role", "date", "date_as_written", "undated", "description", "status"),
        refs={"person": Person, "organisation": Organisation},
    ),
    statistics=(Tally("affiliations", "person__cases"),),
    shown_with=("person", "organisation"),
    admin=f"{ADMIN}.AffiliationAdmin",
    copied=("organisation",),
)
ORGANISATION_RELATIONS = RecordKind(
    OrganisationRelation,
    section=Section(
        "organisation_relations",
        OrganisationRelation,
        fields=("kind", "date", "date_as_written", "undated", "description", "status"),
        refs={"subject": Organisation, "object": Organisation},
    ),
    statistics=(Tally("organisation relations", "subject__cases"),),
    shown_with=("subject", "object"),
    admin=f"{ADMIN}.OrganisationRelationAdmin",
    copied=("object",),
)
EVENTS = RecordKind(
    Event,
    segment="events",
    list_view=f"{LISTS}.EventList",
    page_view=f"{PAGES}.EventPage",
    section=Section(
        "events",
        Event,
        fields=("title", "kind", "date", "date_as_written", "description", "status"),
        refs={"place": Place},
        related=(OwnedRows("participants", ("person", "organisation", "role")),),
        case_fk=True,
    ),
    export_columns=f"{EXPORTS}.event_columns",
    search=Search((("title", "A"), ("description", "B")), order=4),
    statistics=(Tally("events", "case"),),
    parts=(Part("eventparticipant", copied=("person", "organisation")),),
    copied=(),
    reading_label=_("event"),
    shown_with=(),
    linked_data=f"{CITING}.linked_data.event_node",
    admin=f"{ADMIN}.EventAdmin",
)
INTERVIEW_SERIES = RecordKind(
    InterviewSeries,
    section=Section(
        "interview_series",
        InterviewSeries,
        fields=("title", "date", "date_as_written", "description", "status"),
        refs={"place": Place},
        case_fk=True,
    ),
    statistics=(Tally("interview series", "case"),),
    shown_with=("case",),
    admin=f"{ADMIN}.InterviewSeriesAdmin",
)
INTERVIEWS = RecordKind(
    Interview,
    segment="interviews",
    list_view=f"{LISTS}.InterviewList",
    page_view=f"{PAGES}.InterviewPage",
    section=Section(
        "interviews",
        Interview,
        fields=(
            "title",
            "date",
            "date_as_written",
            "taped",
            "language",
            "form",
            "access",
            "embargo_until",
            "consent_note",
            "description",
            "status",
        ),
        refs={"interviewer": Person, "place": Place, "series": InterviewSeries},
        related=(
            KeyedRows(
                "interviewees",
                ("person", "post"),
                shared={"interviewee_post": "post"},
                at_least_one=True,
            ),
        ),
        case_fk=True,
    ),
    export_columns=f"{EXPORTS}.interview_columns",
    search=Search((("title", "A"), ("description", "B")), order=5),
    statistics=(Tally("interviews", "case"),),
    parts=(Part("interviewee", copied=("person",)),),
    copied=(),
    reading_label=_("interview"),
    cite_as=f"{CITING}.csl.interview_item",
    linked_data=f"{CITING}.linked_data.interview_node",
    admin=f"{ADMIN}.InterviewAdmin",
)
QUOTES = RecordKind(
    Quote,
    segment="quotes",
    list_view=f"{LISTS}.QuoteList",
    page_view=f"{PAGES}.QuotePage",
    section=Section(
        "quotes",
        Quote,
        fields=(
            "text",
            "original_text",
            "original_language",
            "translation_note",
            "date",
            "date_as_written",
            "context",
            "status",
        ),
        refs={"speaker": Person, "interview": Interview},
        related=(TaggedWith("topics"),),
        case_fk=True,
    ),
    export_columns=f"{EXPORTS}.quote_columns",
    search=Search((("text", "A"), ("original_text", "A"), ("context", "B")), order=1),
    statistics=(Tally("quotes", "case"),),
    reading_label=_("quote"),
    shown_with=("speaker",),
    cite_as=f"{CITING}.csl.quote_item",
    linked_data=f"{CITING}.linked_data.quote_node",
    cited_at=f"{CITING}.csl.quote_locator",
    admin=f"{ADMIN}.QuoteAdmin",
    copied=("interview",),
)
FIGURES = RecordKind(
    Figure,
    section=Section(
        "figures",
        Figure,
        fields=(
            "measure",
            "value",
            "value_text",
            "unit",
            "date",
            "date_as_written",
            "table",
            "row",
            "column",
            "row_order",
            "column_order",
            "note",
            "status",
        ),
        refs={"place": Place, "organisation": Organisation},
        case_fk=True,
    ),
    statistics=(Tally("figures", "case"), Tally("table cells", "case", ~Q(table=""))),
    shown_with=("case",),
    admin=f"{ADMIN}.FigureAdmin",
    copied=(),
)
CHARTS = RecordKind(
    Chart,
    section=Section(
        "charts",
        Chart,
        fields=(
            "title",
            "table",
            "measure",
            "measure_prefix",
            "category",
            "series",
            "panel",
            "layout",
            "printed_table",
            "order",
            "status",
        ),
        case_fk=True,
        cited=False,  # the archive's own choice: its figures carry the citations
    ),
    admin=f"{ADMIN}.ChartAdmin",
    grown=False,
)
GLOSSARY = RecordKind(
    GlossaryTerm,
    segment="glossary",
    list_view=f"{LISTS}.GlossaryList",
    page_view=f"{PAGES}.GlossaryTermPage",
    section=Section(
        "glossary",
        GlossaryTerm,
        fields=("term", "language", "gloss", "definition", "status"),
        case_m2m=True,
    ),
    export_columns=f"{EXPORTS}.glossaryterm_columns",
    search=Search((("term", "A"), ("gloss", "B"), ("definition", "C")), order=6),
    statistics=(Tally("glossary terms", "cases"),),
    reading_label=_("glossary term"),
    linked_data=f"{CITING}.linked_data.glossary_term_node",
    admin=f"{ADMIN}.GlossaryTermAdmin",
    copied=(),
)

# The archive's own kinds, in the order the loader reads a case file.
ARCHIVE_KINDS: tuple[RecordKind, ...] = (
    SOURCES,
    CASES,
    TOPICS,
    PLACES,
    PEOPLE,
    ORGANISATIONS,
    AFFILIATIONS,
    ORGANISATION_RELATIONS,
    EVENTS,
    INTERVIEW_SERIES,
    INTERVIEWS,
    QUOTES,
    FIGURES,
    CHARTS,
    GLOSSARY,
)


# ---- Looking kinds up


def registry() -> tuple[RecordKind, ...]:
    """Every kind of record: the archive's own, then those the settings add."""
    return _declared(tuple(settings.RECORD_KINDS))


@functools.cache
def _declared(paths: tuple[str, ...]) -> tuple[RecordKind, ...]:
    # Read once per value of the setting; a test that changes it gets its own registry.
    return (*ARCHIVE_KINDS, *(import_string(path) for path in paths))


def kind_of(model) -> RecordKind:
    """The declaration of a model (or of a record's model); KeyError if it is no kind."""
    for kind in registry():
        if kind.model is model or isinstance(model, kind.model):
            return kind
    raise KeyError(model)


def by_segment(segment: str) -> RecordKind:
    for kind in registry():
        if kind.segment == segment:
            return kind
    raise KeyError(segment)


def by_model_name(model_name: str) -> RecordKind:
    """A kind by its model's name as content types and URL names spell it ("glossaryterm")."""
    for kind in registry():
        if kind.model_name == model_name:
            return kind
    raise KeyError(model_name)


def with_pages() -> list[RecordKind]:
    """The kinds with public pages: a list, a page per record, an export, a sitemap."""
    return [kind for kind in registry() if kind.has_pages]


def with_sections() -> list[RecordKind]:
    """The kinds a case's fixture file holds, in the order the loader reads them."""
    return [kind for kind in registry() if kind.section is not None]


def searchable(among=None) -> list[RecordKind]:
    """The kinds search reads (of ``among``, by default all), in the search page's order."""
    among = registry() if among is None else among
    return sorted((kind for kind in among if kind.search), key=lambda k: k.search.order)


def readable() -> list[RecordKind]:
    """The kinds an instructor may put on a reading list."""
    return [kind for kind in registry() if kind.reading_label is not None]
