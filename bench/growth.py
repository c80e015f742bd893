"""A larger archive made in the image of the real one, to measure pages at scale.

``ArchiveGrowth(factor, seed)`` adds ``factor - 1`` times today's records as new case
studies of very different sizes (Zipf-like: a few big fieldworks, many small ones). Each
new record is drawn from a real record of the same kind (its *template*), so the shapes
follow the real data without being restated here:

- every text has the template's length in words, its words drawn from the vocabulary of
  the real texts (Spanish and English, at their real frequencies);
- kinds, languages, forms, blank fields and the number of citations, participants,
  interviewees and topics are the template's;
- dates keep the template's precision (day, month, year, "~", "?", ranges, open ends,
  undated), shifted to the new case's period; a few gain "~" or "?" so every form occurs;
- relations point at records of the same case, preferring some (a few people hold many
  posts, most hold one), as in the sources;
- about a tenth is withheld: drafts, restricted or embargoed interviews (their quotes
  with them).

The same factor and seed give the same keys and texts. Rows are written in bulk (COPY on
PostgreSQL, ``bulk_create`` elsewhere) with their bound columns filled directly: no
``save()``, no history rows. Each new case is written in one transaction. Never run this
on the production database: it is for benchmarks and tests.
"""

import datetime
import math
import random
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connections, models, transaction

from cases.models import (
    CaseStudy,
    Citation,
    EventParticipant,
    GlossaryTerm,
    Interview,
    Interviewee,
    InterviewSeries,
    Organisation,
    OrganisationRelation,
    Person,
    Place,
    Quote,
    Source,
    SourceCreator,
    Status,
)
from cases.models.dated import PartialDateField, as_written_name
from cases.models.interviews import Access
from cases.models.people import sort_key_for
from cases.records import partial_dates
from cases.records.kinds import ARCHIVE_KINDS

MAX_FACTOR = 5000
BATCH_SIZE = 5000
# Share of new records withheld from the public: drafts, and (interviews) restricted or
# under an embargo that has not ended.
DRAFT_SHARE = 0.06
RESTRICTED_SHARE = 0.05
QUALIFIER_SHARE = 0.04  # single dates given an extra "~" or "?"
FUTURE_EMBARGO = datetime.date(2090, 1, 1)
STAMP = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
WORD = re.compile(r"[A-Za-zÀ-ÿ]+(?:['’-][A-Za-zÀ-ÿ]+)*")


def _writing_order():
    """What a new case holds, in writing order (a model's foreign keys point only at models
    written before it: the declarations' order), and the children drawn with their parent,
    as many as the template parent has (a kind's parts, by their key to it)."""
    order, children = [], {}
    for kind in ARCHIVE_KINDS:
        if not kind.grown:
            continue
        order.append(kind.model)
        for part in kind.parts:
            parent = next(
                field.name
                for field in part.model._meta.get_fields()
                if field.many_to_one and field.related_model is kind.model
            )
            order.append(part.model)
            children.setdefault(kind.model, []).append((part.model, parent))
    return order, children


ORDER, CHILDREN = _writing_order()
CHILD_MODELS = {child for children in CHILDREN.values() for child, _fk in children}
# Plain character fields that carry prose or names, regenerated at the template's length.
WORDY = {
    "name", "title", "short_title", "region", "gloss", "term", "role", "post", "measure",
    "row", "column", "container_title", "publisher", "publisher_place", "other_names",
    "family", "given", "literal",
}  # fmt: skip
BLANKED = {"notes", "doi", "isbn", "url", "licence"}


def refuse_factor(factor) -> str | None:
    """Why a factor cannot be used, or None if it can."""
    if not isinstance(factor, int) or isinstance(factor, bool):
        return "The factor must be a whole number."
    if not 2 <= factor <= MAX_FACTOR:
        return f"The factor must be from 2 to {MAX_FACTOR} (the archive times that size)."
    return None


def case_count(factor: int) -> int:
    """How many new cases a growth adds: more, and bigger, as the factor grows."""
    return max(1, round(2 * math.sqrt(factor - 1)))


