"""Search across the public records: quotes, people, organisations, events, interviews, glossary.

Every search starts from a queryset the caller has already limited with ``.public()``
(``search_all`` does it itself), so drafts and withheld material never reach results or
counts.

PostgreSQL: full-text search. Each model has one weighted vector over its own columns
(no joins), defined by ``search_vector``; each field counts twice, with the ``archive_en``
and ``archive_es`` configurations (English and Spanish stemming, accents ignored, created
by migration 0003). The database stores that vector in each record's ``search_document``
column, kept current by a trigger and GIN-indexed (migration 0007), and searches read the
column: nothing is recomputed per query, whatever the size of the archive. The query is
the visitor's text parsed as web-search syntax in both configurations, so quotes and
operators never raise.

SQLite (development): every word of the query must occur in one of the fields, ignoring
case and accents, through the ``archive_unaccent`` function registered on each new
connection. Ranking is crude: a match in a weight-A field counts most.

Snippets: the database marks matches with private-use characters; ``_markup`` escapes
the text and only then turns the markers into ``<mark>``, so no HTML from the data gets
through.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from functools import reduce
from operator import add

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
)
from django.db import connections
from django.db.backends.signals import connection_created
from django.db.models import (
    Case,
    F,
    FloatField,
    Func,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.functions import NullIf
from django.db.models.lookups import Contains
from django.dispatch import receiver
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from cases.records import kinds

# The archive's own searchable kinds (their declarations in cases/records/kinds.py say which
# fields search reads and how much each weighs), by the name the search page groups them
# under. Migration 0007 holds a literal copy of their fields for the triggers that fill
# ``search_document``; tests/browse/test_search.py checks the two stay identical. Changing a
# declaration's search fields needs a migration replacing the triggers and the stored
# values. A kind added in the settings keeps its document with its own migration
# (``cases.browse.stored_search``) and is searched with these (``kinds.searchable()``).
SEARCHABLE = {kind.segment: kind.model for kind in kinds.searchable(kinds.ARCHIVE_KINDS)}
WEIGHTED_FIELDS = {
    kind.model_name: kind.search.fields for kind in kinds.searchable(kinds.ARCHIVE_KINDS)
}
CONFIGS = ("archive_en", "archive_es")
HEADLINE_CONFIG = "archive_en"

# PostgreSQL's default rank weights, reused for the SQLite ranking.
WEIGHT_VALUES = {"A": 1.0, "B": 0.4, "C": 0.2, "D": 0.1}

MAX_QUERY_LENGTH = 200
MAX_WORDS = 10  # the SQLite fallback matches at most this many words
START, STOP = "\ue000", "\ue001"  # private-use markers around a match
SNIPPET_CHARS = 300
FIELD_SEPARATOR = " — "

_CONTROL = re.compile(r"[\x00-\x1f\x7f\ue000\ue001]")
_WORD = re.compile(r"\w+")


def normalise_query(q) -> str:
    """The query as searched: trimmed, whitespace collapsed, at most 200 characters.

    "" when there is nothing to search for (no letter or digit).
    """
    if not q or not isinstance(q, str):
        return ""
    q = " ".join(_CONTROL.sub(" ", q).split())[:MAX_QUERY_LENGTH].strip()
    return q if _WORD.search(q) else ""


def fold(text) -> str:
    """Lower-case, accents removed: "Gestión" → "gestion". Also the SQLite function."""
    if text is None:
        return ""
    decomposed = unicodedata.normalize("NFKD", str(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def query_words(q: str) -> list[str]:
    """The plain words of a query, operators and quotes dropped (SQLite fallback)."""
    words = []
    for word in _WORD.findall(fold(normalise_query(q))):
        if word not in words:
            words.append(word)
    return words[:MAX_WORDS]


def weighted_fields(model) -> tuple[tuple[str, str], ...]:
    return kinds.kind_of(model).search.fields


def search_vector(model):
    """The weighted vector of a model, as the database stores it in ``search_document``."""
    return reduce(
        add,
        (
            SearchVector(name, config=config, weight=weight)
            for name, weight in weighted_fields(model)
            for config in CONFIGS
        ),
    )


def search_query(q: str):
    return SearchQuery(q, search_type="websearch", config=CONFIGS[0]) | SearchQuery(
        q, search_type="websearch", config=CONFIGS[1]
    )


# ---- Snippets


class HeadlineField(TextField):
    """A snippet with match markers, read from the database as safe HTML."""

    def from_db_value(self, value, expression, connection):
        return _markup(value or "")


def _markup(marked: str) -> SafeString:
    """Escape the text, then turn the (balanced) markers into <mark> elements."""
    out, open_ = [], False
    for part in re.split(f"([{START}{STOP}])", marked):
        if part == START:
            if not open_:
                out.append("<mark>")
                open_ = True
        elif part == STOP:
            if open_:
                out.append("</mark>")
                open_ = False
        else:
            out.append(escape(part))
    if open_:
        out.append("</mark>")
    return mark_safe("".join(out))  # noqa: S308 - every piece of data is escaped above


def _mark_words(text: str, words: list[str]) -> str:
    """A snippet of ``text`` with every accent- and case-insensitive word match marked."""
    folded, origin = [], []  # folded characters and the index of each in ``text``
    for index, char in enumerate(text):
        for folded_char in fold(char):
            folded.append(folded_char)
            origin.append(index)
    folded_text = "".join(folded)
    spans = []
    for word in words:
        for match in re.finditer(re.escape(word), folded_text):
            start = origin[match.start()]
            end = origin[match.end() - 1] + 1
            spans.append((start, end))
    spans.sort()
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])

    begin, finish = 0, len(text)
    if len(text) > SNIPPET_CHARS:
        first = merged[0][0] if merged else 0
        begin = max(0, first - SNIPPET_CHARS // 3)
        if begin:
            space = text.find(" ", begin)
            begin = space + 1 if 0 <= space < first else begin
        finish = min(len(text), begin + SNIPPET_CHARS)
        if finish < len(text):
            space = text.rfind(" ", begin, finish)
            finish = space if space > max(begin, merged[0][1] if merged else begin) else finish
    pieces, cursor = [], begin
    for start, end in merged:
        start, end = max(start, begin), min(end, finish)
        if start >= end:
            continue
        pieces += [text[cursor:start], START, text[start:end], STOP]
        cursor = end
    pieces.append(text[cursor:finish])
    return ("… " if begin else "") + "".join(pieces) + (" …" if finish < len(text) else "")


def _join_fields(values) -> str:
    return FIELD_SEPARATOR.join(str(v) for v in values if v)


def _sqlite_headline(q, *values):
    try:
        return _mark_words(_join_fields(values), query_words(q or ""))
    except Exception:  # a user function must not raise inside SQLite
        return _join_fields(values)[:SNIPPET_CHARS]


class _Unaccent(Func):
    function = "archive_unaccent"
    output_field = TextField()


class _JoinFields(Func):
    """PostgreSQL: the non-empty fields joined by the separator."""

    function = "concat_ws"
    output_field = TextField()

    def __init__(self, *names):
        super().__init__(Value(FIELD_SEPARATOR), *(NullIf(F(n), Value("")) for n in names))


class _SQLiteHeadline(Func):
    function = "archive_headline"
    output_field = HeadlineField()


class _Headline(SearchHeadline):
    output_field = HeadlineField()


def _headline(model, q: str, vendor: str):
    names = [name for name, _weight in weighted_fields(model)]
    if vendor == "postgresql":
        return _Headline(
            _JoinFields(*names),
            search_query(q),
            config=HEADLINE_CONFIG,
            start_sel=START,
            stop_sel=STOP,
            max_words=35,
            min_words=15,
            max_fragments=2,
            fragment_delimiter=" … ",
        )
    return _SQLiteHeadline(Value(q), *(F(n) for n in names))


@receiver(connection_created, dispatch_uid="cases.browse.search.sqlite_functions")
def register_sqlite_functions(sender, connection, **kwargs):
    """Give each new SQLite connection the functions the fallback search calls."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("archive_unaccent", 1, fold, deterministic=True)
        connection.connection.create_function(
            "archive_headline", -1, _sqlite_headline, deterministic=True
        )


