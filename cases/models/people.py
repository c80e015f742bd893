"""People: named actors and the anonymous speakers the sources describe."""

import re
import unicodedata

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


SORT_KEY_LENGTH = 250


def surname_first(name: str) -> str:
    """The default sort name: the last word is the surname, "Jorge Quintanilla" →
    "Quintanilla, Jorge".

    An initial after it belongs to it (a second surname given only as an initial: "Jorge
    Luis Sáenz A." → "Sáenz A., Jorge Luis"), particles stay with the given names ("Jhon de
    la Cruz" → "Cruz, Jhon de la"), and a person known by one word is sorted by it. Two
    surnames ("Javier Diez Canseco") cannot be told from two given names, so those records
    give ``sort_name`` themselves.
    """
    words = name.split()
    cut = len(words) - 1
    while cut > 1 and re.fullmatch(r"\w\.", words[cut]):
        cut -= 1  # "A." after "Sáenz": still the surname
    if cut < 1:
        return " ".join(words)
    return f"{' '.join(words[cut:])}, {' '.join(words[:cut])}"


def _folded(text: str) -> str:
    """Lower case, accents and repeated spaces removed: how sort keys compare names."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


def sort_key_for(
    *, anonymous: bool, name: str, sort_name: str, description: str, case_keys
) -> str:
    """The stored key a list of people is ordered by (after ``anonymous``).

    A named person by surname, a tab, then given names, folded: "quintanilla⇥jorge". The
    tab sorts before any letter or space, so "Torres, Carlos" comes before "Torres Seoane, Javier",
    on SQLite and PostgreSQL alike. An anonymous person by the first of their cases' keys
    (so the anonymous speakers of a case stay together), then by how they are described.
    """
    if anonymous or not name:
        group = min(case_keys, default="")
        key = f"{group}\t{_folded(description)}"
    else:
        surname, _comma, given = (sort_name or surname_first(name)).partition(",")
        key = f"{_folded(surname)}\t{_folded(given)}" if given else _folded(surname)
    return key[:SORT_KEY_LENGTH]


class Person(ArchiveRecord, Searchable):
    """Someone who acts or speaks in a case.

    Anonymous speakers are first-class: the sources often describe rather than name
    ("a member of a Vaso de Leche committee"); they get no invented name, and
    ``description`` is how they are shown. Lists put named people first, by surname
    (``sort_key``), and the anonymous after them, grouped by case.
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
    sort_name = models.CharField(
        _("sort name"),
        max_length=200,
        blank=True,
        help_text=_(
            "How the name is alphabetised, surname first: “Diez Canseco, Javier”. Leave "
            "empty to take the last word of the name as the surname (“Quintanilla, Jorge”); "
            "fill it in for two or compound surnames, and for people known by given names "
            "only. An editorial choice, not a claim of the sources."
        ),
    )
    # Derived on every save (and when the person's cases change): what lists sort by.
    sort_key = models.CharField(
        _("sort key"), max_length=SORT_KEY_LENGTH, blank=True, editable=False
    )
    cases = models.ManyToManyField(
        "cases.CaseStudy", related_name="people", blank=True, verbose_name=_("cases")
    )

    _history_m2m_fields = ["cases"]

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        # Named people first (False sorts before True), by surname; then the anonymous.
        ordering = ["anonymous", "sort_key", "key"]
        indexes = [models.Index(fields=["anonymous", "sort_key", "key"])]
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

    @property
    def shown_name(self):
        """As ``str``, for a page's text: a name marked as a name, an anonymous person's
        description (the archive's English words) marked as English."""
        from cases.records.wording import name, worded

        if self.name:
            return name(self.name)
        description = Truncator(self.description).words(10, truncate="…")
        return worded(_("Anonymous: %(description)s"), marked={"description": description})

    def compute_sort_key(self, case_keys=None) -> str:
        if case_keys is None:
            # Only the anonymous are grouped by case. A new person has no cases yet:
            # ``cases_changed`` fills the group in when they are added.
            wanted = self.anonymous and self.pk
            case_keys = self.cases.values_list("key", flat=True) if wanted else []
        return sort_key_for(
            anonymous=self.anonymous,
            name=self.name,
            sort_name=self.sort_name,
            description=self.description,
            case_keys=case_keys,
        )

    def save(self, *args, **kwargs):
        self.sort_key = self.compute_sort_key()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "sort_key" not in update_fields:
            kwargs["update_fields"] = {*update_fields, "sort_key"}
        super().save(*args, **kwargs)


def cases_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """Keep anonymous people's sort keys grouped by case when their cases change.

    Connected to ``Person.cases.through`` (see ``cases/apps.py``). ``update`` writes the
    derived column only: no history row, as nothing an archivist wrote changed.
    """
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if reverse and action == "post_clear":  # a case lost all its people: those it grouped
        people = Person.objects.filter(sort_key__startswith=f"{instance.key}\t")
    elif reverse:  # a case gained or lost people: ``pk_set`` holds them
        people = Person.objects.filter(pk__in=pk_set or ())
    else:
        people = Person.objects.filter(pk=instance.pk)
    for person in people.filter(anonymous=True).prefetch_related("cases"):
        key = person.compute_sort_key([case.key for case in person.cases.all()])
        if key != person.sort_key:
            Person.objects.filter(pk=person.pk).update(sort_key=key)
