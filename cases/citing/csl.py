"""CSL-JSON items built from archive records.

CSL-JSON (the Citation Style Language's input format) is the one description of a
reference that every output here starts from: the Chicago text, BibTeX, RIS, the
HighWire tags and COinS that Zotero reads. Building it once per record keeps those
outputs from disagreeing with each other.

Contract: records arrive as their page fetched them, ``Model.objects.public().for_page()``:
every related record already public (prefetched through the public querysets, or a
``public_*`` record of ``with_public``), so nothing here asks whether it may be shown. This
module only ever calls ``.all()`` on related managers and filters or sorts in Python: a
``.filter()``, ``.exists()``, ``.count()`` or ``.first()`` on a relation would cost one more
query per record on a list page or export.
"""

import re
from datetime import date

from django.utils.translation import gettext as _

from cases.records import kinds, locators, partial_dates

ARCHIVE_TITLE = "El Agustino & El Gol: a case-study archive"


def csl_date(text: str | None) -> dict | None:
    """An EDTF string as a CSL date (see ``PartialDate.csl``); None if undated."""
    date = partial_dates.parse(text)
    return date.csl if date else None


def date_parts(value: date) -> dict:
    return {"date-parts": [[value.year, value.month, value.day]]}


def _person_name(person) -> dict:
    """A person as a CSL name: a literal, since the archive keeps names as written.

    An anonymous person is described, never named, so the description stands in.
    """
    if person.anonymous or not person.name:
        description = person.description.strip()
        # The first clause is enough to identify; a whole paragraph is not a name.
        short = re.split(r"(?<=[a-z])\.\s|\s\(", description, maxsplit=1)[0]
        if len(short) > 120:
            short = short[:119].rstrip() + "…"
        return {"literal": short or _("Anonymous")}
    return {"literal": person.name}


def person_name(person) -> dict:
    """A person as a CSL name, split into family and given where the name allows it."""
    name = _person_name(person)
    literal = name["literal"]
    if person.anonymous or not person.name or " " not in literal.strip():
        return name
    # The archive keeps a person's name whole; reference managers and Chicago need the
    # family name apart, so split at the last space ("J. C. Scott" → Scott, J. C.).
    given, family = literal.strip().rsplit(" ", 1)
    return {"family": family, "given": given}


def _creator_name(creator) -> dict:
    if creator.literal:
        return {"literal": creator.literal}
    name = {"family": creator.family}
    if creator.given:
        name["given"] = creator.given
    return name


def short_reference(source) -> str:
    """How the notes name a source: "Tanaka 2001", "NACLA 1995", or a short title."""
    authors = [c for c in source.creators.all() if c.role == "author"]
    if not authors:
        authors = [c for c in source.creators.all() if c.role == "editor"]
    names = [c.literal or c.family for c in authors]
    if len(names) > 3:
        who = _("%(name)s et al.") % {"name": names[0]}
    elif names:
        who = " and ".join(names) if len(names) <= 2 else ", ".join(names)
    else:
        title = source.title.strip()
        who = title if len(title) <= 60 else title[:59].rstrip() + "…"
    issued = source.partial_issued
    year = issued.year_as_written if issued else _("n.d.")
    return f"{who} {year}".strip()


def _citation_ref(citation) -> str:
    locator = citation.locator_display
    return (
        f"{short_reference(citation.source)}, {locator}"
        if locator
        else (short_reference(citation.source))
    )


def based_on_note(record) -> str:
    """ "Based on: Tanaka 2001, p. 12, n. 10; …" from the record's public citations."""
    refs = [_citation_ref(c) for c in record.citations.all()]
    if not refs:
        return ""
    return _("Based on: %(references)s") % {"references": "; ".join(refs)}


def source_item(source, *, url: str | None = None, accessed: date | None = None) -> dict:
    """The bibliographic reference of a source, as CSL-JSON.

    A source is cited as itself wherever the reader found it: its page's address here and
    the day it was read are no part of its reference, so ``url`` and ``accessed`` (which
    every kind's item is given) are left out.
    """
    item: dict = {"id": source.key, "type": source.kind}
    fields = {
        "title": source.title,
        "container-title": source.container_title,
        "publisher": source.publisher,
        "publisher-place": source.publisher_place,
        "volume": source.volume,
        "issue": source.issue,
        "page": source.page,
        "DOI": source.doi,
        "ISBN": source.isbn,
        "URL": source.url,
    }
    item.update({k: v for k, v in fields.items() if v})
    issued = csl_date(source.issued)
    if issued:
        item["issued"] = issued
    # Creators are already ordered (role, order); group them by role in that order.
    for creator in source.creators.all():
        item.setdefault(creator.role, []).append(_creator_name(creator))
    return item


