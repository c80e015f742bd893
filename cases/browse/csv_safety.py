"""CSV cells a spreadsheet would run as formulas are written as text (CSV injection).

Spreadsheets read a cell starting with ``=``, ``+``, ``-`` or ``@`` (and, in some, a tab or a
carriage return before one of those) as a formula: a record whose text begins
``=HYPERLINK(…)`` would become a live link, or worse, in the scholar's spreadsheet. Following
OWASP's advice on CSV injection, such a cell is prefixed with a single quote, which the
spreadsheet shows as text and the reader sees as the first character.

A plain number (``-12``, ``-3.5``, ``+4``, ``-1e3``) is left as it is, in any column: a
spreadsheet reads it as that number and nothing else, so a negative value stays a number.

(``defusedcsv`` does the same for ``= + - @`` but not for a leading tab or carriage return,
and it rewrites every ``|`` in such a cell, which would change our `` | ``-joined cells.)
"""

import csv
import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def safe_cell(value):
    """The value as written in a CSV cell: text that a spreadsheet would run is quoted."""
    if not isinstance(value, str) or not value.startswith(FORMULA_STARTS):
        return value
    if PLAIN_NUMBER.fullmatch(value):
        return value
    return "'" + value


class SafeWriter:
    """``csv.writer`` whose rows are written through ``safe_cell``."""

    def __init__(self, file, **options):
        self._writer = csv.writer(file, **options)

    def writerow(self, row):
        return self._writer.writerow([safe_cell(value) for value in row])


def writer(file, **options) -> SafeWriter:
    """Use in place of ``csv.writer`` for every CSV the site writes."""
    return SafeWriter(file, **options)
