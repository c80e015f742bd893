"""How one list in a case's fixture file maps onto a model: a kind of record's loading rules."""

from dataclasses import dataclass, field

from django.db import models


@dataclass
class Section:
    """How one list in a case file maps onto a model."""

    name: str
    model: type[models.Model]
    fields: tuple[str, ...] = ()  # copied onto model fields of the same name
    renamed: dict[str, str] = field(default_factory=dict)  # yaml name -> model field
    refs: dict[str, type[models.Model]] = field(default_factory=dict)  # yaml name -> model
    extra: tuple[str, ...] = ()  # handled by a section's related-set hook
    case_fk: bool = False
    case_m2m: bool = False
    cited: bool = True

    @property
    def allowed(self) -> set[str]:
        return {"key", "citations", *self.fields, *self.renamed, *self.refs, *self.extra}