def case_sizes(factor: int, rng: random.Random) -> list[float]:
    """Shares of the new data per new case: Zipf-like, so a few cases are much bigger."""
    weights = [1 / rank for rank in range(1, case_count(factor) + 1)]
    rng.shuffle(weights)
    total = sum(weights)
    return [weight / total for weight in weights]


def skewed_pick(rng: random.Random, pool: list):
    """A member of ``pool``, the first ones far more often: a few records gather most links."""
    return pool[int(len(pool) * rng.random() ** 2)]


@dataclass
class Templates:
    """The real archive, read once: records per kind and case, their links and words."""

    records: dict = field(default_factory=dict)  # model -> [instance]
    by_case: dict = field(default_factory=dict)  # (case pk, model) -> [instance]
    children: dict = field(default_factory=dict)  # (child model, parent pk) -> [instance]
    citations: dict = field(default_factory=dict)  # (content type pk, pk) -> [Citation]
    topics: dict = field(default_factory=dict)  # quote pk -> [topic pk]
    m2m_cases: dict = field(default_factory=dict)  # (model, pk) -> [case pk]
    words: list = field(default_factory=list)
    name_words: list = field(default_factory=list)
    cases: list = field(default_factory=list)

    @classmethod
    def read(cls) -> "Templates":
        self = cls()
        for model in ORDER:
            rows = list(model._default_manager.order_by(*self._order(model)))
            self.records[model] = rows
        self.cases = self.records[CaseStudy]
        for children in CHILDREN.values():
            for child, fk in children:
                for row in self.records[child]:
                    parent_id = getattr(row, f"{fk}_id")
                    self.children.setdefault((child, parent_id), []).append(row)
        for citation in Citation.objects.order_by("content_type", "object_id", "order", "pk"):
            self.citations.setdefault((citation.content_type_id, citation.object_id), []).append(
                citation
            )
        for quote_id, topic_id in Quote.topics.through.objects.order_by("pk").values_list(
            "quote_id", "topic_id"
        ):
            self.topics.setdefault(quote_id, []).append(topic_id)
        for model in (Person, Organisation, Place, Source, GlossaryTerm):
            through = model.cases.through
            own = f"{model._meta.model_name}_id"
            for pk, case_id in through.objects.order_by("pk").values_list(own, "casestudy_id"):
                self.m2m_cases.setdefault((model, pk), []).append(case_id)
        for model in ORDER:
            if model in CHILD_MODELS or model is CaseStudy:
                continue
            for row in self.records[model]:
                for case_id in self._cases_of(model, row):
                    self.by_case.setdefault((case_id, model), []).append(row)
        self._read_words()
        return self

    @staticmethod
    def _order(model) -> list[str]:
        # Keys, not primary keys: the same fixtures give the same order on any database.
        parent = {SourceCreator: "source", EventParticipant: "event", Interviewee: "interview"}
        if model in parent:
            return [f"{parent[model]}__key", "order", "pk"]
        return ["key"]

    def _cases_of(self, model, row) -> list[int]:
        if hasattr(row, "case_id"):
            return [row.case_id]
        return self.m2m_cases.get((model, row.pk), [])

    def _read_words(self):
        texts, names = [], []
        for model, rows in self.records.items():
            for row in rows:
                for f in model._meta.concrete_fields:
                    value = getattr(row, f.attname)
                    if not isinstance(value, str) or f.name in BLANKED or f.name == "key":
                        continue
                    if isinstance(f, models.TextField) or f.name in WORDY:
                        (names if f.name in {"family", "given"} else texts).append(value)
        names += [p.name for p in self.records[Person] if p.name]
        self.words = [w for text in texts for w in WORD.findall(text)]
        self.name_words = [w for text in names for w in WORD.findall(text) if w[:1].isupper()]

    def pool(self, case_id: int, model) -> list:
        return self.by_case.get((case_id, model)) or self.records[model]


@dataclass
class NewCase:
    """The records written so far for one new case: what its relations may point at."""

    number: int
    template_case: CaseStudy
    years: int
    ids: dict = field(default_factory=lambda: defaultdict(list))  # model -> [pk]
    counters: dict = field(default_factory=lambda: defaultdict(int))
    pk: int | None = None
    key: str = ""
    document: int | None = None


