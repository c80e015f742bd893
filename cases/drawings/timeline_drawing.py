"""Timelines drawn: lanes of marks on a time axis, laid out here, drawn as SVG by a template.

How a mark shows what the source says about its date:
- a post or relation with a start and an end ("1990-09/1991-11-06") is a solid span; an
  open or unknown end runs to the edge of the picture, dashed;
- a date known only to the month, the year, the decade or "about" (``1987-12``, ``1989~``)
  is a pale band with a dashed outline over every day it may mean, never a sharp point;
- a date known to the day is a dot.
Every mark links to its record and names its date in words; the list timeline beside the
picture is its text equivalent.
"""

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from cases.records import partial_dates

WIDTH = 960  # the SVG's coordinate width; it scales to the page
LABEL_WIDTH = 230  # left column for lane labels (36 characters at 12px)
LANE_HEIGHT = 26
TARGET = 24  # a mark's tappable area is at least this wide and high (WCAG 2.2 target size)
AXIS_HEIGHT = 30
MAX_LANES = 24  # beyond this, lanes are merged into "others": a picture, not a table


@dataclass
class Mark:
    shape: str  # "dot", "band" (imprecise date) or "span" (a period)
    x: float
    width: float
    title: str
    url: str = ""
    open_end: bool = False
    kind: str = ""

    @property
    def hit_x(self) -> float:
        """Left edge of the mark's tappable area: a dot or a narrow band gets one of TARGET."""
        centre = self.x if self.shape == "dot" else self.x + self.width / 2
        return round(min(self.x, centre - TARGET / 2), 1)

    @property
    def hit_width(self) -> float:
        return TARGET if self.shape == "dot" else round(max(self.width, TARGET), 1)


@dataclass
class Lane:
    label: str
    url: str = ""
    marks: list[Mark] = field(default_factory=list)
    y: float = 0


@dataclass
class Drawing:
    lanes: list[Lane]
    start: int
    end: int
    ticks: list[dict]
    height: float
    width: int = WIDTH
    label_width: int = LABEL_WIDTH
    summary: str = ""

    @property
    def plot_width(self) -> int:
        return self.width - self.label_width


def bounds(date_text: str):
    """(earliest, latest, is_period, open_end) for an EDTF date, or None if undated."""
    if not date_text:
        return None
    try:
        parsed = partial_dates.parse(date_text)
    except partial_dates.PartialDateError:
        return None
    if parsed is None or (parsed.earliest is None and parsed.latest is None):
        return None
    is_period = "/" in date_text
    open_end = is_period and date_text.rstrip().endswith(("/..", "/"))
    earliest = parsed.earliest or parsed.sort
    return earliest, parsed.latest, is_period, open_end


class Scale:
    def __init__(self, start: int, end: int, width: int):
        self.first = datetime.date(start, 1, 1)
        self.last = datetime.date(end, 12, 31)
        self.days = (self.last - self.first).days or 1
        self.width = width

    def x(self, day: datetime.date) -> float:
        day = min(max(day, self.first), self.last)
        return LABEL_WIDTH + (day - self.first).days / self.days * self.width

    def covers(self, earliest, latest) -> bool:
        return not (
            (latest is not None and latest < self.first) or (earliest and earliest > self.last)
        )


def year_range(entries, window=None) -> tuple[int, int] | None:
    """The years the dated entries cover, narrowed to ``window`` (from, to) if given."""
    years = []
    for date_text, *_rest in entries:
        known = bounds(date_text)
        if known:
            earliest, latest, _period, _open = known
            years += [d.year for d in (earliest, latest) if d]
    if not years:
        return None
    start, end = min(years), max(years)
    if window:
        start = window[0] or start
        end = window[1] or end
    return (start, end) if start <= end else None


def draw(lanes_spec, window=None) -> Drawing | None:
    """Lay out lanes of (date, title, url, kind) entries; None if nothing is dated.

    ``lanes_spec`` is a list of (lane label, lane url, entries).
    """
    everything = [entry for _label, _url, entries in lanes_spec for entry in entries]
    span = year_range(everything, window)
    if span is None:
        return None
    start, end = span
    scale = Scale(start, end, WIDTH - LABEL_WIDTH - 10)
    lanes = []
    for label, url, entries in lanes_spec:
        lane = Lane(label, url)
        for date_text, title, mark_url, kind in entries:
            known = bounds(date_text)
            if not known:
                continue
            earliest, latest, is_period, open_end = known
            if not scale.covers(earliest, latest):
                continue
            left = scale.x(earliest) if earliest else LABEL_WIDTH
            right = scale.x(latest) if latest else scale.x(scale.last)
            when = partial_dates.describe(date_text)
            if is_period:
                shape = "span"
            elif earliest == latest:
                shape = "dot"
            else:
                shape = "band"
            lane.marks.append(
                Mark(
                    shape,
                    round(left, 1),
                    round(max(right - left, 3), 1),
                    f"{title} ({when})",
                    mark_url,
                    open_end or latest is None,
                    kind,
                )
            )
        if lane.marks:
            lanes.append(lane)
    if not lanes:
        return None
    if len(lanes) > MAX_LANES:
        others = Lane(_("Others"))
        for lane in lanes[MAX_LANES - 1 :]:
            others.marks += lane.marks
        lanes = lanes[: MAX_LANES - 1] + [others]
    for position, lane in enumerate(lanes):
        lane.y = AXIS_HEIGHT + position * LANE_HEIGHT
    step = next(s for s in (1, 2, 5, 10, 20, 50) if (end - start + 1) / s <= 16)
    ticks = [
        {"year": year, "x": round(scale.x(datetime.date(year, 1, 1)), 1)}
        for year in range(start, end + 1)
        if (year - start) % step == 0
    ]
    marks = sum(len(lane.marks) for lane in lanes)
    summary = _(
        "%(marks)s dated items in %(lanes)s rows, %(start)s to %(end)s; "
        "the list below gives each with its date."
    ) % {"marks": marks, "lanes": len(lanes), "start": start, "end": end}
    return Drawing(
        lanes, start, end, ticks, AXIS_HEIGHT + len(lanes) * LANE_HEIGHT + 8, summary=summary
    )


