"""CSV exports of the public lists: every record a filtered list shows, one row each.

An export reads the list's records in **one SQL query** whatever their number: the
multi-valued cells (cases, topics, interviewees, participants, sources with locators) are
joined in the database by correlated subqueries (``JoinedText``), not prefetched, and the
rows are read with ``.iterator(chunk_size=2000)`` (a server-side cursor on PostgreSQL), so
neither the query count nor the memory grows with the table.

What may be shown follows the public subset: the rows start from ``Model.objects.public()``
and every related value in a row (a place, an interviewer, a participant, a cited source)
is named only when that record is itself public.

Conventions, for the scholars who read the files:
- a multi-valued cell joins its values with `` | ``;
- a partial date comes three times: as stored (EDTF, ``194X``), in our words (``the
  1940s``) and as the source words it (``late 1940s``; empty where it says no more);
- related records are named by key, the same key as in their public URL;
- a citation is the source's key, then the locator's parts: ``lrr-el-agustino, p. 12, n. 10``;
- ``inferences`` lists what a record says beyond its sources, each as its kind, the part
  of the record in brackets, and the rationale: ``inferred (date): Footnote 20 says ...``;
- the last column, ``archive_url``, is the record's public page;
- a text cell beginning ``=``, ``+``, ``-``, ``@``, a tab or a carriage return starts with a
  single quote, so that no spreadsheet runs it as a formula (``cases/browse/csv_safety.py``).
The column names are stable identifiers, not translated, so that scripts reading an export
work whatever the reader's language.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db.models import (
    Aggregate,
    Case,
    F,
    OuterRef,
    Q,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Concat, NullIf

from cases.browse import csv_safety
from cases.models import (
    Affiliation,
    CaseStudy,
    Citation,
    Event,
    EventParticipant,
    GlossaryTerm,
    Interview,
    Interviewee,
    Organisation,
    Person,
    Place,
    Quote,
    Source,
    SourceCreator,
)
from cases.models.dated import as_written_name
from cases.records import kinds, locators, partial_dates

SEPARATOR = " | "
CHUNK_SIZE = 2000  # rows read from the database at a time
PIECE_SIZE = 64 * 1024  # characters written to the client at a time
# Excel reads a UTF-8 file as such only when it starts with a byte-order mark.
BOM = "\ufeff"


class JoinedText(Aggregate):
    """The values of related rows joined into one text, in a stable order.

    PostgreSQL orders inside the aggregate; SQLite (development only) joins in the order it
    reads the rows, which for an indexed lookup is the order they were stored in.
    """

    output_field = TextField()

    def __init__(self, expression, *ordering, separator=SEPARATOR):
        self.separator = separator
        super().__init__(expression, *ordering)

    def as_sql(self, compiler, connection, **extra_context):
        # ``get_source_expressions()`` ends with the (unused) FILTER clause: read our own.
        text, *ordering = self.source_expressions
        text_sql, params = compiler.compile(text)
        if connection.vendor != "postgresql":
            return f"GROUP_CONCAT({text_sql}, %s)", (*params, self.separator)
        order_sql, order_params = [], []
        for expression in ordering:
            sql, expression_params = compiler.compile(expression)
            order_sql.append(sql)
            order_params.extend(expression_params)
        order = f" ORDER BY {', '.join(order_sql)}" if order_sql else ""
        return (
            f"STRING_AGG(({text_sql})::text, %s{order})",
            (*params, self.separator, *order_params),
        )


def joined(rows, owner: str, text, *ordering, separator=SEPARATOR):
    """One cell joining ``text`` over ``rows`` that point at the exported record by ``owner``."""
    values = (
        rows.filter(**{owner: OuterRef("pk")})
        .order_by()
        .values(owner)
        .annotate(joined=JoinedText(text, *ordering, separator=separator))
        .values("joined")
    )
    return Coalesce(Subquery(values), Value(""), output_field=TextField())


def _with_note(key: str, note: str):
    """``key (note)``, or the key alone when there is no note (a post, a part)."""
    return Concat(
        F(key),
        Case(
            When(**{note: ""}, then=Value("")),
            default=Concat(Value(" ("), F(note), Value(")")),
            output_field=TextField(),
        ),
        output_field=TextField(),
    )


def public_key(path: str, model):
    """The key of a related record (``place``), or empty when it is absent or withheld."""
    return Case(
        When(model.public_q(f"{path}__"), then=F(f"{path}__key")),
        default=Value(""),
        output_field=TextField(),
    )


def citations(model):
    """The public sources a record cites, each with its locator, in the record's order."""
    locator = Concat(F("source__key"), locators.words_in_database(), output_field=TextField())
    # The content type by name, joined in SQL: no lookup query of its own.
    rows = Citation.objects.public().filter(
        content_type__app_label=model._meta.app_label,
        content_type__model=model._meta.model_name,
    )
    return joined(rows, "object_id", locator, F("order"), F("sort_key"), F("pk"))


