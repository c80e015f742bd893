"""How every public page is cited and exported.

One CSL-JSON item per page (``csl``) feeds everything a reader or a reference manager
takes away: the Chicago author-date text (``chicago``), BibTeX, RIS and CSL-JSON files
(``exports``), HighWire tags and COinS for Zotero (``metadata``), and schema.org
JSON-LD (``linked_data``). ``citation_for`` gathers them for a page.
"""

from dataclasses import dataclass
from datetime import date

from django.utils.safestring import SafeString

from cases.records import kinds

from .chicago import chicago_html
from .linked_data import json_ld, json_ld_script
from .metadata import coins, highwire_tags


@dataclass(frozen=True)
class Citing:
    """What a page shows and embeds to be cited."""

    item: dict  # the CSL-JSON item
    chicago: dict  # {"bibliography": html, "in_text": html}
    highwire: list[tuple[str, str]]  # <meta name=… content=…> pairs
    coins: str  # the title attribute of a COinS span
    json_ld: SafeString  # a whole <script type="application/ld+json"> element


def citation_for(record, *, url: str, accessed: date) -> Citing:
    """The citation of a public record's page; ``url`` absolute, ``accessed`` a date.

    The record is fetched as its page fetches it: ``Model.objects.public().for_page()``.
    """
    kind = kinds.kind_of(type(record))
    item = kind.csl_item(record, url=url, accessed=accessed)
    return Citing(
        item=item,
        # A quote, for one, is cited to the page of its source that prints it.
        chicago=chicago_html(item, locator=kind.csl_locator(record)),
        highwire=highwire_tags(item),
        coins=coins(item),
        json_ld=json_ld_script(json_ld(record, url=url)),
    )


__all__ = ["Citing", "citation_for"]