def _archive_page(item: dict, *, url: str, accessed: date) -> dict:
    item.setdefault("container-title", ARCHIVE_TITLE)
    item["URL"] = url
    item["accessed"] = date_parts(accessed)
    return item


def interview_item(interview, *, url: str | None = None, accessed: date | None = None) -> dict:
    """An interview cited as an interview: interviewees as authors, the interviewer,
    the date, place and medium, and where the case document cites it."""
    item: dict = {"id": interview.key, "type": "interview", "title": interview.title}
    authors = [person_name(i.person) for i in interview.interviewees.all()]
    if authors:
        item["author"] = authors
    if interview.public_interviewer is not None:
        item["interviewer"] = [person_name(interview.public_interviewer)]
    issued = csl_date(interview.date)
    if issued:
        item["issued"] = issued
    if interview.taped:
        item["medium"] = _("taped interview")
    if interview.public_place is not None:
        item["publisher-place"] = interview.public_place.name
    if interview.language:
        item["language"] = interview.language
    # One "Cited in" per source, its locators in order: "Cited in X, n. 10; n. 12".
    by_source: dict = {}
    for citation in interview.citations.all():
        by_source.setdefault(citation.source, []).append(citation.locator_display)
    cited = [
        _("Cited in %(reference)s")
        % {"reference": ", ".join([short_reference(src), "; ".join(filter(None, locs))])}
        if any(locs)
        else _("Cited in %(reference)s") % {"reference": short_reference(src)}
        for src, locs in by_source.items()
    ]
    if cited:
        item["note"] = "; ".join(cited)
    if url and accessed:
        item["URL"] = url
        item["accessed"] = date_parts(accessed)
    return item


def _printed_in(quote):
    """The citation of the document that prints the quote: the first public one."""
    citations = list(quote.citations.all())
    return citations[0] if citations else None


def quote_locator(quote) -> tuple[str, str] | None:
    """Where in its source a quote is printed, as a CSL locator: (label, value).

    ``None`` if the source gives none; ``cases.records.locators.for_csl`` says which part.
    """
    return locators.for_csl(_printed_in(quote))


def quote_item(quote, *, url: str | None = None, accessed: date | None = None) -> dict:
    """A quote cited to the source that prints it, with the page it is printed on."""
    citation = _printed_in(quote)
    if citation is None:
        # Nothing public prints it: cite the archive's own page instead.
        return archive_entry(quote, url=url, accessed=accessed)
    item = source_item(citation.source)
    item["id"] = quote.key
    if citation.page:
        item["page"] = citation.page
    said = [_("Quoted from %(speaker)s") % {"speaker": quote.speaker.display_name}]
    interview = quote.interview
    if interview is not None:
        said.append(_("interview of %(date)s") % {"date": partial_dates.describe(interview.date)})
    elif quote.date:
        said.append(partial_dates.describe(quote.date))
    if citation.locator_display:
        said.append(citation.locator_display)
    item["note"] = ", ".join(said)
    return item


def archive_entry(
    record, *, url: str | None = None, accessed: date | None = None, title: str | None = None
) -> dict:
    """A record cited as an entry of this archive, with the sources it rests on in the note.

    How a kind is cited when its declaration names no item of its own: under its name
    (``str``), or ``title``.
    """
    item: dict = {
        "id": record.key,
        "type": "entry-encyclopedia",
        "title": str(record) if title is None else title,
        "language": "en",
    }
    note = based_on_note(record)
    if note:
        item["note"] = note
    if url and accessed:
        _archive_page(item, url=url, accessed=accessed)
    else:
        item["container-title"] = ARCHIVE_TITLE
    return item


def case_item(case, *, url: str | None = None, accessed: date | None = None) -> dict:
    """A case study cited as an entry of this archive under its full title (its ``str`` is
    the short title the site's lists use)."""
    return archive_entry(case, url=url, accessed=accessed, title=case.title)


def record_item(record, *, url: str, accessed: date) -> dict:
    """The CSL-JSON item a reader cites for a public page of the archive.

    Built as the record's kind declares (``RecordKind.cite_as``): a source is cited as
    itself, an interview as an interview, a quote to the source that prints it; any other
    record as an entry of this archive (``archive_entry``). ``url`` is the page's absolute
    address; ``accessed`` a date.
    """
    return kinds.kind_of(type(record)).csl_item(record, url=url, accessed=accessed)
