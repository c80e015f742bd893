"""A work's page shows every identifier held and what of its reference is unknown and why;
a reference completed once is cited so by every record that cites the work."""

import json

import pytest
from django.utils.html import strip_tags

from cases.models import Source, SourceCreator

pytestmark = pytest.mark.django_db


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_the_el_gol_reports_page_shows_its_isbn(client):
    html = page(client, "/sources/ids-el-gol/")
    assert "ISBN" in html
    assert "1 85864 858 0" in html


def test_the_el_agustino_articles_page_shows_its_doi_and_what_is_unknown(client):
    html = page(client, "/sources/lrr-el-agustino/")
    assert 'href="https://doi.org/10.1017/S0023879100038243"' in html
    assert "Not known from the text we hold:" in html
    unknown = Source.objects.get(key="lrr-el-agustino").unknown_parts
    assert {"author", "title", "year"} <= set(unknown)
    assert ", ".join(unknown) in html
    assert "Why:" in html  # the note says why: the OCR text carries none of them


def test_a_complete_reference_lists_nothing_unknown(client):
    html = page(client, "/sources/ids-el-gol/")
    assert "Not known from the text we hold:" not in html


def test_a_name_corrected_where_the_work_is_cited_says_so_on_its_page(client):
    html = page(client, "/sources/atuncar-1991/")
    assert "Correction to the scanned text where it is cited:" in html
    assert "Aruncar" in html


def test_a_reference_completed_once_is_followed_by_every_citation_of_every_record(client):
    source = Source.objects.get(key="lrr-el-agustino")
    quote_url = "/quotes/maravi-promotoras-misinform/"
    person_url = "/people/jorge-quintanilla/"
    before = page(client, quote_url)
    assert "Mariátegui-Reader" not in before

    # An archivist completes the reference in one place: an author and the year.
    SourceCreator.objects.create(source=source, family="Mariátegui-Reader", given="Ana")
    source.issued = "1995"
    source.save()

    for url in (quote_url, person_url):
        html = page(client, url)
        assert "Mariátegui-Reader, Ana (1995)" in strip_tags(html), url
    # The quote's own reference (its CSL item, BibTeX) now names the author and the year.
    item = json.loads(page(client, quote_url + "cite.json"))[0]
    assert item["author"] == [{"family": "Mariátegui-Reader", "given": "Ana"}]
    assert item["issued"]["date-parts"][0][0] == 1995
    bibtex = page(client, quote_url + "cite.bib")
    assert "Mariátegui-Reader" in bibtex and "1995" in bibtex
    # A record cited by the archive's own page names the work in its "Based on" note.
    person = json.loads(page(client, person_url + "cite.json"))[0]
    assert "Mariátegui-Reader 1995" in person["note"]
