"""Embedded citation metadata, so reference managers can capture any page.

Two forms, both read by Zotero and its peers: HighWire Press ``<meta name="citation_*">``
tags (also Google Scholar's format) and a COinS span (an OpenURL ContextObject in a
``title`` attribute). Both are derived from the page's CSL-JSON item.
"""

from urllib.parse import urlencode

# The article-like CSL types whose container is a journal: OpenURL's journal format.
_JOURNAL_TYPES = {"article-journal", "article-magazine", "article-newspaper"}
_BOOK_TYPES = {"book", "chapter", "report", "thesis", "pamphlet"}


def _names(item: dict, variable: str = "author") -> list[str]:
    names = []
    for name in item.get(variable, []):
        if "literal" in name:
            names.append(name["literal"])
        elif name.get("given"):
            names.append(f"{name.get('family', '')}, {name['given']}")
        else:
            names.append(name.get("family", ""))
    return [n for n in names if n]


def _date(item: dict, variable: str, separator: str) -> str:
    parts = (item.get(variable) or {}).get("date-parts") or []
    if not parts or not parts[0]:
        return ""
    first = parts[0]
    return separator.join([str(first[0])] + [f"{int(p):02d}" for p in first[1:]])


def _first_page(item: dict) -> str:
    page = str(item.get("page", ""))
    return page.replace("–", "-").split("-")[0].strip()


def highwire_tags(item: dict) -> list[tuple[str, str]]:
    """``(name, content)`` pairs for ``<meta name=… content=…>`` tags, in the usual order."""
    tags: list[tuple[str, str]] = []

    def add(name: str, value) -> None:
        if value:
            tags.append((name, str(value)))

    add("citation_title", item.get("title"))
    for name in _names(item):
        add("citation_author", name)
    add("citation_publication_date", _date(item, "issued", "/"))
    add("citation_publisher", item.get("publisher"))
    container = item.get("container-title")
    if item.get("type") in _JOURNAL_TYPES:
        add("citation_journal_title", container)
        add("citation_volume", item.get("volume"))
        add("citation_issue", item.get("issue"))
    elif item.get("type") == "chapter":
        add("citation_inbook_title", container)
    elif item.get("type") == "report":
        add("citation_technical_report_institution", item.get("publisher"))
    elif container:
        # A page of this archive: Zotero takes the site as the "website title".
        add("citation_journal_title", container)
    add("citation_firstpage", _first_page(item))
    add("citation_doi", item.get("DOI"))
    add("citation_isbn", item.get("ISBN"))
    add("citation_public_url", item.get("URL"))
    add("citation_language", item.get("language"))
    return tags


def coins(item: dict) -> str:
    """The ``title`` of a COinS ``<span class="Z3988">``: a URL-encoded ContextObject.

    Returned unescaped for HTML: the template's autoescaping turns ``&`` into ``&amp;``
    inside the attribute, as the COinS specification expects.
    """
    kind = item.get("type", "")
    pairs: list[tuple[str, str]] = [("ctx_ver", "Z39.88-2004")]
    if kind in _JOURNAL_TYPES:
        pairs += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:journal"), ("rft.genre", "article")]
        pairs += [
            ("rft.atitle", item.get("title", "")),
            ("rft.jtitle", item.get("container-title", "")),
        ]
        pairs += [("rft.volume", item.get("volume", "")), ("rft.issue", item.get("issue", ""))]
    elif kind in _BOOK_TYPES:
        genre = {"chapter": "bookitem", "report": "report"}.get(kind, "book")
        pairs += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:book"), ("rft.genre", genre)]
        if kind == "chapter":
            pairs += [("rft.atitle", item.get("title", ""))]
            pairs += [("rft.btitle", item.get("container-title", ""))]
        else:
            pairs += [("rft.btitle", item.get("title", ""))]
        pairs += [("rft.pub", item.get("publisher", ""))]
        pairs += [("rft.place", item.get("publisher-place", ""))]
        pairs += [("rft.isbn", item.get("ISBN", ""))]
    else:
        # Dublin Core: the generic format for interviews and pages of the archive.
        pairs += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:dc"), ("rft.title", item.get("title", ""))]
        pairs += [("rft.type", kind), ("rft.source", item.get("container-title", ""))]
        pairs += [("rft.identifier", item.get("URL", ""))]
    author_key = (
        "rft.creator" if ("rft_val_fmt", "info:ofi/fmt:kev:mtx:dc") in pairs else ("rft.au")
    )
    pairs += [(author_key, name) for name in _names(item)]
    pairs += [("rft.date", _date(item, "issued", "-"))]
    if kind in _JOURNAL_TYPES:
        pairs += [("rft.spage", _first_page(item))]
    if item.get("DOI"):
        pairs += [("rft_id", f"info:doi/{item['DOI']}")]
    if item.get("URL"):
        pairs += [("rft_id", item["URL"])]
    pairs += [("rft.language", item.get("language", ""))]
    return urlencode([(k, str(v)) for k, v in pairs if v])
