"""The documents' words appear only as quotes: quotes match the source, our prose does not copy it.

The source documents sit beside the repository (``../shared/seeds``, or the folder named by
ARCHIVE_SEEDS_DIR); they are not redistributed with the archive.
"""

import os
import re
from pathlib import Path

import pytest
from django.conf import settings

from cases.models import Quote
from tests.public_urls import LIST_MODELS

pytestmark = pytest.mark.django_db

SEEDS = Path(
    os.environ.get("ARCHIVE_SEEDS_DIR", Path(settings.BASE_DIR).parent / "shared" / "seeds")
)
DOCUMENTS = {"el-agustino": "000_b4a408fe5cb35bf2.txt", "el-gol": "002_76e0ba13b1444175.txt"}
# Prose fields that must be in our own words, by the list that shows their records.
OUR_WORDS = [
    (LIST_MODELS[list_path], field)
    for list_path, field in {
        "/cases/": "summary",
        "/people/": "description",
        "/organisations/": "description",
        "/places/": "description",
        "/events/": "description",
        "/interviews/": "description",
        "/quotes/": "context",
        "/glossary/": "definition",
    }.items()
]
COPY_RUN = 12  # this many words in a row, verbatim, is copying


def words(text: str) -> list[str]:
    text = re.sub(r"-\s*\n\s*", "", text)  # words hyphenated across OCR lines
    return re.findall(r"[a-z0-9áéíóúñü]+", text.lower())


def runs(tokens: list[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


@pytest.fixture(scope="module")
def documents():
    if not SEEDS.is_dir():
        pytest.skip(f"source documents not found beside the repository ({SEEDS.name})")
    return {case: words((SEEDS / name).read_text()) for case, name in DOCUMENTS.items()}


@pytest.mark.parametrize("case_key", DOCUMENTS)
def test_quotes_are_the_documents_words(documents, case_key):
    source_runs = runs(documents[case_key], 4)
    strays = []
    for quote in Quote.objects.filter(case__key=case_key):
        quote_runs = runs(words(quote.text), 4)
        if not quote_runs:
            continue
        # OCR repairs recorded on the citation change a few words, not most of them.
        share = len(quote_runs & source_runs) / len(quote_runs)
        if share < 0.75:
            strays.append((quote.key, round(share, 2)))
    assert strays == []


def letters(text: str) -> str:
    """The words of a text run together: what is left to compare once OCR line breaks,
    spacing, punctuation and italics markup are set aside."""
    return "".join(words(text))


BRACKETED = re.compile(r"\s*\[[^\]]*\]")


def spaced(text: str) -> str:
    """The text with OCR line breaks and runs of spaces made single spaces."""
    return " ".join(re.sub(r"-\s*\n\s*", "", text).split())


def printed_words(quote_text: str, document: str) -> str:
    """A quote as the document prints it: our bracketed readings ("mistas [mistis]") left
    out, brackets the document prints itself ("[to us]") kept."""
    return BRACKETED.sub(
        lambda bracket: bracket.group() if spaced(bracket.group()) in document else "",
        quote_text,
    )


@pytest.fixture(scope="module")
def printed():
    """Each document as printed (spacing made even), to find brackets in, and its letters."""
    if not SEEDS.is_dir():
        pytest.skip(f"source documents not found beside the repository ({SEEDS.name})")
    texts = {case: (SEEDS / name).read_text() for case, name in DOCUMENTS.items()}
    return {case: (spaced(text), letters(text)) for case, text in texts.items()}


@pytest.mark.parametrize("case_key", DOCUMENTS)
def test_every_quote_is_printed_word_for_word_in_its_document(printed, case_key):
    """Every quote, however short, is the document's words in the document's order; a
    reading of ours is in brackets beside the printed word, never in its place."""
    document, document_letters = printed[case_key]
    quotes = Quote.objects.filter(case__key=case_key)
    assert quotes.exists()
    strays = [
        quote.key
        for quote in quotes
        if letters(printed_words(quote.text, document)) not in document_letters
    ]
    assert strays == []


def test_a_quote_with_a_reading_of_ours_records_the_correction(printed):
    quotes_with_readings = 0
    documents = printed["el-agustino"][0] + printed["el-gol"][0]
    for quote in Quote.objects.all():
        ours = [
            bracket
            for bracket in BRACKETED.findall(quote.text)
            if spaced(bracket) not in documents
        ]
        if ours:
            quotes_with_readings += 1
            corrections = [citation.correction for citation in quote.citations.all()]
            assert any(corrections), quote.key
    assert quotes_with_readings >= 1  # the Anta mayor's "mistas [mistis]" at least


def test_the_anta_mayors_words_keep_the_printed_mistas():
    text = Quote.objects.get(key="anta-mayor-ink-on-paper").text
    assert "mistas [mistis]" in text


def test_the_calderon_and_valdeavellano_quote_is_there():
    quote = Quote.objects.get(key="calderon-valdeavellano-political-styles")
    assert quote.text == "political styles"
    assert quote.case.key == "el-agustino"
    assert quote.citations.filter(footnote="27", source__key="lrr-el-agustino").exists()


@pytest.mark.parametrize("case_key", DOCUMENTS)
@pytest.mark.parametrize(("model", "field"), OUR_WORDS, ids=lambda v: getattr(v, "__name__", v))
def test_descriptions_are_in_our_own_words(documents, case_key, model, field):
    source_runs = runs(documents[case_key], COPY_RUN)
    records = model.objects.exclude(**{field: ""})
    if hasattr(model, "case"):
        records = records.filter(case__key=case_key)
    elif hasattr(model, "cases"):
        records = records.filter(cases__key=case_key)
    else:
        records = records.filter(key=case_key)
    copied = [
        (record.key, " ".join(sorted(hits)[0]))
        for record in records
        if (hits := runs(words(getattr(record, field)), COPY_RUN) & source_runs)
    ]
    assert copied == []
