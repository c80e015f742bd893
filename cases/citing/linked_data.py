"""schema.org JSON-LD for the public pages, for search engines and linked-data tools.

Each record is described as the closest schema.org type by the node its kind declares
(``RecordKind.linked_data``: ``person_node``, ``source_node`` …; ``thing_node`` for a kind
that declares none), always with its page's ``url`` and as part of the archive's WebSite.
Relations are read from prefetched managers with ``.all()`` only, and related records
already public as the page fetched them (see ``csl``).
"""

import json

from django.utils.safestring import SafeString, mark_safe

from cases.records import kinds, partial_dates

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


def _resting_on(data: dict, record) -> dict:
    """``data`` naming the works ``record`` rests on, after everything else it says.

    Every record but a source says what it rests on: a source is itself the reference.
    """
    data["citation"] = _citations(record)
    return data


def person_node(person) -> dict:
    data = _person(person)
    if not person.anonymous and person.description:
        data["description"] = person.description
    data["affiliation"] = [
        {"@type": "Organization", "name": a.organisation.name} for a in person.affiliations.all()
    ]
    return _resting_on(data, person)


def organisation_node(organisation) -> dict:
    data = {
        "@type": "Organization",
        "name": organisation.name,
        "alternateName": organisation.acronym or organisation.gloss,
        "foundingDate": iso_date(organisation.founded),
        "dissolutionDate": iso_date(organisation.dissolved),
        "description": organisation.description,
    }
    return _resting_on(data, organisation)


def event_node(event) -> dict:
    data = {
        "@type": "Event",
        "name": event.title,
        "startDate": iso_date(event.date),
        "description": event.description,
    }
    if event.public_place is not None:
        data["location"] = _place(event.public_place, event.public_place_parent)
    return _resting_on(data, event)


def place_node(place) -> dict:
    data = _place(place, place.public_parent)
    data["description"] = place.description
    return _resting_on(data, place)


def glossary_term_node(term) -> dict:
    data = {
        "@type": "DefinedTerm",
        "name": term.term,
        "description": term.definition or term.gloss,
        "alternateName": term.gloss,
        "inLanguage": term.language,
        "inDefinedTermSet": {"@type": "DefinedTermSet", "name": ARCHIVE_TITLE},
    }
    return _resting_on(data, term)


def quote_node(quote) -> dict:
    citations = _citations(quote)
    data = {
        "@type": "Quotation",
        "text": quote.text,
        "creator": _person(quote.speaker),
        "spokenByCharacter": _person(quote.speaker),
        "dateCreated": iso_date(quote.date),
        "inLanguage": quote.original_language or None,
    }
    if citations:
        data["isBasedOn"] = citations[0]
    return _resting_on(data, quote)


def interview_node(interview) -> dict:
    data = {
        "@type": "CreativeWork",
        "additionalType": "Interview",
        "name": interview.title,
        "dateCreated": iso_date(interview.date),
        "inLanguage": interview.language,
        "description": interview.description,
        "about": [_person(i.person) for i in interview.interviewees.all()],
        "contributor": [_person(i.person) for i in interview.interviewees.all()],
    }
    if interview.public_interviewer is not None:
        data["author"] = _person(interview.public_interviewer)
    if interview.public_place is not None:
        data["locationCreated"] = _place(interview.public_place, interview.public_place_parent)
    return _resting_on(data, interview)


def source_node(source) -> dict:
    """A source is the work itself, and so names no works it rests on."""
    return _work(source)


def case_node(case) -> dict:
    data = {
        "@type": "CreativeWork",
        "name": case.title,
        "alternateName": case.short_title,
        "abstract": case.summary,
        "temporalCoverage": iso_date(case.date),
        "spatialCoverage": {"@type": "Place", "name": case.region},
        "isBasedOn": _work(case.public_source) if case.public_source else None,
    }
    return _resting_on(data, case)


def thing_node(record) -> dict:
    """A record of a kind that declares no node of its own: a Thing, by its name."""
    return _resting_on({"@type": "Thing", "name": str(record)}, record)


def json_ld(record, *, url: str) -> dict:
    """The schema.org description of a record's public page (absolute ``url``)."""
    data = kinds.kind_of(type(record)).schema_org(record)
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
