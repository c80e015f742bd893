"""Timelines drawn: lanes of marks on a time axis, laid out here, drawn as SVG by a template.

How a mark shows what the source says about its date:
- a post or relation with a start and an end ("1990-09/1991-11-06") is a solid span; an
  open or unknown end runs to the edge of the picture, dashed;
- a date known only to the month, the year, the decade or "about" (``1987-12``, ``1989~``)
  is a pale band with a dashed outline over every day it may mean, never a sharp point;
  so is a period the source bounds only by decades or "about" ("the late 1980s and early
  1990s", ``198X/199X``; "back to the early 1980s", ``198X/..``): a solid bar would claim
  ends the source does not give;
- a date known to the day is a dot.
Every mark links to its record and names its date in words, beside the source's own
wording where recorded; the list timeline beside the picture is its text equivalent, made
from the same moments (``cases.drawings.timelines``).
"""

import datetime
from dataclasses import dataclass, field

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from cases.records.wording import RECORDS_LANGUAGE

WIDTH = 960  # the SVG's coordinate width; it scales to the page
LABEL_WIDTH = 230  # left column for lane labels (36 characters at 12px)
LANE_HEIGHT = 26
TARGET = 24  # a mark's tappable area is at least this wide and high (WCAG 2.2 target size)
AXIS_HEIGHT = 30
MAX_LANES = 24  # beyond this, lanes are merged into "others": a picture, not a table
LABEL_CHARACTERS = 36  # a lane's label is cut to this, its whole in a tooltip


@dataclass
class Mark:
    shape: str  # "dot", "band" (imprecise date) or "span" (a period)
    x: float
    width: float
    title: str
    url: str = ""
    open_end: bool = False
    kind: str = ""
    # The language of the records' words that make most of ``title``; none: the interface's.
    lang: str = ""

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
    # The label in pieces, (text, what it is) as ``timelines.Row.parts`` gives them.
    parts: tuple = ()

    @property
    def cut(self) -> bool:
        """Whether the label is too long to show whole (its whole is then a tooltip)."""
        return len(self.label) > LABEL_CHARACTERS

    @property
    def shown(self) -> SafeString:
        """The label as the SVG shows it: cut to LABEL_CHARACTERS, as ``truncatechars`` cuts,
        each piece that is the records' words or a name in a <tspan> that says so."""
        parts = list(self.parts) or [(self.label, "")]
        if self.cut:
            room, kept = LABEL_CHARACTERS - 1, []
            for text, what in parts:
                if room <= 0:
                    break
                kept.append((text[:room], what))
                room -= len(text)
            parts = kept[:-1] + [(kept[-1][0] + "…", kept[-1][1])]
        return format_html_join("", "{}", ((_tspan(text, what),) for text, what in parts))

    @property
    def title_lang(self) -> str:
        """The tooltip's language (text only, it cannot mark a part): the records' where
        their words (a post's title, beside a name) make most of it; none where the
        interface's words do."""
        ours = sum(len(text) for text, what in self.parts if not what)
        theirs = sum(len(text) for text, what in self.parts if what)
        if ours < theirs and any(what == RECORDS_LANGUAGE for _text, what in self.parts):
            return RECORDS_LANGUAGE
        return ""

    @property
    def title_no_translate(self) -> bool:
        """Whether the label is a name and nothing else (an organisation's, on a case's)."""
        return bool(self.parts) and all(what == "name" for _text, what in self.parts)


def _tspan(text: str, what: str) -> SafeString:
    if what == "name":
        return format_html('<tspan translate="no">{}</tspan>', text)
    if what:
        return format_html('<tspan lang="{}">{}</tspan>', what, text)
    return format_html("{}", text)


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


def bounds(date):
    """(earliest, latest) of a moment's PartialDate: where its mark starts and ends."""
    return date.earliest or date.sort, date.latest


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


def year_range(moments, window=None) -> tuple[int, int] | None:
    """The years the dated moments cover, narrowed to ``window`` (from, to) if given."""
    years = [day.year for moment in moments if moment.date for day in bounds(moment.date) if day]
    if not years:
        return None
    start, end = min(years), max(years)
    if window:
        start = window[0] or start
        end = window[1] or end
    return (start, end) if start <= end else None


def shape_of(date) -> str:
    """How a PartialDate is drawn: "dot" (a day), "span" (a period with the ends the source
    gives) or "band" (anything vaguer: over every day it may mean, outlined dashed)."""
    if date.is_interval and not (date.unspecified or date.is_qualified):
        return "span"
    if date.is_day:
        return "dot"
    return "band"


def _mark(moment, scale) -> Mark | None:
    date = moment.date
    earliest, latest = bounds(date)
    if not scale.covers(earliest, latest):
        return None
    left = scale.x(earliest) if earliest else LABEL_WIDTH
    right = scale.x(latest) if latest else scale.x(scale.last)
    return Mark(
        shape_of(date),
        round(left, 1),
        round(max(right - left, 3), 1),
        f"{moment.mark or moment.text} ({moment.when})",
        moment.url,
        date.runs_on or latest is None,
        moment.kind,
        moment.language,
    )


def draw(lanes, window=None) -> Drawing | None:
    """Lay out lanes of moments; None if nothing is dated.

    ``lanes`` is a list of (row, moments), as ``lanes_of()`` and ``case_lanes()`` give.
    """
    span = year_range([moment for _row, moments in lanes for moment in moments], window)
    if span is None:
        return None
    start, end = span
    scale = Scale(start, end, WIDTH - LABEL_WIDTH - 10)
    drawn_lanes = []
    for row, moments in lanes:
        lane = Lane(row.label, row.url, parts=row.parts)
        lane.marks = [mark for moment in moments if moment.date and (mark := _mark(moment, scale))]
        if lane.marks:
            drawn_lanes.append(lane)
    if not drawn_lanes:
        return None
    lanes = drawn_lanes
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


def lanes_of(moments) -> list[tuple]:
    """The rows of a person's or an organisation's drawing, in the order its moments
    first name them, each with its moments."""
    rows: dict = {}
    for moment in moments:
        for row in moment.rows:
            rows.setdefault(row, []).append(moment)
    return list(rows.items())


def case_lanes(moments) -> list[tuple]:
    """A case's rows: the organisations taking part in the most events first (then by
    name), the events naming no organisation on the last row."""
    rows = lanes_of(moments)
    named = [lane for lane in rows if lane[0].key]
    ranked = sorted(named, key=lambda lane: (-len(lane[1]), lane[0].key[0]))
    return ranked + [lane for lane in rows if not lane[0].key]
