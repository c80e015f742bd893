"""Facets: the values a list can be narrowed to, each with how many records it would show.

A facet's counts are taken over the list as filtered by every *other* filter, so choosing
a case still shows how many records the other case holds. Each facet costs one query,
whatever the size of the archive; values with no public records are not offered.

A facet offers at most ``MAX_OPTIONS`` values, the most frequent first, and always the
chosen one (ordered first in the same query, so it costs nothing extra): a speaker or
interviewee facet over a large archive would otherwise list thousands of people, and
fetching and rendering them, not counting, was what made a list grow slow with the data.
"""

from dataclasses import dataclass, field

from django.conf.locale import LANG_INFO
from django.db.models import Case, CharField, Count, F, IntegerField, Value, When
from django.db.models.functions import Coalesce, Concat, NullIf, Substr
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from cases.browse.filters import TapedFilter
from cases.models.publication import public_along

MAX_OPTIONS = 50

# What an option's label is, so that a page can mark it (cases/records/wording.py): a record's
# name or title ("Municipality of Macusani", a work's title: ``translate="no"``), the
# records' own English words (a topic, a region, an anonymous speaker's description:
# ``lang="en"``), or the interface's words (a kind, a form, a language's name: unmarked).
NAME, RECORDS_WORDS, INTERFACE = "name", "words", "interface"


def chosen_first(field: str, selected: str):
    """An ordering that puts the chosen value before all others (so it is never cut off)."""
    return Case(
        When(**{field: selected}, then=Value(0)), default=Value(1), output_field=IntegerField()
    )


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool = False
    content: str = INTERFACE  # NAME, RECORDS_WORDS or INTERFACE: how a page marks the label


@dataclass
class Facet:
    name: str
    label: str
    options: list[FacetOption] = field(default_factory=list)
    # Which its options are: records (NAME, RECORDS_WORDS) or choices (INTERFACE). An option
    # may differ (an anonymous speaker among named ones): a page marks each by its own.
    content: str = INTERFACE

    @property
    def selected(self) -> FacetOption | None:
        return next((option for option in self.options if option.selected), None)


class FacetSpec:
    """How one facet is counted; ``name`` is its URL parameter and filter.

    ``content`` says what its labels are (NAME, RECORDS_WORDS or INTERFACE), for a page to
    mark them; a spec whose options differ gives each its own in ``counts``.
    """

    content = INTERFACE

    def __init__(self, name, label, content=None):
        self.name, self.label = name, label
        if content is not None:
            self.content = content

    def facet(self, queryset, selected: str) -> Facet:
        options = [
            FacetOption(
                str(value),
                str(label or value),
                count,
                str(value) == selected,
                own[0] if own else self.content,
            )
            for value, label, count, *own in self.counts(queryset, selected)
        ]
        if selected and not any(option.selected for option in options):
            # Keep a chosen value visible (with no records) so it can be seen and cleared.
            options.insert(0, FacetOption(selected, selected, 0, True, self.content))
        # Plain strings (the language is part of a kept count's key): see cases/browse/counting.py.
        return Facet(self.name, str(self.label), options, self.content)

    def counts(self, queryset, selected: str):
        """(value, label, count) for at most ``MAX_OPTIONS`` values, ``selected`` first;
        (value, label, count, content) for an option marked otherwise than the facet."""
        raise NotImplementedError


class RelatedFacet(FacetSpec):
    """Records the listed ones point to, e.g. the organisations taking part in the listed events.

    ``path`` leads from the listed model to the facet's ("participants__organisation"), as
    the list's filter does (``?organisation=`` keeps events with
    ``participants__organisation__key``), so a value's count is how many listed records
    choosing it would keep. The listed records are grouped by the facet's key: one pass
    over the list, never a membership test per candidate value, which SQLite could not
    plan for tens of thousands of places or people.

    ``label_field`` is a field of the facet's model, or a function of the path's prefix
    returning the label's expression (see ``person_label``). Values with as many records
    are ordered by their label, or by ``tie_order`` fields of the facet's model (people:
    named before anonymous, by surname).

    Its labels are the records' names (NAME), or ``content``: RECORDS_WORDS (topics), or
    a function of the path's prefix returning each value's, counted in the same query (see
    ``person_content``).
    """

    content = NAME

    def __init__(self, name, label, model, path, label_field="name", tie_order=(), content=None):
        self.content_field = content if callable(content) else None
        super().__init__(name, label, None if callable(content) else content)
        self.model, self.path, self.label_field = model, path, label_field
        self.tie_order = tie_order

    def counts(self, queryset, selected):
        prefix = f"{self.path}__"
        key = f"{prefix}key"
        if callable(self.label_field):
            label = self.label_field(prefix)
        else:
            label = F(f"{prefix}{self.label_field}")
        # Only through public records, the value's and any between (a person's affiliation):
        # a value reached only through a withheld record is not offered. Topics are
        # keywords, not publishable records: all of them may be shown.
        rows = queryset.order_by().filter(public_along(queryset.model, key))
        ties = [f"{prefix}{name}" for name in self.tie_order] or ["facet_label"]
        annotations = {"facet_label": label}
        if self.content_field is not None:
            # Each value's own content, grouped with it (one per value: as many groups).
            annotations["facet_content"] = self.content_field(prefix)
        values = (
            rows.annotate(**annotations)
            .values_list(key, *annotations)
            .annotate(records=Count("pk", distinct=True))
            .order_by(chosen_first(key, selected), "-records", *ties, key)
        )
        # (value, label, count), then the value's own content if it has one.
        return [
            (value, label, count, *content)
            for value, label, *content, count in values[:MAX_OPTIONS]
        ]