# ---- Querysets


def _vendor(queryset) -> str:
    return connections[queryset.db].vendor


def _sqlite_word_match(name: str, word: str):
    return Contains(_Unaccent(F(name)), _Unaccent(Value(word)))


def search_filter(queryset: QuerySet, q) -> QuerySet:
    """Only the records matching ``q``; no annotation, no ordering (facets count on it)."""
    q = normalise_query(q)
    model = queryset.model
    if not q:
        return queryset.none()
    if _vendor(queryset) == "postgresql":
        return queryset.filter(search_document=search_query(q))
    words = query_words(q)
    if not words:
        return queryset.none()
    names = [name for name, _weight in weighted_fields(model)]
    for word in words:
        queryset = queryset.filter(
            reduce(lambda a, b: a | b, (Q(_sqlite_word_match(name, word)) for name in names))
        )
    return queryset


def _rank(model, q: str, vendor: str):
    if vendor == "postgresql":
        return SearchRank(F("search_document"), search_query(q))
    return reduce(
        add,
        (
            Case(
                When(_sqlite_word_match(name, word), then=Value(WEIGHT_VALUES[weight])),
                default=Value(0.0),
                output_field=FloatField(),
            )
            for name, weight in weighted_fields(model)
            for word in query_words(q)
        ),
    )


