"""What a student sees on the public pages: lists, facets, timelines, provenance, citing."""

import re

import bibtexparser
import pytest
import rispy
from django.test import Client

from cases.models import Event, Person, Quote
from tests.public_urls import PAGE_MODELS, busiest

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    """The page as a reader sees it: tags removed, whitespace collapsed."""
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize("model", PAGE_MODELS, ids=lambda m: m._meta.model_name)
def test_every_page_type_shows_its_record_sources_and_how_to_cite_it(client, model):
    record = busiest(model)
    response = client.get(record.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Cite this" in html and "Chicago author-date" in html
    for extension in ("bib", "ris", "json"):
        assert f'{record.get_absolute_url()}cite.{extension}"' in html
    assert '<meta name="citation_title"' in html  # Zotero's translator reads these
    assert 'class="Z3988"' in html  # COinS
    assert '<script type="application/ld+json">' in html
    assert '<link rel="canonical"' in html
    assert html.count("<h1") == 1


def test_a_person_timeline_is_in_date_order_with_precision_and_undated_apart(client):
    response = client.get("/people/jorge-quintanilla/")
    timeline = response.context["timeline"]
    sorts = [moment.sort_key[0] for moment in timeline.dated]
    assert sorts == sorted(sorts) and len(sorts) >= 3
    page = text_of(response)
    assert "September 1990" in page and "6 November 1991" in page
    assert "Undated in the sources" in page
    undated_post = Person.objects.get(key="jorge-quintanilla").affiliations.get(date="")
    assert f"party of the mayor, {undated_post.organisation}" in [m.text for m in timeline.undated]
    # The undated post is not guessed into the dated list.
    assert all(moment.date for moment in timeline.dated)


def test_an_organisation_page_shows_members_relations_and_a_timeline(client):
    response = client.get("/organisations/pum/")
    page = text_of(response)
    assert "Members and posts" in page and "Relations with other organisations" in page
    assert "Timeline" in page and "November 1988" in page


def test_events_filtered_by_organisation_and_year_range(client):
    response = client.get("/events/", {"organisation": "pum", "year_from": 1988, "year_to": 1989})
    shown = {event.key for event in response.context["page_obj"].object_list}
    expected = set(
        Event.objects.public()
        .filter(participants__organisation__key="pum", date_latest__year__gte=1988)
        .filter(date_earliest__year__lte=1989)
        .values_list("key", flat=True)
    )
    assert shown == expected and len(shown) >= 2
    assert "Creation of PRODES" not in text_of(response)  # undated: not in a year range
    active = text_of(response)
    assert "Filters in force" in active and "Remove “Organisation”" in active


def test_facet_counts_match_the_records_they_would_show(client):
    response = client.get("/quotes/")
    facets = {facet.name: facet for facet in response.context["facets"]}
    for option in facets["case"].options:
        assert option.count == Quote.objects.public().filter(case__key=option.value).count()
        narrowed = client.get("/quotes/", {"case": option.value})
        assert narrowed.context["page_obj"].paginator.count == option.count
    for option in facets["speaker"].options[:5]:
        assert option.count == Quote.objects.public().filter(speaker__key=option.value).count()


def test_lists_sort_and_paginate_with_the_state_in_the_url(client):
    response = client.get("/events/", {"sort": "-date", "case": "el-agustino"})
    dates = [e.date_sort for e in response.context["page_obj"].object_list if e.date_sort]
    assert dates == sorted(dates, reverse=True)
    page = response.content.decode()
    assert "page=2" in page and "sort=-date" in page and "case=el-agustino" in page
    second = client.get("/events/", {"sort": "-date", "case": "el-agustino", "page": 2})
    assert second.status_code == 200 and second.context["page_obj"].number == 2


def test_a_quote_page_shows_the_whole_chain_of_provenance(client):
    quote = Quote.objects.get(key="quintanilla-asistencialista")
    response = client.get(quote.get_absolute_url())
    html = response.content.decode()
    assert f'href="{quote.speaker.get_absolute_url()}"' in html
    assert f'href="{quote.interview.get_absolute_url()}"' in html
    assert 'href="/sources/lrr-el-agustino/?footnote=25"' in html
    page = text_of(response)
    assert "Where these words come from" in page and "n. 25" in page and "taped" in page
    assert "6 November 1991" in page
    footnote = text_of(client.get("/sources/lrr-el-agustino/", {"footnote": "25"}))
    assert "What footnote 25 supports" in footnote


def test_a_quote_cites_with_its_locator_in_every_format(client):
    quote = Quote.objects.get(key="quintanilla-asistencialista")
    url = quote.get_absolute_url()
    bib = client.get(url + "cite.bib")
    assert bib["Content-Type"].startswith("application/x-bibtex")
    assert 'filename="quintanilla-asistencialista.bib"' in bib["Content-Disposition"]
    library = bibtexparser.parse_string(bib.content.decode())
    (entry,) = library.entries
    assert entry.key == quote.key and "n. 25" in entry["note"]
    ris = rispy.loads(client.get(url + "cite.ris").content.decode())
    assert ris[0]["type_of_reference"] and "n. 25" in " ".join(ris[0].get("notes", []))
    csl = client.get(url + "cite.json").json()
    assert csl[0]["id"] == quote.key and csl[0]["type"]


def test_an_interview_cites_as_an_interview(client):
    response = client.get("/interviews/interview-quintanilla-1991-11-06/cite.json")
    (item,) = response.json()
    assert item["type"] == "interview"
    assert item["author"][0]["family"] == "Quintanilla"
    assert item["issued"]["date-parts"] == [[1991, 11, 6]]


def test_search_is_accent_insensitive_and_highlights(client):
    response = client.get("/search/", {"q": "Gestion"})
    groups = {group.kind: group for group in response.context["groups"]}
    keys = {record.key for record in groups["organisations"].results}
    assert "comite-de-gestion" in keys
    assert "<mark>" in response.content.decode()


def test_sitemap_and_robots(client):
    index = client.get("/sitemap.xml").content.decode()
    assert "sitemap-quote.xml" in index
    quotes = client.get("/sitemap-quote.xml").content.decode()
    # Each quote's page once per language, each naming the other and the default.
    public = Quote.objects.public().count()
    assert quotes.count("<url>") == 2 * public
    quote = Quote.objects.public().order_by("pk").first()
    english = f"http://testserver{quote.get_absolute_url()}"
    spanish = english.replace("testserver/", "testserver/es/", 1)
    assert f"<loc>{english}</loc>" in quotes and f"<loc>{spanish}</loc>" in quotes
    assert f'hreflang="es" href="{spanish}"' in quotes
    assert f'hreflang="x-default" href="{english}"' in quotes
    robots = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in robots and "Sitemap: http://testserver/sitemap.xml" in robots
    assert "Disallow: /es/admin/" in robots and "Disallow: /es/quotes/export.csv" in robots


def test_pages_are_in_the_language_of_their_address(client):
    english, spanish = client.get("/quotes/"), client.get("/es/quotes/")
    assert '<html lang="en">' in english.content.decode() and english["Content-Language"] == "en"
    assert '<html lang="es">' in spanish.content.decode() and spanish["Content-Language"] == "es"
    assert "<h1>Quotes</h1>" in english.content.decode()
    assert "<h1>Citas</h1>" in spanish.content.decode()
    # A browser's preference never relabels a page: it is sent to the Spanish address.
    asked = client.get("/quotes/?case=el-gol", HTTP_ACCEPT_LANGUAGE="es")
    assert asked.status_code == 302 and asked["Location"] == "/es/quotes/?case=el-gol"
    chosen = Client(headers={"accept-language": "es"})
    chosen.cookies["django_language"] = "en"
    kept = chosen.get("/quotes/")
    assert kept.status_code == 200 and '<html lang="en">' in kept.content.decode()
