"""Partial dates: EDTF strings read once into the one date object the archive uses.

The sources date things as precisely as they can and no more: "December 1987",
"mid-1989", "the late 1970s". Archivists type those as EDTF level 1 (the Library of
Congress's Extended Date/Time Format); python-edtf does the parsing. We keep the string
itself (never a pickled object) and read it into a ``PartialDate``, which knows what the
rest of the archive asks of a date:

- its precision (a day, a month, a season, a year, a decade, a century, or a period),
  its qualifiers (``?`` uncertain, ``~`` approximate, ``%`` both) and, for a period,
  whether an end is open ("1986/..") or unknown ("1986/");
- its bounds: ``earliest`` and ``latest``, the widest span the date can mean, qualifiers
  included, for year-range filters that must not miss anything; ``sort``, the strict
  start, so "1989~" sorts with 1989 rather than with 1988. An open or unknown end leaves
  its bound empty;
- its forms for others: CSL date-parts for citations, ISO 8601 for linked data, the
  value of an HTML ``<time datetime>``, and its words in the active language;
- the source's own wording of it, where the archive records one ("late 1940s", "early
  2004"): EDTF stores the widest span the wording honestly allows (``194X``, ``2004``),
  never a narrower made-up one, and pages show the wording beside our words for it.

Nothing else in the archive reads an EDTF string: it asks a ``PartialDate``.
"""

import datetime
import re
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import lru_cache, total_ordering

from django.utils import dateformat
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from edtf import parse_edtf
from edtf.convert import struct_time_to_date
from edtf.parser.edtf_exceptions import EDTFParseException
from edtf.parser.grammar import level0Expression, level1Expression
from edtf.parser.parser_classes import Season, UncertainOrApproximate
from pyparsing import ParseBaseException

from cases.records.wording import worded

ACCEPTED_FORMS = (
    "1987, 1987-12, 1987-12-05; 1989~ (about 1989), 1989? (uncertain), 1989% (both); "
    "197X (the 1970s); 1987-12/1988-11 (a range), 1986/.. (from 1986 on), "
    "../1990 (until 1990), 1986/ (from 1986, end unknown)"
)

# Level 0 and level 1 of EDTF: what the sources' dates need, and no more. python-edtf
# reads more (level 2, times of day); this gate keeps the archive to the forms above.
_ACCEPTED_SINGLE = re.compile(
    r"^(?:\d{4}|\d{3}X|\d{2}XX|XXXX)"
    r"(?:-(?:0[1-9]|1[0-2]|2[1-4]|XX)(?:-(?:0[1-9]|[12]\d|3[01]|XX))?)?"
    r"[?~%]?$"
)
# python-edtf's grammar for levels 0 and 1 alone: its ``parse_edtf`` tries level 2 as well,
# which takes five times as long; it is asked only for the few forms the gate lets through
# that python-edtf counts as level 2 ("198X-XX").
_LEVEL_0_OR_1 = level0Expression ^ level1Expression
# An interval's end that says nothing: ".." (open, it runs on) or "" (unknown).
OPEN, UNKNOWN = "..", ""
# EDTF writes seasons as months 21–24; CSL numbers them 1–4 in the same order.
_FIRST_SEASON = 21


class Precision(StrEnum):
    """How precisely the source dates something."""

    DAY = "day"
    MONTH = "month"
    SEASON = "season"
    YEAR = "year"
    DECADE = "decade"
    CENTURY = "century"
    INTERVAL = "interval"


class Qualifier(StrEnum):
    """What the source says of its own date: EDTF's level 1 qualifiers."""

    NONE = ""
    UNCERTAIN = "?"
    APPROXIMATE = "~"
    BOTH = "%"

    @property
    def is_uncertain(self) -> bool:
        return self in (Qualifier.UNCERTAIN, Qualifier.BOTH)

    @property
    def is_approximate(self) -> bool:
        return self in (Qualifier.APPROXIMATE, Qualifier.BOTH)


