"""Timelines: an actor's or a case's dated moments, listed in date order and drawn.

One builder per kind of page (``person_moments``, ``organisation_moments``,
``case_moments``) collects the moments from records the page has already fetched
(prefetched, public only), so a timeline costs no queries of its own. Each moment keeps
its date as a ``PartialDate`` and says on which rows of the drawing it goes; the list
(``Timeline``) and the drawing (``timeline_drawing``) are both made from the same
moments, so they cannot disagree.

Each moment shows its date's precision in words ("December 1987", "c. 1989", "the
1970s"), with the source's own wording beside where the archive records it ("“late
1940s” (the 1940s)"). Moments the source does not date are listed apart, never placed by guesswork.
"""

import datetime
from dataclasses import dataclass, field

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.records.partial_dates import PartialDate
from cases.records.wording import RECORDS_LANGUAGE, name

# What sort of moment, as the list names it.
KINDS = {
    "post": gettext_lazy("post"),
    "event": gettext_lazy("event"),
    "interview": gettext_lazy("interview"),
    "quote": gettext_lazy("quote"),
    "relation": gettext_lazy("relation"),
    "founding": gettext_lazy("founding"),
    "dissolution": gettext_lazy("dissolution"),
}


@dataclass(frozen=True)
class Row:
    """A row of the drawn timeline: one post, one relation, or a kind of record."""

    label: str
    url: str = ""
    # Tells apart rows that read alike (two posts with the same title each get a row);
    # for an organisation's row in a case, its name first, which ranks the rows.
    key: tuple = ()
    # The label in pieces, each (text, what it is): "" the interface's words, "en" the
    # records' words (a post's title), "name" a name; none: the label is the interface's.
    parts: tuple[tuple[str, str], ...] = ()


def row(parts, url: str = "", key: tuple = ()) -> Row:
    """A row whose label is ``parts`` ((text, what it is), …) put together."""
    parts = tuple((text, what) for text, what in parts if text)
    return Row("".join(text for text, _what in parts), url, key, parts)


@dataclass(frozen=True)
class Moment:
    date: PartialDate | None
    kind: str  # a key of KINDS: post, event, interview, quote, relation, founding, …
    text: str  # as the list says it
    url: str = ""
    detail: str = ""
    mark: str = ""  # as the drawing's mark says it, where shorter than ``text``
    rows: tuple[Row, ...] = ()
    label: str = ""  # what the list calls it, where more precise than its kind
    # ``text`` as a page shows it, as HTML: the records' words marked by their language,
    # names as names; none: ``text`` is the interface's own words.
    shown: SafeString | str = ""
    # The language of the records' words that make up most of what the drawing's mark says
    # (its <title>, text only, cannot mark a part); none: mostly the interface's words.
    language: str = ""

    @property
    def shown_text(self) -> SafeString:
        """What the list says, for a template: ``shown``, or ``text`` escaped."""
        return self.shown or conditional_escape(self.text)

    @property
    def kind_label(self) -> str:
        return self.label or str(KINDS[self.kind])

    @property
    def when(self) -> str:
        """Its date in our words, beside the source's own wording where recorded."""
        return self.date.shown if self.date else ""

    @property
    def sort_key(self) -> tuple:
        start = self.date.sort if self.date else datetime.date.max
        # A year sorts before the months within it; then by kind and text, for stability.
        return (start, len(self.date.text) if self.date else 0, self.kind, self.text)


@dataclass
class Timeline:
    """The list: dated moments in date order, undated ones apart."""

    dated: list[Moment] = field(default_factory=list)
    undated: list[Moment] = field(default_factory=list)

    @classmethod
    def of(cls, moments) -> "Timeline":
        timeline = cls()
        for moment in moments:
            (timeline.dated if moment.date else timeline.undated).append(moment)
        timeline.dated.sort(key=lambda moment: moment.sort_key)
        timeline.undated.sort(key=lambda moment: (moment.kind, moment.text))
        return timeline

    def __bool__(self) -> bool:
        return bool(self.dated or self.undated)


# The list's longest text, in words: a long quote is read in full on its own page.
LIST_WORDS = 30


def in_language(text: str, language: str = RECORDS_LANGUAGE) -> SafeString:
    """The records' words (or a quote's, in its language), marked, at most LIST_WORDS long."""
    words = Truncator(text).words(LIST_WORDS, truncate=" …")
    return format_html('<span lang="{}">{}</span>', language, words)


def joined(template: str, **parts) -> SafeString:
    """``template % parts`` as HTML: the interface's template escaped, each part escaped
    or kept as it is marked (a name, the records' words)."""
    values = {key: conditional_escape(value) for key, value in parts.items()}
    return mark_safe(conditional_escape(template) % values)  # noqa: S308 - all escaped above


def quote_language(quote) -> str:
    """The language a quote's published words are in: the original's where they are it."""
    if quote.original_language and quote.original_text and quote.text == quote.original_text:
        return quote.original_language
    return RECORDS_LANGUAGE


def relation_words(relation) -> str:
    # "other (see description)" reads badly inside a sentence; the description follows.
    if relation.kind == "other":
        return _("related to")
    return relation.get_kind_display()


def _events(parts) -> list[Moment]:
    events = Row(_("Events"))
    return [
        Moment(
            part.event.partial_date,
            "event",
            part.event.title,
            part.event.get_absolute_url(),
            part.role,
            rows=(events,),
            shown=in_language(part.event.title),
            language=RECORDS_LANGUAGE,
        )
        for part in parts
    ]


