"""How one list in a case's fixture file maps onto a model: a kind of record's loading rules."""

from dataclasses import dataclass, field
from typing import Protocol

from django.db import models

# A citation as a case file gives it: the key of one of the file's sources and the locator's
# parts (the Citation model's fields of the same names).
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
    # What the record says beyond what this place states outright (cases.models.inferences).
    "inference",
    "inferred_field",
    "rationale",
)


class RelatedSet(Protocol):
    """Rows a record owns beside its own fields (authors, participants, topics...).

    Implementations are in ``cases.ingest.related_sets``; a section lists the ones its
    records have, and the loader and the file's schema ask them, never the model.
    """

    def keys(self) -> tuple[str, ...]:
        """The names this set takes in a record of the file."""

    def properties(self) -> dict[str, dict]:
        """The JSON Schema of each of those names."""

    def required(self) -> tuple[str, ...]:
        """The names every record must give."""

    def sync(self, loader, record: models.Model, data: dict) -> None:
        """Make the record's rows what the file says; raise ``Refused`` if a row is bad."""


@dataclass
class Section:
    """How one list in a case file maps onto a model."""

    name: str
    model: type[models.Model]
    fields: tuple[str, ...] = ()  # copied onto model fields of the same name
    renamed: dict[str, str] = field(default_factory=dict)  # yaml name -> model field
    refs: dict[str, type[models.Model]] = field(default_factory=dict)  # yaml name -> model
    related: tuple[RelatedSet, ...] = ()  # rows the record owns, each set saying how
    case_fk: bool = False
    case_m2m: bool = False
    cited: bool = True

    @property
    def model_fields(self) -> dict[str, str]:
        """Each name the file gives for a field of the record itself -> the model field."""
        return {name: name for name in (*self.fields, *self.refs)} | self.renamed

    @property
    def allowed(self) -> set[str]:
        related = (name for related in self.related for name in related.keys())
        return {"key", "citations", *self.model_fields, *related}

    @property
    def self_reference(self) -> str | None:
        """The reference to a record of the same section (a place's parent), if any: those
        records load parents first."""
        return next((name for name, target in self.refs.items() if target is self.model), None)