class PartialDateError(ValueError):
    """A date string that is not EDTF level 1, with a message for the archivist."""


def _refuse(text: str) -> PartialDateError:
    return PartialDateError(
        _("“%(value)s” is not a date the archive can read. Accepted forms: %(forms)s.")
        % {"value": text, "forms": ACCEPTED_FORMS}
    )


def _moved_day(day: datetime.date | None, years: int) -> datetime.date | None:
    if day is None:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


def _season_words(season: int) -> str:
    return {
        1: pgettext("season", "spring"),
        2: pgettext("season", "summer"),
        3: pgettext("season", "autumn"),
        4: pgettext("season", "winter"),
    }[season]


@dataclass(frozen=True, repr=False)
class SingleDate:
    """One date as the source gives it: a day, a month, a season, a year, a decade or a
    century, perhaps qualified. A ``PartialDate`` is one of these, or a period between
    two (either of which may be missing)."""

    text: str
    precision: Precision
    qualifier: Qualifier
    year: int  # the first year it may mean: 1970 for "197X"
    month: int | None
    day: int | None
    season: int | None  # 1 spring … 4 winter, as CSL numbers them
    unspecified: bool  # some digits are left unknown: "197X", "1987-XX"
    earliest: datetime.date
    latest: datetime.date
    sort: datetime.date

    def __repr__(self) -> str:
        return f"SingleDate({self.text!r})"

    @property
    def date_parts(self) -> list[int] | None:
        """CSL date-parts ([1991, 11, 6]); None when digits are unspecified, which
        date-parts cannot say."""
        if self.unspecified:
            return None
        return [self.year] + [part for part in (self.month, self.day) if part]

    @property
    def year_as_written(self) -> str:
        """The year as the source writes it: "1987", "197X"."""
        return self.text[:4]

    @property
    def words(self) -> str:
        """The date in words in the active language: "December 1987", "c. 1989"."""
        if self.precision == Precision.CENTURY:
            words = pgettext("a century", "the %(first_year)ss") % {"first_year": self.year}
        elif self.precision == Precision.DECADE:
            words = pgettext("a decade", "the %(first_year)ss") % {"first_year": self.year}
        elif self.precision == Precision.SEASON:
            words = pgettext("season and year", "%(season)s %(year)s") % {
                "season": _season_words(self.season),
                "year": self.year,
            }
        elif self.precision == Precision.MONTH:
            words = pgettext("month and year", "%(month)s %(year)s") % {
                "month": dateformat.format(datetime.date(self.year, self.month, 1), "F"),
                "year": self.year,
            }
        elif self.precision == Precision.DAY:
            day = datetime.date(self.year, self.month, self.day)
            # "E": the month's name as a full date uses it (a genitive in some languages).
            words = pgettext("day, month and year", "%(day)s %(month)s %(year)s") % {
                "day": self.day,
                "month": dateformat.format(day, "E"),
                "year": self.year,
            }
        else:
            words = str(self.year)
        if self.qualifier == Qualifier.APPROXIMATE:
            return _("c. %(date)s") % {"date": words}
        if self.qualifier == Qualifier.UNCERTAIN:
            return _("%(date)s (uncertain)") % {"date": words}
        if self.qualifier == Qualifier.BOTH:
            return _("c. %(date)s (uncertain)") % {"date": words}
        return words

    def moved(self, years: int) -> "SingleDate":
        """The same date ``years`` later; a decade or century by a multiple of itself."""
        first = self.year + years
        if self.precision == Precision.CENTURY:
            written = f"{first // 100:02d}XX"
        elif self.precision == Precision.DECADE:
            written = f"{first // 10:03d}X"
        else:
            written = f"{first:04d}"
        sort = _moved_day(self.sort, years)
        text = written + self.text[4:]
        if self.day and sort.day != self.day:  # 29 February, moved to a common year
            text = f"{written}-{self.month:02d}-{sort.day:02d}{self.qualifier}"
        return replace(
            self,
            text=text,
            year=first,
            day=sort.day if self.day else None,
            earliest=_moved_day(self.earliest, years),
            latest=_moved_day(self.latest, years),
            sort=sort,
        )


