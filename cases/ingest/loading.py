"""Loading the case fixtures: one readable YAML file per case, validated record by record.

The format is documented in docs/fixtures.md. Each case loads in one transaction: every
record is checked (unknown fields, references, dates, choices, constraints, at least one
citation) and if any fails nothing of that case is written; the errors name the file, the
section, the record and the problem. A record whose values already match is not saved
again, so loading twice changes nothing and adds no history.
"""

from __future__ import annotations

import datetime
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction

from cases.ingest.sections import Section
from cases.models import (
    CaseStudy,
    Citation,
    Event,
    EventParticipant,
    Interview,
    Interviewee,
    Organisation,
    Person,
    Quote,
    Source,
    SourceCreator,
    Topic,
)
from cases.records import kinds

CITATION_FIELDS = (
    "source",
    "page",
    "section",
    "footnote",
    "table",
    "box",
    "appendix",
    "locator",
    "correction",
    "note",
)
CHANGE_REASON = "Loaded from the case fixtures"


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
    """The kinds a later case may cite under ``shared:``, by section name."""
    return {kind.section.name: kind.model for kind in kinds.with_sections() if kind.shared}


def _coerce(model_field: models.Field, value):
    """Turn a YAML scalar into the model field's Python value, or raise ValueError."""
    if isinstance(model_field, models.BooleanField):
        if value is None and model_field.null:
            return None
        if not isinstance(value, bool):
            raise ValueError(f"expected true or false, got {value!r}")
        return value
    if isinstance(model_field, models.DecimalField):
        if value in (None, ""):
            return None
        try:
            return Decimal(str(value))
        except InvalidOperation as error:
            raise ValueError(f"expected a number, got {value!r}") from error
    if isinstance(model_field, models.IntegerField):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"expected a whole number, got {value!r}")
        return value
    if isinstance(model_field, models.DateField):
        if value in (None, ""):
            return None
        if isinstance(value, datetime.date):
            return value
        try:
            return datetime.date.fromisoformat(str(value))
        except ValueError as error:
            raise ValueError(f"expected a date YYYY-MM-DD, got {value!r}") from error
    if isinstance(value, (dict, list)):
        raise ValueError(f"expected text, got a {type(value).__name__}")
    return "" if value is None else str(value).strip()


def _snapshot(instance: models.Model) -> dict:
    return {
        f.attname: getattr(instance, f.attname)
        for f in instance._meta.concrete_fields
        if f.editable and not f.primary_key
    }


def _messages(error: ValidationError) -> str:
    if hasattr(error, "message_dict"):
        return "; ".join(
            f"{name}: {' '.join(msgs)}" if name != "__all__" else " ".join(msgs)
            for name, msgs in error.message_dict.items()
        )
    return " ".join(error.messages)


