"""Interviews: the taped conversations the sources cite, with their access conditions."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .dated import Dated
from .publication import PublishableQuerySet, in_public_case
from .record import ArchiveRecord
from .searchable import Searchable


def public_interviewees(lookup: str = "interviewees") -> models.Prefetch:
    from .people import Person

    return models.Prefetch(
        lookup, Interviewee.objects.filter(Person.public_q("person__")).select_related("person")
    )


class InterviewQuerySet(PublishableQuerySet):
    def for_list(self):
        return (
            self.select_related("case", "interviewer")
            .with_public("place")
            .prefetch_related(public_interviewees())
        )

    def for_page(self):
        from .citations import public_citations
        from .quotes import Quote

        return (
            self.select_related("case")
            .with_public("place", "place__parent", "interviewer", "series")
            .prefetch_related(
                public_interviewees(),
                models.Prefetch("quotes", Quote.objects.public().select_related("speaker")),
                public_citations(),
            )
        )


class InterviewSeries(Dated, ArchiveRecord):
    """A campaign of interviews, e.g. El Agustino and Santa Anita, Nov. 1991 – Feb. 1992."""

    title = models.CharField(_("title"), max_length=300)
    case = models.ForeignKey(
        "cases.CaseStudy",
        on_delete=models.PROTECT,
        related_name="interview_series",
        verbose_name=_("case"),
    )
    place = models.ForeignKey(
        "cases.Place",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="interview_series",
        verbose_name=_("place"),
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("interview series")
        verbose_name_plural = _("interview series")
        ordering = ["date_sort"]

    def __str__(self):
        return self.title

    def get_absolute_url(self) -> str:
        return self.case.get_absolute_url()

    @classmethod
    def public_q(cls, prefix: str = "") -> Q:
        return super().public_q(prefix) & in_public_case(prefix)


class Access(models.TextChoices):
    PUBLIC = "public", _("public")
    RESTRICTED = "restricted", _("restricted")
    EMBARGOED = "embargoed", _("embargoed until a date")


class Form(models.TextChoices):
    INDIVIDUAL = "individual", _("individual interview")
    GROUP = "group", _("group interview")
    FOCUS_GROUP = "focus-group", _("focus group")
    GROUP_VOTE = "group-vote", _("group vote")


class Interview(Dated, ArchiveRecord, Searchable):
    """One interview as the sources cite it: who, when, where, taped, under what access.

    Restricted interviews, and embargoed ones before their date, stay in the admin with
    every quote drawn from them.
    """

    title = models.CharField(_("title"), max_length=300)
    case = models.ForeignKey(
        "cases.CaseStudy",
        on_delete=models.PROTECT,
        related_name="interviews",
        verbose_name=_("case"),
    )
    series = models.ForeignKey(
        InterviewSeries,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interviews",
        verbose_name=_("series"),
    )
    interviewer = models.ForeignKey(
        "cases.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="interviews_conducted",
        verbose_name=_("interviewer"),
    )
    place = models.ForeignKey(
        "cases.Place",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="interviews",
        verbose_name=_("place"),
    )
    taped = models.BooleanField(
        _("taped"), null=True, blank=True, help_text=_("Leave unknown if the source does not say.")
    )
    language = models.CharField(
        _("language"), max_length=8, blank=True, help_text=_("ISO 639-1 code: es, en, qu.")
    )
    form = models.CharField(
        _("form"), max_length=16, choices=Form.choices, default=Form.INDIVIDUAL, db_index=True
    )
    access = models.CharField(
        _("access"), max_length=16, choices=Access.choices, default=Access.PUBLIC, db_index=True
    )
    embargo_until = models.DateField(_("embargoed until"), null=True, blank=True)
    consent_note = models.TextField(_("consent note"), blank=True)
    description = models.TextField(_("description"), blank=True)

    objects = InterviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")
        ordering = [models.F("date_sort").asc(nulls_last=True), "title"]  # undated last
        indexes = [
            models.Index(fields=["date_sort"]),
            models.Index(fields=["date_earliest", "date_latest"]),
            models.Index(fields=["language"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(access="embargoed") | Q(embargo_until__isnull=False),
                name="embargo_has_a_date",
            )
        ]

    def __str__(self):
        return self.title

    @classmethod
    def public_q(cls, prefix: str = "") -> Q:
        # An embargo ends by itself on its date: computed per query, not per save.
        today = timezone.localdate()
        open_access = Q(**{f"{prefix}access": Access.PUBLIC}) | Q(
            **{f"{prefix}access": Access.EMBARGOED, f"{prefix}embargo_until__lte": today}
        )
        return super().public_q(prefix) & open_access & in_public_case(prefix)

    def clean(self):
        super().clean()
        if self.access == Access.EMBARGOED and not self.embargo_until:
            raise ValidationError({"embargo_until": _("An embargo needs the date it ends.")})


class Interviewee(models.Model):
    """A person interviewed, with the post the citing footnote gives them."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="interviewees")
    person = models.ForeignKey(
        "cases.Person",
        on_delete=models.PROTECT,
        related_name="interviews_given",
        verbose_name=_("person"),
    )
    post = models.CharField(
        _("post at the time"), max_length=300, blank=True, help_text=_("As the source gives it.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("interviewee")
        verbose_name_plural = _("interviewees")
        ordering = ["interview", "order"]
        constraints = [
            models.UniqueConstraint(fields=["interview", "person"], name="interviewee_once")
        ]

    def __str__(self):
        return f"{self.person}{', ' + self.post if self.post else ''}"
