"""Readers' journeys by clicking: every step follows a link or a button the page gives.

Only the first page of a journey is typed; after that the tests read what the page shows
and click, as a reader does, so a link the page builds wrong fails here even when the URL
a test would have typed works.
"""

import re
from urllib.parse import parse_qs, urlparse

import pytest
from django.db.models import Count
from playwright.sync_api import expect

from cases.browse.views.lists import PER_PAGE
from cases.models import Citation, Event
from tests.browser.downloads import download
from tests.browser.navigation import SECTIONS

# The navigation's entry for each list that runs to more than a page: every one but the
# cases, which fit on one.
LISTS = [section for section in SECTIONS if section != "Cases"]


def query(page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def status_text(page) -> str:
    return page.locator(".results p.count").inner_text()


def listed(page) -> list[str]:
    """The addresses of the records listed on this page, in order."""
    return page.locator("ol.records > li").evaluate_all(
        "rows => rows.map(row => row.querySelector('h3 a, a').getAttribute('href'))"
    )


def total(page) -> int:
    return int(re.match(r"(\d+) records?", status_text(page)).group(1))


def open_section(page, site_url, name):
    page.goto(f"{site_url}/")
    page.get_by_role("navigation", name="Sections").get_by_role("link", name=name).click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def a_filter_with_more_than_a_page(page):
    """The first facet value that leaves more than one page of records, chosen in its select."""
    for select in page.locator("form.filters select").all():
        for option in select.locator("option").all():
            match = re.search(r"\((\d+)\)$", option.inner_text())
            if match and int(match.group(1)) > PER_PAGE:
                value = option.get_attribute("value")
                select.select_option(value)
                return select.get_attribute("name"), value
    return None


def footnoted_events_before_1991():
    """Titles of El Agustino events cited at a footnote that other kinds of record cite too:
    from such an event a reader can open the footnote and switch kinds there."""
    shared = (
        Citation.objects.of_public_records()
        .filter(source__key="lrr-el-agustino")
        .exclude(footnote="")
        .values("footnote")
        .annotate(kinds=Count("content_type", distinct=True))
        .filter(kinds__gte=2)
        .values("footnote")
    )
    events = Event.objects.public().filter(
        case__key="el-agustino",
        date_earliest__year__lte=1990,
        citations__source__key="lrr-el-agustino",
        citations__footnote__in=shared,
    )
    return set(events.values_list("title", flat=True))


def test_a_student_filters_pages_opens_a_record_its_footnote_and_cites_it(
    page, site_url, screenshot
):
    page.goto(f"{site_url}/")
    page.get_by_role("navigation", name="Sections").get_by_role("link", name="Events").click()
    expect(page).to_have_url(f"{site_url}/events/")

    # Two filters: a case and the end of a year range.
    page.get_by_label("Case").select_option("el-agustino")
    page.get_by_label("To year").fill("1990")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator(".results p.count")).to_contain_text("page 1 of")
    chosen = {"case": ["el-agustino"], "year_to": ["1990"]}
    assert query(page) == chosen
    first_page, records = listed(page), total(page)
    assert records > PER_PAGE

    page.get_by_role("link", name="Next page").click()
    assert query(page) == {**chosen, "page": ["2"]}, page.url
    expect(page.locator(".results p.count")).to_contain_text("page 2 of")
    expect(page.get_by_label("Case")).to_have_value("el-agustino")
    expect(page.get_by_label("To year")).to_have_value("1990")
    assert total(page) == records, "the second page belongs to the same filtered list"
    second_page = listed(page)
    assert second_page and not set(second_page) & set(first_page)
    screenshot(page, "events-filtered-page-2")

    page.get_by_role("link", name="Previous page").click()
    assert query(page) == chosen
    assert listed(page) == first_page

    # A record of this page whose footnote other kinds of record cite too.
    candidates = footnoted_events_before_1991()
    titles = page.locator("ol.records > li h3 a").all_inner_texts()
    title = next(title for title in titles if title in candidates)
    page.get_by_role("link", name=title, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)

    sources = page.get_by_role("region", name="Sources")
    footnote_link = sources.locator("a[href*='lrr-el-agustino/?footnote=']").first
    footnote = parse_qs(urlparse(footnote_link.get_attribute("href")).query)["footnote"][0]
    footnote_link.click()
    expect(page.get_by_role("heading", name=f"What footnote {footnote} supports")).to_be_visible()
    tabs = page.get_by_role("navigation", name="Kinds of record")
    current = tabs.locator("[aria-current]").inner_text()
    other = tabs.get_by_role("link").first
    other_kind = other.inner_text()
    other.click()
    # The footnote stays: the tab shows what else this footnote supports.
    expect(page.get_by_role("heading", name=f"What footnote {footnote} supports")).to_be_visible()
    assert query(page)["footnote"] == [footnote]
    expect(tabs.locator("[aria-current]")).to_have_text(other_kind)
    assert other_kind != current
    expect(page.locator("ol.cited-by-list")).to_contain_text(f"n. {footnote}")
    screenshot(page, "source-footnote-tab")

    cite = page.get_by_role("region", name="Cite this")
    expect(cite.locator(".reference")).not_to_be_empty()
    filename, bibtex = download(page, cite.get_by_role("link", name="BibTeX"))
    assert filename == "lrr-el-agustino.bib"
    assert bibtex.lstrip().startswith("@") and "lrr-el-agustino" in bibtex