def person_moments(person) -> list[Moment]:
    """Posts (each a row of its own), events, interviews given and quotes, from the
    person's prefetched relations, in the drawing's row order."""
    moments = []
    for affiliation in person.affiliations.all():
        role = affiliation.role or _("member")
        # A post's title is the records' words; "member", where none is given, ours.
        role_is = RECORDS_LANGUAGE if affiliation.role else ""
        organisation = affiliation.organisation
        url = organisation.get_absolute_url()
        moments.append(
            Moment(
                affiliation.partial_date,
                "post",
                _("%(role)s, %(organisation)s") % {"role": role, "organisation": organisation},
                url,
                affiliation.description,
                mark=role,
                rows=(
                    row(
                        [
                            (role, role_is),
                            (", ", ""),
                            (organisation.acronym or organisation.name, "name"),
                        ],
                        url,
                        ("post", affiliation.pk),
                    ),
                ),
                shown=joined(
                    _("%(role)s, %(organisation)s"),
                    role=in_language(role) if role_is else role,
                    organisation=name(str(organisation)),
                ),
                language=role_is,
            )
        )
    moments += _events(person.event_parts.all())
    interviews = Row(_("Interviews"))
    for given in person.interviews_given.all():
        moments.append(
            Moment(
                given.interview.partial_date,
                "interview",
                given.interview.title,
                given.interview.get_absolute_url(),
                given.post,
                rows=(interviews,),
                shown=in_language(given.interview.title),
                language=RECORDS_LANGUAGE,
            )
        )
    quotes = Row(_("Quotes"))
    for quote in person.quotes.all():
        moments.append(
            Moment(
                quote.partial_date,
                "quote",
                f"“{quote.text}”",
                quote.get_absolute_url(),
                mark=f"“{quote.text[:60]}”",
                rows=(quotes,),
                shown=in_language(f"“{quote.text}”", quote_language(quote)),
                language=quote_language(quote),
            )
        )
    return moments


def _relation_moment(relation, other, words: str, shown: str, row_parts) -> Moment:
    """A relation as seen from one of its organisations: ``other`` is the one at its far end;
    each relation is a row of the drawing of its own."""
    own_row = row(row_parts, other.get_absolute_url(), ("relation", relation.pk))
    return Moment(
        relation.partial_date,
        "relation",
        words,
        other.get_absolute_url(),
        relation.description,
        mark=str(relation),
        rows=(own_row,),
        shown=shown,
        # Its mark reads "PUM (…) member of IU (…)": two names, in no language, and our
        # words between them; no records' prose, so it is read in the page's language.
    )


def organisation_moments(organisation) -> list[Moment]:
    """Founding and dissolution, relations to other organisations (each a row of its
    own), members' posts, events, in the drawing's row order."""
    moments = []
    life = Row(_("Founded, dissolved"))
    if organisation.founded:
        moments.append(
            Moment(organisation.partial_founded, "founding", _("Founded"), rows=(life,))
        )
    if organisation.dissolved:
        moments.append(
            Moment(organisation.partial_dissolved, "dissolution", _("Dissolved"), rows=(life,))
        )
    for relation in organisation.relations_out.all():
        other = relation.object
        moments.append(
            _relation_moment(
                relation,
                other,
                f"{relation_words(relation)} {other}",
                format_html("{} {}", relation_words(relation), name(str(other))),
                [
                    (relation.get_kind_display(), ""),
                    (" ", ""),
                    (other.acronym or other.name, "name"),
                ],
            )
        )
    for relation in organisation.relations_in.all():
        other = relation.subject
        moments.append(
            _relation_moment(
                relation,
                other,
                f"{other} {relation_words(relation)} {_('this organisation')}",
                format_html(
                    "{} {} {}", name(str(other)), relation_words(relation), _("this organisation")
                ),
                [
                    (other.acronym or other.name, "name"),
                    (": ", ""),
                    (relation.get_kind_display(), ""),
                ],
            )
        )
    members = Row(_("Members' posts"))
    for affiliation in organisation.affiliations.all():
        role = affiliation.role or _("member")
        moments.append(
            Moment(
                affiliation.partial_date,
                "post",
                _("%(person)s: %(role)s") % {"person": affiliation.person, "role": role},
                affiliation.person.get_absolute_url(),
                rows=(members,),
                shown=joined(
                    _("%(person)s: %(role)s"),
                    person=affiliation.person.shown_name,
                    role=in_language(role) if affiliation.role else role,
                ),
                # "Jorge Atuncar: PUM district councilor": a name and the records' words.
                language=RECORDS_LANGUAGE if affiliation.role else "",
            )
        )
    moments += _events(organisation.event_parts.all())
    return moments


def case_moments(events) -> list[Moment]:
    """A case's events in the order given, each on the rows of the organisations taking
    part (or on a last row naming none), called by the event's own kind."""
    unattached = Row(_("No organisation named"))
    moments = []
    for event in events:
        organisations = [p.organisation for p in event.participants.all() if p.organisation]
        rows = tuple(
            row(
                [(organisation.acronym or organisation.name, "name")],
                organisation.get_absolute_url(),
                (str(organisation), organisation.pk),
            )
            for organisation in organisations
        )
        moments.append(
            Moment(
                event.partial_date,
                "event",
                event.title,
                event.get_absolute_url(),
                rows=rows or (unattached,),
                label=event.get_kind_display(),
                shown=in_language(event.title),
                language=RECORDS_LANGUAGE,
            )
        )
    return moments
