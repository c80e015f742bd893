"""Timelines: an actor's or an organisation's story as dated moments, in date order.

Each moment keeps the date as the source gives it and shows its precision in words
("December 1987", "c. 1989", "the 1970s"). Moments the source does not date are listed
apart, never placed by guesswork. Timelines are built from records the page has already
fetched (prefetched, public only), so they cost no queries of their own.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from cases.records import partial_dates

# The forms an HTML <time datetime> accepts and EDTF shares: a year, a month, a day.
MACHINE_READABLE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@dataclass(frozen=True)
class Moment:
    date: str  # EDTF, as entered
    kind: str  # what sort of moment: post, event, interview, quote, relation, founding
    text: str
    url: str = ""
    detail: str = ""

    @property
    def when(self) -> str:
        return partial_dates.describe(self.date) if self.date else ""

    @property
    def datetime(self) -> str:
        return self.date if MACHINE_READABLE.match(self.date or "") else ""

    @property
    def sort_key(self) -> tuple:
        parsed = partial_dates.parse(self.date) if self.date else None
        start = parsed.sort if parsed and parsed.sort else datetime.date.max
        # A year sorts before the months within it; then by kind and text, for stability.
        return (start, len(self.date or ""), self.kind, self.text)


@dataclass
class Timeline:
    dated: list[Moment] = field(default_factory=list)
    undated: list[Moment] = field(default_factory=list)

    def add(self, moment: Moment) -> None:
        parsed = partial_dates.parse(moment.date) if moment.date else None
        if parsed is None or parsed.sort is None:
            self.undated.append(moment)
        else:
            self.dated.append(moment)

    def finish(self) -> "Timeline":
        self.dated.sort(key=lambda moment: moment.sort_key)
        self.undated.sort(key=lambda moment: (moment.kind, moment.text))
        return self

    def __bool__(self) -> bool:
        return bool(self.dated or self.undated)


def relation_words(relation) -> str:
    # "other (see description)" reads badly inside a sentence; the description follows.
    if relation.kind == "other":
        return _("related to")
    return relation.get_kind_display()


def person_timeline(person) -> Timeline:
    """Posts, events, interviews given and quotes, from the person's prefetched relations."""
    timeline = Timeline()
    for affiliation in person.affiliations.all():
        role = affiliation.role or _("member")
        timeline.add(
            Moment(
                affiliation.date,
                _("post"),
                _("%(role)s, %(organisation)s")
                % {"role": role, "organisation": affiliation.organisation},
                affiliation.organisation.get_absolute_url(),
                affiliation.description,
            )
        )
    for part in person.event_parts.all():
        timeline.add(
            Moment(
                part.event.date,
                _("event"),
                part.event.title,
                part.event.get_absolute_url(),
                part.role,
            )
        )
    for given in person.interviews_given.all():
        timeline.add(
            Moment(
                given.interview.date,
                _("interview"),
                given.interview.title,
                given.interview.get_absolute_url(),
                given.post,
            )
        )
    for quote in person.quotes.all():
        timeline.add(Moment(quote.date, _("quote"), f"“{quote.text}”", quote.get_absolute_url()))
    return timeline.finish()


def organisation_timeline(organisation) -> Timeline:
    """Founding, members' posts, relations to other organisations, events."""
    timeline = Timeline()
    if organisation.founded:
        timeline.add(Moment(organisation.founded, _("founding"), _("Founded")))
    if organisation.dissolved:
        timeline.add(Moment(organisation.dissolved, _("dissolution"), _("Dissolved")))
    for affiliation in organisation.affiliations.all():
        timeline.add(
            Moment(
                affiliation.date,
                _("post"),
                _("%(person)s: %(role)s")
                % {"person": affiliation.person, "role": affiliation.role or _("member")},
                affiliation.person.get_absolute_url(),
            )
        )
    for relation in organisation.relations_out.all():
        timeline.add(
            Moment(
                relation.date,
                _("relation"),
                f"{relation_words(relation)} {relation.object}",
                relation.object.get_absolute_url(),
                relation.description,
            )
        )
    for relation in organisation.relations_in.all():
        timeline.add(
            Moment(
                relation.date,
                _("relation"),
                f"{relation.subject} {relation_words(relation)} {_('this organisation')}",
                relation.subject.get_absolute_url(),
                relation.description,
            )
        )
    for part in organisation.event_parts.all():
        timeline.add(
            Moment(
                part.event.date,
                _("event"),
                part.event.title,
                part.event.get_absolute_url(),
                part.role,
            )
        )
    return timeline.finish()