@pytest.mark.parametrize("section", LISTS)
def test_every_record_of_a_list_is_reached_by_clicking_next_page(page, site_url, section):
    open_section(page, site_url, section)
    chosen = a_filter_with_more_than_a_page(page)
    if chosen:  # a list too short to filter and still page is paged unfiltered
        page.get_by_role("button", name="Apply filters").click()
        assert query(page) == {chosen[0]: [chosen[1]]}
    records = total(page)
    assert records > PER_PAGE, f"{section}: the list must have a second page to test"
    seen = listed(page)
    pages = 1
    while page.get_by_role("link", name="Next page").count():
        page.get_by_role("link", name="Next page").click()
        pages += 1
        expect(page.locator(".results p.count")).to_contain_text(f"page {pages} of")
        if chosen:
            assert query(page)[chosen[0]] == [chosen[1]], (
                f"Next page dropped the filter: {page.url}"
            )
        assert total(page) == records
        seen += listed(page)
    assert len(seen) == len(set(seen)) == records, "each record once, all of them reached"
    # And back, page by page, to the first page of the same list.
    while page.get_by_role("link", name="Previous page").count():
        page.get_by_role("link", name="Previous page").click()
        pages -= 1
    assert pages == 1 and total(page) == records
    assert "page" not in query(page), "the first page has one address"


def test_a_refused_filter_keeps_the_others_and_the_results(page, site_url):
    open_section(page, site_url, "Events")
    page.get_by_label("Case").select_option("el-agustino")
    page.get_by_label("From year").fill("1990")
    page.get_by_label("To year").fill("1985")
    page.get_by_role("button", name="Apply filters").click()

    to_year = page.get_by_label("To year")
    expect(to_year).to_have_attribute("aria-invalid", "true")
    message = page.locator("#f-year_to-error")
    expect(message).to_contain_text("The year range runs backwards: 1990 is after 1985.")
    # The message stands beside the field it is about, and what was typed is kept.
    assert to_year.get_attribute("aria-describedby") == "f-year_to-error"
    expect(to_year).to_have_value("1985")
    expect(page.get_by_label("Case")).to_have_value("el-agustino")
    expect(page.locator(".results")).to_contain_text("Some filters could not be applied")
    assert total(page) > 0 and listed(page)
    chips = page.get_by_role("region", name="Filters in force")
    expect(chips).to_contain_text("El Agustino")
    expect(chips).to_contain_text("From year")

    # Correcting the field applies it, with the case still chosen.
    to_year.fill("1995")
    page.get_by_role("button", name="Apply filters").click()
    assert query(page) == {"case": ["el-agustino"], "year_from": ["1990"], "year_to": ["1995"]}
    expect(page.locator(".results")).not_to_contain_text("could not be applied")


def test_the_home_page_leads_to_a_case_and_the_actors_its_summary_names(page, site_url):
    page.goto(f"{site_url}/")
    case = page.locator("article.case").filter(has_text="El Agustino").first
    case.get_by_role("link", name="Jorge Quintanilla").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Jorge Quintanilla")
    page.go_back()
    case.get_by_role("heading", level=3).get_by_role("link").click()
    expect(page).to_have_url(f"{site_url}/cases/el-agustino/")
    summary = page.locator(".description")
    summary.get_by_role("link", name="PUM", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("PUM")
