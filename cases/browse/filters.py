"""The public lists' filters: what a reader can narrow a list by, as URL parameters.

Related records are chosen by key (``?case=el-agustino&organisation=pum``), not by database
id, so a filtered view is a stable URL to share or cite. A value that cannot be a key, a
year out of range or an unknown sort is refused with a message; a well-formed key that
matches nothing gives an empty list, and so does the key of a withheld record (``KeyFilter``).
"""

import datetime
from functools import reduce
from operator import or_

import django_filters
from django import forms
from django.db.models import F, Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django_filters.constants import EMPTY_VALUES

from cases.browse import search
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
)
from cases.models.publication import public_along

EARLIEST_YEAR, LATEST_YEAR = 1800, 2100


class ListFilterForm(forms.Form):
    """Checks what spans more than one field: a year range must run forwards."""

    def clean(self):
        data = super().clean()
        start, end = data.get("year_from"), data.get("year_to")
        if start and end and start > end:
            # Beside the field to correct; the start of the range still applies.
            self.add_error(
                "year_to",
                _("The year range runs backwards: %(start)s is after %(end)s.")
                % {"start": start, "end": end},
            )
        return data


class KeyFilter(django_filters.CharFilter):
    """A related record by its key; anything that cannot be a key is refused.

    The key matches only through public records, the chosen one and any between
    (``?organisation=`` reaches people through their public affiliations only): a withheld
    record's key answers exactly as a key that does not exist, and confirms nothing.
    """

    field_class = forms.SlugField

    def __init__(self, field_name, **kwargs):
        kwargs.setdefault("distinct", "__" in field_name.removesuffix("__key"))
        super().__init__(field_name=field_name, **kwargs)

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        # One filter() call, so the key and the public conditions hold for the same rows.
        lookup = Q(**{f"{self.field_name}__{self.lookup_expr}": value})
        qs = qs.filter(lookup & public_along(qs.model, self.field_name))
        return qs.distinct() if self.distinct else qs


class YearFilter(django_filters.NumberFilter):
    """One end of a year range over a partial date's bounds.

    A record matches when its possible span overlaps the range, so "c. 1989" is found from
    1988 and "1987-12/1988-11" from either year; undated records drop out once a year is given.
    A period whose end the source leaves open or unknown ("back to the early 1980s",
    ``198X/..``) may run past any year, so it is found from every year after its start (and
    one with an open start, before its end).
    """

    field_class = forms.IntegerField

    def __init__(self, *, bound: str, **kwargs):
        self.bound = bound  # "from" or "to"
        kwargs.setdefault("label", _("From year") if bound == "from" else _("To year"))
        super().__init__(**kwargs)
        self.extra.update(min_value=EARLIEST_YEAR, max_value=LATEST_YEAR)

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        year = int(value)
        earliest, latest = f"{self.field_name}_earliest", f"{self.field_name}_latest"
        if self.bound == "from":
            reaches = Q(**{f"{latest}__gte": datetime.date(year, 1, 1)})
            runs_on = Q(**{f"{latest}__isnull": True, f"{earliest}__isnull": False})
            return qs.filter(reaches | runs_on)
        reaches = Q(**{f"{earliest}__lte": datetime.date(year, 12, 31)})
        ran_before = Q(**{f"{earliest}__isnull": True, f"{latest}__isnull": False})
        return qs.filter(reaches | ran_before)


class TapedFilter(django_filters.ChoiceFilter):
    CHOICES = [("yes", _("taped")), ("no", _("not taped")), ("unknown", _("not known"))]
    VALUES = {"yes": True, "no": False, "unknown": None}

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Taped"))
        super().__init__(choices=self.CHOICES, **kwargs)

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        taped = self.VALUES[value]
        return qs.filter(
            **{f"{self.field_name}__isnull": True} if taped is None else {self.field_name: taped}
        )


