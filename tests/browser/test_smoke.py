"""The home page and the admin's sign-in in a real browser: content, keyboard, axe-core."""

import re

import pytest
from axes.models import AccessAttempt
from playwright.sync_api import expect

CASES = ("El Agustino", "El Gol")


def test_home_lists_both_cases(page, site_url, screenshot):
    page.goto(f"{site_url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "El Agustino & El Gol: a case-study archive"
    )
    cases = page.locator("main article.case h3")
    expect(cases).to_have_count(2)
    for title in CASES:
        expect(cases.filter(has_text=title)).to_have_count(1)
    screenshot(page, "home")


def test_the_skip_link_comes_first_and_moves_focus_to_main(page, site_url):
    page.goto(f"{site_url}/")
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    expect(focused).to_have_text("Skip to content")
    expect(focused).to_be_visible()  # hidden until focused, then shown
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))
    expect(page.locator("main")).to_be_focused()


def test_home_is_accessible(page, site_url, assert_accessible):
    page.goto(f"{site_url}/")
    assert_accessible(page)


def test_home_works_without_javascript(browser, site_url):
    context = browser.new_context(java_script_enabled=False, locale="en")
    try:
        page = context.new_page()
        page.goto(f"{site_url}/")
        text = page.locator("main").inner_text()
        for title in CASES:
            assert title in text
    finally:
        context.close()


def test_admin_login_is_accessible(page, site_url, assert_accessible, screenshot):
    page.goto(f"{site_url}/admin/login/")
    expect(page.get_by_label("Username")).to_be_visible()
    screenshot(page, "admin-login")
    assert_accessible(page)


@pytest.mark.lockout
def test_a_locked_out_sign_in_says_so_and_is_accessible(
    page, site_url, assert_accessible, screenshot
):
    username = "someone-guessing"
    try:
        page.goto(f"{site_url}/accounts/login/")
        for attempt in range(5):
            page.get_by_label("Username").fill(username)
            page.get_by_label("Password").fill(f"guess-{attempt}")
            page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Signing in is paused")
        expect(page.get_by_role("alert")).to_contain_text("Try again in 15 minutes")
        screenshot(page, "locked-out")
        assert_accessible(page)
    finally:
        # The live server's writes are committed on PostgreSQL: leave no lockout behind.
        AccessAttempt.objects.filter(username=username).delete()
