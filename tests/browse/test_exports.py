"""CSV exports of the lists: the same records as the list, public only, streamed, any size."""

import csv
import io
import tracemalloc

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.scaling import multiply
from cases.browse import exports
from cases.models import Quote
from tests import sample_records as records
from tests.browse.test_no_leaks import CONTROL, LEAK, withheld  # noqa: F401 - the fixture
from tests.public_urls import LIST_MODELS, LISTS

pytestmark = pytest.mark.django_db

EXPORTS = LIST_MODELS  # every list has its export


def export_url(list_url: str) -> str:
    path, _sep, query = list_url.partition("?")
    return f"{path}export.csv" + (f"?{query}" if query else "")


def download(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    assert response.streaming, "an export is streamed, not built in memory"
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff"), "a byte-order mark, so spreadsheets read UTF-8"
    return response, list(csv.DictReader(io.StringIO(body.removeprefix("\ufeff"))))


def list_keys(client, list_url):
    """Every record the list pages through, in its order."""
    response = client.get(list_url)
    assert response.status_code == 200, list_url
    return [record.key for record in response.context["page_obj"].paginator.object_list]


# ---- The same records as the list


@pytest.mark.parametrize("list_url", list(EXPORTS))
def test_an_export_holds_every_public_record_of_its_list(client, list_url):
    model = EXPORTS[list_url]
    response, rows = download(client, export_url(list_url))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert [row["key"] for row in rows] == list_keys(client, list_url)
    assert {row["key"] for row in rows} == set(
        model.objects.public().values_list("key", flat=True)
    )
    first = model.objects.get(key=rows[0]["key"])
    assert rows[0]["archive_url"] == "http://testserver" + first.get_absolute_url()


# Filters, facets, words and sorts of every list, each leaving some records but not all.
FILTERED = [
    "/people/?case=el-agustino&organisation=pum&sort=name",
    "/people/?organisation=pum&sort=-modified",
    "/organisations/?kind=party&sort=-founded",
    "/events/?organisation=pum&year_from=1985&year_to=1990",
    "/events/?person=jorge-quintanilla&sort=-date",
    "/interviews/?taped=yes&language=es&sort=-date",
    "/interviews/?case=el-gol&sort=title",
    "/quotes/?case=el-agustino&topic=autonomy&year_from=1989",
    "/quotes/?q=community",
    "/sources/?sort=-year&case=el-agustino",
    "/places/?kind=district",
    "/places/?within=el-agustino-district&sort=kind",
    "/glossary/?language=es&q=vaso",
]


@pytest.mark.parametrize("list_url", FILTERED)
def test_a_filtered_export_holds_what_the_filtered_list_shows_in_its_order(client, list_url):
    _response, rows = download(client, export_url(list_url))
    expected = list_keys(client, list_url)
    model = EXPORTS[list_url.split("?")[0]]
    assert 0 < len(expected) < model.objects.public().count(), "a filter that narrows"
    assert [row["key"] for row in rows] == expected


def test_the_list_page_links_to_the_export_of_exactly_its_records(client):
    page = client.get("/quotes/?case=el-agustino&sort=-date&page=1")
    count = page.context["page_obj"].paginator.count
    html = page.content.decode()
    link = '/quotes/export.csv?case=el-agustino&amp;sort=-date"'
    assert link in html, "the export keeps the filters and the sort, not the page"
    assert f"Download these {count} records as CSV" in html
    empty = client.get("/quotes/?q=xylophonequartz").content.decode()
    assert "export.csv" not in empty, "no download offered for an empty list"


# ---- The columns


def test_a_quote_row_gives_dates_as_stored_and_in_words_and_its_citations(client):
    case = records.case()
    speaker = records.person(name="Ximena Export")
    quote = records.quote(case, speaker, text="We built it ourselves.", date="1989~")
    quote.topics.create(key="test-export-topic", name="Self-help")
    records.cite(quote, case.source, page="12", footnote="10")
    records.cite(quote, records.source(key="test-second-source"), table="Table 2")
    _response, rows = download(client, f"/quotes/export.csv?case={case.key}")
    (row,) = rows
    assert row["date"] == "1989~" and row["date_in_words"] == "c. 1989"
    assert row["speaker"] == speaker.key and row["speaker_name"] == "Ximena Export"
    assert row["case"] == case.key and row["topics"] == "test-export-topic"
    assert row["sources"].split(" | ") == [
        f"{case.source.key}, p. 12, n. 10",
        "test-second-source, Table 2",
    ]
    assert row["interview"] == "" and row["taped"] == ""


def test_an_interview_row_names_public_interviewees_with_their_posts(client):
    case = records.case()
    interview = records.interview(case, taped=True, language="es")
    interview.interviewees.create(person=records.person(key="test-mayor"), post="mayor")
    interview.interviewees.create(
        person=records.person(key="test-hidden", status="draft"), post="secret post"
    )
    _response, rows = download(client, f"/interviews/export.csv?case={case.key}")
    (row,) = rows
    assert row["interviewees"] == "test-mayor (mayor)"
    assert row["taped"] == "yes" and row["language"] == "es" and row["date"] == "1991-11"


# ---- The public subset only


@pytest.mark.parametrize("query", ["", "?case=el-agustino", "?q=Zanzibarite", "?q=words"])
def test_withheld_records_are_in_no_export(client, withheld, query):  # noqa: F811
    seen_control = False
    for list_url in EXPORTS:
        _response, rows = download(client, export_url(list_url + query))
        text = "\n".join(",".join(row.values()) for row in rows)
        assert not LEAK.search(text), f"withheld material in {list_url}{query}"
        keys = {row["key"] for row in rows}
        assert not keys & {record.key for record in withheld["withheld"]}
        seen_control |= CONTROL in text
    if query != "?q=Zanzibarite":
        assert seen_control, "the public control records should be exported"


def test_a_withheld_place_or_person_is_not_named_in_a_public_row(client, withheld):  # noqa: F811
    _person, _quote, event, _interview = withheld["public"]
    _response, rows = download(client, "/events/export.csv?case=el-agustino")
    row = next(row for row in rows if row["key"] == event.key)
    assert row["place"] == "", "the event's place is a draft"
    assert "test-draft-org" not in row["organisations"]
    assert row["people"] == ""


# ---- Bad input


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("year_from=nineteen", "Enter a whole number."),
        ("year_from=1990&year_to=1980", "The year range runs backwards"),
        ("year_from=3000", "less than or equal to 2100"),
        ("sort=bogus", "bogus is not one of the available choices"),
        ("case=not%20a%20key!", "Case: Enter a valid"),
    ],
)
def test_a_malformed_filter_is_refused_with_its_reason(client, query, reason):
    response = client.get(f"/quotes/export.csv?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert "These filters could not be applied" in text and reason in text


def test_the_page_parameter_is_ignored(client):
    _response, rows = download(client, "/quotes/export.csv?page=99")
    assert len(rows) == Quote.objects.public().count()


def test_crawlers_are_kept_off_the_exports(client):
    robots = client.get("/robots.txt").content.decode().splitlines()
    for list_url in EXPORTS:
        assert f"Disallow: {export_url(list_url)}" in robots
    response = client.get("/places/export.csv")
    assert "noindex" in response["X-Robots-Tag"]


# ---- Any size


def count_queries(client, urls):
    counts = {}
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            download(client, url)
        counts[url] = len(queries)
    return counts


def test_an_exports_query_count_does_not_grow_with_the_number_of_rows(client):
    urls = [export_url(url) for url in LISTS]
    before = count_queries(client, urls)
    quotes = Quote.objects.public().count()
    multiply(5)
    assert Quote.objects.public().count() == 5 * quotes
    after = count_queries(client, urls)
    assert after == before
    assert max(after.values()) == 1, "one query, the multi-valued cells joined in SQL"


def peak_memory_of_export(client, url):
    tracemalloc.start()
    try:
        response = client.get(url)
        size = sum(len(chunk) for chunk in response.streaming_content)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return size, peak


def test_exporting_every_quote_holds_one_chunk_in_memory_not_the_table(client, monkeypatch):
    # Small chunks, so that a table of test size spans many of them.
    monkeypatch.setattr(exports, "CHUNK_SIZE", 25)
    multiply(20)
    assert Quote.objects.public().count() > 20 * exports.CHUNK_SIZE
    client.get("/quotes/export.csv?case=el-agustino")  # first-use costs: URLs, translations
    part_size, part_peak = peak_memory_of_export(client, "/quotes/export.csv?case=el-agustino")
    size, peak = peak_memory_of_export(client, "/quotes/export.csv")
    assert size > 3 * part_size
    # Rows are written as they are read, a chunk at a time: three times the rows, not
    # three times the memory.
    assert peak < 1.5 * part_peak, (part_peak, peak)
