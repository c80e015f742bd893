"""Loading the case fixtures: one readable YAML file per case, validated record by record.

The format is documented in docs/fixtures.md. A file is first checked against its schema
(``case_schema``: sections, known names, keys, the types of values), then each record and
each of its rows is validated by its model's form, as the admin validates what archivists
type (choices, dates, references by key, constraints, at least one citation). Each case
loads in one transaction: if any record fails nothing of that case is written; the errors
name the file, the section, the record and the problem. A record whose values already match
is not saved again, so loading twice changes nothing and adds no history.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.translation import gettext as _

from cases.ingest.case_schema import CASE, SHARED, case_file_schema, structural_errors
from cases.ingest.record_forms import Refused, resolve, snapshot, validated
from cases.ingest.related_sets import (
    CHANGE_REASON,
    replace_rows,
    stored_rows,
)
from cases.ingest.sections import CITATION_FIELDS, Section
from cases.models import (
    CaseStudy,
    Citation,
    Source,
)
from cases.records import kinds

SOURCES = "sources"  # the section whose records the file's citations name


class FixtureError(Exception):
    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("\n".join(errors))


class _Rollback(Exception):
    """Raised to undo a --check run."""


def sections() -> list[Section]:
    """The sections a case file may hold, in the order they are loaded: each kind of
    record's loading rules, from its declaration (cases/records/kinds.py)."""
    return [kind.section for kind in kinds.with_sections()]


def shared_kinds() -> dict[str, type]:
    """Records that may belong to several cases: another case file may cite them again
    under ``shared:``, by section name."""
    return {kind.section.name: kind.model for kind in kinds.with_sections() if kind.shared}


def schema() -> dict:
    """The case files' JSON Schema, derived from the kinds' sections."""
    return case_file_schema(sections(), shared_kinds())


class CaseLoader:
    """Loads one case file inside the caller's transaction, collecting every error."""

    def __init__(self, path: Path, document: dict):
        self.path = path
        self.document = document
        self.errors: list[str] = []
        self.case: CaseStudy | None = None
        self.source_keys: set[str] = set()
        self.sources: dict[str, Source] = {}
        # Records of several cases loaded before the case itself (its sources).
        self.awaiting_case: list = []
        self.saved = 0
        self.unchanged = 0

    # -- reporting -------------------------------------------------------------------
    def fail(self, where: str, message: str):
        self.errors.append(f"{self.path.name}: {where}: {message}")

    # -- references ------------------------------------------------------------------
    def source(self, key: str) -> Source:
        """A source of this file, looked up once per load rather than once per citation."""
        if key not in self.sources:
            source = Source.objects.filter(key=key).first()
            if source is None:  # the file's source was itself refused, and said why
                raise Refused(_("source '%(key)s' is not loaded") % {"key": key})
            self.sources[key] = source
        return self.sources[key]

    def join_case(self, instance):
        """Add this case to a record's cases, unless it is there: an add writes history."""
        if self.case is None:
            self.awaiting_case.append(instance)
        elif not instance.cases.filter(pk=self.case.pk).exists():
            instance.cases.add(self.case)

    # -- the whole file ----------------------------------------------------------------
    def load(self):
        document = self.document
        for problem in structural_errors(schema(), document):
            self.errors.append(f"{self.path.name}: {problem}")
        if self.errors:
            return  # values are read only once the file's shape is right
        self.source_keys = {entry["key"] for entry in document.get(SOURCES) or []}
        for section in sections():
            if section.name == CASE:
                self.case = self.load_record(section, document[CASE], CASE)
                if self.case is None:
                    return
                for instance in self.awaiting_case:
                    self.join_case(instance)
                continue
            entries = list(enumerate(document.get(section.name) or []))
            if section.self_reference:
                entries = self.parents_first(entries, section.self_reference)
            self.load_records(section, entries)
        self.load_shared(document.get(SHARED) or {})

    def parents_first(self, entries, reference: str):
        """Records in an order where each parent comes before its children."""
        by_key = {entry["key"]: (index, entry) for index, entry in entries}
        ordered, placed = [], set()

        def visit(index, entry, depth=0):
            if index in placed or depth > 20:
                return
            parent = by_key.get(entry.get(reference))
            if parent is not None and parent[1] is not entry:
                visit(*parent, depth + 1)
            placed.add(index)
            ordered.append((index, entry))

        for index, entry in entries:
            visit(index, entry)
        return ordered

    def load_records(self, section, entries):
        seen = set()
        for index, data in entries:
            where = f"{section.name}[{index}] '{data['key']}'"
            if data["key"] in seen:
                self.fail(where, _("key used twice in this section"))
                continue
            seen.add(data["key"])
            self.load_record(section, data, where)

    # -- one record ------------------------------------------------------------------
    def load_record(self, section: Section, data: dict, where: str):
        try:
            with transaction.atomic():
                instance = self.save_record(section, data)
                if section.cited:
                    self.sync_citations(instance, data["citations"])
                for related in section.related:
                    related.sync(self, instance, data)
        except Refused as error:
            self.fail(where, str(error))
            return None
        if section.case_m2m:
            self.join_case(instance)
        return instance

    def save_record(self, section: Section, data: dict):
        model = section.model
        instance = model._default_manager.filter(key=data["key"]).first()
        created = instance is None
        if created:
            instance = model(key=data["key"])
        before = snapshot(instance)
        if section.case_fk:
            instance.case = self.case
        fields = ("key", *section.model_fields.values())
        values = {"key": data["key"]} | {
            field_name: data[name]
            for name, field_name in section.model_fields.items()
            if name in data
        }
        names = {field_name: name for name, field_name in section.model_fields.items()}
        instance = validated(instance, fields, values, names)
        if created or snapshot(instance) != before:
            instance._change_reason = CHANGE_REASON
            instance.save()
            self.saved += 1
        else:
            self.unchanged += 1
        return instance

    # -- citations -------------------------------------------------------------------
    def sync_citations(self, instance, entries):
        """The record's citations of this file's sources become the file's, in order."""
        content_type = ContentType.objects.get_for_model(instance)
        locator = tuple(name for name in CITATION_FIELDS if name != "source")
        # Another case's citations of a shared record are not this file's to replace.
        existing = Citation.objects.filter(
            content_type=content_type,
            object_id=instance.pk,
            source__key__in=self.source_keys,
        ).order_by("order", "pk")
        stored = stored_rows(existing)
        wanted = []
        for order, entry in enumerate(entries):
            source_key = entry["source"]
            if source_key not in self.source_keys:
                raise Refused(
                    f"citations[{order}]: "
                    + _("source '%(key)s' is not among this file's sources") % {"key": source_key}
                )
            known = stored[order] if order < len(stored) else None
            try:
                citation = Citation(
                    content_type=content_type,
                    object_id=instance.pk,
                    source=self.source(source_key),
                    order=order,
                )
                wanted.append(validated(citation, locator, entry, stored=known))
            except Refused as error:
                raise Refused(f"citations[{order}]: {error}") from None
        replace_rows(existing, stored, wanted)

    # -- records defined by another case --------------------------------------------
    def load_shared(self, shared):
        for kind, entries in shared.items():
            model = shared_kinds()[kind]
            for index, data in enumerate(entries or []):
                where = f"{SHARED}.{kind}[{index}] '{data['key']}'"
                try:
                    with transaction.atomic():
                        instance = resolve(model, data["key"])
                        self.join_case(instance)
                        self.sync_citations(instance, data["citations"])
                except Refused as error:
                    self.fail(where, str(error))


