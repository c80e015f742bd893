"""Rows a record owns beside its own fields, as a case file gives them.

A source's authors, editors and translators, an event's participants, an interview's
interviewees and a quote's topics are not fields of the record: they are rows of another
model (or a many-to-many set). A section declares the sets its records have, each saying
which names it takes in the file, their shape (for the file's schema) and how it writes
them. Every row is validated by its model's form, as the admin's inlines validate it, and a
record's rows are replaced only when they differ, so loading twice writes no history.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models

from cases.ingest.case_schema import KEY, TEXT
from cases.ingest.record_forms import Refused, record_form, snapshot, validated

CHANGE_REASON = "Loaded from the case fixtures"


def stored_rows(rows) -> list[dict]:
    """What each of a record's rows says, in order: what the file's rows are compared with."""
    return [snapshot(row) for row in rows]


def replace_rows(rows, stored: list[dict], wanted: list[models.Model]) -> None:
    """Give the record exactly the wanted rows in place of ``rows`` (a queryset of what
    ``stored`` describes), writing nothing if it already has them."""
    if stored == [snapshot(row) for row in wanted]:
        return
    rows.delete()
    for row in wanted:
        row._change_reason = CHANGE_REASON
        row.save()


def _row_schema(fields: tuple[str, ...]) -> dict:
    """A row as the file gives it: some of these names, no others."""
    return {
        "type": "object",
        "properties": dict.fromkeys(fields, TEXT),
        "additionalProperties": False,
    }


@dataclass(frozen=True)
class OwnedRows:
    """Rows that point at the record, in the file's order: an event's participants.

    The file gives a list of mappings under ``name``, each with some of ``fields`` (the row
    model's fields; references by key).
    """

    name: str
    fields: tuple[str, ...]
    relation: str = ""  # the record's related manager, if not named as in the file

    def keys(self) -> tuple[str, ...]:
        return (self.name,)

    def required(self) -> tuple[str, ...]:
        return ()

    def properties(self) -> dict[str, dict]:
        row = _row_schema(self.fields)
        return {self.name: {"type": ["array", "null"], "items": row}}

    def rows(self, data: dict):
        """(where, values, constant fields) for each row the file gives."""
        for order, entry in enumerate(data.get(self.name) or []):
            yield f"{self.name}[{order}]", entry, {"order": order}

    def sync(self, loader, record: models.Model, data: dict) -> None:
        manager = getattr(record, self.relation or self.name)
        stored = stored_rows(manager.all())
        wanted = []
        for position, (where, values, constants) in enumerate(self.rows(data)):
            row = manager.model(**{manager.field.name: record}, **constants)
            known = stored[position] if position < len(stored) else None
            try:
                wanted.append(validated(row, self.fields, values, stored=known))
            except Refused as error:
                raise Refused(f"{where}: {error}") from None
        replace_rows(manager.all(), stored, wanted)


@dataclass(frozen=True)
class RowsByRole(OwnedRows):
    """Rows under one name per role, each list in its own order: a source's creators.

    ``name`` is the record's related manager; ``roles`` maps a name in the file
    (``authors``) to the value of the row's ``role_field``.
    """

    roles: dict[str, str] = field(default_factory=dict)
    role_field: str = "role"

    def keys(self) -> tuple[str, ...]:
        return tuple(self.roles)

    def properties(self) -> dict[str, dict]:
        row = _row_schema(self.fields)
        return {name: {"type": ["array", "null"], "items": row} for name in self.roles}

    def rows(self, data: dict):
        for name, role in self.roles.items():
            for order, entry in enumerate(data.get(name) or []):
                yield f"{name}[{order}]", entry, {self.role_field: role, "order": order}


@dataclass(frozen=True)
class KeyedRows(OwnedRows):
    """Rows given as a list of keys, with values the record gives once for all of them: an
    interview's interviewees and the post the footnote gives them.

    ``fields`` is the row's reference first, then the fields ``shared`` fills; ``shared``
    maps a name of the record in the file to a field of every row.
    """

    shared: dict[str, str] = field(default_factory=dict)
    at_least_one: bool = False

    def keys(self) -> tuple[str, ...]:
        return (self.name, *self.shared)

    def required(self) -> tuple[str, ...]:
        return (self.name,) if self.at_least_one else ()

    def properties(self) -> dict[str, dict]:
        if self.at_least_one:
            keys = {"type": "array", "items": KEY, "minItems": 1}
        else:
            keys = {"type": ["array", "null"], "items": KEY}
        return {self.name: keys} | dict.fromkeys(self.shared, TEXT)

    def rows(self, data: dict):
        reference = self.fields[0]
        common = {row_field: data.get(name) for name, row_field in self.shared.items()}
        for order, key in enumerate(data.get(self.name) or []):
            yield f"{self.name}[{order}]", {reference: key} | common, {"order": order}


@dataclass(frozen=True)
class TaggedWith:
    """A many-to-many set given as a list of keys: a quote's topics."""

    name: str  # the record's many-to-many field, and its name in the file

    def keys(self) -> tuple[str, ...]:
        return (self.name,)

    def required(self) -> tuple[str, ...]:
        return ()

    def properties(self) -> dict[str, dict]:
        return {self.name: {"type": ["array", "null"], "items": KEY}}

    def sync(self, loader, record: models.Model, data: dict) -> None:
        form = record_form(type(record), (self.name,))
        # The field alone, not the whole form: the record itself is validated already.
        key_field = form.base_fields[self.name]
        try:
            wanted = key_field.clean(data.get(self.name) or [])
        except ValidationError as error:
            raise Refused(f"{self.name}: {' '.join(error.messages)}") from None
        wanted_pks = {tagged.pk for tagged in wanted}
        manager = getattr(record, self.name)
        # Setting an unchanged set would still write history rows.
        if wanted_pks != set(manager.values_list("pk", flat=True)):
            manager.set(wanted_pks)
