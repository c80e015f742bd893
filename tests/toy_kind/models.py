"""A leaflet handed out in a case: a published or draft record with a title and its text."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from cases.models import CaseStudy
from cases.models.citations import public_citations
from cases.models.publication import PublishableQuerySet
from cases.models.record import ArchiveRecord
from cases.models.searchable import Searchable


class LeafletQuerySet(PublishableQuerySet):
    def for_list(self):
        return self.prefetch_related(models.Prefetch("cases", CaseStudy.objects.public()))

    def for_page(self):
        return self.for_list().prefetch_related(public_citations())


class Leaflet(ArchiveRecord, Searchable):
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), blank=True)
    cases = models.ManyToManyField(
        "cases.CaseStudy", related_name="leaflets", blank=True, verbose_name=_("cases")
    )

    objects = LeafletQuerySet.as_manager()

    class Meta:
        verbose_name = _("leaflet")
        verbose_name_plural = _("leaflets")
        ordering = ["title"]

    def __str__(self):
        return self.title