# libyaml's parser when PyYAML has it (five times faster on the case files), else PyYAML's own.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class CaseFileYAML(_SafeLoader):
    """YAML as archivists type it, with dates left as text: the fields that hold dates read
    them (a partial date, an embargo's end), so an unquoted 1991-11-21 means what a quoted
    one does and the schema sees text either way."""


CaseFileYAML.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_case_file(path: Path) -> dict:
    try:
        text = path.read_text(encoding="utf-8")
        document = yaml.load(text, Loader=CaseFileYAML)  # noqa: S506 (a SafeLoader, see above)
    except yaml.YAMLError as error:
        raise FixtureError([f"{path.name}: not valid YAML: {error}"]) from None
    if not isinstance(document, dict):
        raise FixtureError([f"{path.name}: expected sections (case, sources, people, ...)"])
    return document


def case_files(directory: Path) -> list[Path]:
    """The case files, those that share another case's records last."""
    paths = sorted(directory.glob("*.yaml"))
    return sorted(paths, key=lambda p: "shared:" in p.read_text(encoding="utf-8"))


@dataclass
class CaseResult:
    path: Path
    case_key: str
    saved: int
    unchanged: int


def load_case_file(path: Path) -> CaseResult:
    """Load one case file in one transaction; raise FixtureError (nothing written) on any error."""
    document = read_case_file(path)
    loader = CaseLoader(path, document)
    with transaction.atomic():
        loader.load()
        if loader.errors:
            raise FixtureError(loader.errors)
    case_key = (document.get("case") or {}).get("key", "")
    return CaseResult(path, case_key, loader.saved, loader.unchanged)


@contextmanager
def rolled_back():
    """Run a block whose writes are all undone (validation: later cases see earlier ones)."""
    try:
        with transaction.atomic():
            yield
            raise _Rollback
    except _Rollback:
        pass
