"""A kind of record added from outside the archive: one declaration, its model, its templates.

The test settings add ``tests/toy_kind`` (a leaflet: a title, a text, its cases) and name its
declaration in ``RECORD_KINDS``. Nothing else in the archive mentions leaflets, yet a reader
finds a published leaflet in its list, on its page (reached by following the list's link),
in the list's CSV, in the sitemap and in search results, on SQLite and on PostgreSQL alike;
a draft leaflet in none of them.
"""

import csv
import io
import re

import pytest
from django.db import connection

from cases.browse import search
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