class ListFilters(django_filters.FilterSet):
    """What every list shares: a text query, the case, and a sort."""

    q = django_filters.CharFilter(label=_("Words"), method="filter_words")
    case = KeyFilter("cases__key", label=_("Case"))

    class Meta:
        form = ListFilterForm

    def filter_words(self, queryset, name, value):
        return search.search_filter(queryset, value)


def every_word_in(queryset, value, fields, *, distinct=False):
    """Records holding every word of ``value`` in one of ``fields``, ignoring case.

    For the lists the full-text index does not cover (cases, sources, places), whose words
    are titles and names. ``distinct`` where a field lies across a many-valued relation.
    """
    words = search.normalise_query(value).split()
    for word in words:
        queryset = queryset.filter(
            reduce(or_, (Q(**{f"{field}__icontains": word}) for field in fields))
        )
    return queryset.distinct() if distinct and words else queryset


class SortFilter(django_filters.OrderingFilter):
    """Sorts with undated (empty) values last, both ways, on SQLite and PostgreSQL alike.

    A sort may name several fields, ``("anonymous", "sort_key")``: the leading ones group
    the records the same way in both directions (named people before anonymous ones, A to Z
    or Z to A), and only the last is reversed.
    """

    def build_choices(self, fields, labels):
        # django-filter words "name (descending)" once, when the class is made, in the
        # language of that moment; each choice here is worded in the reader's language.
        choices = []
        for field, param in fields.items():
            label = labels[field]
            choices += [
                (param, label),
                (f"-{param}", format_lazy(_("{label} (descending)"), label=label)),
            ]
        return choices

    def filter(self, qs, value):
        if value in (None, "", []):
            return qs
        ordering = []
        for param in value:
            fields = self.param_map[param.lstrip("-")]
            *groups, field = (fields,) if isinstance(fields, str) else fields
            ordering += [F(group).asc(nulls_last=True) for group in groups]
            expression = F(field)
            descending = param.startswith("-")
            ordering.append(
                expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True)
            )
        return qs.order_by(*ordering, "pk")


def in_stable_order(queryset):
    """The list's order, ties broken by primary key: a page and an export agree on it.

    Without it, records sharing a name ("Anta", the province and the district) may come in
    either order, so a page boundary could repeat one and skip the other.
    """
    if queryset.query.order_by:  # a chosen sort, which ``SortFilter`` already ends with pk
        return queryset
    return queryset.order_by(*queryset.model._meta.ordering, "pk")


def sort_by(*fields):
    """A sort filter named ``sort`` offering ``fields`` as (field, param, label)."""
    return SortFilter(
        fields=[(field, param) for field, param, _label in fields],
        field_labels={field: label for field, _param, label in fields},
        label=_("Sort by"),
    )


class CaseStudyFilters(ListFilters):
    # The same ``case`` parameter as every other list: here, one case by its key.
    case = KeyFilter("key", label=_("Case"))
    region = django_filters.CharFilter(label=_("Region"))
    year_from = YearFilter(field_name="date", bound="from")
    year_to = YearFilter(field_name="date", bound="to")
    sort = sort_by(("date_sort", "date", _("date")), ("title", "title", _("title")))

    class Meta(ListFilters.Meta):
        model = CaseStudy
        fields = []

    def filter_words(self, queryset, name, value):
        return every_word_in(queryset, value, ["title", "short_title", "region"])


class PersonFilters(ListFilters):
    organisation = KeyFilter("affiliations__organisation__key", label=_("Organisation"))
    # As the list's own order: named people by surname, then the anonymous (see Person).
    sort = sort_by(
        (("anonymous", "sort_key"), "name", _("name")),
        ("modified", "modified", _("recently changed")),
    )

    class Meta(ListFilters.Meta):
        model = Person
        fields = []


