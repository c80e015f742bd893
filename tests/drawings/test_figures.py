"""The case figures page: charts drawn from public figures only, their tables and CSVs."""

import csv
import io
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.drawings import charts
from cases.models import CaseStudy, Figure, Place, Status
from tests.sample_records import cite, key, source

CASES = ["el-agustino", "el-gol"]
SECTION = re.compile(r'<section class="chart" id="chart-([\w-]+)".*?</section>', re.S)
MARK = re.compile(r'<rect class="chart-mark"[^>]*data-value="([^"]*)" data-label="([^"]*)"')

pytestmark = pytest.mark.django_db


def page(client, case_key):
    response = client.get(reverse("cases:casestudy_figures", args=[case_key]))
    assert response.status_code == 200
    return response.content.decode()


def plotted(html):
    """{chart slug: sorted plotted values} read from the page's SVG marks."""
    return {
        match.group(1): sorted(Decimal(v) for v, _label in MARK.findall(match.group(0)))
        for match in SECTION.finditer(html)
    }


def expected(case_key):
    return {
        chart.slug: sorted(
            f.value
            for f in Figure.objects.public().filter(chart.figures, case__key=case_key)
            if f.value is not None
        )
        for chart in charts.charts_for(case_key)
    }


def csv_rows(client, case_key, slug):
    response = client.get(reverse("cases:casestudy_figure_csv", args=[case_key, slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{case_key}-{slug}.csv"'
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))


def add_figure(case, **fields):
    fields.setdefault("key", key("figure"))
    fields.setdefault("measure", "A test measure")
    fields.setdefault("value", Decimal("7"))
    fields.setdefault("value_text", "7")
    fields.setdefault("unit", "count")
    return Figure.objects.create(case=case, **fields)


@pytest.mark.parametrize("case_key", CASES)
def test_page_renders_each_chart_with_its_parts(client, case_key):
    html = page(client, case_key)
    assert html.count("<h1") == 1
    for chart in charts.charts_for(case_key):
        pattern = rf'<section class="chart" id="chart-{chart.slug}".*?</section>'
        section = re.search(pattern, html, re.S)
        assert section, chart.slug
        body = section.group(0)
        assert 'role="img"' in body and "<title " in body and "<desc " in body
        assert "<figcaption>" in body and "<caption " in body and 'scope="col"' in body
        assert reverse("cases:casestudy_figure_csv", args=[case_key, chart.slug]) in body


def test_the_expected_charts_are_drawn(client):
    assert {"iu-vote-share", "fodeco-budget-share"} <= set(plotted(page(client, "el-agustino")))
    assert {"table-2", "table-3", "appendix-1"} <= set(plotted(page(client, "el-gol")))


def not_drawn(client, case_key, slug):
    """The numbers a chart's CSV lists as not drawn (other printings of a drawn result)."""
    rows = csv_rows(client, case_key, slug)
    return [Decimal(r["value"]) for r in rows if r["drawn"] == "no" and r["value"]]


@pytest.mark.parametrize("case_key", CASES)
def test_plotted_values_are_the_public_figures(client, case_key):
    html = page(client, case_key)
    drawn = plotted(html)
    want = expected(case_key)
    assert set(drawn) == set(want)
    for slug, values in want.items():
        assert values, slug
        assert sorted(drawn[slug] + not_drawn(client, case_key, slug)) == values, slug
    # Each place in a chart is drawn once: no two marks share a label.
    for match in SECTION.finditer(html):
        labels = [label for _v, label in MARK.findall(match.group(0))]
        assert len(labels) == len(set(labels)), match.group(1)


def test_iu_share_is_one_column_per_election_year(client):
    html = page(client, "el-agustino")
    section = re.search(r'id="chart-iu-vote-share".*?</section>', html, re.S).group(0)
    marks = MARK.findall(section)
    assert [label for _v, label in marks] == ["1981", "1983", "1986", "1989"]
    # 1989 is drawn once, with the body text's 26.5; footnote 8's rounding is listed.
    assert [Decimal(v) for v, _label in marks] == [33, 53, 47, Decimal("26.5")]
    assert not_drawn(client, "el-agustino", "iu-vote-share") == [27]
    table = section.split("<table", 1)[1]
    assert "27 percent" in table and "not drawn" in table


def test_table_2_data_table_shows_the_values_as_printed(client):
    html = page(client, "el-gol")
    section = re.search(r'id="chart-table-2".*?</section>', html, re.S).group(0)
    for figure in Figure.objects.public().filter(case__key="el-gol", table="Table 2"):
        assert f'<td lang="en">{figure.value_text}</td>' in section
    assert 'Schneider and Zuniga-Hamlin 2005</span></a>, <span lang="en">Table 2</span>' in section


def test_null_values_are_a_dash_and_not_plotted(client):
    case = CaseStudy.objects.get(key="el-gol")
    figure = add_figure(
        case,
        measure="Unknown cell",
        value=None,
        value_text="a handful",
        table="Table 3",
        row="Long-term more important than short-term",
        column="A third column",
        row_order=1,
        column_order=3,
    )
    html = page(client, "el-gol")
    section = re.search(r'id="chart-table-3".*?</section>', html, re.S).group(0)
    assert "—" in section and "a handful" in section
    assert figure.measure not in [label for _v, label in MARK.findall(section)]
    assert plotted(html)["table-3"] == expected("el-gol")["table-3"]
    rows = csv_rows(client, "el-gol", "table-3")
    assert {"value": "", "value_as_printed": "a handful"}.items() <= rows[-1].items() or any(
        r["value"] == "" and r["value_as_printed"] == "a handful" for r in rows
    )


def test_other_figures_are_listed(client):
    html = page(client, "el-agustino")
    for figure in Figure.objects.public().filter(case__key="el-agustino"):
        assert figure.value_text.replace("'", "&#x27;") in html, figure.key


def test_a_draft_figure_appears_nowhere(client):
    case = CaseStudy.objects.get(key="el-gol")
    in_chart = add_figure(
        case,
        status=Status.DRAFT,
        measure="Draft cell zqx",
        value=Decimal("4321.5"),
        value_text="draft-printed-zqx",
        table="Table 2",
        row="Anta",
        column="Rural",
        row_order=1,
        column_order=7,
    )
    loose = add_figure(
        case,
        status=Status.DRAFT,
        measure="Draft loose measure zqy",
        value_text="draft-printed-zqy",
    )
    html = page(client, "el-gol")
    for draft in (in_chart, loose):
        assert draft.measure not in html and draft.value_text not in html
    assert "4321.5" not in html
    assert plotted(html) == expected("el-gol")
    for chart in charts.charts_for("el-gol"):
        text = str(csv_rows(client, "el-gol", chart.slug))
        assert "zqx" not in text and "4321.5" not in text


@pytest.mark.parametrize("case_key", CASES)
def test_csv_parses_and_matches_the_public_figures(client, case_key):
    for chart in charts.charts_for(case_key):
        rows = csv_rows(client, case_key, chart.slug)
        assert list(rows[0]) == [
            "drawn",
            "category",
            "series",
            "value",
            "value_as_printed",
            "unit",
            "date",
            "source",
            "locator",
        ]
        figures = Figure.objects.public().filter(chart.figures, case__key=case_key)
        assert sorted(r["value_as_printed"] for r in rows) == sorted(f.value_text for f in figures)
        assert (
            sorted(Decimal(r["value"]) for r in rows if r["value"])
            == expected(case_key)[chart.slug]
        )
        assert all(r["source"] and r["locator"] for r in rows)


def test_csv_of_table_2_has_districts_and_measures(client):
    rows = csv_rows(client, "el-gol", "table-2")
    anta = next(r for r in rows if r["category"].endswith("Anta") and "Rural" in r["category"])
    assert anta["value"] == "68.9" and anta["value_as_printed"] == "68.9"
    assert anta["unit"] == "percent"
    assert "Schneider and Zuniga-Hamlin 2005" in anta["source"]


@pytest.mark.parametrize(
    "url",
    [
        ("cases:casestudy_figures", ["no-such-case"]),
        ("cases:casestudy_figure_csv", ["no-such-case", "table-2"]),
        ("cases:casestudy_figure_csv", ["el-gol", "no-such-chart"]),
        ("cases:casestudy_figure_csv", ["el-agustino", "table-2"]),  # another case's chart
    ],
)
def test_unknown_case_or_chart_is_404(client, url):
    name, args = url
    assert client.get(reverse(name, args=args)).status_code == 404


def test_a_draft_case_is_404(client):
    case = CaseStudy.objects.get(key="el-gol")
    case.status = Status.DRAFT
    case.save()
    assert client.get(reverse("cases:casestudy_figures", args=["el-gol"])).status_code == 404
    url = reverse("cases:casestudy_figure_csv", args=["el-gol", "table-2"])
    assert client.get(url).status_code == 404


def count_queries(client, case_key):
    url = reverse("cases:casestudy_figures", args=[case_key])
    client.get(url)  # warm the per-process caches first
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("case_key", CASES)
def test_query_count_does_not_grow_with_the_figures(client, case_key):
    before = count_queries(client, case_key)
    case = CaseStudy.objects.get(key=case_key)
    place = Place.objects.public().first()
    src = source()
    for i in range(15):
        charted = add_figure(
            case,
            place=place,
            measure=f"Extra cell {i}",
            table="Table 2",
            row=f"Extra district {i}",
            column="Rural",
            row_order=50 + i,
            column_order=7,
            unit="percent",
        )
        loose = add_figure(case, place=place, measure=f"Extra loose figure {i}")
        for figure in (charted, loose):
            cite(figure, src, page=str(i + 1))
            cite(figure, src, footnote=str(i + 1))
    after = count_queries(client, case_key)
    assert after == before
    assert before <= 12
