"""The case studies: each built from one source document."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .dated import Dated
from .publication import PublishableQuerySet
from .record import ArchiveRecord

# The home page shows at most this many cases, whatever the archive holds: the rest are
# one link away, on the list of all case studies.
HOME_CASES = 6


class CaseStudyQuerySet(PublishableQuerySet):
    def for_list(self):
        return self.with_public("source").prefetch_related("source__creators")

    def for_home(self):
        """The public cases the home page shows: the featured ones, at most ``HOME_CASES``.

        With none featured, the first cases in date order stand in, so a new archive's
        home page is never empty. Which of the two applies is decided in the same query,
        so the page costs two (the cases, their sources' creators) however many there are.
        """
        public = self.public()
        none_featured = ~models.Exists(public.filter(featured=True))
        return (
            public.filter(models.Q(featured=True) | none_featured)
            .for_list()
            .order_by(models.F("date_sort").asc(nulls_last=True), "pk")[:HOME_CASES]
        )

    def for_page(self):
        from .citations import public_citations

        return self.with_public("source").prefetch_related("source__creators", public_citations())


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

    featured = models.BooleanField(
        _("featured"),
        default=False,
        help_text=_(
            "Shown on the home page, which holds at most six featured cases, the earliest "
            "first; every published case is in the list of all case studies."
        ),
    )

    network_year = models.PositiveSmallIntegerField(
        _("network's opening year"),
        null=True,
        blank=True,
        help_text=_(
            "The year the organisations' network opens at for this case. Empty, or "
            "outside the case's period: the year with the most relations in force."
        ),
    )

    objects = CaseStudyQuerySet.as_manager()

    class Meta:
        verbose_name = _("case study")
        verbose_name_plural = _("case studies")
        ordering = ["date_sort"]

    def __str__(self):
        return self.short_title