def _number(digits: str | None) -> int | None:
    return int(digits) if digits and digits.isdigit() else None


# The grammar parser takes a millisecond or two a date; the archive's dates repeat a lot
# (the same years and months), so each distinct string is read once per process.
@lru_cache(maxsize=32768)
def _read_single(text: str) -> SingleDate:
    if not _ACCEPTED_SINGLE.match(text):
        raise _refuse(text)
    try:
        try:
            parsed = _LEVEL_0_OR_1.parse_string(text, parse_all=True)[0]
        except ParseBaseException:
            parsed = parse_edtf(text)
        # Computing the bounds also checks the calendar (no 31 April).
        earliest = struct_time_to_date(parsed.lower_fuzzy())
        latest = struct_time_to_date(parsed.upper_fuzzy())
        sort = struct_time_to_date(parsed.lower_strict())
    except (EDTFParseException, ValueError, TypeError, OverflowError) as error:
        raise _refuse(text) from error
    # A qualified date is the plain date wrapped with its qualifier; a date with
    # unspecified digits carries its qualifier itself.
    written = parsed.date if isinstance(parsed, UncertainOrApproximate) else parsed
    qualifier = Qualifier(str(getattr(parsed, "ua", None) or ""))
    year_digits = written.year
    season = int(written.season) - _FIRST_SEASON + 1 if isinstance(written, Season) else None
    month = None if season else _number(written.month)
    day = _number(written.day) if month else None
    if year_digits.endswith("XX"):
        precision = Precision.CENTURY
    elif year_digits.endswith("X"):
        precision = Precision.DECADE
    elif season:
        precision = Precision.SEASON
    elif day:
        precision = Precision.DAY
    elif month:
        precision = Precision.MONTH
    else:
        precision = Precision.YEAR
    return SingleDate(
        text=text,
        precision=precision,
        qualifier=qualifier,
        year=int(year_digits.replace("X", "0")),
        month=month,
        day=day,
        season=season,
        unspecified="X" in text,
        earliest=earliest,
        latest=latest,
        sort=sort,
    )