def search_ranked(queryset: QuerySet, q, *, headline: bool = True) -> QuerySet:
    """Matching records annotated with ``rank`` (and ``headline``), best first, then key."""
    q = normalise_query(q)
    filtered = search_filter(queryset, q)
    if not q:
        return filtered
    vendor = _vendor(queryset)
    model = queryset.model
    annotations = {"rank": _rank(model, q, vendor)}
    if headline:
        annotations["headline"] = _headline(model, q, vendor)
    return filtered.annotate(**annotations).order_by("-rank", "key")


search_queryset = search_ranked


def highlight(record, q) -> SafeString:
    """The record's snippet with matches in <mark>, its data escaped.

    Uses the ``headline`` computed by ``search_ranked``/``search_all`` when present (no
    extra query); otherwise marks the words in Python.
    """
    headline = getattr(record, "headline", None)
    if isinstance(headline, SafeString):
        return headline
    values = [getattr(record, name) for name, _weight in weighted_fields(type(record))]
    return _markup(_mark_words(_join_fields(values), query_words(q)))


# ---- The search page


@dataclass
class KindResults:
    kind: str
    model: type
    results: list = field(default_factory=list)
    total: int = 0
    # True when more than ``CANDIDATES`` records match: ``total`` is then that number.
    total_is_bounded: bool = False

    @property
    def label(self):
        return self.model._meta.verbose_name_plural


# A word found in tens of thousands of records must cost what a rare one costs: at most
# CANDIDATES matches of a kind are read, ranked and counted ("more than 200"); for almost
# every real query that is all of them.
CANDIDATES = 200


def search_all(q, per_kind: int = 10) -> list[KindResults]:
    """The best ``per_kind`` public records of each kind, and how many match in all.

    Two queries per kind, whatever the size of the archive: the first ``CANDIDATES`` + 1
    matches the index yields are ranked and counted (keys and ranks only), then the page of
    results is read with its snippets. No query at all, and an empty list, for an empty
    query.
    """
    q = normalise_query(q)
    if not q:
        return []
    found = []
    limit = max(CANDIDATES, per_kind)
    for declared in kinds.searchable():
        kind, model = declared.segment, declared.model
        vendor = connections[model.objects.db].vendor
        matches = list(
            search_filter(model.objects.public(), q)
            .order_by()
            .annotate(rank=_rank(model, q, vendor))
            .values_list("rank", "key", "pk")[: limit + 1]
        )
        # Best first, ties by key, as ``search_ranked`` orders them.
        ranked = sorted(matches, key=lambda m: (-m[0], m[1]))
        best = [pk for _rank_, _key, pk in ranked[:per_kind]]
        page = model.objects.filter(pk__in=best).defer("search_document")
        if declared.shown_with:
            page = page.select_related(*declared.shown_with)
        page = page.annotate(headline=_headline(model, q, vendor)).in_bulk()
        results = [page[pk] for pk in best]
        total = min(len(matches), limit)
        found.append(KindResults(kind, model, results, total, len(matches) > limit))
    return found