class BulkWriter:
    """Rows buffered per table and written in batches: COPY on PostgreSQL, else bulk_create."""

    def __init__(self, using: str, batch_size: int = BATCH_SIZE):
        self.connection = connections[using]
        self.using = using
        self.batch_size = batch_size
        self.buffers = defaultdict(list)
        self.written = defaultdict(int)

    def add(self, model, row: dict):
        self.buffers[model].append(row)
        if len(self.buffers[model]) >= self.batch_size:
            self.flush(model)

    def flush(self, model=None):
        for table in [model] if model else list(self.buffers):
            rows = self.buffers.pop(table, [])
            if rows:
                self._write(table, rows)
                self.written[table] += len(rows)

    def _write(self, model, rows):
        fields = model._meta.concrete_fields
        if self.connection.vendor == "postgresql":
            columns = ", ".join(self.connection.ops.quote_name(f.column) for f in fields)
            table = self.connection.ops.quote_name(model._meta.db_table)
            with self.connection.cursor() as cursor:
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:  # noqa: S608
                    for row in rows:
                        copy.write_row([row.get(f.attname) for f in fields])
        else:
            model._default_manager.using(self.using).bulk_create(
                [model(**row) for row in rows], batch_size=self.batch_size
            )


class ArchiveGrowth:
    """Grow the loaded archive ``factor`` times, deterministically from ``seed``."""

    def __init__(self, factor: int, seed: int = 1, using: str = "default"):
        problem = refuse_factor(factor)
        if problem:
            raise ValueError(problem)
        self.factor, self.seed, self.using = factor, seed, using
        # Not for secrets: a seeded generator is what makes the same seed give the same data.
        self.rng = random.Random(f"{seed}:{factor}")  # noqa: S311
        self.templates: Templates | None = None
        self.case_documents = set()
        self.next_id = {}
        self.content_types = {}

    # -- planning ----------------------------------------------------------------------

    def plan(self) -> list[dict]:
        """Per new case, how many records of each kind it gets (children follow parents)."""
        shares = case_sizes(self.factor, self.rng)
        real = {m: len(self.templates.records[m]) for m in ORDER if m not in CHILD_MODELS}
        plans = []
        for share in shares:
            counts = {}
            for model, count in real.items():
                if model is CaseStudy:
                    continue
                wanted = (self.factor - 1) * count * share
                # At least one of each kind, so every case has people, events, quotes...
                counts[model] = max(1, int(wanted) + (self.rng.random() < wanted % 1))
            plans.append(counts)
        return plans

    def planned_records(self, plans) -> int:
        return sum(sum(p.values()) for p in plans)

    # -- running -----------------------------------------------------------------------

    def run(
        self,
        on_start: Callable[[int, int], None] | None = None,
        progress: Callable[[int, dict], None] | None = None,
    ) -> dict[str, int]:
        """Write every new case; returns the rows written per model.

        ``on_start(records, cases)`` is told the plan; ``progress(records, written)`` is
        called as records are made, with the rows written so far per model.
        """
        self.templates = Templates.read()
        if not self.templates.cases:
            raise ValueError("The archive is empty: load the cases first (load_archive).")
        connection = connections[self.using]
        for model in [*ORDER, Citation, *self._through_models()]:
            top = model._default_manager.using(self.using).aggregate(top=models.Max("pk"))["top"]
            self.next_id[model] = (top or 0) + 1
        self.case_documents = {c.source_id for c in self.templates.cases}
        self.content_types = {
            model: ContentType.objects.db_manager(self.using).get_for_model(model).pk
            for model in ORDER
        }
        writer = BulkWriter(self.using)
        plans = self.plan()
        if on_start:
            on_start(self.planned_records(plans), len(plans))
        for number, counts in enumerate(plans, start=1):
            template_case = self.templates.cases[(number - 1) % len(self.templates.cases)]
            case = NewCase(number, template_case, years=self.rng.randint(-40, 20))
            with transaction.atomic(using=self.using):
                self._write_case(case, counts, writer, progress)
                writer.flush()
        with transaction.atomic(using=self.using):
            self._reset_sequences(connection)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        return {model._meta.label: count for model, count in writer.written.items()}

    def _through_models(self):
        return [
            Quote.topics.through,
            *(m.cases.through for m in (Person, Organisation, Place, Source, GlossaryTerm)),
        ]

    def _reset_sequences(self, connection):
        statements = connection.ops.sequence_reset_sql(no_style(), list(self.next_id))
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)

    def _write_case(self, case: NewCase, counts: dict, writer: BulkWriter, progress):
        self._add_case_study(case, writer)
        done = 1
        for model in ORDER:
            if model in CHILD_MODELS or model is CaseStudy:
                continue
            templates = self.templates.pool(case.template_case.pk, model)
            for _index in range(counts.get(model, 0)):
                template = self.rng.choice(templates)
                self._add_record(model, template, case, writer)
                done += 1
                if progress and done % 1000 == 0:
                    progress(1000, writer.written)
        if progress:
            progress(done % 1000, writer.written)

    def _add_case_study(self, case: NewCase, writer: BulkWriter):
        template = case.template_case
        # The case's own document: the new case cites it as the real cases cite theirs.
        case.document = self.next_id[Source]
        document = self._add_record(Source, template.source, case, writer, own_document=True)
        row = self._synth(CaseStudy, template, case)
        row["source_id"] = document
        row["short_title"] = f"{row['short_title'][:80]} {case.number}"
        row["featured"] = False  # the home page keeps to the real cases
        case.pk, case.key = row["id"], row["key"]
        writer.add(CaseStudy, row)
        writer.flush(CaseStudy)
        for citation in self.templates.citations.get(
            (self.content_types[CaseStudy], template.pk), []
        ):
            self._add_citation(citation, CaseStudy, row["id"], case, writer)
        m2m = Source.cases.through
        writer.add(m2m, {"id": self._take(m2m), "source_id": document, "casestudy_id": case.pk})

    def _add_record(self, model, template, case: NewCase, writer, own_document=False) -> int:
        row = self._synth(model, template, case)
        if own_document:
            row["status"] = Status.PUBLISHED
        if model is OrganisationRelation and row["subject_id"] == row["object_id"]:
            candidates = [pk for pk in case.ids[Organisation] if pk != row["subject_id"]]
            if not candidates:
                return row["id"]
            row["object_id"] = self.rng.choice(candidates)
        writer.add(model, row)
        if not own_document:
            case.ids[model].append(row["id"])
        for child, fk in CHILDREN.get(model, []):
            used = set()
            for child_template in self.templates.children.get((child, template.pk), []):
                child_row = self._synth(child, child_template, case)
                child_row[f"{fk}_id"] = row["id"]
                if child is Interviewee:
                    if child_row["person_id"] in used:
                        continue  # one person once per interview
                    used.add(child_row["person_id"])
                writer.add(child, child_row)
        content_type = self.content_types[model]
        for citation in self.templates.citations.get((content_type, template.pk), []):
            self._add_citation(citation, model, row["id"], case, writer)
        if model is Quote:
            through = Quote.topics.through
            for topic_id in self.templates.topics.get(template.pk, []):
                writer.add(
                    through,
                    {"id": self._take(through), "quote_id": row["id"], "topic_id": topic_id},
                )
        if model in (Person, Organisation, Place, Source, GlossaryTerm) and case.pk:
            through = model.cases.through
            own = f"{model._meta.model_name}_id"
            writer.add(
                through, {"id": self._take(through), own: row["id"], "casestudy_id": case.pk}
            )
        return row["id"]

    def _add_citation(self, template: Citation, model, object_id: int, case: NewCase, writer):
        row = {f.attname: getattr(template, f.attname) for f in Citation._meta.concrete_fields}
        row.update(
            id=self._take(Citation),
            content_type_id=self.content_types[model],
            object_id=object_id,
            # The real cases cite their own document most; so do the new ones.
            source_id=case.document
            if template.source_id in self.case_documents or not case.ids[Source]
            else skewed_pick(self.rng, case.ids[Source]),
            correction="",
        )
        writer.add(Citation, row)

    def _take(self, model) -> int:
        pk = self.next_id[model]
        self.next_id[model] = pk + 1
        return pk

    # -- one row -----------------------------------------------------------------------

    def _synth(self, model, template, case: NewCase) -> dict:
        """A new row in the template's image, pointing at records of the new case."""
        rng = self.rng
        row, dates = {}, {}
        for f in model._meta.concrete_fields:
            value = getattr(template, f.attname)
            if f.primary_key:
                value = self._take(model)
            elif f.name == "key":
                case.counters[model] += 1
                value = f"{template.key[:90]}-c{case.number}-{case.counters[model]}"
            elif f.name in ("created", "modified"):
                value = STAMP
            elif f.name in BLANKED:
                value = ""
            elif isinstance(f, PartialDateField):
                value, dates[f.attname] = self._date(value, case.years)
            elif f.is_relation:
                value = self._relation(model, f, value, case)
            elif isinstance(value, str) and value and f.name == "acronym":
                value = "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in value[:8])
            elif (
                isinstance(value, str)
                and value
                and (isinstance(f, models.TextField) or f.name in WORDY)
            ):
                value = self._words(value, f)
            row[f.attname] = value
        for name, (earliest, latest, sort) in dates.items():
            row[f"{name}_earliest"], row[f"{name}_latest"], row[f"{name}_sort"] = (
                earliest,
                latest,
                sort,
            )
            if as_written_name(name) in row:
                # The source's wording was said of the template's date, not the moved one.
                row[as_written_name(name)] = ""
        if "undated" in row:
            row["undated"] = not row["date"]
        if model is Person:
            # No save() here: the sort key is derived as saving would, from the new name;
            # the template's own sort name was written for another name.
            row["sort_name"] = ""
            row["sort_key"] = sort_key_for(
                anonymous=row["anonymous"],
                name=row["name"],
                sort_name="",
                description=row["description"],
                case_keys=[case.key],
            )
        self._withhold(model, row)
        return row

    def _withhold(self, model, row: dict):
        if "status" not in row or model is CaseStudy:
            return
        draw = self.rng.random()
        row["status"] = Status.DRAFT if draw < DRAFT_SHARE else Status.PUBLISHED
        if model is Interview:
            if draw >= 1 - RESTRICTED_SHARE:
                row["access"] = self.rng.choice([Access.RESTRICTED, Access.EMBARGOED])
                row["embargo_until"] = (
                    FUTURE_EMBARGO if row["access"] == Access.EMBARGOED else None
                )
            elif row["access"] != Access.PUBLIC:
                row["access"], row["embargo_until"] = Access.PUBLIC, None

    def _words(self, text: str, f) -> str:
        count = max(1, len(text.split()))
        source = self.templates.name_words if f.name in {"family", "given"} else None
        if f.model is Person and f.name == "name":
            source = self.templates.name_words
        words = self.rng.choices(source or self.templates.words, k=count)
        value = " ".join(words)
        if source is None and text[:1].isupper():
            value = value[:1].upper() + value[1:]
        if f.max_length:
            value = value[: f.max_length]
        return value

    def _date(self, text: str, years: int) -> tuple[str, tuple]:
        """A moved partial date and its bounds.

        The template's date is read once (a few hundred distinct strings, cached) and
        moved with its bounds: reading every moved string again would be slow.
        """
        date = partial_dates.read(text)
        if date is None:  # undated, or not a date we can read: kept as the loader did
            return text, (None, None, None)
        if not (date.is_interval or date.is_qualified or date.unspecified):
            draw = self.rng.random()
            if draw < QUALIFIER_SHARE:
                date = date.qualified("~" if draw < QUALIFIER_SHARE / 2 else "?") or date
        moved = date.moved(years)
        return moved.text, (moved.earliest, moved.latest, moved.sort)

    def _relation(self, model, f, value, case: NewCase):
        if value is None:
            return None
        target = f.related_model
        if target is CaseStudy:
            return case.pk
        if target is ContentType or target is Source and model is CaseStudy:
            return value
        if model is Place and f.name == "parent":
            # Top places (Peru, a department) are shared; below them, the new case's own.
            earlier = case.ids[Place]
            return skewed_pick(self.rng, earlier) if earlier and self.rng.random() < 0.7 else value
        pool = case.ids.get(target)
        if target in (Person, Organisation, Place, Source, InterviewSeries, Interview) and pool:
            return skewed_pick(self.rng, pool)
        return value
