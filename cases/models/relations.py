"""Relations over time: a person in an organisation, an organisation to another."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .dated import Dated
from .organisations import Organisation
from .people import Person
from .record import ArchiveRecord


class TimeBoundRelation(Dated, ArchiveRecord):
    """A relation that holds over a period: dated, or explicitly marked undated."""

    undated = models.BooleanField(
        _("undated"),
        default=False,
        help_text=_("Tick when the source gives no date for this relation."),
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if not self.date and not self.undated:
            raise ValidationError(
                {"date": _("Give the date the source gives, or tick “undated”.")}
            )
        if self.date and self.undated:
            raise ValidationError({"undated": _("A dated relation cannot also be undated.")})


class Affiliation(TimeBoundRelation):
    """A person's post or role in an organisation: "PUM district councillor", "mayor"."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="affiliations", verbose_name=_("person")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="affiliations",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("post or role"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")
        ordering = ["date_sort", "person__name"]
        indexes = [models.Index(fields=["date_earliest", "date_latest"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(undated=True) | ~Q(date=""), name="affiliation_dated_or_undated"
            )
        ]

    def __str__(self):
        role = f" — {self.role}" if self.role else ""
        return f"{self.person}: {self.organisation}{role}"

    def get_absolute_url(self) -> str:
        # An affiliation is read on its person's page, in the timeline.
        return self.person.get_absolute_url()

    @classmethod
    def public_q(cls, prefix: str = "") -> Q:
        return (
            super().public_q(prefix)
            & Person.public_q(f"{prefix}person__")
            & Organisation.public_q(f"{prefix}organisation__")
        )


class RelationKind(models.TextChoices):
    MEMBER_OF = "member-of", _("member of")
    PART_OF = "part-of", _("part of")
    SPLIT_FROM = "split-from", _("split from")
    ALLIED_WITH = "allied-with", _("allied with")
    OPPOSED_TO = "opposed-to", _("opposed to")
    SUCCESSOR_OF = "successor-of", _("successor of")
    FUNDED_BY = "funded-by", _("funded by")
    PARTNER_OF = "partner-of", _("partner of")
    OTHER = "other", _("other (see description)")


class OrganisationRelation(TimeBoundRelation):
    """How one organisation stood to another: PMR split from PUM in November 1988."""

    subject = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="relations_out",
        verbose_name=_("organisation"),
    )
    kind = models.CharField(_("relation"), max_length=16, choices=RelationKind.choices)
    object = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="relations_in",
        verbose_name=_("related organisation"),
    )

    class Meta:
        verbose_name = _("organisation relation")
        verbose_name_plural = _("organisation relations")
        ordering = ["date_sort"]
        indexes = [models.Index(fields=["date_earliest", "date_latest"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(undated=True) | ~Q(date=""), name="org_relation_dated_or_undated"
            ),
            models.CheckConstraint(
                condition=~Q(subject=models.F("object")), name="org_relation_not_reflexive"
            ),
        ]

    def __str__(self):
        return f"{self.subject} {self.get_kind_display()} {self.object}"

    def get_absolute_url(self) -> str:
        return self.subject.get_absolute_url()

    @classmethod
    def public_q(cls, prefix: str = "") -> Q:
        return (
            super().public_q(prefix)
            & Organisation.public_q(f"{prefix}subject__")
            & Organisation.public_q(f"{prefix}object__")
        )