def parse_window(params) -> tuple[tuple[int, int] | None, str]:
    """A (from, to) year window from ``?from=&to=``; with a message when refused."""
    raw_from, raw_to = params.get("from", "").strip(), params.get("to", "").strip()
    if not raw_from and not raw_to:
        return None, ""
    try:
        start = int(raw_from) if raw_from else None
        end = int(raw_to) if raw_to else None
    except ValueError:
        return None, _("The years to show must be whole numbers; showing every year.")
    for year in (start, end):
        if year is not None and not 1800 <= year <= 2100:
            return None, _("The years to show must lie between 1800 and 2100.")
    if start and end and start > end:
        return None, _("The period runs backwards; showing every year.")
    return (start, end), ""


def person_lanes(person):
    """Posts each on a row of their own, then events, interviews and quotes."""
    lanes = []
    for affiliation in person.affiliations.all():
        role = affiliation.role or _("member")
        lanes.append(
            (
                f"{role}, {affiliation.organisation.acronym or affiliation.organisation.name}",
                affiliation.organisation.get_absolute_url(),
                [(affiliation.date, role, affiliation.organisation.get_absolute_url(), "post")],
            )
        )
    parts = [
        (p.event.date, p.event.title, p.event.get_absolute_url(), "event")
        for p in person.event_parts.all()
    ]
    given = [
        (g.interview.date, g.interview.title, g.interview.get_absolute_url(), "interview")
        for g in person.interviews_given.all()
    ]
    quotes = [
        (q.date, f"“{q.text[:60]}”", q.get_absolute_url(), "quote") for q in person.quotes.all()
    ]
    lanes += [(_("Events"), "", parts), (_("Interviews"), "", given), (_("Quotes"), "", quotes)]
    return lanes


def organisation_lanes(organisation):
    """The organisation's life, its relations each on a row, members' posts, events."""
    life = []
    if organisation.founded:
        life.append((organisation.founded, _("Founded"), "", "founding"))
    if organisation.dissolved:
        life.append((organisation.dissolved, _("Dissolved"), "", "dissolution"))
    lanes = [(_("Founded, dissolved"), "", life)]
    for relation in organisation.relations_out.all():
        other = relation.object
        lanes.append(
            (
                f"{relation.get_kind_display()} {other.acronym or other.name}",
                other.get_absolute_url(),
                [(relation.date, str(relation), other.get_absolute_url(), "relation")],
            )
        )
    for relation in organisation.relations_in.all():
        other = relation.subject
        lanes.append(
            (
                f"{other.acronym or other.name}: {relation.get_kind_display()}",
                other.get_absolute_url(),
                [(relation.date, str(relation), other.get_absolute_url(), "relation")],
            )
        )
    members = [
        (a.date, f"{a.person}: {a.role or _('member')}", a.person.get_absolute_url(), "post")
        for a in organisation.affiliations.all()
    ]
    events = [
        (p.event.date, p.event.title, p.event.get_absolute_url(), "event")
        for p in organisation.event_parts.all()
    ]
    lanes += [(_("Members' posts"), "", members), (_("Events"), "", events)]
    return lanes


def case_lanes(events):
    """A case's events in lanes by the organisations taking part; the rest on a last row."""
    by_organisation, unattached = {}, []
    for event in events:
        entry = (event.date, event.title, event.get_absolute_url(), "event")
        organisations = [p.organisation for p in event.participants.all() if p.organisation]
        for organisation in organisations:
            by_organisation.setdefault(organisation, []).append(entry)
        if not organisations:
            unattached.append(entry)
    ranked = sorted(by_organisation.items(), key=lambda pair: (-len(pair[1]), str(pair[0])))
    lanes = [
        (organisation.acronym or organisation.name, organisation.get_absolute_url(), entries)
        for organisation, entries in ranked
    ]
    lanes.append((_("No organisation named"), "", unattached))
    return lanes
