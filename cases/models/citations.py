"""Citations: any archive record → a source, with a locator split into its parts."""

import re

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.records import locators

from .inferences import Inference, InferredField


class CitationQuerySet(models.QuerySet):
    def public(self):
        """Citations whose source may be shown: a draft source stays in the admin."""
        from .sources import Source

        return self.filter(Source.public_q("source__"))

    def of_public_records(self):
        """Citations whose record is public: no draft or restricted record shows through.

        Each citation's record is looked up by its key (an index probe per citation) rather
        than matched against every public record of every kind: a work's page then costs
        what its own citations cost, however large the rest of the archive.
        """
        from django.apps import apps

        from .record import ArchiveRecord

        condition = models.Q(pk__in=[])
        for model in apps.get_app_config("cases").get_models():
            if issubclass(model, ArchiveRecord):
                content_type = ContentType.objects.get_for_model(model)
                record_is_public = model._default_manager.public().filter(
                    pk=models.OuterRef("object_id")
                )
                condition |= models.Q(content_type=content_type) & models.Exists(record_is_public)
        return self.filter(condition)

    def for_display(self):
        return self.select_related("source").prefetch_related("source__creators")


def public_citations(lookup: str = "citations") -> models.Prefetch:
    """Prefetch a record's citations to public sources, in order, with their authors."""
    return models.Prefetch(lookup, queryset=Citation.objects.public().for_display())


# What an archivist enters for a citation, in the order the admin and the case files give it:
# the source, then the locator's parts, the OCR correction and a note.
ENTERED_FIELDS = (
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


class Citation(models.Model):
    """Where a source supports a record: "section 'MIADES', n. 10", "Table 2".

    The locator is kept in parts (page, section, footnote, table, box, appendix) because
    the sources cite that way ("p. 12, n. 10") and readers follow one part at a time.
    ``correction`` records any OCR damage or misprint corrected from context;
    ``inference`` marks what the record says beyond what this place states outright
    (``cases.models.inferences``), with its ``rationale``.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    source = models.ForeignKey(
        "cases.Source",
        on_delete=models.PROTECT,
        related_name="citations_given",
        verbose_name=_("source"),
    )
    page = models.CharField(_("page"), max_length=32, blank=True)
    section = models.CharField(_("section"), max_length=200, blank=True)
    footnote = models.CharField(_("footnote"), max_length=32, blank=True)
    table = models.CharField(_("table"), max_length=32, blank=True)
    box = models.CharField(_("box"), max_length=32, blank=True)
    appendix = models.CharField(_("appendix"), max_length=32, blank=True)
    locator = models.CharField(
        _("other locator"),
        max_length=200,
        blank=True,
        help_text=_("Anything else: a row, a line."),
    )
    correction = models.TextField(
        _("correction"),
        blank=True,
        help_text=_("OCR damage or misprint corrected from context, and the reasoning."),
    )
    note = models.TextField(_("note"), blank=True)
    inference = models.CharField(
        _("editorial inference"),
        max_length=16,
        choices=Inference.choices,
        blank=True,
        help_text=_(
            "Leave blank when the source states what the record says; otherwise say how the "
            "record goes beyond it."
        ),
    )
    inferred_field = models.CharField(
        _("what is inferred"),
        max_length=16,
        choices=InferredField.choices,
        blank=True,
        help_text=_("The part of the record the inference qualifies; blank: the whole record."),
    )
    rationale = models.TextField(
        _("rationale"),
        blank=True,
        help_text=_("Why, in a sentence of our own: what the source says and what we add."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # Sorts "p. 9" before "p. 10" and "n. 9" before "n. 10".
    sort_key = models.CharField(max_length=64, blank=True, editable=False)

    history = HistoricalRecords()

    objects = CitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        ordering = ["content_type", "object_id", "order", "sort_key"]
        indexes = [
            models.Index(fields=["content_type", "object_id"]),
            models.Index(fields=["source", "sort_key"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(
                    page="", section="", footnote="", table="", box="", appendix="", locator=""
                ),
                name="citation_has_a_locator",
            ),
            # An inference is shown to readers with its reasoning, never bare.
            models.CheckConstraint(
                condition=models.Q(inference="", inferred_field="", rationale="")
                | (~models.Q(inference="") & ~models.Q(rationale="")),
                name="citation_inference_has_a_rationale",
                violation_error_message=_(
                    "An editorial inference needs its kind and a rationale (and a rationale "
                    "or a part of the record needs an inference)."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.source} — {self.locator_display}"

    @property
    def locator_display(self) -> str:
        """The locator in words, "p. 12, n. 10", as ``cases.records.locators`` words it."""
        return locators.words(self)

    @property
    def inference_label(self) -> str:
        """ "Inferred (date)", "The archive's translation (gloss)": the flag readers see."""
        if not self.inference:
            return ""
        if self.inferred_field:
            return _("%(inference)s (%(field)s)") % {
                "inference": self.get_inference_display(),
                "field": self.get_inferred_field_display(),
            }
        return str(self.get_inference_display())

    def compute_sort_key(self) -> str:
        def padded(value: str) -> str:
            return re.sub(r"\d+", lambda m: m.group().zfill(5), value or "")

        return "|".join(padded(v) for v in (self.page, self.footnote, self.table))[:64]

    def save(self, *args, **kwargs):
        self.sort_key = self.compute_sort_key()
        super().save(*args, **kwargs)
