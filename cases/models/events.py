"""Events: dated happenings with their place and participants."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .dated import Dated
from .publication import PublishableQuerySet, in_public_case
from .record import ArchiveRecord
from .searchable import Searchable


def public_participants() -> models.Prefetch:
    """An event's people and organisations, leaving out any draft one."""
    from .organisations import Organisation
    from .people import Person

    public_person = Q(person__isnull=True) | Person.public_q("person__")
    public_organisation = Q(organisation__isnull=True) | Organisation.public_q("organisation__")
    return models.Prefetch(
        "participants",
        EventParticipant.objects.filter(public_person & public_organisation).select_related(
            "person", "organisation"
        ),
    )


class EventQuerySet(PublishableQuerySet):
    def for_list(self):
        return (
            self.select_related("case")
            .with_public("place")
            .prefetch_related(public_participants())
        )

    def for_page(self):
        from .citations import public_citations
        from .places import ancestry

        return (
            self.select_related("case")
            .with_public("place", *ancestry("place"))
            .prefetch_related(public_participants(), public_citations())
        )


class EventKind(models.TextChoices):
    ELECTION = "election", _("election")
    FOUNDING = "founding", _("founding")
    DISSOLUTION = "dissolution", _("dissolution")
    SPLIT = "split", _("split")
    ALLIANCE = "alliance", _("alliance")
    APPOINTMENT = "appointment", _("appointment or change of office")
    LAW = "law", _("law or decree")
    PROGRAMME = "programme", _("programme or project")
    MEETING = "meeting", _("meeting or assembly")
    MOBILISATION = "mobilisation", _("mobilisation or protest")
    CONFLICT = "conflict", _("conflict")
    VIOLENCE = "violence", _("political violence")
    VOTE = "vote", _("vote or decision")
    OTHER = "other", _("other")


class Event(Dated, ArchiveRecord, Searchable):
    """Something that happened, dated as precisely as the source allows."""

    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=16, choices=EventKind.choices, db_index=True)
    case = models.ForeignKey(
        "cases.CaseStudy", on_delete=models.PROTECT, related_name="events", verbose_name=_("case")
    )
    place = models.ForeignKey(
        "cases.Place",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("place"),
    )
    description = models.TextField(_("description"), blank=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = [models.F("date_sort").asc(nulls_last=True), "title"]  # undated last
        indexes = [
            models.Index(fields=["date_sort"]),
            models.Index(fields=["date_earliest", "date_latest"]),
            models.Index(fields=["case", "date_sort"]),
        ]

    @property
    def public_place_ancestors(self) -> list:
        """The public places above the event's place, from the top down (see ``for_page``)."""
        from .places import public_ancestors

        return public_ancestors(self, "place")

    def __str__(self):
        return f"{self.title} ({self.date_display})"

    @classmethod
    def public_q(cls, prefix: str = "") -> Q:
        return super().public_q(prefix) & in_public_case(prefix)


class EventParticipant(models.Model):
    """A person or an organisation taking part in an event, with its part."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participants")
    person = models.ForeignKey(
        "cases.Person",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="event_parts",
        verbose_name=_("person"),
    )
    organisation = models.ForeignKey(
        "cases.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="event_parts",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("part"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["event", "order"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False, organisation__isnull=True)
                | Q(person__isnull=True, organisation__isnull=False),
                name="participant_is_person_or_organisation",
            )
        ]

    def __str__(self):
        who = self.person or self.organisation
        return f"{who}: {self.role}" if self.role else str(who)

    def clean(self):
        if bool(self.person_id) == bool(self.organisation_id):
            raise ValidationError(_("Choose a person or an organisation, not both."))
