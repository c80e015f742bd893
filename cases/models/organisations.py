"""Organisations: parties, movements, NGOs, municipal offices, funds, donors."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from cases.records import partial_dates

from .dated import AsWrittenField, PartialDateField, PartialDates, bound_fields
from .publication import PublishableQuerySet
from .record import ArchiveRecord
from .searchable import Searchable


class OrganisationQuerySet(PublishableQuerySet):
    def for_list(self):
        from .case_studies import CaseStudy

        return self.with_public("place").prefetch_related(
            models.Prefetch("cases", CaseStudy.objects.public())
        )

    def for_page(self):
        """Members, relations both ways, events and citations: public only, fixed queries."""
        from .case_studies import CaseStudy
        from .citations import public_citations
        from .events import Event, EventParticipant
        from .relations import Affiliation, OrganisationRelation

        return self.with_public("place").prefetch_related(
            models.Prefetch("cases", CaseStudy.objects.public()),
            models.Prefetch("affiliations", Affiliation.objects.public().select_related("person")),
            models.Prefetch(
                "relations_out", OrganisationRelation.objects.public().select_related("object")
            ),
            models.Prefetch(
                "relations_in", OrganisationRelation.objects.public().select_related("subject")
            ),
            models.Prefetch(
                "event_parts",
                EventParticipant.objects.filter(Event.public_q("event__")).select_related(
                    "event", "event__place"
                ),
            ),
            public_citations(),
        )


class OrganisationKind(models.TextChoices):
    PARTY = "party", _("political party")
    ALLIANCE = "alliance", _("alliance or front")
    NGO = "ngo", _("NGO")
    POPULAR_MOVEMENT = "popular-movement", _("popular movement or grassroots organisation")
    FEDERATION = "federation", _("federation")
    MUNICIPALITY = "municipality", _("municipality")
    MUNICIPAL_OFFICE = "municipal-office", _("municipal office or body")
    STATE_AGENCY = "state-agency", _("state agency or body")
    CHURCH_BODY = "church-body", _("church body")
    DONOR = "donor", _("donor")
    NETWORK = "network", _("network")
    MEDIA = "media", _("media")
    FUND_PROGRAMME = "fund-programme", _("fund or programme")
    INTERNATIONAL = "international", _("international organisation")
    OTHER = "other", _("other")


class Organisation(PartialDates, ArchiveRecord, Searchable):
    """A collective actor as the sources name it, with its Spanish name and an English gloss."""

    name = models.CharField(_("name"), max_length=300, help_text=_("In the original language."))
    acronym = models.CharField(_("acronym"), max_length=40, blank=True, db_index=True)
    gloss = models.CharField(_("English gloss"), max_length=300, blank=True)
    # Most English names of Spanish-named organisations are ours: the El Agustino article
    # seldom translates them, while the El Gol report lists its own. A reader must be able
    # to tell which, so a gloss is shown as the archive's translation unless the archivist
    # says the source gives it. One flag per record rather than an inference with a
    # rationale on each: the reason is always the same.
    gloss_in_source = models.BooleanField(
        _("gloss given by the source"),
        default=False,
        help_text=_(
            "Tick when the source itself gives this English name; otherwise the gloss is "
            "shown as the archive's translation."
        ),
    )
    kind = models.CharField(
        _("kind"), max_length=24, choices=OrganisationKind.choices, db_index=True
    )
    founded = PartialDateField(_("founded"))
    founded_earliest, founded_latest, founded_sort = bound_fields()
    founded_as_written = AsWrittenField()
    dissolved = PartialDateField(_("dissolved"))
    dissolved_earliest, dissolved_latest, dissolved_sort = bound_fields()
    dissolved_as_written = AsWrittenField()
    place = models.ForeignKey(
        "cases.Place",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("place"),
    )
    description = models.TextField(_("description"), blank=True)
    cases = models.ManyToManyField(
        "cases.CaseStudy", related_name="organisations", blank=True, verbose_name=_("cases")
    )

    _history_m2m_fields = ["cases"]

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["name"]),
            models.Index(fields=["founded_sort"]),
            models.Index(fields=["founded_earliest", "founded_latest"]),
        ]

    def __str__(self):
        if self.acronym and self.acronym != self.name:
            return f"{self.acronym} ({self.name})"
        return self.name

    @property
    def founded_display(self) -> str:
        return (
            partial_dates.describe(self.founded, self.founded_as_written) if self.founded else ""
        )

    @property
    def dissolved_display(self) -> str:
        if not self.dissolved:
            return ""
        return partial_dates.describe(self.dissolved, self.dissolved_as_written)
