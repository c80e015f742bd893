"""Partial-date fields on records: the EDTF string plus indexed bounds."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from cases.records import partial_dates


class PartialDateAccessor:
    """``record.partial_date``: the field's value read as a ``PartialDate`` (None if
    undated or unreadable), from the row itself, so it costs no query. Strings are read
    once per process, so asking again is cheap and never stale."""

    def __init__(self, attname: str):
        self.attname = attname

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        return partial_dates.read(getattr(instance, self.attname))


class PartialDateField(models.CharField):
    """An EDTF level 1 string, validated; its bounds live in sibling fields.

    A model with a field ``date`` of this kind declares ``date_earliest``,
    ``date_latest`` and ``date_sort`` beside it; ``PartialDates.save()`` fills them.
    The record reads it as a ``PartialDate`` through ``partial_date`` (for a field
    ``founded``, ``partial_founded``).
    """

    default_validators = [partial_dates.validate]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("blank", True)
        kwargs.setdefault(
            "help_text",
            _(
                "As precise as the source allows, in EDTF: 1987, 1987-12, 1989~ (about), "
                "1989? (uncertain), 197X (the 1970s), 1987-12/1988-11 (a range), "
                "1986/.. (from 1986 on). Leave empty if undated."
            ),
        )
        super().__init__(*args, **kwargs)

    def contribute_to_class(self, cls, name, *args, **kwargs):
        super().contribute_to_class(cls, name, *args, **kwargs)
        setattr(cls, f"partial_{name}", PartialDateAccessor(self.attname))

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("help_text", None)
        if kwargs.get("max_length") == 64:
            kwargs.pop("max_length")
        if kwargs.get("blank") is True:
            kwargs.pop("blank")
        return name, path, args, kwargs


def bound_fields():
    """The three derived columns of a partial date: earliest, latest, sort."""
    return (
        models.DateField(_("earliest possible date"), null=True, blank=True, editable=False),
        models.DateField(_("latest possible date"), null=True, blank=True, editable=False),
        models.DateField(_("sort date"), null=True, blank=True, editable=False),
    )


class PartialDates(models.Model):
    """Fills the bounds of every PartialDateField on save."""

    class Meta:
        abstract = True

    def compute_partial_dates(self):
        for field in self._meta.concrete_fields:
            if isinstance(field, PartialDateField):
                parsed = partial_dates.parse(getattr(self, field.attname))
                for suffix in ("earliest", "latest", "sort"):
                    value = getattr(parsed, suffix) if parsed else None
                    setattr(self, f"{field.attname}_{suffix}", value)

    def save(self, *args, **kwargs):
        self.compute_partial_dates()
        super().save(*args, **kwargs)


class Dated(PartialDates):
    """A record with one partial date: when it happened, was said or held."""

    date = PartialDateField(_("date"))
    date_earliest, date_latest, date_sort = bound_fields()

    class Meta:
        abstract = True

    @property
    def date_display(self) -> str:
        return partial_dates.describe(self.date)
