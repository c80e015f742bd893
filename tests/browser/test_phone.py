"""On a phone: no page scrolls sideways, and the drawings stay legible.

The phone is an iPhone-sized screen, 390 CSS px wide. Every page type is reached by clicking,
as a reader would; none may reach past the screen's right edge. The drawn timeline, the
organisations' network and the charts keep every label at 12 CSS px or more (at 1,280 px
too): on a phone they scroll sideways in a box of their own, which the keyboard reaches and
a screen reader names. A wide table either fits or scrolls in such a box.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.navigation import SECTIONS, open_person
from tests.browser.test_timelines_drawn import collect_errors

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
    "locale": "en",
}
SCREEN = PHONE["viewport"]["width"]
SMALLEST_TEXT = 12  # CSS px, on screen
SMALLEST_TARGET = 24  # CSS px, for a finger (WCAG 2.2, target size)


@pytest.fixture
def phone(new_page):
    return new_page(**PHONE)


def reach(page):
    """How wide the page is laid out, in CSS px, for a page that should fit the screen.

    Measured against the screen's width, not only window.innerWidth: a mobile browser widens
    its layout viewport to a page that is too wide, and innerWidth grows with it.
    """
    return page.evaluate("() => Math.max(document.documentElement.scrollWidth, window.innerWidth)")


def follow(link):
    """Click a link and wait until its page has loaded."""
    page = link.page
    before = page.url
    link.click()
    page.wait_for_url(lambda url: url != before)
    page.wait_for_load_state("load")


def check_fits(page, too_wide):
    """Note the page (its path and width) in ``too_wide`` if it scrolls sideways."""
    expect(page.locator("h1")).to_have_count(1)
    width = reach(page)
    if width > SCREEN:
        too_wide[re.sub(r"^https?://[^/]+", "", page.url)] = width


def drawn_text(page, selector):
    """(text, font size on screen, rendered height) of each label the browser draws."""
    return page.locator(f"{selector} text").evaluate_all(
        """texts => texts.filter(t => t.getClientRects().length).map(t => {
             const m = t.getScreenCTM();
             const size = parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b);
             return [t.textContent.trim(), size, t.getBoundingClientRect().height];
           })"""
    )


def tables_outside_the_screen(page):
    """Tables reaching past the screen that are not in a focusable, named box that scrolls."""
    return page.locator("main table").evaluate_all(
        """(tables, width) => tables.filter(table => {
             if (table.getBoundingClientRect().right <= width) return false;
             const box = table.closest('[role=region]');
             return !(box && box.tabIndex === 0 && getComputedStyle(box).overflowX === 'auto'
                      && (box.getAttribute('aria-label') || box.getAttribute('aria-labelledby'))
                      && box.getBoundingClientRect().right <= width);
           }).map(table => table.caption ? table.caption.textContent.trim() : table.className)""",
        SCREEN,
    )


def test_the_lists_and_a_record_of_each_kind_fit_a_phone(phone, site_url, screenshot):
    errors = collect_errors(phone)
    too_wide = {}
    phone.goto(f"{site_url}/")
    check_fits(phone, too_wide)
    sections = phone.get_by_role("navigation", name="Sections")
    for section in SECTIONS:
        follow(sections.get_by_role("link", name=section, exact=True))
        check_fits(phone, too_wide)
        if section == "People":
            screenshot(phone, "phone-list-people")
        follow(phone.locator("ol.records .row a").first)  # the first record listed
        check_fits(phone, too_wide)
    assert not too_wide, f"pages wider than the phone's {SCREEN} px: {too_wide}"
    assert not errors, errors


def test_search_a_quote_its_footnote_the_network_and_the_figures_fit_a_phone(
    phone, site_url, screenshot
):
    too_wide = {}
    phone.goto(f"{site_url}/")
    phone.get_by_label("Search the archive").fill('"political project of self-government"')
    phone.get_by_role("button", name="Search", exact=True).click()
    check_fits(phone, too_wide)
    follow(phone.get_by_role("link", name="Quote by Jorge Quintanilla").first)
    check_fits(phone, too_wide)
    follow(phone.locator("section.provenance a.footnote-link"))
    expect(phone).to_have_url(re.compile(r"/sources/lrr-el-agustino/\?footnote=12"))
    check_fits(phone, too_wide)

    follow(phone.get_by_role("navigation", name="Sections").get_by_role("link", name="Network"))
    check_fits(phone, too_wide)
    phone.get_by_label("Case").select_option(label="El Agustino")
    phone.get_by_label("Year", exact=True).fill("1991")
    phone.get_by_role("button", name="Show the network").click()
    expect(phone.locator("h1")).to_contain_text("1991")
    check_fits(phone, too_wide)
    tables = tables_outside_the_screen(phone)
    screenshot(phone, "phone-network")

    phone.goto(f"{site_url}/cases/el-gol/")
    follow(phone.get_by_role("link", name="Its figures, charted"))
    expect(phone.locator("h1")).to_contain_text("in figures")
    check_fits(phone, too_wide)
    tables += tables_outside_the_screen(phone)
    screenshot(phone, "phone-figures")
    assert not too_wide, f"pages wider than the phone's {SCREEN} px: {too_wide}"
    assert not tables, f"tables past the screen's edge, not in a box that scrolls: {tables}"


DRAWINGS = {
    "timeline": ("/people/jorge-quintanilla/", "svg.timeline-svg"),
    "network": ("/network/?case=el-agustino&year=1991", "svg.network-drawing"),
    "chart": ("/cases/el-gol/figures/", "svg.chart-svg"),
}


@pytest.mark.parametrize("drawing", DRAWINGS)
def test_drawn_labels_are_at_least_12px_on_a_phone_and_a_wide_screen(
    phone, page, site_url, drawing
):
    path, selector = DRAWINGS[drawing]
    for screen in (phone, page):  # 390 px, then 1,280 px
        screen.goto(site_url + path)
        labels = drawn_text(screen, selector)
        assert len(labels) > 5, labels
        small = [
            (text, round(size, 1), round(height, 1))
            for text, size, height in labels
            if size < SMALLEST_TEXT - 0.01 or height < SMALLEST_TEXT - 0.01
        ]
        width = screen.viewport_size["width"]
        assert not small, f"at {width} px, labels under {SMALLEST_TEXT} px: {small[:5]}"


# (page, the link just before the drawing, the drawing's box as a screen reader names it)
SCROLLING = {
    "timeline": ("/people/jorge-quintanilla/", "All years", "Timeline drawn"),
    "network": (
        "/network/?case=el-agustino&year=1991",
        "1992 → (next year)",
        "The organisations’ network, drawn",
    ),
    "chart": (
        "/cases/el-gol/figures/",
        "Other figures",
        "Chart: District demographics (Table 2)",
    ),
}


@pytest.mark.parametrize("drawing", SCROLLING)
def test_tab_reaches_the_drawing_and_the_arrow_keys_scroll_it(
    phone, site_url, assert_accessible, screenshot, drawing
):
    path, link_before, name = SCROLLING[drawing]
    phone.goto(site_url + path)
    phone.get_by_role("link", name=link_before, exact=True).focus()
    phone.keyboard.press("Tab")
    box = phone.get_by_role("region", name=name, exact=True)
    expect(box).to_be_focused()
    assert box.evaluate("box => box.scrollWidth > box.clientWidth")  # too wide: it scrolls
    for _ in range(3):
        phone.keyboard.press("ArrowRight")
    phone.wait_for_function("box => box.scrollLeft > 0", arg=box.element_handle())
    box.screenshot(path=str(screenshot.folder / f"phone-{drawing}-scrolled.png"))
    assert_accessible(phone)


def test_every_mark_of_the_timeline_is_big_enough_to_tap(phone, site_url, screenshot):
    open_person(phone, site_url, "Quintanilla", "Jorge Quintanilla")
    marks = phone.locator("svg.timeline-svg a.mark").evaluate_all(
        """marks => marks.map(mark => {
             const box = mark.getBoundingClientRect();
             return [mark.querySelector('title').textContent, box.width, box.height];
           })"""
    )
    assert len(marks) > 5
    small = [
        (title, round(w), round(h))
        for title, w, h in marks
        if w < SMALLEST_TARGET - 0.01 or h < SMALLEST_TARGET - 0.01
    ]
    assert not small, f"marks smaller than {SMALLEST_TARGET} px to tap: {small}"
    screenshot(phone, "phone-person")
    # A tap beside the interview's dot, within its 24 px area, still opens the interview.
    phone.locator("svg.timeline-svg a.kind-interview").first.tap(position={"x": 3, "y": 12})
    expect(phone).to_have_url(re.compile(r"/interviews/interview-quintanilla-1991-11-06/$"))
