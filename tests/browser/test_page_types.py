"""Every page type, as a person meets it: axe-core finds no WCAG 2.1 A/AA violation, the
keyboard reaches the filters, pages work without JavaScript and print without the chrome.
Each page is also photographed into build/screenshots/ for a human to look at."""

import pytest
from playwright.sync_api import expect

PAGES = {
    "list-people": "/people/",
    "list-organisations": "/organisations/?kind=party",
    "list-events": "/events/?case=el-agustino&sort=date",
    "list-interviews": "/interviews/",
    "list-quotes": "/quotes/",
    "list-sources": "/sources/",
    "list-places": "/places/",
    "list-glossary": "/glossary/",
    "list-refused-filter": "/events/?year_from=1990&year_to=1980",
    "list-no-such-page": "/quotes/?page=999999",
    "search-empty": "/search/?q=zzzzqqq",
    "case": "/cases/el-agustino/",
    "case-el-gol": "/cases/el-gol/",
    "organisation": "/organisations/pum/",
    "event": "/events/pum-split-1988/",
    "interview": "/interviews/interview-quintanilla-1991-11-06/",
    "quote-anonymous": "/quotes/tambobamba-mayor-rock-and-money/",
    "source": "/sources/lrr-el-agustino/",
    "source-short-reference": "/sources/ids-el-gol/?cites=event",
    "place": "/places/el-agustino-district/",
    "glossary-term": "/glossary/promotores/",
}


@pytest.mark.parametrize("name", PAGES)
def test_page_type_is_accessible_and_photographed(
    page, site_url, assert_accessible, screenshot, name
):
    response = page.goto(site_url + PAGES[name])
    assert response.status in (200, 400, 404), response.status
    expect(page.locator("h1")).to_have_count(1)
    screenshot(page, name)
    assert_accessible(page)


def test_the_filters_work_by_keyboard_alone(page, site_url):
    page.goto(f"{site_url}/quotes/")
    page.get_by_label("Case").focus()
    page.keyboard.press("ArrowDown")  # choose the first case
    chosen = page.get_by_label("Case").input_value()
    assert chosen
    page.get_by_role("button", name="Apply filters").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/quotes/?*case={chosen}*")
    expect(page.get_by_role("heading", name="Filters in force")).to_be_visible()


def test_lists_filter_without_javascript(browser, site_url):
    context = browser.new_context(java_script_enabled=False, locale="en")
    try:
        page = context.new_page()
        page.goto(f"{site_url}/events/")
        page.get_by_label("Kind").select_option("election")
        page.get_by_role("button", name="Apply filters").click()
        assert "kind=election" in page.url
        kinds = page.locator("ol.records .meta").all_inner_texts()
        assert kinds and all("election" in text for text in kinds)
    finally:
        context.close()


def test_a_page_prints_without_navigation_or_filters(page, site_url):
    page.goto(f"{site_url}/people/jorge-quintanilla/")
    page.emulate_media(media="print")
    expect(page.locator(".site-nav")).to_be_hidden()
    expect(page.locator(".site-search")).to_be_hidden()
    expect(page.locator("section.timeline")).to_be_visible()
    expect(page.locator(".cite-this .reference")).to_be_visible()
    page.goto(f"{site_url}/events/")
    page.emulate_media(media="print")
    expect(page.locator("form.filters")).to_be_hidden()
    expect(page.locator("ol.records")).to_be_visible()