def inferences(model):
    """What a record says beyond its public sources: "inferred (date): the rationale"."""
    flag = Concat(
        F("inference"),
        Case(
            When(inferred_field="", then=Value("")),
            default=Concat(Value(" ("), F("inferred_field"), Value(")")),
            output_field=TextField(),
        ),
        Value(": "),
        F("rationale"),
        output_field=TextField(),
    )
    rows = (
        Citation.objects.public()
        .filter(
            content_type__app_label=model._meta.app_label,
            content_type__model=model._meta.model_name,
        )
        .exclude(inference="")
    )
    return joined(rows, "object_id", flag, F("order"), F("sort_key"), F("pk"))


def case_keys(model):
    """The public cases a record belongs to (people, organisations, places ...)."""
    through = model.cases.through
    own = model._meta.model_name
    rows = through.objects.filter(CaseStudy.public_q("casestudy__"))
    return joined(rows, own, F("casestudy__key"), F("casestudy__key"))


PERSON_LABEL = Coalesce(
    NullIf(F("speaker__name"), Value("")), F("speaker__description"), output_field=TextField()
)


def _creators(role):
    name = Case(
        When(~Q(literal=""), then=F("literal")),
        When(given="", then=F("family")),
        default=Concat(F("family"), Value(", "), F("given")),
        output_field=TextField(),
    )
    rows = SourceCreator.objects.filter(role=role)
    return joined(rows, "source", name, F("order"), F("pk"))


def _participants(kind, model):
    rows = EventParticipant.objects.filter(model.public_q(f"{kind}__"))
    return joined(rows, "event", _with_note(f"{kind}__key", "role"), F("order"), F("pk"))


# ---- What each list exports


@dataclass(frozen=True)
class Column:
    """One column: its header, the SQL expression read, and how a value is written."""

    header: str
    expression: object
    write: object = None  # value -> cell; None writes the value as read


def words(value):
    """A partial date in words; nothing for an undated record."""
    return partial_dates.describe(value) if value else ""


def yes_no(value):
    return {True: "yes", False: "no"}.get(value, "")


def dated(name: str) -> list[Column]:
    """A partial date as stored (EDTF), in our words, and in the source's own words
    ("late 1940s") where the archive records them."""
    return [
        Column(name, F(name)),
        Column(f"{name}_in_words", F(name), words),
        Column(as_written_name(name), F(as_written_name(name))),
    ]


def field(name: str, write=None) -> Column:
    return Column(name, F(name), write)


def record_columns(model) -> list[Column]:
    """What every export ends with: the sources it cites, what it infers from them, and
    its public page."""
    return [Column("sources", citations(model)), Column("inferences", inferences(model))]


def columns_for(model) -> list[Column]:
    """The columns of a model's export (its declaration names them), built per request in
    the reader's language."""
    return kinds.kind_of(model).columns()


# ---- Each kind's columns, named by its declaration (cases/records/kinds.py)


def casestudy_columns() -> list[Column]:
    return [
        field("key"),
        field("title"),
        field("short_title"),
        *dated("date"),
        field("region"),
        Column("source", public_key("source", Source)),
        field("summary"),
        *record_columns(CaseStudy),
    ]


def person_columns() -> list[Column]:
    return [
        field("key"),
        field("name"),
        field("anonymous", yes_no),
        field("description"),
        Column("cases", case_keys(Person)),
        Column(
            "affiliations",
            joined(
                Affiliation.objects.public(),
                "person",
                _with_note("organisation__key", "role"),
                F("date_sort"),
                F("pk"),
            ),
        ),
        *record_columns(Person),
    ]


def organisation_columns() -> list[Column]:
    return [
        field("key"),
        field("name"),
        field("acronym"),
        field("gloss"),
        field("gloss_in_source", yes_no),
        field("kind"),
        *dated("founded"),
        *dated("dissolved"),
        Column("place", public_key("place", Place)),
        field("description"),
        Column("cases", case_keys(Organisation)),
        *record_columns(Organisation),
    ]