class CaseLoader:
    """Loads one case file inside the caller's transaction, collecting every error."""

    def __init__(self, path: Path, document: dict):
        self.path = path
        self.document = document
        self.errors: list[str] = []
        self.case: CaseStudy | None = None
        self.source_keys: set[str] = set()
        self.sources: dict[str, Source] = {}
        self.saved = 0
        self.unchanged = 0

    # -- reporting -------------------------------------------------------------------
    def fail(self, where: str, message: str):
        self.errors.append(f"{self.path.name}: {where}: {message}")

    # -- references ------------------------------------------------------------------
    def source(self, key: str) -> Source:
        """A source of this file, looked up once per load rather than once per citation."""
        if key not in self.sources:
            self.sources[key] = Source.objects.get(key=key)
        return self.sources[key]

    def resolve(self, model, key, what):
        if key in (None, ""):
            return None
        if not isinstance(key, str):
            raise ValueError(f"{what}: expected a key, got {key!r}")
        try:
            return model._default_manager.get(key=key)
        except model.DoesNotExist:
            raise ValueError(f"{what}: no {model._meta.verbose_name} with key '{key}'") from None

    def join_case(self, instance):
        """Add this case to a record's cases, unless it is there: an add writes history."""
        if self.case is not None and not instance.cases.filter(pk=self.case.pk).exists():
            instance.cases.add(self.case)

    # -- the whole file ----------------------------------------------------------------
    def load(self):
        document = self.document
        known = {s.name for s in sections()} | {"shared"}
        for name in document:
            if name not in known:
                self.fail(name, f"unknown section (known: {', '.join(sorted(known))})")
        case_data = document.get("case")
        if not isinstance(case_data, dict):
            self.fail("case", "the file needs a 'case' record")
            return
        for section in sections():
            if section.name == "case":
                continue
            entries = document.get(section.name) or []
            if not isinstance(entries, list):
                self.fail(section.name, "expected a list of records")
                continue
            if section.name == "sources":
                self.source_keys = {
                    e.get("key") for e in entries if isinstance(e, dict) and e.get("key")
                }
                self.load_records(section, entries)
                self.case = self.load_case(case_data)
                if self.case is None:
                    return
                self.link_cases(section, entries)
                continue
            if section.name == "places":
                entries = self.parents_first(entries)
            self.load_records(section, entries)
        self.load_shared(document.get("shared") or {})

    def load_case(self, data):
        section = next(s for s in sections() if s.name == "case")
        return self.load_record(section, data, "case")

    def parents_first(self, entries):
        """Places in an order where each parent comes before its children."""
        indexed = list(enumerate(entries))
        by_key = {e.get("key"): (i, e) for i, e in indexed if isinstance(e, dict)}
        ordered, placed = [], set()

        def visit(index, entry, depth=0):
            if index in placed or depth > 20:
                return
            parent = by_key.get(entry.get("parent"))
            if parent is not None and parent[1] is not entry:
                visit(*parent, depth + 1)
            placed.add(index)
            ordered.append((index, entry))

        for index, entry in indexed:
            if isinstance(entry, dict):
                visit(index, entry)
            else:
                ordered.append((index, entry))
        return ordered

    def load_records(self, section, entries):
        seen = set()
        indexed = entries if section.name == "places" else list(enumerate(entries))
        for index, data in indexed:
            where = f"{section.name}[{index}]"
            if isinstance(data, dict) and data.get("key"):
                where += f" '{data['key']}'"
                if data["key"] in seen:
                    self.fail(where, "key used twice in this section")
                    continue
                seen.add(data["key"])
            self.load_record(section, data, where)

    def link_cases(self, section, entries):
        for data in entries:
            if isinstance(data, dict) and data.get("key"):
                instance = section.model._default_manager.filter(key=data["key"]).first()
                if instance is not None:
                    self.join_case(instance)

    # -- one record ------------------------------------------------------------------
    def load_record(self, section: Section, data, where: str):
        if not isinstance(data, dict):
            self.fail(where, "expected a record (key: value pairs)")
            return None
        unknown = set(data) - section.allowed
        if unknown:
            self.fail(
                where,
                f"unknown field(s) {', '.join(sorted(unknown))}; "
                f"allowed: {', '.join(sorted(section.allowed))}",
            )
            return None
        key = data.get("key")
        if not key:
            self.fail(where, "every record needs a 'key'")
            return None
        if section.cited and not data.get("citations"):
            self.fail(where, "every record needs at least one citation with a locator")
            return None
        try:
            with transaction.atomic():
                instance = self.save_record(section, data)
                if section.cited:
                    self.sync_citations(instance, data.get("citations"), where)
                self.sync_related(section, instance, data)
        except (ValueError, ValidationError) as error:
            message = _messages(error) if isinstance(error, ValidationError) else str(error)
            self.fail(where, message)
            return None
        return instance

    def save_record(self, section: Section, data: dict):
        model = section.model
        instance = model._default_manager.filter(key=data["key"]).first()
        created = instance is None
        if created:
            instance = model(key=data["key"])
        before = _snapshot(instance)
        mapping = {name: name for name in section.fields} | section.renamed
        for yaml_name, field_name in mapping.items():
            model_field = model._meta.get_field(field_name)
            if model_field.choices and data.get(yaml_name) not in (None, ""):
                allowed = [str(choice) for choice, _label in model_field.choices]
                if str(data[yaml_name]) not in allowed:
                    raise ValueError(
                        f"{yaml_name}: '{data[yaml_name]}' is not one of {', '.join(allowed)}"
                    )
            if yaml_name in data:
                try:
                    value = _coerce(model_field, data[yaml_name])
                except ValueError as error:
                    raise ValueError(f"{yaml_name}: {error}") from None
            elif model_field.has_default():
                value = model_field.get_default()
            else:
                value = None if model_field.null else ""
            setattr(instance, field_name, value)
        for yaml_name, target in section.refs.items():
            setattr(instance, yaml_name, self.resolve(target, data.get(yaml_name), yaml_name))
        if section.case_fk:
            instance.case = self.case
        instance.full_clean(validate_unique=True)
        if created or _snapshot(instance) != before:
            instance._change_reason = CHANGE_REASON
            instance.save()
            self.saved += 1
        else:
            self.unchanged += 1
        if section.case_m2m:
            self.join_case(instance)
        return instance

    # -- related sets ----------------------------------------------------------------
    def sync_citations(self, instance, entries, where):
        if not isinstance(entries, list):
            raise ValueError("citations: expected a list")
        wanted = []
        for position, entry in enumerate(entries):
            if not isinstance(entry, dict):
                raise ValueError(f"citations[{position}]: expected a record")
            unknown = set(entry) - set(CITATION_FIELDS)
            if unknown:
                raise ValueError(
                    f"citations[{position}]: unknown field(s) {', '.join(sorted(unknown))}; "
                    f"allowed: {', '.join(CITATION_FIELDS)}"
                )
            source_key = entry.get("source")
            if source_key not in self.source_keys:
                raise ValueError(
                    f"citations[{position}]: source '{source_key}' is not among this file's "
                    "sources"
                )
            row = {
                name: "" if entry.get(name) is None else str(entry.get(name)).strip()
                for name in CITATION_FIELDS
            }
            row["order"] = position
            wanted.append(row)
        content_type = ContentType.objects.get_for_model(instance)
        existing = Citation.objects.filter(
            content_type=content_type,
            object_id=instance.pk,
            source__key__in=self.source_keys,
        ).select_related("source")
        have = [
            {
                name: getattr(c, name) if name != "source" else c.source.key
                for name in CITATION_FIELDS
            }
            | {"order": c.order}
            for c in existing.order_by("order", "pk")
        ]
        if have == wanted:
            return
        existing.delete()
        for row in wanted:
            citation = Citation(
                content_type=content_type,
                object_id=instance.pk,
                source=self.source(row["source"]),
                **{k: v for k, v in row.items() if k != "source"},
            )
            try:
                citation.full_clean()
            except ValidationError as error:
                raise ValueError(f"citations[{row['order']}]: {_messages(error)}") from None
            citation._change_reason = CHANGE_REASON
            citation.save()

    def sync_related(self, section, instance, data):
        if section.model is Source:
            self.sync_creators(instance, data)
        elif section.model is Event:
            self.sync_participants(instance, data.get("participants") or [])
        elif section.model is Interview:
            self.sync_interviewees(instance, data)
        elif section.model is Quote:
            topics = data.get("topics") or []
            if not isinstance(topics, list):
                raise ValueError("topics: expected a list of topic keys")
            wanted = {self.resolve(Topic, key, "topics").pk for key in topics}
            if wanted != set(instance.topics.values_list("pk", flat=True)):
                instance.topics.set(wanted)

    def _sync_rows(self, manager, wanted: list[dict], compare: tuple[str, ...], model):
        have = [{name: getattr(row, name) for name in compare} for row in manager.all()]
        if have == wanted:
            return
        manager.all().delete()
        for row in wanted:
            obj = model(**row, **{manager.field.name: manager.instance})
            try:
                obj.full_clean(exclude=[manager.field.name])
            except ValidationError as error:
                raise ValueError(_messages(error)) from None
            obj._change_reason = CHANGE_REASON
            obj.save()

    def sync_creators(self, source, data):
        wanted = []
        for role, yaml_name in (
            ("author", "authors"),
            ("editor", "editors"),
            ("translator", "translators"),
        ):
            people = data.get(yaml_name) or []
            if not isinstance(people, list):
                raise ValueError(f"{yaml_name}: expected a list")
            for order, person in enumerate(people):
                if not isinstance(person, dict) or set(person) - {"family", "given", "literal"}:
                    raise ValueError(f"{yaml_name}[{order}]: expected family/given or literal")
                wanted.append(
                    {
                        "role": role,
                        "order": order,
                        "family": str(person.get("family") or "").strip(),
                        "given": str(person.get("given") or "").strip(),
                        "literal": str(person.get("literal") or "").strip(),
                    }
                )
        self._sync_rows(
            source.creators, wanted, ("role", "order", "family", "given", "literal"), SourceCreator
        )

    def sync_participants(self, event, entries):
        if not isinstance(entries, list):
            raise ValueError("participants: expected a list")
        wanted = []
        for order, entry in enumerate(entries):
            if not isinstance(entry, dict) or set(entry) - {"person", "organisation", "role"}:
                raise ValueError(
                    f"participants[{order}]: expected person or organisation, and role"
                )
            if bool(entry.get("person")) == bool(entry.get("organisation")):
                raise ValueError(
                    f"participants[{order}]: give a person or an organisation, not both"
                )
            person = self.resolve(Person, entry.get("person"), f"participants[{order}]")
            organisation = self.resolve(
                Organisation, entry.get("organisation"), f"participants[{order}]"
            )
            wanted.append(
                {
                    "person_id": person.pk if person else None,
                    "organisation_id": organisation.pk if organisation else None,
                    "role": str(entry.get("role") or "").strip(),
                    "order": order,
                }
            )
        self._sync_rows(
            event.participants,
            wanted,
            ("person_id", "organisation_id", "role", "order"),
            EventParticipant,
        )

    def sync_interviewees(self, interview, data):
        keys = data.get("interviewees") or []
        if not isinstance(keys, list) or not keys:
            raise ValueError("interviewees: expected a list of at least one person key")
        post = str(data.get("interviewee_post") or "").strip()
        wanted = [
            {
                "person_id": self.resolve(Person, key, "interviewees").pk,
                "post": post,
                "order": order,
            }
            for order, key in enumerate(keys)
        ]
        self._sync_rows(
            interview.interviewees, wanted, ("person_id", "post", "order"), Interviewee
        )

    # -- records defined by another case --------------------------------------------
    def load_shared(self, shared):
        if not isinstance(shared, dict):
            self.fail("shared", "expected kinds of record (places, people, ...)")
            return
        for kind, entries in shared.items():
            model = shared_kinds().get(kind)
            if model is None:
                known = ", ".join(shared_kinds())
                self.fail(f"shared.{kind}", f"unknown kind (known: {known})")
                continue
            for index, data in enumerate(entries or []):
                where = f"shared.{kind}[{index}]"
                if not isinstance(data, dict) or set(data) - {"key", "citations"}:
                    self.fail(where, "expected key and citations")
                    continue
                where += f" '{data.get('key')}'"
                try:
                    with transaction.atomic():
                        instance = self.resolve(model, data.get("key"), "key")
                        if instance is None:
                            raise ValueError("every record needs a 'key'")
                        if not data.get("citations"):
                            raise ValueError("needs this case's citations of the record")
                        self.join_case(instance)
                        self.sync_citations(instance, data["citations"], where)
                except ValueError as error:
                    self.fail(where, str(error))


def read_case_file(path: Path) -> dict:
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
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
