"""Partial dates: EDTF strings with the bounds the database orders and filters by.

The sources date things as precisely as they can and no more: "December 1987",
"mid-1989", "the late 1970s". Archivists type those as EDTF level 1 (the Library of
Congress's Extended Date/Time Format); python-edtf does the parsing. We keep the string
itself (never a pickled object) and derive three plain dates from it:

- ``earliest`` and ``latest``: the widest span the date can mean, approximate and
  uncertain qualifiers included, for year-range filters that must not miss anything;
- ``sort``: the strict start, so "1989~" sorts with 1989 rather than with 1988.

Open or unknown interval ends ("1986/..", "1986/") leave that bound empty.
"""

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from edtf import parse_edtf
from edtf.convert import struct_time_to_date
from edtf.parser.edtf_exceptions import EDTFParseException

ACCEPTED_FORMS = (
    "1987, 1987-12, 1987-12-05; 1989~ (about 1989), 1989? (uncertain), 1989% (both); "
    "197X (the 1970s); 1987-12/1988-11 (a range), 1986/.. (from 1986 on), "
    "../1990 (until 1990), 1986/ (from 1986, end unknown)"
)

# Level 0 and level 1 of EDTF: what the sources' dates need, and no more.
_SINGLE = re.compile(
    r"^(?P<year>\d{4}|\d{3}X|\d{2}XX|XXXX)"
    r"(?:-(?P<month>0[1-9]|1[0-2]|2[1-4]|XX)(?:-(?P<day>0[1-9]|[12]\d|3[01]|XX))?)?"
    r"(?P<qualifier>[?~%])?$"
)
_SEASONS = {"21": "spring", "22": "summer", "23": "autumn", "24": "winter"}


class PartialDateError(ValueError):
    """A date string that is not EDTF level 1, with a message for the archivist."""


@dataclass(frozen=True)
class PartialDate:
    text: str
    earliest: date | None
    latest: date | None
    sort: date | None

    def __str__(self) -> str:
        return describe(self.text)


def _refuse(text: str) -> PartialDateError:
    return PartialDateError(
        _("“%(value)s” is not a date the archive can read. Accepted forms: %(forms)s.")
        % {"value": text, "forms": ACCEPTED_FORMS}
    )


# The grammar parser takes tens of milliseconds a date; the archive's dates repeat a lot
# (the same years and months), so each distinct string is parsed once per process.
@lru_cache(maxsize=4096)
def _parse_single(text: str):
    if not _SINGLE.match(text):
        raise _refuse(text)
    try:
        parsed = parse_edtf(text)
        # Computing the bounds also checks the calendar (no 31 April).
        bounds = (
            struct_time_to_date(parsed.lower_fuzzy()),
            struct_time_to_date(parsed.upper_fuzzy()),
            struct_time_to_date(parsed.lower_strict()),
        )
    except (EDTFParseException, ValueError, TypeError, OverflowError) as error:
        raise _refuse(text) from error
    return bounds


def parse(text: str | int | None) -> PartialDate | None:
    """Parse an EDTF level 1 string; ``None`` for an empty date."""
    text = "" if text is None else str(text).strip()
    if not text:
        return None
    if "/" in text:
        start, _slash, end = text.partition("/")
        if start in ("", "..") and end in ("", ".."):
            raise _refuse(text)
        start_bounds = None if start in ("", "..") else _parse_single(start)
        end_bounds = None if end in ("", "..") else _parse_single(end)
        earliest = start_bounds[0] if start_bounds else None
        latest = end_bounds[1] if end_bounds else None
        if earliest and latest and earliest > latest:
            raise PartialDateError(_("“%(value)s” ends before it starts.") % {"value": text})
        sort = start_bounds[2] if start_bounds else end_bounds[2]
        return PartialDate(text, earliest, latest, sort)
    earliest, latest, sort = _parse_single(text)
    return PartialDate(text, earliest, latest, sort)


def validate(text: str) -> None:
    """Django validator: refuse a malformed date with the accepted forms."""
    from django.core.exceptions import ValidationError

    try:
        parse(text)
    except PartialDateError as error:
        raise ValidationError(str(error), code="invalid_partial_date") from error


def _describe_single(text: str) -> str:
    match = _SINGLE.match(text)
    if not match:
        return text
    year, month, day, qualifier = match.group("year", "month", "day", "qualifier")
    if year == "XXXX":
        words = _("unknown date")
    elif year.endswith("XX"):
        words = _("the %(century)s00s") % {"century": year[:2]}
    elif year.endswith("X"):
        words = _("the %(decade)s0s") % {"decade": year[:3]}
    elif month in _SEASONS:
        season = {
            "spring": _("spring"),
            "summer": _("summer"),
            "autumn": _("autumn"),
            "winter": _("winter"),
        }[_SEASONS[month]]
        words = f"{season} {year}"
    elif month and month != "XX":
        month_name = str(MONTHS[int(month)])
        if day and day != "XX":
            words = f"{int(day)} {month_name} {year}"
        else:
            words = f"{month_name} {year}"
    else:
        words = year
    if qualifier == "~":
        return _("c. %(date)s") % {"date": words}
    if qualifier == "?":
        return _("%(date)s (uncertain)") % {"date": words}
    if qualifier == "%":
        return _("c. %(date)s (uncertain)") % {"date": words}
    return words


def describe(text: str | None) -> str:
    """The date in words: "December 1987", "c. 1989", "the 1970s", never a fake day."""
    text = (text or "").strip()
    if not text:
        return _("undated")
    if "/" not in text:
        return _describe_single(text)
    start, _slash, end = text.partition("/")
    if start == "..":
        return _("until %(end)s") % {"end": _describe_single(end)}
    if start == "":
        return _("until %(end)s (start unknown)") % {"end": _describe_single(end)}
    if end == "..":
        return _("from %(start)s") % {"start": _describe_single(start)}
    if end == "":
        return _("from %(start)s (end unknown)") % {"start": _describe_single(start)}
    return f"{_describe_single(start)} – {_describe_single(end)}"
