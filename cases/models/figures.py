"""Figures: the sources' numbers, cell by cell, so their tables can be rebuilt."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .dated import Dated
from .publication import PublishableQuerySet, in_public_case
from .record import ArchiveRecord


class FigureQuerySet(PublishableQuerySet):
    def table_grid(self, table: str) -> dict:
        """A printed table rebuilt from its cells: column labels, then rows of cells.

        Cells are the values as printed; a cell with no figure is "".
        """
        cells = list(self.filter(table=table).order_by("row_order", "column_order"))
        columns = {c.column_order: c.column for c in cells}
        rows: dict[int, tuple[str, dict[int, str]]] = {}
        for cell in cells:
            rows.setdefault(cell.row_order, (cell.row, {}))[1][cell.column_order] = cell.value_text
        column_order = sorted(columns)
        return {
            "columns": [columns[i] for i in column_order],
            "rows": [
                {"label": label, "cells": [values.get(i, "") for i in column_order]}
                for _position, (label, values) in sorted(rows.items())
            ],
        }


class Unit(models.TextChoices):
    PERCENT = "percent", _("per cent")
    PERSONS = "persons", _("persons")
    HOUSEHOLDS = "households", _("households")
    SOLES = "soles", _("soles")
    USD = "usd", _("US dollars")
    GBP = "gbp", _("pounds sterling")
    COUNT = "count", _("count")
    RATIO = "ratio", _("ratio")
    KM2 = "km2", _("square kilometres")
    YEARS = "years", _("years")
    OTHER = "other", _("other")


class Figure(Dated, ArchiveRecord):
    """A quantitative fact: what is measured, its value as printed, where and when.

    Table cells carry their table, row and column labels as printed, so that a table
    can be rebuilt exactly; contradictions between tables are kept, each with a note.
    """

    measure = models.CharField(_("measure"), max_length=300)
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=4, null=True, blank=True)
    value_text = models.CharField(_("value as printed"), max_length=120)
    unit = models.CharField(_("unit"), max_length=16, choices=Unit.choices, default=Unit.OTHER)
    case = models.ForeignKey(
        "cases.CaseStudy", on_delete=models.PROTECT, related_name="figures", verbose_name=_("case")
    )
    place = models.ForeignKey(
        "cases.Place",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="figures",
        verbose_name=_("place"),
    )
    organisation = models.ForeignKey(
        "cases.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="figures",
        verbose_name=_("organisation"),
    )
    table = models.CharField(_("table"), max_length=64, blank=True, db_index=True)
    row = models.CharField(_("row label"), max_length=300, blank=True)
    column = models.CharField(_("column label"), max_length=300, blank=True)
    row_order = models.PositiveSmallIntegerField(_("row position"), default=0)
    column_order = models.PositiveSmallIntegerField(_("column position"), default=0)
    note = models.TextField(_("note"), blank=True)

    objects = FigureQuerySet.as_manager()

    class Meta:
        verbose_name = _("figure")
        verbose_name_plural = _("figures")
        ordering = ["case", "table", "row_order", "column_order", "date_sort", "key"]
        indexes = [models.Index(fields=["case", "table", "row_order", "column_order"])]

    def __str__(self):
        return f"{self.measure}: {self.value_text}"

    @classmethod
    def public_q(cls, prefix: str = "") -> Q:
        return super().public_q(prefix) & in_public_case(prefix)

    def get_absolute_url(self) -> str:
        # Figures are shown with their case, table by table.
        return self.case.get_absolute_url()
