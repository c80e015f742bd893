"""schema.org JSON-LD for the public pages, for search engines and linked-data tools.

Each record is described as the closest schema.org type, always with its page's
``url`` and as part of the archive's WebSite. Relations are read from prefetched
managers with ``.all()`` only, and related records already public as the page fetched
them (see ``csl``).
"""

import json

from django.utils.safestring import SafeString, mark_safe

from cases.models import (
    CaseStudy,
    Event,
    GlossaryTerm,
    Interview,
    Organisation,
    Person,
    Place,
    Quote,
    Source,
)
from cases.records import partial_dates

from .csl import ARCHIVE_TITLE

# Source kinds (CSL types) → schema.org CreativeWork subtypes.
_WORK_TYPES = {
    "article-journal": "ScholarlyArticle",
    "article-magazine": "Article",
    "article-newspaper": "NewsArticle",
    "book": "Book",
    "chapter": "Chapter",
    "report": "Report",
    "thesis": "Thesis",
    "webpage": "WebPage",
    "legislation": "Legislation",
    "dataset": "Dataset",
    "speech": "CreativeWork",
}

# The characters that could end a <script> element or open a comment inside it,
# replaced by JSON's own escapes: the data reads the same, the HTML cannot break.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def iso_date(text: str | None) -> str | None:
    """An EDTF date as an ISO 8601 date schema.org accepts (see ``PartialDate.iso``)."""
    date = partial_dates.parse(text)
    return date.iso if date else None


def _person(person) -> dict:
    data = {"@type": "Person"}
    if person.anonymous or not person.name:
        data["description"] = person.description
    else:
        data["name"] = person.name
    return data


def _work(source) -> dict:
    data = {
        "@type": _WORK_TYPES.get(source.kind, "CreativeWork"),
        "name": source.title,
    }
    authors = [c for c in source.creators.all() if c.role == "author"]
    if authors:
        data["author"] = [
            {"@type": "Organization", "name": c.literal}
            if c.literal
            else {"@type": "Person", "familyName": c.family, "givenName": c.given or None}
            for c in authors
        ]
    published = iso_date(source.issued)
    if published:
        data["datePublished"] = published
    if source.container_title:
        data["isPartOf"] = {"@type": "Periodical", "name": source.container_title}
    if source.publisher:
        data["publisher"] = {"@type": "Organization", "name": source.publisher}
    if source.doi:
        data["identifier"] = f"https://doi.org/{source.doi}"
    if source.url:
        data["sameAs"] = source.url
    return _clean(data)


def _citations(record) -> list[dict]:
    return [_work(c.source) for c in record.citations.all()]


def _place(place, parent) -> dict:
    """A place, within its ``parent`` if that is public (None otherwise)."""
    data = {"@type": "Place", "name": place.name}
    if parent is not None:
        data["containedInPlace"] = {"@type": "Place", "name": parent.name}
    return data


def _clean(data: dict) -> dict:
    return {k: v for k, v in data.items() if v not in (None, "", [], {})}


def json_ld(record, *, url: str) -> dict:
    """The schema.org description of a record's public page (absolute ``url``)."""
    data: dict
    if isinstance(record, Person):
        data = _person(record)
        if not record.anonymous and record.description:
            data["description"] = record.description
        data["affiliation"] = [
            {"@type": "Organization", "name": a.organisation.name}
            for a in record.affiliations.all()
        ]
    elif isinstance(record, Organisation):
        data = {
            "@type": "Organization",
            "name": record.name,
            "alternateName": record.acronym or record.gloss,
            "foundingDate": iso_date(record.founded),
            "dissolutionDate": iso_date(record.dissolved),
            "description": record.description,
        }
    elif isinstance(record, Event):
        data = {
            "@type": "Event",
            "name": record.title,
            "startDate": iso_date(record.date),
            "description": record.description,
        }
        if record.public_place is not None:
            data["location"] = _place(record.public_place, record.public_place_parent)
    elif isinstance(record, Place):
        data = _place(record, record.public_parent)
        data["description"] = record.description
    elif isinstance(record, GlossaryTerm):
        data = {
            "@type": "DefinedTerm",
            "name": record.term,
            "description": record.definition or record.gloss,
            "alternateName": record.gloss,
            "inLanguage": record.language,
            "inDefinedTermSet": {"@type": "DefinedTermSet", "name": ARCHIVE_TITLE},
        }
    elif isinstance(record, Quote):
        citations = _citations(record)
        data = {
            "@type": "Quotation",
            "text": record.text,
            "creator": _person(record.speaker),
            "spokenByCharacter": _person(record.speaker),
            "dateCreated": iso_date(record.date),
            "inLanguage": record.original_language or None,
        }
        if citations:
            data["isBasedOn"] = citations[0]
    elif isinstance(record, Interview):
        data = {
            "@type": "CreativeWork",
            "additionalType": "Interview",
            "name": record.title,
            "dateCreated": iso_date(record.date),
            "inLanguage": record.language,
            "description": record.description,
            "about": [_person(i.person) for i in record.interviewees.all()],
            "contributor": [_person(i.person) for i in record.interviewees.all()],
        }
        if record.public_interviewer is not None:
            data["author"] = _person(record.public_interviewer)
        if record.public_place is not None:
            data["locationCreated"] = _place(record.public_place, record.public_place_parent)
    elif isinstance(record, Source):
        data = _work(record)
    elif isinstance(record, CaseStudy):
        data = {
            "@type": "CreativeWork",
            "name": record.title,
            "alternateName": record.short_title,
            "abstract": record.summary,
            "temporalCoverage": iso_date(record.date),
            "spatialCoverage": {"@type": "Place", "name": record.region},
            "isBasedOn": _work(record.public_source) if record.public_source else None,
        }
    else:
        data = {"@type": "Thing", "name": str(record)}

    if not isinstance(record, Source):
        # A source is itself the reference; everything else says what it rests on.
        data["citation"] = _citations(record)
    data["url"] = url
    # Every page names the site it belongs to (for a source this replaces the journal,
    # which its reference already gives).
    data["isPartOf"] = {"@type": "WebSite", "name": ARCHIVE_TITLE}
    return {"@context": "https://schema.org", **_clean(data)}


def json_ld_script(data: dict) -> SafeString:
    """A whole ``<script type="application/ld+json">`` element for ``data``.

    ``<``, ``>`` and ``&`` are written as JSON escapes (``\\u003C`` …), as Django's
    ``json_script`` does, so a "</script>" inside the data cannot end the element.
    Django's helper is not used because it always writes type="application/json".
    """
    text = json.dumps(data, ensure_ascii=False, indent=None).translate(_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308
