"""Quotes: the sources' own words, tied to speaker, interview and footnote."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .dated import Dated
from .interviews import Interview
from .people import Person
from .publication import PublishableQuerySet, in_public_case
from .record import ArchiveRecord
from .searchable import Searchable


class QuoteQuerySet(PublishableQuerySet):
    def for_list(self):
        from .citations import public_citations

        return (
            self.select_related("speaker", "interview", "case")
            .with_public("interview__place")
            .prefetch_related("topics", public_citations())
        )

    def for_page(self):
        """The chain of provenance: speaker, interview, the footnotes citing both."""
        from .citations import public_citations
        from .interviews import public_interviewees

        return (
            self.select_related("speaker", "case")
            .with_public("interview__place", "interview__interviewer")
            .prefetch_related(
                "topics",
                public_citations(),
                public_interviewees("interview__interviewees"),
                public_citations("interview__citations"),
            )
        )

    def by_members_of(self, organisation):
        """Quotes by people publicly affiliated with an organisation."""
        from .relations import Affiliation

        members = Affiliation.objects.public().filter(organisation=organisation)
        return self.filter(speaker__in=members.values("person")).select_related(
            "speaker", "interview"
        )


class Topic(models.Model):
    """A keyword for quotes (movement autonomy, clientelism, ...)."""

    key = models.SlugField(_("key"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=120)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Quote(Dated, ArchiveRecord, Searchable):
    """Words a speaker said, as the source prints them.

    A quote drawn from an interview inherits that interview's access: if the interview
    is restricted or embargoed, so is the quote.
    """

    text = models.TextField(_("text as published"))
    original_text = models.TextField(_("original-language text"), blank=True)
    original_language = models.CharField(_("original language"), max_length=8, blank=True)
    translation_note = models.TextField(_("translation note"), blank=True)
    speaker = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="quotes", verbose_name=_("speaker")
    )
    interview = models.ForeignKey(
        Interview,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="quotes",
        verbose_name=_("interview"),
    )
    case = models.ForeignKey(
        "cases.CaseStudy", on_delete=models.PROTECT, related_name="quotes", verbose_name=_("case")
    )
    topics = models.ManyToManyField(
        Topic, related_name="quotes", blank=True, verbose_name=_("topics")
    )
    context = models.TextField(
        _("context"), blank=True, help_text=_("Where it stands and what it answers, in our words.")
    )

    _history_m2m_fields = ["topics"]

    objects = QuoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")
        ordering = [models.F("date_sort").asc(nulls_last=True), "key"]  # undated last
        indexes = [
            models.Index(fields=["date_sort"]),
            models.Index(fields=["case", "date_sort"]),
            models.Index(fields=["original_language"]),
            # The year range filters on a date's bounds, as for events and interviews.
            models.Index(fields=["date_earliest", "date_latest"]),
        ]

    def __str__(self):
        text = self.text if len(self.text) <= 70 else self.text[:67] + "…"
        return f"“{text}” — {self.speaker}"

    @classmethod
    def public_q(cls, prefix: str = "") -> Q:
        interview_public = Q(**{f"{prefix}interview__isnull": True}) | Interview.public_q(
            f"{prefix}interview__"
        )
        return (
            super().public_q(prefix)
            & in_public_case(prefix)
            & Person.public_q(f"{prefix}speaker__")
            & interview_public
        )