def event_columns() -> list[Column]:
    return [
        field("key"),
        field("title"),
        field("kind"),
        *dated("date"),
        Column("case", F("case__key")),
        Column("place", public_key("place", Place)),
        Column("people", _participants("person", Person)),
        Column("organisations", _participants("organisation", Organisation)),
        field("description"),
        *record_columns(Event),
    ]


def interview_columns() -> list[Column]:
    return [
        field("key"),
        field("title"),
        *dated("date"),
        Column("case", F("case__key")),
        Column("place", public_key("place", Place)),
        Column("interviewer", public_key("interviewer", Person)),
        Column(
            "interviewees",
            joined(
                Interviewee.objects.filter(Person.public_q("person__")),
                "interview",
                _with_note("person__key", "post"),
                F("order"),
                F("pk"),
            ),
        ),
        Column("taped", F("taped"), yes_no),
        field("language"),
        field("form"),
        field("description"),
        *record_columns(Interview),
    ]


def quote_columns() -> list[Column]:
    return [
        field("key"),
        field("text"),
        field("original_text"),
        field("original_language"),
        field("translation_note"),
        *dated("date"),
        # A public quote has a public speaker, and a public interview if any (``public_q``).
        Column("speaker", F("speaker__key")),
        Column("speaker_name", PERSON_LABEL),
        Column("interview", Coalesce(F("interview__key"), Value(""))),
        Column("taped", F("interview__taped"), yes_no),
        Column("case", F("case__key")),
        Column(
            "topics",
            joined(Quote.topics.through.objects.all(), "quote", F("topic__key"), F("topic__key")),
        ),
        field("context"),
        *record_columns(Quote),
    ]


def place_columns() -> list[Column]:
    return [
        field("key"),
        field("name"),
        field("kind"),
        Column("within", public_key("parent", Place)),
        field("other_names"),
        field("description"),
        Column("cases", case_keys(Place)),
        *record_columns(Place),
    ]


def source_columns() -> list[Column]:
    return [
        field("key"),
        field("kind"),
        Column("authors", _creators(SourceCreator.Role.AUTHOR)),
        Column("editors", _creators(SourceCreator.Role.EDITOR)),
        field("title"),
        field("container_title"),
        field("publisher"),
        field("publisher_place"),
        *dated("issued"),
        field("volume"),
        field("issue"),
        field("page"),
        field("doi"),
        field("isbn"),
        field("url"),
        Column("cases", case_keys(Source)),
    ]


def glossaryterm_columns() -> list[Column]:
    return [
        field("key"),
        field("term"),
        field("language"),
        field("gloss"),
        field("definition"),
        Column("cases", case_keys(GlossaryTerm)),
        *record_columns(GlossaryTerm),
    ]


class _Echo:
    """A file-like object whose ``write`` hands the line back, for ``csv.writer``."""

    def write(self, value):
        return value


def rows(queryset, columns: list[Column], page_url) -> Iterator[list]:
    """The records of ``queryset`` as CSV rows, read in chunks from one query."""
    names = [f"export_{index}" for index in range(len(columns))]
    values = queryset.annotate(
        **{name: column.expression for name, column in zip(names, columns, strict=True)}
    ).values_list(*names, "key")
    for row in values.iterator(chunk_size=CHUNK_SIZE):
        *cells, key = row
        yield [
            column.write(value) if column.write else ("" if value is None else value)
            for column, value in zip(columns, cells, strict=True)
        ] + [page_url(key)]


def csv_lines(queryset, page_url) -> Iterable[str]:
    """The whole export as CSV text, the header first, generated as read.

    Lines are handed on in pieces of about 64 kB: one write to the client per piece, not
    per row, and never more than a piece held at once.
    """
    columns = columns_for(queryset.model)
    # Text a spreadsheet would run as a formula is quoted (cases/browse/csv_safety.py).
    writer = csv_safety.writer(_Echo())
    piece = [BOM + writer.writerow([column.header for column in columns] + ["archive_url"])]
    size = 0
    for row in rows(queryset, columns, page_url):
        line = writer.writerow(row)
        piece.append(line)
        size += len(line)
        if size >= PIECE_SIZE:
            yield "".join(piece)
            piece, size = [], 0
    if piece:
        yield "".join(piece)
