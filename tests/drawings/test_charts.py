"""Charts and the network's opening year as the archivists' records: drafts, the admin, order."""

import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases.drawings import charts
from cases.drawings import network as networks
from cases.models import CaseStudy, Chart, Figure, Grouping, Status
from tests import sample_records as records

pytestmark = pytest.mark.django_db

SECTION_IDS = re.compile(r'<section class="chart" id="chart-([\w-]+)"')
MARK = re.compile(r'<rect class="chart-mark"[^>]*data-value="([^"]*)" data-label="([^"]*)"')


def figures_page(client, case_key):
    response = client.get(reverse("cases:casestudy_figures", args=[case_key]))
    assert response.status_code == 200
    return response.content.decode()


def chart_section(html, key):
    match = re.search(rf'<section class="chart" id="chart-{key}".*?</section>', html, re.S)
    return match.group(0) if match else None


def change(model, key, **fields):
    """Save a record as the admin would: its signals tell the page cache."""
    record = model.objects.get(key=key)
    for name, value in fields.items():
        setattr(record, name, value)
    record.save()


def table_cells(case, table, cells):
    """Figures of one printed table: ``cells`` is (row, value) in the order printed."""
    return [
        Figure.objects.create(
            case=case,
            key=records.key("figure"),
            measure="Votes in a test election",
            value=Decimal(value),
            value_text=str(value),
            unit="count",
            table=table,
            row=row,
            column="Votes",
            row_order=position,
            column_order=1,
        )
        for position, (row, value) in enumerate(cells, start=1)
    ]


def test_every_grouping_a_chart_may_name_is_drawn_by_a_function():
    assert set(charts.GROUPINGS) == set(Grouping.values)


def test_the_charts_come_from_the_case_files_in_their_order():
    assert [c.slug for c in charts.charts_for("el-agustino")] == [
        "iu-vote-share",
        "fodeco-budget-share",
    ]
    assert [c.slug for c in charts.charts_for("el-gol")] == ["table-2", "table-3", "appendix-1"]


def test_a_draft_chart_is_not_shown_and_its_figures_are_listed_instead(client):
    change(Chart, "fodeco-budget-share", status=Status.DRAFT)
    chart = Chart.objects.get(key="fodeco-budget-share")
    html = figures_page(client, "el-agustino")
    assert SECTION_IDS.findall(html) == ["iu-vote-share"]
    assert f"chart-{chart.key}" not in html  # neither its section nor its entry in the contents
    # Its figures are still public numbers of the case: listed with the others.
    for figure in Figure.objects.public().filter(chart.figures, case__key="el-agustino"):
        assert figure.value_text in html
    csv = reverse("cases:casestudy_figure_csv", args=["el-agustino", chart.key])
    assert client.get(csv).status_code == 404


def test_the_order_says_which_chart_comes_first(client):
    change(Chart, "iu-vote-share", order=9)
    html = figures_page(client, "el-agustino")
    assert SECTION_IDS.findall(html) == ["fodeco-budget-share", "iu-vote-share"]


def test_a_chart_added_in_the_admin_appears_on_its_case_figures_page(client, archivist):
    case = CaseStudy.objects.get(key="el-agustino")
    table_cells(case, "Test table 9", [("North", 120), ("South", 80)])
    client.force_login(archivist)
    response = client.post(
        reverse("admin:cases_chart_add"),
        {
            "case": case.pk,
            "title": "Votes north and south",
            "key": "test-votes-north-south",
            "status": Status.PUBLISHED,
            "order": "3",
            "table": "Test table 9",
            "measure": "",
            "measure_prefix": "",
            "category": Grouping.ROW,
            "series": "",
            "panel": "",
            "layout": "bars",
            "printed_table": "on",
            "notes": "",
        },
    )
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    chart = Chart.objects.get(key="test-votes-north-south")
    assert chart.history.get().history_user == archivist

    html = figures_page(client, "el-agustino")
    assert SECTION_IDS.findall(html) == ["iu-vote-share", "fodeco-budget-share", chart.key]
    section = chart_section(html, chart.key)
    assert "Votes north and south" in section
    assert MARK.findall(section) == [("120", "North"), ("80", "South")]
    assert '<th scope="row" lang="en">North</th>' in section  # the printed table, rebuilt
    csv = client.get(reverse("cases:casestudy_figure_csv", args=["el-agustino", chart.key]))
    assert csv.status_code == 200 and "North" in csv.content.decode()
    # The admin's "view on site" leads to it.
    assert chart.get_absolute_url() == f"/cases/el-agustino/figures/#chart-{chart.key}"


def test_a_chart_cites_nothing_itself_so_no_source_lists_it(client):
    for source in ("ids-el-gol", "lrr-el-agustino"):
        html = client.get(reverse("cases:source", args=[source])).content.decode()
        assert "cites=figure" in html and "cites=chart" not in html


def test_a_chart_of_a_draft_case_is_not_public():
    case = CaseStudy.objects.get(key="el-gol")
    case.status = Status.DRAFT
    case.save()
    assert charts.charts_for("el-gol") == []
    assert Chart.objects.filter(case=case).exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({}, "Say which figures the chart draws"),
        ({"measure": "A measure", "printed_table": True}, "Only a chart of a table"),
    ],
)
def test_a_chart_says_which_figures_it_draws(fields, message):
    chart = Chart(
        case=CaseStudy.objects.get(key="el-gol"), key="test-chart", title="A chart", **fields
    )
    with pytest.raises(ValidationError, match=message):
        chart.full_clean()


# --- The network's opening case and year --------------------------------------------------


def opening(client, **params):
    """(case key, year) the network page opens at."""
    response = client.get(reverse("cases:network"), params)
    assert response.status_code == 200
    html = response.content.decode()
    year = re.search(r'name="year"[^>]*value="(\d+)"', html).group(1)
    case = re.search(r'<option value="([\w-]+)" selected', html).group(1)
    return case, int(year)


def test_the_network_opens_at_the_case_network_year(client):
    assert opening(client) == ("el-agustino", 1989)
    change(CaseStudy, "el-agustino", network_year=1991)
    assert opening(client) == ("el-agustino", 1991)
    assert opening(client, case="el-gol") == ("el-gol", 2004)  # its busiest year
    change(CaseStudy, "el-gol", network_year=2002)
    assert opening(client, case="el-gol") == ("el-gol", 2002)


def test_without_a_network_year_or_with_one_outside_the_period_the_busiest_year(client):
    case = CaseStudy.objects.get(key="el-agustino")
    busiest = networks.default_year(case, networks.case_relations(case))
    for year in (None, 1970):
        change(CaseStudy, case.key, network_year=year)
        assert opening(client) == ("el-agustino", busiest)


def test_the_network_opens_at_the_first_featured_case_with_relations(client):
    # An earlier featured case with no relations to draw is passed over.
    records.case(date="1970/1975", featured=True, network_year=1972)
    assert opening(client)[0] == "el-agustino"
    change(CaseStudy, "el-agustino", featured=False)
    assert opening(client)[0] == "el-gol"
