"""The case studies: each built from one source document."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .dated import Dated
from .publication import PublishableQuerySet
from .record import ArchiveRecord


class CaseStudyQuerySet(PublishableQuerySet):
    def for_list(self):
        return self.select_related("source").prefetch_related("source__creators")

    def for_page(self):
        from .citations import public_citations

        return self.select_related("source").prefetch_related(
            "source__creators", public_citations()
        )


class CaseStudy(Dated, ArchiveRecord):
    """One case, e.g. El Agustino 1981–1993; ``date`` is the period it covers."""

    title = models.CharField(_("title"), max_length=300)
    short_title = models.CharField(_("short title"), max_length=100)
    region = models.CharField(_("region"), max_length=200)
    summary = models.TextField(_("summary"), help_text=_("In our own words, with citations."))
    source = models.ForeignKey(
        "cases.Source",
        on_delete=models.PROTECT,
        related_name="case_studies",
        verbose_name=_("source document"),
    )

    objects = CaseStudyQuerySet.as_manager()

    class Meta:
        verbose_name = _("case study")
        verbose_name_plural = _("case studies")
        ordering = ["date_sort"]

    def __str__(self):
        return self.short_title
