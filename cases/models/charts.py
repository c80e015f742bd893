"""Charts: which figures of a case the archive draws, and how."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .publication import Publishable, in_public_case


class Grouping(models.TextChoices):
    """What a chart reads off each figure to place it: in a category, a series or a panel.

    The drawing code (``cases.drawings.charts``) has one function per choice.
    """

    DATE = "date", _("date, as precise as printed")
    # An election's figures share one column however precisely each is dated.
    YEAR = "year", _("year")
    ROW = "row", _("row label of the printed table")
    COLUMN = "column", _("column label of the printed table")
    # Numbers in different units never share an axis.
    UNIT = "unit", _("unit (per cent apart from the rest)")
    NOTHING = "", _("nothing")


class Layout(models.TextChoices):
    BARS = "bars", _("horizontal bars, each labelled in words")
    COLUMNS = "columns", _("columns along the x axis (e.g. one per year)")


class Chart(Publishable):
    """An archivist's choice of which figures of a case to draw together, and how.

    Nothing in the sources is a chart: the sources print tables and numbers, and the
    archive chooses to draw some of them. So a chart, like a topic, is the archive's own
    record and cites nothing itself (nor is it listed among what cites a source); the
    figures it draws keep their citations, and those are what its caption lists. It names
    its figures by what they say (their table, or their measure) rather than one by one,
    so a figure entered later in the same table is drawn too.
    """

    key = models.SlugField(
        _("key"),
        max_length=120,
        unique=True,
        help_text=_(
            "Stable identifier, used in the chart's address and its CSV's file name: "
            "lower-case-with-hyphens."
        ),
    )
    case = models.ForeignKey(
        "cases.CaseStudy", on_delete=models.PROTECT, related_name="charts", verbose_name=_("case")
    )
    title = models.CharField(_("title"), max_length=300)
    table = models.CharField(
        _("table"),
        max_length=64,
        blank=True,
        help_text=_(
            "Draw the figures of this printed table, named as on the figures: “Table 2”, "
            "“Appendix 1”."
        ),
    )
    measure = models.CharField(
        _("measure"),
        max_length=300,
        blank=True,
        help_text=_("Draw the figures of exactly this measure."),
    )
    measure_prefix = models.CharField(
        _("measure begins with"),
        max_length=300,
        blank=True,
        help_text=_(
            "Draw the figures whose measure begins with these words, e.g. one measure "
            "qualified differently in different years."
        ),
    )
    category = models.CharField(
        _("categories"),
        max_length=16,
        choices=[choice for choice in Grouping.choices if choice[0]],
        default=Grouping.DATE,
        help_text=_("What names each bar or column."),
    )
    series = models.CharField(
        _("series"),
        max_length=16,
        choices=Grouping.choices,
        blank=True,
        default=Grouping.NOTHING,
        help_text=_("Bars side by side within a category, told apart by fill and name."),
    )
    panel = models.CharField(
        _("panels"),
        max_length=16,
        choices=Grouping.choices,
        blank=True,
        default=Grouping.NOTHING,
        help_text=_("Small multiples: one panel, with a scale of its own, per value."),
    )
    layout = models.CharField(
        _("layout"), max_length=16, choices=Layout.choices, default=Layout.BARS
    )
    printed_table = models.BooleanField(
        _("rebuild the printed table"),
        default=False,
        help_text=_(
            "Beneath the chart, the table as printed, cell by cell, instead of a list of "
            "its numbers. Only for a chart of a table."
        ),
    )
    order = models.PositiveSmallIntegerField(
        _("order"),
        default=0,
        help_text=_(
            "The case's charts are shown in this order; a figure two charts select is "
            "drawn in the first."
        ),
    )
    notes = models.TextField(
        _("archivist's notes"), blank=True, help_text=_("Private: never shown to the public.")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("chart")
        verbose_name_plural = _("charts")
        ordering = ["order", "key"]
        indexes = [models.Index(fields=["case", "order", "key"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(table="", measure="", measure_prefix=""),
                name="chart_selects_figures",
                violation_error_message=_(
                    "Say which figures the chart draws: a table, a measure, or the words "
                    "a measure begins with."
                ),
            ),
            models.CheckConstraint(
                condition=Q(printed_table=False) | ~Q(table=""),
                name="chart_printed_table_is_a_table",
                violation_error_message=_(
                    "Only a chart of a table can rebuild the printed table: name the table."
                ),
            ),
        ]

    def __str__(self):
        return self.title

    @classmethod
    def public_q(cls, prefix: str = "") -> Q:
        return super().public_q(prefix) & in_public_case(prefix)

    @property
    def slug(self) -> str:
        """The chart's name on its page (``#chart-<slug>``) and in its CSV's file name."""
        return self.key

    @property
    def figures(self) -> Q:
        """The figures it draws, as a condition on ``Figure``: every selector given holds."""
        selected = Q()
        if self.table:
            selected &= Q(table=self.table)
        if self.measure:
            selected &= Q(measure=self.measure)
        if self.measure_prefix:
            selected &= Q(measure__startswith=self.measure_prefix)
        return selected

    def get_absolute_url(self) -> str:
        # A chart is shown on its case's figures page, under its own heading.
        page = reverse("cases:casestudy_figures", kwargs={"key": self.case.key})
        return f"{page}#chart-{self.key}"
