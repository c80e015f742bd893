"""Glossary: the Spanish and technical terms the sources use."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .publication import PublishableQuerySet
from .record import ArchiveRecord
from .searchable import Searchable


class GlossaryTermQuerySet(PublishableQuerySet):
    def for_list(self):
        from .case_studies import CaseStudy

        return self.prefetch_related(models.Prefetch("cases", CaseStudy.objects.public()))

    def for_page(self):
        from .citations import public_citations

        return self.for_list().prefetch_related(public_citations())


class GlossaryTerm(ArchiveRecord, Searchable):
    """A term as the sources use it (pobladores, faena), glossed and defined in our words."""

    term = models.CharField(_("term"), max_length=200)
    language = models.CharField(_("language"), max_length=8, default="es")
    gloss = models.CharField(_("English gloss"), max_length=300)
    definition = models.TextField(_("definition"), blank=True)
    cases = models.ManyToManyField(
        "cases.CaseStudy", related_name="glossary_terms", blank=True, verbose_name=_("cases")
    )

    _history_m2m_fields = ["cases"]

    objects = GlossaryTermQuerySet.as_manager()

    class Meta:
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")
        ordering = ["term"]
        indexes = [models.Index(fields=["term"]), models.Index(fields=["language"])]

    def __str__(self):
        return self.term
