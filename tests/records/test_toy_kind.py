"""A kind of record added from outside the archive: one declaration, its model, its templates.

The test settings add ``tests/toy_kind`` (a leaflet: a title, a text, its cases) and name its
declaration in ``RECORD_KINDS``. Nothing else in the archive mentions leaflets, yet a reader
finds a published leaflet in its list, on its page (reached by following the list's link),
in the list's CSV, in the sitemap and in search results, on SQLite and on PostgreSQL alike;
a draft leaflet in none of them. Its page is cited as every kind that declares no citing of
its own is; a declaration that names its own is cited by it.
"""

import csv
import dataclasses
import io
import json
import re
from datetime import date

import pytest
from django.db import connection
from django.utils.html import strip_tags

from cases.browse import search
from cases.citing import citation_for
from cases.models import CaseStudy, Status
from cases.records import kinds
from tests.toy_kind.kinds import LEAFLET
from tests.toy_kind.models import Leaflet

pytestmark = pytest.mark.django_db

WORD = "Zorblatt"  # in no record of the cases


@pytest.fixture
def leaflets():
    case = CaseStudy.objects.public().get(key="el-agustino")
    shown = Leaflet.objects.create(
        key="toy-leaflet-shown",
        title=f"{WORD} leaflet for the assembly of neighbours",
        text="Come to the assembly on Sunday.",
    )
    draft = Leaflet.objects.create(
        key="toy-leaflet-draft",
        title=f"{WORD} leaflet still being written",
        status=Status.DRAFT,
    )
    for leaflet in (shown, draft):
        leaflet.cases.add(case)
    return shown, draft


def text(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8")
    return response.content.decode()


def test_the_declaration_is_in_the_registry():
    assert kinds.kind_of(Leaflet) is LEAFLET
    assert kinds.by_segment("leaflets") is LEAFLET
    assert LEAFLET in kinds.with_pages() and LEAFLET in kinds.searchable()
    assert LEAFLET not in kinds.ARCHIVE_KINDS


def test_a_reader_finds_the_published_leaflet_in_its_list_and_follows_it(client, leaflets):
    shown, draft = leaflets
    listing = client.get("/leaflets/")
    assert listing.status_code == 200
    html = text(listing)
    links = set(re.findall(r'href="(/leaflets/[\w-]+/)"', html))
    assert links == {f"/leaflets/{shown.key}/"}
    assert draft.title not in html
    page = client.get(links.pop())
    assert page.status_code == 200
    assert shown.title in text(page) and "Come to the assembly on Sunday." in text(page)
    assert client.get(f"/leaflets/{draft.key}/").status_code == 404
    # Filtered by its case, as every list is.
    assert shown.title in text(client.get("/leaflets/?case=el-agustino"))


def test_the_list_s_export_holds_the_published_leaflet_only(client, leaflets):
    shown, _draft = leaflets
    listing = text(client.get("/leaflets/"))
    (export_url,) = set(re.findall(r'href="(/leaflets/export\.csv[^"]*)"', listing))
    response = client.get(export_url.replace("&amp;", "&"))
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(text(response).lstrip("\ufeff"))))
    assert [row["key"] for row in rows] == [shown.key]
    assert rows[0]["title"] == shown.title and rows[0]["cases"] == "el-agustino"
    assert rows[0]["archive_url"].endswith(f"/leaflets/{shown.key}/")


def test_the_sitemap_lists_the_published_leaflet_only(client, leaflets):
    shown, draft = leaflets
    index = text(client.get("/sitemap.xml"))
    (sitemap_url,) = re.findall(r"<loc>https?://[^/]+(/sitemap-leaflet\.xml)</loc>", index)
    sitemap = text(client.get(sitemap_url))
    assert f"/leaflets/{shown.key}/</loc>" in sitemap
    assert draft.key not in sitemap
    assert "/leaflets/</loc>" in text(client.get("/sitemap-lists.xml"))


def test_search_finds_the_published_leaflet_only(client, leaflets):
    shown, draft = leaflets
    html = text(client.get("/search/", {"q": WORD.lower()}))
    assert f'href="/leaflets/{shown.key}/"' in html
    assert draft.key not in html and draft.title not in html
    in_list = text(client.get("/leaflets/", {"q": WORD}))
    assert shown.title in in_list and draft.title not in in_list


@pytest.mark.skipif(connection.vendor != "postgresql", reason="stored search documents")
def test_postgresql_keeps_the_leaflet_s_search_document_from_its_declaration(leaflets):
    shown, _draft = leaflets
    stored, computed = (
        Leaflet.objects.filter(pk=shown.pk)
        .annotate(computed=search.search_vector(Leaflet))
        .values_list("search_document", "computed")
        .get()
    )
    assert stored == computed


def leaflet_as_pamphlet(leaflet, *, url, accessed) -> dict:
    return {"id": leaflet.key, "type": "pamphlet", "title": leaflet.title, "URL": url}


def leaflet_as_work(leaflet) -> dict:
    return {"@type": "CreativeWork", "name": leaflet.title}


def leaflet_page_two(leaflet) -> tuple[str, str]:
    return ("page", "2")


# The leaflet declared again, naming how it is cited (used by the test below only).
LEAFLET_AS_PAMPHLET = dataclasses.replace(
    LEAFLET,
    cite_as=f"{__name__}.leaflet_as_pamphlet",
    linked_data=f"{__name__}.leaflet_as_work",
    cited_at=leaflet_page_two,
)


def test_a_leaflet_is_cited_as_its_declaration_says(client, leaflets, settings):
    shown, _draft = leaflets
    # Declaring nothing, it is cited as an entry of the archive and described as a Thing.
    page = text(client.get(f"/leaflets/{shown.key}/"))
    reference = re.search(r'<div class="reference">.*?</div>', page).group()
    assert f"“{shown.title}”" in strip_tags(reference)
    (script,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page)
    assert json.loads(script)["@type"] == "Thing"
    bib = text(client.get(f"/leaflets/{shown.key}/cite.bib"))
    assert bib.startswith(f"@misc{{{shown.key},")

    settings.RECORD_KINDS = [f"{__name__}.LEAFLET_AS_PAMPHLET"]
    record = Leaflet.objects.public().for_page().get(pk=shown.pk)
    url = "https://archive.example.org/leaflets/"
    citing = citation_for(record, url=url, accessed=date(2026, 11, 23))
    assert citing.item == leaflet_as_pamphlet(record, url=url, accessed=None)
    assert citing.chicago["in_text"].endswith(", 2)")
    body = citing.json_ld.removeprefix('<script type="application/ld+json">')
    data = json.loads(body.removesuffix("</script>"))
    assert (data["@type"], data["name"], data["url"]) == ("CreativeWork", shown.title, url)
    assert data["isPartOf"]["@type"] == "WebSite"
