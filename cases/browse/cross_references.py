"""Cross-references: the people, organisations and places a case's summary names, as links.

A summary is our prose about a case; where it names a person, organisation or place the
archive holds a public record of ("Jorge Quintanilla", "MIADES", "Macusani"), the name
links to that record's page, so a reader can go from the story to the actor. Names are
matched as whole words, ignoring accents ("Comite de Gestion" finds "Comité de Gestión"),
the longest first ("Comité de Gestión Distrital" before "Comité"); the first mention of
each record is linked, as encyclopaedias do, so a paragraph is not a sea of links. A name
that two records share ("Anta", the province and the district) is not linked: the summary
does not say which is meant, and a wrong link is worse than none. Only capitalised names
are looked for: a variant such as "hills" is a common word in prose, not a name.

The names come from the records of the cases shown, one query per kind whatever the
number of cases.
"""

import re
import unicodedata

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

MIN_LENGTH = 2  # "CG" is a name in the sources; a single letter never is


def folded(text: str) -> str:
    """``text`` without accents, character for character, so positions still match."""
    return "".join(unicodedata.normalize("NFD", char)[0] for char in text)


def names_in_cases(cases) -> dict[int, dict[str, str]]:
    """For each case's pk: every (folded) name of its public people, organisations and
    places, with the address of the record's page."""
    from cases.models import Organisation, Person, Place

    pks = [case.pk for case in cases]
    found: dict[int, dict[str, set[str]]] = {pk: {} for pk in pks}
    kinds = [
        (Person, ["name"], Person.objects.public().exclude(name="")),
        (Organisation, ["name", "acronym"], Organisation.objects.public()),
        (Place, ["name", "other_names"], Place.objects.public()),
    ]
    for model, fields, records in kinds:
        rows = records.filter(cases__in=pks).values_list("key", "cases", *fields)
        for key, case_pk, *names in rows.order_by():
            url = model(key=key).get_absolute_url()
            for name in record_names(fields, names):
                found[case_pk].setdefault(folded(name), set()).add(url)
    # A name two records share says nothing about which is meant: it is left unlinked.
    return {
        pk: {name: next(iter(urls)) for name, urls in names.items() if len(urls) == 1}
        for pk, names in found.items()
    }


def record_names(fields, values) -> set[str]:
    names = set()
    for field, value in zip(fields, values, strict=True):
        parts = value.split(",") if field == "other_names" else [value]
        names.update(part.strip() for part in parts if is_proper_name(part.strip()))
    return names


def is_proper_name(name: str) -> bool:
    """A name to look for in prose: capitalised, so a place also called "hills" does not
    turn every mention of hills into a link."""
    return len(name) >= MIN_LENGTH and any(char.isupper() for char in name)


WORD = re.compile(r"\w+")


def linked(text: str, names: dict[str, str], already: set[str] | None = None) -> str:
    """``text``, escaped, with the first mention of each named record linked to its page.

    ``already`` holds the addresses linked in earlier paragraphs of the same summary; it is
    updated, so each record is linked once per summary. The text is read word by word,
    trying the longest run of words first, so the cost grows with the text, not with the
    number of names a large case holds.
    """
    if not names or not text:
        return conditional_escape(text)
    already = set() if already is None else already
    longest = max(len(WORD.findall(name)) for name in names)
    plain = folded(text)
    words = list(WORD.finditer(plain))
    pieces, position, index = [], 0, 0
    while index < len(words):
        start = words[index].start()
        for length in range(min(longest, len(words) - index), 0, -1):
            end = words[index + length - 1].end()
            url = names.get(plain[start:end])
            if url is not None:
                break
        else:
            index += 1
            continue
        index += length
        if url in already:
            continue
        already.add(url)
        pieces.append(conditional_escape(text[position:start]))
        pieces.append(format_html('<a href="{}">{}</a>', url, text[start:end]))
        position = end
    pieces.append(conditional_escape(text[position:]))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece is escaped above
