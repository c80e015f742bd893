"""A citation's locator is worded in one place (``cases.records.locators``): on pages, in
the notes of a CSL item, in a chart's sources, in the CSV exports and for the Chicago
formatter alike."""

import pytest

from cases.drawings.charts import short_locator
from cases.models import Citation
from cases.records import locators


@pytest.mark.parametrize(
    "parts, wording",
    [
        ({"page": "12"}, "p. 12"),
        ({"footnote": "5"}, "n. 5"),
        ({"page": "12", "footnote": "10"}, "p. 12, n. 10"),
        ({"page": "3–4"}, "p. 3–4"),
        ({"section": "MIADES", "footnote": "10"}, "section “MIADES”, n. 10"),
        ({"table": "Table 2"}, "Table 2"),
        ({"box": "Box 1", "appendix": "Appendix A"}, "Box 1, Appendix A"),
        ({"locator": "row 'SER'", "page": "7"}, "p. 7, row 'SER'"),
        ({}, ""),
    ],
)
def test_a_locator_is_worded_part_by_part_in_reading_order(parts, wording):
    citation = Citation(**parts)
    assert locators.words(citation) == wording
    assert citation.locator_display == wording


def test_some_parts_alone_can_be_worded():
    citation = Citation(page="12", footnote="10", table="Table 2")
    assert locators.words(citation, ("footnote",)) == "n. 10"
    assert locators.words(citation, ("page", "table")) == "p. 12, Table 2"


@pytest.mark.parametrize(
    "parts, pair",
    [
        ({"page": "45", "footnote": "10"}, ("page", "45n10")),
        ({"page": "45"}, ("page", "45")),
        ({"footnote": "10", "section": "MIADES"}, ("note", "10")),
        ({"section": "MIADES"}, ("section", "MIADES")),
        ({"table": "Table 2"}, ("table", "Table 2")),
        ({"appendix": "A"}, ("appendix", "A")),
        ({"box": "Box 1"}, None),
        ({"locator": "title page"}, None),
    ],
)
def test_the_formatter_is_handed_a_csl_label_and_value(parts, pair):
    assert locators.for_csl(Citation(**parts)) == pair


def test_no_citation_has_no_csl_locator():
    assert locators.for_csl(None) is None


@pytest.mark.parametrize(
    "parts, worded, query",
    [
        ({"table": "Table 2", "page": "12"}, "Table 2", ""),
        ({"footnote": "10", "page": "12"}, "n. 10", "?footnote=10"),
        ({"page": "12"}, "p. 12", "?at=12"),
        ({"section": "MIADES"}, "section “MIADES”", ""),
        ({"locator": "title page"}, "title page", ""),
    ],
)
def test_a_chart_names_its_source_by_one_part_worded_the_same_way(parts, worded, query):
    assert short_locator(Citation(**parts)) == (worded, query)


@pytest.mark.django_db
def test_the_database_words_every_loaded_citation_as_python_does():
    citations = Citation.objects.annotate(worded=locators.words_in_database())
    assert citations.count() > 100
    for citation in citations:
        python = locators.words(citation)
        assert citation.worded == (f"{locators.SEPARATOR}{python}" if python else "")


@pytest.mark.django_db
def test_the_database_words_every_kind_of_part():
    row = Citation.objects.first()
    for i, part in enumerate(locators.PARTS):
        setattr(row, part.field, f"x{i}")
    row.save()
    stored = Citation.objects.annotate(worded=locators.words_in_database()).get(pk=row.pk)
    expected = "p. x0, section “x1”, n. x2, x3, x4, x5, x6"
    assert (
        stored.worded == locators.SEPARATOR + expected == locators.SEPARATOR + locators.words(row)
    )
