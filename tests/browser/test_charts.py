"""Charts of the figures, as the browser draws them: the numbers are the Figure records'."""

import csv
import io
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from cases.drawings import charts
from cases.models import Figure
from tests.browser.test_timelines_drawn import collect_errors

CASES = ["el-agustino", "el-gol"]


def drawn_marks(section):
    """(value, label, length along the value axis) of each bar, as laid out."""
    return section.locator("rect.chart-mark").evaluate_all(
        """nodes => nodes.map(n => {
             const box = n.getBBox();
             const columns = n.closest('section').dataset.layout === 'columns';
             return [n.dataset.value, n.dataset.label, columns ? box.height : box.width];
           })"""
    )


def public_values(chart, case_key):
    figures = Figure.objects.public().filter(chart.figures, case__key=case_key)
    return sorted(f.value for f in figures if f.value is not None)


@pytest.mark.parametrize("case_key", CASES)
def test_every_chart_plots_the_figure_records(
    page, site_url, assert_accessible, screenshot, case_key
):
    errors = collect_errors(page)
    page.goto(f"{site_url}/cases/{case_key}/figures/")
    for chart in charts.charts_for(case_key):
        section = page.locator(f"section#chart-{chart.slug}")
        expect(section).to_be_visible()
        marks = drawn_marks(section)
        assert marks, chart.slug

        # The CSV says which numbers are other printings of a result drawn once.
        link = section.get_by_role("link", name="(CSV)")
        response = page.request.get(site_url + link.get_attribute("href"))
        assert response.ok
        rows = list(csv.DictReader(io.StringIO(response.text())))
        aside = [Decimal(r["value"]) for r in rows if r["drawn"] == "no" and r["value"]]
        plotted = [Decimal(value) for value, _label, _length in marks]
        assert sorted(plotted + aside) == public_values(chart, case_key), chart.slug
        assert sorted(Decimal(r["value"]) for r in rows if r["drawn"] == "yes") == sorted(plotted)

        # Drawn to scale: within a panel, a bar's length over its value is the same for all.
        panels = {}
        for value, label, length in marks:
            panel = label.split(" — ")[0] if chart.panel else ""
            if Decimal(value):
                panels.setdefault(panel, []).append(length / float(value))
        for ratios in panels.values():
            assert max(ratios) - min(ratios) <= 0.01 * max(ratios), chart.slug

        # The citation is beneath the chart; the data table gives every number in words.
        expect(section.locator("figcaption .chart-sources a").first).to_be_visible()
        table = section.locator("table.chart-data")
        expect(table.locator("caption")).to_be_visible()
        table_text = table.inner_text()
        for figure in Figure.objects.public().filter(chart.figures, case__key=case_key):
            assert figure.value_text in table_text, figure.key
        section.screenshot(path=str(screenshot.folder / f"chart-{case_key}-{chart.slug}.png"))
    assert not errors, errors
    assert_accessible(page)
    screenshot(page, f"figures-{case_key}")


def test_iu_vote_share_reads_across_the_elections(page, site_url):
    page.goto(f"{site_url}/cases/el-agustino/figures/")
    section = page.locator("section#chart-iu-vote-share")
    marks = drawn_marks(section)
    assert [label for _v, label, _l in marks] == ["1981", "1983", "1986", "1989"]
    assert [Decimal(v) for v, _l, _len in marks] == [33, 53, 47, Decimal("26.5")]
    # Column heights follow the numbers: 1983 the tallest, 1989 the lowest.
    heights = [length for _v, _l, length in marks]
    assert heights.index(max(heights)) == 1 and heights.index(min(heights)) == 3
    # The chart's words for a screen reader carry every number too.
    description = section.locator("svg desc").text_content()
    for number in ("33%", "53%", "47%", "26.5%"):
        assert number in description
    source = section.locator(".chart-sources")
    expect(source).to_contain_text("n. 8")


def test_the_case_page_leads_to_its_figures(page, site_url):
    page.goto(f"{site_url}/cases/el-gol/")
    page.get_by_role("link", name="Its figures, charted").click()
    expect(page.locator("h1")).to_contain_text("in figures")
    expect(page.locator("section#chart-table-3")).to_be_visible()
