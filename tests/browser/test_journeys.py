"""Students' journeys through the archive, in a real browser."""

import re
from urllib.parse import parse_qs, urlparse

from playwright.sync_api import expect

from tests.browser.downloads import download
from tests.browser.navigation import open_person


def test_search_a_phrase_open_the_quote_follow_its_footnote_and_download_bibtex(
    page, site_url, screenshot
):
    page.goto(f"{site_url}/")
    page.get_by_label("Search the archive").fill('"political project of self-government"')
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page).to_have_url(re.compile(r"/search/\?q="))
    quotes = page.locator(
        "section.search-group", has=page.get_by_role("heading", name=re.compile("^Quotes"))
    )
    expect(quotes.locator("mark").first).to_be_visible()
    screenshot(page, "search")
    quotes.get_by_role("link", name="Quote by Jorge Quintanilla").first.click()

    expect(page).to_have_url(re.compile(r"/quotes/quintanilla-miades-national-project/$"))
    expect(page.locator("blockquote").first).to_contain_text(
        "political project of self-government"
    )
    chain = page.locator("section.provenance")
    expect(chain.get_by_role("link", name="Jorge Quintanilla", exact=True)).to_be_visible()
    expect(chain).to_contain_text("6 November 1991")
    screenshot(page, "quote")

    chain.locator("a.footnote-link").click()
    expect(page).to_have_url(re.compile(r"/sources/lrr-el-agustino/\?footnote=12"))
    expect(page.get_by_role("heading", name="What footnote 12 supports")).to_be_visible()
    cited = page.locator("ol.cited-by-list")
    expect(cited).to_contain_text("n. 12")
    screenshot(page, "source-footnote")

    page.go_back()
    filename, bibtex = download(page, page.get_by_role("link", name="BibTeX"))
    assert filename == "quintanilla-miades-national-project.bib"
    assert bibtex.lstrip().startswith("@") and "quintanilla-miades-national-project" in bibtex
    assert "n. 12" in bibtex


def test_read_a_persons_timeline(page, site_url, screenshot):
    open_person(page, site_url, "Quintanilla", "Jorge Quintanilla")

    timeline = page.locator("section.timeline")
    dated = timeline.locator("ol.moments > li")
    expect(dated.first).to_be_visible()
    whens = dated.locator(".when").all_inner_texts()
    assert "September 1990" in whens and "6 November 1991" in whens
    assert whens.index("September 1990") < whens.index("6 November 1991")
    # A date keeps its precision: a month stays a month, machine-readable for the browser.
    expect(timeline.locator('time[datetime="1990-09"]').first).to_have_text("September 1990")
    expect(timeline.get_by_role("heading", name="Undated in the sources")).to_be_visible()
    expect(timeline.locator("ul.undated")).to_contain_text("party of the mayor")
    screenshot(page, "person")


def test_filter_events_by_organisation_and_years_then_share_the_url(
    page, browser, site_url, screenshot
):
    page.goto(f"{site_url}/events/")
    organisation = page.get_by_label("Organisation")
    pum = organisation.locator("option[value=pum]").inner_text()
    assert re.search(r"\(\d+\)$", pum), "each option says how many events it leaves"
    organisation.select_option("pum")
    page.get_by_label("From year").fill("1988")
    page.get_by_label("To year").fill("1989")
    page.get_by_role("button", name="Apply filters").click()

    query = parse_qs(urlparse(page.url).query)
    assert query["organisation"] == ["pum"]
    assert query["year_from"] == ["1988"] and query["year_to"] == ["1989"]
    titles = page.locator("ol.records h3").all_inner_texts()
    assert titles and "PUM dissidents break away (later forming the PMR)" in titles
    expect(page.get_by_role("heading", name="Filters in force")).to_be_visible()
    screenshot(page, "events-filtered")

    # Someone opening the shared URL sees the same list, filters filled in.
    shared = browser.new_context(locale="en").new_page()
    try:
        shared.goto(page.url)
        assert shared.locator("ol.records h3").all_inner_texts() == titles
        expect(shared.get_by_label("Organisation")).to_have_value("pum")
        expect(shared.get_by_label("From year")).to_have_value("1988")
    finally:
        shared.context.close()

    page.get_by_role("link", name="Clear all filters").first.click()
    expect(page).to_have_url(f"{site_url}/events/")
    assert page.locator("ol.records > li").count() > len(titles)