@total_ordering
@dataclass(frozen=True, repr=False)
class PartialDate:
    """A date of the archive, read from its EDTF string: one date, or a period.

    A single date is its own ``start`` and ``end``; a period's ``start`` or ``end`` is
    None when the source leaves it open ("1986/..", the period runs on) or unknown
    ("1986/"). Immutable and hashable; dates order by their sort key.
    """

    text: str
    start: SingleDate | None
    end: SingleDate | None
    is_interval: bool = False
    start_open: bool = False  # "../1990": it had been so for as long as anyone knows
    end_open: bool = False  # "1986/..": it still held when the source was written
    # The source's own wording ("late 1940s"), if recorded. Not part of what the date is:
    # two records dated "194X" are dated alike whatever words their sources use.
    as_written: str = field(default="", compare=False)

    def __repr__(self) -> str:
        return f"PartialDate({self.text!r})"

    # --- what it is -----------------------------------------------------------------

    @property
    def sides(self) -> tuple[SingleDate, ...]:
        """The dates the source gives: one, or a period's known ends."""
        if not self.is_interval:
            return (self.start,)
        return tuple(side for side in (self.start, self.end) if side is not None)

    @property
    def precision(self) -> Precision:
        return Precision.INTERVAL if self.is_interval else self.start.precision

    @property
    def qualifier(self) -> Qualifier:
        """A single date's qualifier; for a period, its start's (or its end's)."""
        return next((side.qualifier for side in self.sides if side.qualifier), Qualifier.NONE)

    @property
    def is_approximate(self) -> bool:
        return any(side.qualifier.is_approximate for side in self.sides)

    @property
    def is_uncertain(self) -> bool:
        return any(side.qualifier.is_uncertain for side in self.sides)

    @property
    def is_qualified(self) -> bool:
        return any(side.qualifier for side in self.sides)

    @property
    def unspecified(self) -> bool:
        """Whether the source leaves digits unknown ("197X", "1987-XX")."""
        return any(side.unspecified for side in self.sides)

    @property
    def start_unknown(self) -> bool:
        return self.is_interval and self.start is None and not self.start_open

    @property
    def end_unknown(self) -> bool:
        return self.is_interval and self.end is None and not self.end_open

    @property
    def runs_on(self) -> bool:
        """A period whose end the source does not give (open or unknown)."""
        return self.is_interval and self.end is None

    @property
    def is_day(self) -> bool:
        """A single day, exactly: nothing about it is uncertain."""
        return not self.is_interval and self.earliest == self.latest

    # --- bounds -----------------------------------------------------------------------

    @property
    def earliest(self) -> datetime.date | None:
        return self.start.earliest if self.start else None

    @property
    def latest(self) -> datetime.date | None:
        return self.end.latest if self.end else None

    @property
    def sort(self) -> datetime.date:
        return self.start.sort if self.start else self.end.sort

    @property
    def sort_key(self) -> tuple:
        """By the strict start; a year before the months within it ("1987" before
        "1987-12"); then by the text, so that the order is total."""
        return (self.sort, len(self.text), self.text)

    def __lt__(self, other):
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self.sort_key < other.sort_key

    # --- forms for others ---------------------------------------------------------------

    @property
    def edtf(self) -> str:
        return self.text

    @property
    def csl(self) -> dict:
        """The date as CSL-JSON: ``{"date-parts": [[1991, 11, 6]]}``.

        Approximate or uncertain dates get ``"circa": true``; seasons use CSL's
        ``season``; a range gives two date-parts (an open end gives none); a date with
        unspecified digits ("197X") is a literal in words, since date-parts cannot say
        "the 1970s".
        """
        if self.unspecified:
            return {"literal": self.words}
        result: dict = {"date-parts": [side.date_parts for side in self.sides]}
        season = next((side.season for side in reversed(self.sides) if side.season), None)
        if season:
            result["season"] = season
        if self.is_qualified:
            result["circa"] = True
        return result

    @property
    def iso(self) -> str | None:
        """ISO 8601 as schema.org accepts it ("1991-11-06", "1989", "1987-12/1988-11").

        Approximate and uncertain dates still give their year, a season its year; "the
        1970s" gives nothing, since ISO 8601 cannot say it and a made-up year would mislead.
        """
        if self.unspecified:
            return None
        return "/".join(
            "-".join([str(parts[0])] + [f"{part:02d}" for part in parts[1:]])
            for parts in (side.date_parts for side in self.sides)
        )

    @property
    def html_datetime(self) -> str:
        """The value of an HTML ``<time datetime>``: a year, a month or a day exactly as
        the source gives it; nothing for anything HTML cannot say (a season, "c. 1989",
        the 1970s, a period)."""
        if self.is_interval or self.is_qualified or self.unspecified or self.start.season:
            return ""
        return self.text

    @property
    def year_as_written(self) -> str:
        """The year a short reference gives: "1987", "197X"; a period's first known."""
        return self.sides[0].year_as_written

    @property
    def words(self) -> str:
        """The date in words in the active language: "December 1987", "c. 1989", "the
        1970s", "from 1986 (end unknown)"; never a fake day."""
        if not self.is_interval:
            return self.start.words
        if self.start is None:
            if self.start_open:
                return _("until %(end)s") % {"end": self.end.words}
            return _("until %(end)s (start unknown)") % {"end": self.end.words}
        if self.end is None:
            if self.end_open:
                return _("from %(start)s") % {"start": self.start.words}
            return _("from %(start)s (end unknown)") % {"start": self.start.words}
        return pgettext("a period", "%(start)s – %(end)s") % {
            "start": self.start.words,
            "end": self.end.words,
        }

    @property
    def shown(self) -> str:
        """The date as pages show it: the source's wording in quotation marks, then our
        words for the date ("“late 1940s” (the 1940s)"); our words alone when no wording
        is recorded or it says the same."""
        words = self.words
        if not self.as_written or self.as_written.casefold() == words.casefold():
            return words
        return worded(
            pgettext(
                "a date as the source words it, then as the archive reads it",
                "“%(as_written)s” (%(date)s)",
            ),
            marked={"as_written": self.as_written},
            plain={"date": words},
        )

    def __str__(self) -> str:
        return self.words

    # --- made from another ------------------------------------------------------------

    def written_as(self, wording: str | None) -> "PartialDate":
        """The same date with the source's own wording of it ("late 1940s")."""
        wording = (wording or "").strip()
        return self if wording == self.as_written else replace(self, as_written=wording)

    def qualified(self, qualifier: str) -> "PartialDate | None":
        """The same single date with a qualifier ("~", "?"), if EDTF allows it there."""
        if self.is_interval or self.is_qualified:
            return None
        try:
            return parse(self.text + Qualifier(qualifier))
        except PartialDateError:
            return None

    def moved(self, years: int) -> "PartialDate":
        """The same date about ``years`` later: both ends alike, and a date naming a
        decade (or a century) moves by whole decades (centuries), rounded down. The
        source's wording stays behind: it was said of the date before the move."""
        step = 1
        if self.unspecified:
            step = 10
        if any(side.precision == Precision.CENTURY for side in self.sides):
            step = 100
        years = years // step * step
        start = self.start.moved(years) if self.start else None
        end = self.end.moved(years) if self.end else None
        if not self.is_interval:
            return replace(self, text=start.text, start=start, end=start, as_written="")
        text = "/".join(
            side.text if side else (OPEN if is_open else UNKNOWN)
            for side, is_open in ((start, self.start_open), (end, self.end_open))
        )
        return replace(self, text=text, start=start, end=end, as_written="")


