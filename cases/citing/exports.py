"""Exports of CSL-JSON items for reference managers: CSL-JSON, BibTeX and RIS.

Each format is written by a maintained library (bibtexparser, rispy) rather than by
string templates, so quoting and escaping follow each format's rules. Text stays
UTF-8: accents are kept as written (Biber, Zotero and current BibTeX read UTF-8).
"""

import functools
import json
import re

import bibtexparser
import rispy
from bibtexparser.model import Entry, Field
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _


def in_records_language(view):
    """A citation file is the same whichever language's page it was downloaded from: its
    words ("taped interview", "Cited in …") and the page's URL in the records' language,
    English, so a reference manager never holds two versions of one record."""

    @functools.wraps(view)
    def download(request, *args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            return view(request, *args, **kwargs)

    return download


# CSL item type → BibTeX entry type. Anything else is @misc, the type every BibTeX
# style knows; the note and the URL then carry what kind of thing it is.
BIBTEX_TYPES = {
    "article-journal": "article",
    "article-magazine": "article",
    "article-newspaper": "article",
    "book": "book",
    "chapter": "incollection",
    "report": "techreport",
    "thesis": "phdthesis",
    "pamphlet": "booklet",
    "manuscript": "unpublished",
}

# CSL item type → RIS TY code. RIS has no interview type; "GEN" (generic) with the
# type of work "Interview" imports cleanly everywhere, whereas "PCOMM" (personal
# communication) is read by some managers as a letter.
RIS_TYPES = {
    "article-journal": "JOUR",
    "article-magazine": "MGZN",
    "article-newspaper": "NEWS",
    "book": "BOOK",
    "chapter": "CHAP",
    "report": "RPRT",
    "thesis": "THES",
    "webpage": "ELEC",
    "entry-encyclopedia": "ELEC",
    "entry": "ELEC",
    "entry-dictionary": "ELEC",
    "manuscript": "UNPB",
    "pamphlet": "PAMP",
    "legislation": "STAT",
    "dataset": "DATA",
    "speech": "GEN",
    "interview": "GEN",
}


def as_csl_json(items: list[dict]) -> str:
    """A CSL-JSON array, UTF-8 (no \\u escapes for accents), indented by 2."""
    return json.dumps(list(items), ensure_ascii=False, indent=2)


def _name(name: dict, *, inverted: bool = True) -> str:
    if "literal" in name:
        return name["literal"]
    family, given = name.get("family", ""), name.get("given", "")
    if not given:
        return family
    return f"{family}, {given}" if inverted else f"{given} {family}"


def _bibtex_name(name: dict) -> str:
    # A literal (corporate) name is braced so BibTeX does not split it into parts.
    if "literal" in name:
        return "{" + name["literal"] + "}"
    return _name(name)


def _date_parts(item: dict, variable: str) -> list[int]:
    parts = (item.get(variable) or {}).get("date-parts") or []
    return [int(p) for p in parts[0]] if parts and parts[0] else []


def _iso(parts: list[int]) -> str:
    return "-".join(f"{p:02d}" if i else str(p) for i, p in enumerate(parts))


def _notes(item: dict) -> list[str]:
    notes = []
    if item.get("type") == "interview":
        interviewers = [_name(n, inverted=False) for n in item.get("interviewer", [])]
        kind = item.get("medium") or _("interview")
        if interviewers:
            notes.append(
                _("%(kind)s by %(interviewer)s")
                % {"kind": kind[:1].upper() + kind[1:], "interviewer": ", ".join(interviewers)}
            )
        else:
            notes.append(kind[:1].upper() + kind[1:])
    if item.get("note"):
        notes.append(item["note"])
    return notes


def _bibtex_entry(item: dict) -> Entry:
    csl_type = item.get("type", "")
    entry_type = BIBTEX_TYPES.get(csl_type, "misc")
    fields: list[tuple[str, str]] = []

    def add(key: str, value) -> None:
        if value:
            fields.append((key, str(value)))

    add("author", " and ".join(_bibtex_name(n) for n in item.get("author", [])))
    add("editor", " and ".join(_bibtex_name(n) for n in item.get("editor", [])))
    add("title", item.get("title"))
    container = item.get("container-title")
    if entry_type == "article":
        add("journal", container)
    elif entry_type == "incollection":
        add("booktitle", container)
    elif container:
        # @misc has no container field: a page of this archive names it as the
        # organisation (biblatex prints it); anything else says how it was published.
        add("organization" if "URL" in item else "howpublished", container)
    if entry_type in ("techreport", "phdthesis"):
        add("institution" if entry_type == "techreport" else "school", item.get("publisher"))
    else:
        add("publisher", item.get("publisher"))
    add("address", item.get("publisher-place"))
    issued = _date_parts(item, "issued")
    if issued:
        add("year", issued[0])
        add("date", _iso(issued))
    add("volume", item.get("volume"))
    add("number", item.get("issue"))
    # BibTeX writes a page range with "--"; the sources use "-" or an en dash.
    add("pages", re.sub(r"\s*[-–]+\s*", "--", str(item.get("page", ""))))
    add("doi", item.get("DOI"))
    add("isbn", item.get("ISBN"))
    if item.get("URL"):
        add("url", item["URL"])
        if entry_type == "misc" and not container:
            add("howpublished", "\\url{" + item["URL"] + "}")
    accessed = _date_parts(item, "accessed")
    if accessed:
        add("urldate", _iso(accessed))
    add("language", item.get("language"))
    add("note", ". ".join(_notes(item)))
    return Entry(entry_type, str(item.get("id", "item")), [Field(k, v) for k, v in fields])


def as_bibtex(items: list[dict]) -> str:
    """BibTeX entries, one per item, written by bibtexparser."""
    library = bibtexparser.Library()
    for item in items:
        library.add(_bibtex_entry(item))
    return bibtexparser.write_string(library)


def _ris_record(item: dict) -> dict:
    csl_type = item.get("type", "")
    record: dict = {"type_of_reference": RIS_TYPES.get(csl_type, "GEN"), "id": str(item["id"])}
    if item.get("title"):
        record["title"] = item["title"]
    authors = [_name(n) for n in item.get("author", [])]
    if authors:
        record["authors"] = authors
    editors = [_name(n) for n in item.get("editor", [])]
    if editors:
        record["secondary_authors"] = editors
    if item.get("container-title"):
        key = "journal_name" if record["type_of_reference"] == "JOUR" else "secondary_title"
        record[key] = item["container-title"]
    for csl_key, ris_key in (
        ("publisher", "publisher"),
        ("publisher-place", "place_published"),
        ("volume", "volume"),
        ("issue", "number"),
        ("DOI", "doi"),
        ("ISBN", "issn"),  # RIS puts ISBN and ISSN in one tag, SN.
        ("language", "language"),
    ):
        if item.get(csl_key):
            record[ris_key] = str(item[csl_key])
    page = str(item.get("page", ""))
    if page:
        start, _sep, end = page.replace("–", "-").partition("-")
        record["start_page"] = start
        if end:
            record["end_page"] = end
    issued = _date_parts(item, "issued")
    if issued:
        record["year"] = str(issued[0])
        # RIS dates are YYYY/MM/DD with empty parts left blank.
        record["date"] = "/".join(
            [str(issued[0])] + [f"{p:02d}" for p in issued[1:]] + [""] * (3 - len(issued))
        )
    accessed = _date_parts(item, "accessed")
    if accessed:
        record["access_date"] = _iso(accessed).replace("-", "/")
    if item.get("URL"):
        record["urls"] = [item["URL"]]
    if csl_type == "interview":
        record["type_of_work"] = _("Interview")
    notes = _notes(item)
    if notes:
        record["notes"] = notes
    return record


def as_ris(items: list[dict]) -> str:
    """RIS records, one per item, written by rispy."""
    return rispy.dumps([_ris_record(item) for item in items])


# Export name → (writer, media type, file extension), for the download views.
FORMATS = {
    "bibtex": (as_bibtex, "application/x-bibtex", "bib"),
    "ris": (as_ris, "application/x-research-info-systems", "ris"),
    "csl-json": (as_csl_json, "application/vnd.citationstyles.csl+json", "json"),
}
