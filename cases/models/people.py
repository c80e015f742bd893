"""People: named actors and the anonymous speakers the sources describe."""

from django.db import models
from django.db.models import Q
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from .publication import PublishableQuerySet
from .record import ArchiveRecord
from .searchable import Searchable


class PersonQuerySet(PublishableQuerySet):
    def for_list(self):
        from .case_studies import CaseStudy

        return self.prefetch_related(models.Prefetch("cases", CaseStudy.objects.public()))

    def for_page(self):
        """Everything a person's page shows, public only, in a fixed number of queries."""
        from .case_studies import CaseStudy
        from .citations import public_citations
        from .events import Event, EventParticipant
        from .interviews import Interview, Interviewee
        from .quotes import Quote
        from .relations import Affiliation

        return self.prefetch_related(
            models.Prefetch("cases", CaseStudy.objects.public()),
            models.Prefetch(
                "affiliations",
                Affiliation.objects.public().select_related("organisation"),
            ),
            models.Prefetch(
                "event_parts",
                EventParticipant.objects.filter(Event.public_q("event__")).select_related(
                    "event", "event__place"
                ),
            ),
            models.Prefetch(
                "interviews_given",
                Interviewee.objects.filter(Interview.public_q("interview__")).select_related(
                    "interview", "interview__place"
                ),
            ),
            models.Prefetch("quotes", Quote.objects.public().select_related("interview", "case")),
            public_citations(),
        )


class Person(ArchiveRecord, Searchable):
    """Someone who acts or speaks in a case.

    Anonymous speakers are first-class: the sources often describe rather than name
    ("a member of a Vaso de Leche committee"); they get no invented name, and
    ``description`` is how they are shown.
    """

    name = models.CharField(_("name"), max_length=200, blank=True)
    anonymous = models.BooleanField(
        _("anonymous"), default=False, help_text=_("The source does not name this person.")
    )
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_(
            "Who they are in the sources; for an anonymous person, how they are described."
        ),
    )
    cases = models.ManyToManyField(
        "cases.CaseStudy", related_name="people", blank=True, verbose_name=_("cases")
    )

    _history_m2m_fields = ["cases"]

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name", "key"]
        indexes = [models.Index(fields=["name", "key"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(anonymous=True) | ~Q(name=""),
                name="named_person_has_a_name",
            ),
            models.CheckConstraint(
                condition=Q(anonymous=False) | ~Q(description=""),
                name="anonymous_person_is_described",
            ),
        ]

    def __str__(self):
        if self.name:
            return self.name
        description = Truncator(self.description).words(10, truncate="…")
        return _("Anonymous: %(description)s") % {"description": description}

    @property
    def display_name(self) -> str:
        return str(self)