@lru_cache(maxsize=32768)
def _read(text: str) -> PartialDate:
    if "/" not in text:
        single = _read_single(text)
        return PartialDate(text, single, single)
    start_text, _slash, end_text = text.partition("/")
    if start_text in (OPEN, UNKNOWN) and end_text in (OPEN, UNKNOWN):
        raise _refuse(text)
    start = None if start_text in (OPEN, UNKNOWN) else _read_single(start_text)
    end = None if end_text in (OPEN, UNKNOWN) else _read_single(end_text)
    if start and end and start.earliest > end.latest:
        raise PartialDateError(_("“%(value)s” ends before it starts.") % {"value": text})
    return PartialDate(
        text,
        start,
        end,
        is_interval=True,
        start_open=start_text == OPEN,
        end_open=end_text == OPEN,
    )


def parse(text: str | int | None) -> PartialDate | None:
    """Read an EDTF level 1 string; ``None`` for an empty date; refuse anything else."""
    text = "" if text is None else str(text).strip()
    if not text:
        return None
    return _read(text)


def read(text: str | int | None) -> PartialDate | None:
    """As ``parse``, but ``None`` for a date that cannot be read, for showing data
    entered before the archive validated its dates."""
    try:
        return parse(text)
    except PartialDateError:
        return None


def validate(text: str) -> None:
    """Django validator: refuse a malformed date with the accepted forms."""
    from django.core.exceptions import ValidationError

    try:
        parse(text)
    except PartialDateError as error:
        raise ValidationError(str(error), code="invalid_partial_date") from error


def describe(text: str | None, as_written: str | None = None) -> str:
    """The date in words: "December 1987", "c. 1989", "the 1970s", never a fake day;
    "undated" for no date, and a date that cannot be read as it was typed. With the
    source's wording, both: "“late 1940s” (the 1940s)" (see ``PartialDate.shown``)."""
    text = (text or "").strip()
    if not text:
        return _("undated")
    date = read(text)
    if date is None:
        return text
    return date.written_as(as_written).shown if as_written else date.words