class OrganisationFilters(ListFilters):
    kind = django_filters.ChoiceFilter(choices=OrganisationKind.choices, label=_("Kind"))
    place = KeyFilter("place__key", label=_("Place"))
    year_from = YearFilter(field_name="founded", bound="from")
    year_to = YearFilter(field_name="founded", bound="to")
    sort = sort_by(
        ("name", "name", _("name")),
        ("acronym", "acronym", _("acronym")),
        ("founded_sort", "founded", _("date founded")),
    )

    class Meta(ListFilters.Meta):
        model = Organisation
        fields = []


class EventFilters(ListFilters):
    case = KeyFilter("case__key", label=_("Case"))
    kind = django_filters.ChoiceFilter(choices=EventKind.choices, label=_("Kind"))
    organisation = KeyFilter("participants__organisation__key", label=_("Organisation"))
    person = KeyFilter("participants__person__key", label=_("Person"))
    place = KeyFilter("place__key", label=_("Place"))
    year_from = YearFilter(field_name="date", bound="from")
    year_to = YearFilter(field_name="date", bound="to")
    sort = sort_by(("date_sort", "date", _("date")), ("title", "title", _("title")))

    class Meta(ListFilters.Meta):
        model = Event
        fields = []


class InterviewFilters(ListFilters):
    case = KeyFilter("case__key", label=_("Case"))
    interviewee = KeyFilter("interviewees__person__key", label=_("Interviewee"))
    place = KeyFilter("place__key", label=_("Place"))
    taped = TapedFilter(field_name="taped")
    language = django_filters.CharFilter(label=_("Language"))
    form = django_filters.ChoiceFilter(choices=Form.choices, label=_("Form"))
    year_from = YearFilter(field_name="date", bound="from")
    year_to = YearFilter(field_name="date", bound="to")
    sort = sort_by(("date_sort", "date", _("date")), ("title", "title", _("title")))

    class Meta(ListFilters.Meta):
        model = Interview
        fields = []


class QuoteFilters(ListFilters):
    case = KeyFilter("case__key", label=_("Case"))
    speaker = KeyFilter("speaker__key", label=_("Speaker"))
    topic = KeyFilter("topics__key", label=_("Topic"))
    source = KeyFilter("citations__source__key", label=_("Source"))
    language = django_filters.CharFilter(field_name="original_language", label=_("Language"))
    taped = TapedFilter(field_name="interview__taped")
    year_from = YearFilter(field_name="date", bound="from")
    year_to = YearFilter(field_name="date", bound="to")
    sort = sort_by(
        ("date_sort", "date", _("date")),
        (("speaker__anonymous", "speaker__sort_key"), "speaker", _("speaker")),
    )

    class Meta(ListFilters.Meta):
        model = Quote
        fields = []


class SourceFilters(ListFilters):
    kind = django_filters.ChoiceFilter(choices=SourceKind.choices, label=_("Kind"))
    year_from = YearFilter(field_name="issued", bound="from")
    year_to = YearFilter(field_name="issued", bound="to")
    sort = sort_by(("issued_sort", "year", _("year")), ("title", "title", _("title")))

    class Meta(ListFilters.Meta):
        model = Source
        fields = []

    def filter_words(self, queryset, name, value):
        fields = ["title", "container_title", "creators__family", "creators__literal"]
        return every_word_in(queryset, value, fields, distinct=True)


class PlaceFilters(ListFilters):
    kind = django_filters.ChoiceFilter(choices=PlaceKind.choices, label=_("Kind"))
    within = KeyFilter("parent__key", label=_("Within"))
    sort = sort_by(("name", "name", _("name")), ("kind", "kind", _("kind")))

    class Meta(ListFilters.Meta):
        model = Place
        fields = []

    def filter_words(self, queryset, name, value):
        return every_word_in(queryset, value, ["name", "other_names"])


class GlossaryFilters(ListFilters):
    language = django_filters.CharFilter(label=_("Language"))
    sort = sort_by(("term", "term", _("term")))

    class Meta(ListFilters.Meta):
        model = GlossaryTerm
        fields = []
