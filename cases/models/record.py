"""What every archive record shares: a stable key, status, citations, notes, history."""

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .publication import Publishable


class ArchiveHistory(HistoricalRecords):
    """History of what archivists write; columns the database derives are not kept."""

    DERIVED = {"search_document"}  # see ``Searchable``

    def fields_included(self, model):
        return [
            field for field in super().fields_included(model) if field.name not in self.DERIVED
        ]


class ArchiveRecord(Publishable):
    key = models.SlugField(
        _("key"),
        max_length=120,
        unique=True,
        help_text=_("Stable identifier, used in URLs and fixtures: lower-case-with-hyphens."),
    )
    notes = models.TextField(
        _("archivist's notes"), blank=True, help_text=_("Private: never shown to the public.")
    )
    citations = GenericRelation("cases.Citation")
    created = models.DateTimeField(_("created"), auto_now_add=True)
    modified = models.DateTimeField(_("modified"), auto_now=True)

    # History rows are copies, not relations, so they outlive a deleted record.
    history = ArchiveHistory(inherit=True)

    class Meta:
        abstract = True

    @property
    def shown_name(self):
        """The record's name for a page's text (never an attribute or a <title>): its
        ``str``, marked as a name (``cases.records.wording``)."""
        from cases.records.wording import name

        return name(str(self))

    def get_absolute_url(self) -> str:
        # Public pages are named after the model: "cases:person", "cases:glossaryterm".
        return reverse(f"cases:{self._meta.model_name}", kwargs={"key": self.key})