def person_label(prefix=""):
    """A person as a facet names them: an anonymous speaker by how the source describes them."""
    return Coalesce(NullIf(F(f"{prefix}name"), Value("")), Substr(f"{prefix}description", 1, 60))


def person_content(prefix=""):
    """A person's label is their name (NAME), or an anonymous one's description: the
    records' words (RECORDS_WORDS), as ``person_label`` chooses."""
    return Case(
        When(**{f"{prefix}name": ""}, then=Value(RECORDS_WORDS)),
        default=Value(NAME),
        output_field=CharField(),
    )


# People with as many records: named before anonymous, by surname, as the people list.
PERSON_ORDER = ("anonymous", "sort_key")

ACRONYM_SEPARATOR = " — "


def organisation_label(prefix=""):
    """An organisation as a filter offers it: "MIADES — Micro-Áreas de Desarrollo".

    Students know many organisations by their acronyms ("PUM", "CG"), the sources too; the
    name alone hid them. No acronym, or one that is the name ("APRODEH"): the name alone.
    """
    name, acronym = F(f"{prefix}name"), F(f"{prefix}acronym")
    return Case(
        When(**{f"{prefix}acronym": ""}, then=name),
        When(**{f"{prefix}acronym": name}, then=name),
        default=Concat(acronym, Value(ACRONYM_SEPARATOR), name, output_field=CharField()),
        output_field=CharField(),
    )


class CitedSourceFacet(FacetSpec):
    """The public sources the listed records cite (through their generic citations).

    Labelled by their titles (NAME); a title in square brackets is the archive's English
    description of an untitled work (RECORDS_WORDS).
    """

    content = NAME

    def counts(self, queryset, selected):
        from cases.models import Source

        rows = (
            queryset.order_by()
            .filter(Source.public_q("citations__source__"))
            .values_list("citations__source__key", "citations__source__title")
            .annotate(records=Count("pk", distinct=True))
            .order_by(
                chosen_first("citations__source__key", selected),
                "-records",
                "citations__source__title",
            )
        )
        return [
            (key, Truncator(title).chars(60), count, RECORDS_WORDS if title[:1] == "[" else NAME)
            for key, title, count in rows[:MAX_OPTIONS]
        ]


class ChoiceFacet(FacetSpec):
    """A field of the listed records with fixed choices (kind, form) or free codes (language).

    Its labels are the interface's (INTERFACE), or the records' words where the values are
    free text shown as written (a case's region: ``content=RECORDS_WORDS``).
    """

    def __init__(self, name, label, field_name, labels=None, content=None):
        super().__init__(name, label, content)
        self.field_name, self.labels = field_name, labels

    def label_for(self, value):
        if self.labels is not None:
            return dict(self.labels).get(value, value)
        return language_name(value)

    def counts(self, queryset, selected):
        rows = (
            queryset.order_by()
            .exclude(**{self.field_name: ""})
            .values_list(self.field_name)
            .annotate(records=Count("pk", distinct=True))
            .order_by(chosen_first(self.field_name, selected), "-records", self.field_name)
        )
        return [(value, self.label_for(value), count) for value, count in rows[:MAX_OPTIONS]]


class TapedFacet(FacetSpec):
    """Whether an interview was taped: yes, no, or the source does not say."""

    def __init__(self, name, label, field_name):
        super().__init__(name, label)
        self.field_name = field_name

    def counts(self, queryset, selected):
        rows = dict(
            queryset.order_by()
            .values_list(self.field_name)
            .annotate(records=Count("pk", distinct=True))
            .values_list(self.field_name, "records")
        )
        return [
            (value, label, rows[TapedFilter.VALUES[value]])
            for value, label in TapedFilter.CHOICES
            if rows.get(TapedFilter.VALUES[value])
        ]


def language_name(code: str) -> str:
    info = LANG_INFO.get(code)
    if info:
        return _(info["name"])
    return {"qu": _("Quechua"), "ay": _("Aymara")}.get(code, code)


def facets_for(filterset_class, data, base_queryset, specs) -> list[Facet]:
    """Each facet counted over the list filtered by every other parameter."""
    facets = []
    for spec in specs:
        others = data.copy()
        others.pop(spec.name, None)
        others.pop("page", None)
        queryset = filterset_class(others, queryset=base_queryset).qs
        facets.append(spec.facet(queryset, data.get(spec.name, "")))
    return facets
