"""Where in a source a citation points, in words: "p. 12, n. 10", "section “MIADES”".

A citation keeps its locator in parts (page, section, footnote, table, box, appendix and
anything else) because the sources cite that way and readers follow one part at a time.
This module is the one place that words them: a record's page, the notes of a CSL item,
a chart's sources, the CSV exports (worded in the database) and the locator handed to the
Chicago formatter all read it from here, so that they never disagree.
"""

from dataclasses import dataclass

from django.db.models import Case, F, TextField, Value, When
from django.db.models.functions import Concat
from django.utils.functional import Promise
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from cases.records.wording import Worded, in_records_language

# Between two parts, and between a source and its locator: "Tanaka 2001, p. 12, n. 10".
SEPARATOR = ", "


@dataclass(frozen=True)
class Part:
    """One part of a locator: the citation's field, the label printed before its value,
    and whether the value is a name to quote (a section's title) rather than a number."""

    field: str
    label: str | Promise = ""
    quoted: bool = False
    # A number ("12") reads in any language; a title or a note is in the sources' words.
    numeric: bool = False
    # CSL's name for the part, where CSL has one: the Chicago formatter words it itself.
    csl_label: str = ""

    @property
    def opening(self) -> str:
        """What comes before the value: "p. ", "section “", or nothing."""
        return (f"{self.label} " if self.label else "") + ("“" if self.quoted else "")

    @property
    def closing(self) -> str:
        return "”" if self.quoted else ""

    def words(self, value: str) -> str:
        """ "p. 12", "section “MIADES”", or the value alone ("Table 2") without a label."""
        return f"{self.opening}{value}{self.closing}".strip()

    def html(self, value: str) -> str:
        """The same words as HTML, a value in the sources' words marked as such."""
        shown = conditional_escape(value) if self.numeric else in_records_language(value)
        return f"{conditional_escape(self.opening)}{shown}{self.closing}".strip()


# In the order a locator is read; the labels are the sources' own abbreviations.
PARTS = (
    Part("page", _("p."), csl_label="page", numeric=True),
    Part("section", _("section"), quoted=True, csl_label="section"),
    Part("footnote", _("n."), csl_label="note", numeric=True),
    Part("table", csl_label="table"),
    Part("box"),
    Part("appendix", csl_label="appendix"),
    Part("locator"),
)
BY_FIELD = {part.field: part for part in PARTS}
# Without a page, the one part a CSL locator names: a footnote first, as the notes cite.
CSL_ORDER = ("footnote", "section", "table", "appendix")


def parts(citation, fields=None) -> list[tuple[Part, str]]:
    """The parts a citation gives, each with its value, in reading order (only ``fields``
    if given)."""
    return [
        (part, value)
        for part in PARTS
        if (fields is None or part.field in fields) and (value := getattr(citation, part.field))
    ]


def words(citation, fields=None) -> Worded:
    """A citation's locator in words: "p. 12, n. 10"; empty if it gives none.

    ``fields`` limits the wording to some parts, e.g. ``("footnote",)`` gives "n. 10". On a
    page, a section's title and other words of the sources are marked with their language.
    """
    given = parts(citation, fields)
    html = SEPARATOR.join(part.html(value) for part, value in given)
    return Worded(
        SEPARATOR.join(part.words(value) for part, value in given),
        mark_safe(html),  # noqa: S308 - each part escaped by Part.html
    )


def words_in_database(prefix: str = ""):
    """The same wording as ``words``, as a database expression over a citation's columns
    (``prefix`` leads to them), each present part preceded by the separator: an export
    writes "lrr-el-agustino, p. 12, n. 10" without reading citations row by row."""
    return Concat(
        *(
            Case(
                When(**{f"{prefix}{part.field}": ""}, then=Value("")),
                default=Concat(
                    Value(SEPARATOR + part.opening),
                    F(f"{prefix}{part.field}"),
                    Value(part.closing),
                ),
                output_field=TextField(),
            )
            for part in PARTS
        ),
        output_field=TextField(),
    )


def for_csl(citation) -> tuple[str, str] | None:
    """The locator as CSL's (label, value) pair, for a formatter that words it itself.

    Page and footnote together read "45n10", as Chicago writes them; a footnote alone is a
    "note"; otherwise a section, table or appendix. ``None`` if none of those is given.
    """
    if citation is None:
        return None
    if citation.page:
        value = citation.page + (f"n{citation.footnote}" if citation.footnote else "")
        return (BY_FIELD["page"].csl_label, value)
    for field in CSL_ORDER:
        value = getattr(citation, field)
        if value:
            return (BY_FIELD[field].csl_label, value)
    return None
