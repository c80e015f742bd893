"""Partial-date fields on records: the EDTF string, indexed bounds, the source's wording."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from cases.records import partial_dates


def as_written_name(attname: str) -> str:
    """The column holding the source's wording of a partial date: ``date_as_written``."""
    return f"{attname}_as_written"


class PartialDateAccessor:
    """``record.partial_date``: the field's value read as a ``PartialDate`` (None if
    undated or unreadable), with the source's wording of it, from the row itself, so it
    costs no query. Strings are read once per process, so asking again is cheap and never
    stale."""

    def __init__(self, attname: str):
        self.attname = attname

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        date = partial_dates.read(getattr(instance, self.attname))
        if date is None:
            return None
        return date.written_as(getattr(instance, as_written_name(self.attname), ""))


class PartialDateField(models.CharField):
    """An EDTF level 1 string, validated; its bounds live in sibling fields.

    A model with a field ``date`` of this kind declares ``date_earliest``,
    ``date_latest`` and ``date_sort`` beside it (``bound_fields()``), which
    ``PartialDates.save()`` fills, and ``date_as_written`` (an ``AsWrittenField``), the
    source's own wording. The record reads both as one ``PartialDate`` through
    ``partial_date`` (for a field ``founded``, ``partial_founded``).
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


class AsWrittenField(models.CharField):
    """The source's own wording of a partial date, kept beside it: the EDTF says the widest
    span the wording honestly allows ("194X"), this says what the source said ("late
    1940s"); pages, exports and timelines show both. Declared as ``<date>_as_written``
    next to its date, whose ``PartialDate`` then carries it."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("verbose_name", _("as the source words it"))
        kwargs.setdefault("max_length", 200)
        kwargs.setdefault("blank", True)
        kwargs.setdefault(
            "help_text",
            _(
                "The source's own words for this date, as printed: “late 1940s”, “early "
                "2004”, “since 1990”. The date beside it is then the widest span these words "
                "allow (197X for “late 1970s”, never 1977/1979). Leave empty when the "
                "source dates it as plainly as the date says."
            ),
        )
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        # Like PartialDateField: the defaults stay out of migrations.
        name, path, args, kwargs = super().deconstruct()
        for key, default in (("max_length", 200), ("blank", True)):
            if kwargs.get(key) == default:
                kwargs.pop(key)
        kwargs.pop("help_text", None)
        kwargs.pop("verbose_name", None)
        return name, path, args, kwargs


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
    date_as_written = AsWrittenField()

    class Meta:
        abstract = True

    @property
    def date_display(self) -> str:
        """The date in our words, with the source's wording beside it if recorded."""
        return partial_dates.describe(self.date, self.date_as_written)
