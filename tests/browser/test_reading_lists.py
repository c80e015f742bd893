"""An instructor builds a reading list in the browser; a student opens it by its link."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from cases.models import ReadingList
from cases.roles import INSTRUCTOR

USERNAME, PASSWORD = "browser-instructor", "a-long-pass-phrase-for-the-browser"


@pytest.fixture(scope="module")
def instructor_account(live_site, django_db_blocker):
    """An instructor the live server can see: committed, not inside a test's transaction."""
    with django_db_blocker.unblock():
        user = get_user_model().objects.create_user(USERNAME, password=PASSWORD)
        user.groups.add(Group.objects.get(name=INSTRUCTOR))
    yield user
    with django_db_blocker.unblock():
        ReadingList.objects.filter(owner=user).delete()
        user.delete()


def sign_in(page, site_url):
    page.goto(f"{site_url}/accounts/login/")
    page.get_by_label("Username").fill(USERNAME)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{site_url}/readings/")


def add_from_page(page, site_url, path, list_title):
    page.goto(site_url + path)
    form = page.locator("section.add-to-list")
    form.get_by_label("Reading list").select_option(label=list_title)
    form.get_by_role("button", name="Add to reading list").click()
    expect(page.locator(".messages")).to_contain_text(f"Added to “{list_title}”")


def test_an_instructor_builds_reorders_and_publishes_a_list_a_student_reads_it(
    page, browser, site_url, instructor_account, assert_accessible, screenshot
):
    sign_in(page, site_url)
    assert_accessible(page)
    page.get_by_role("link", name="New reading list").click()
    assert_accessible(page)
    page.get_by_label("Title").fill("Participation and its limits")
    page.get_by_label("Course").fill("POL 214: Local politics in Latin America")
    page.get_by_label("Introduction").fill("Two districts, two ways of sharing power.")
    page.get_by_role("button", name="Create the list").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Participation and its limits")
    edit_url = page.url

    title = "Participation and its limits"
    add_from_page(page, site_url, "/quotes/quintanilla-miades-national-project/", title)
    add_from_page(page, site_url, "/people/jorge-quintanilla/", title)
    add_from_page(page, site_url, "/events/pum-split-1988/", title)
    add_from_page(page, site_url, "/sources/lrr-el-agustino/", title)

    page.goto(edit_url)
    items = page.locator("ol.reading-items > li h3 a")
    expect(items).to_have_count(4)
    before = items.all_inner_texts()
    assert before[2].startswith("PUM dissidents break away")
    # Move the event above the person.
    page.locator("ol.reading-items > li").nth(2).get_by_role(
        "button", name=re.compile("^Move up")
    ).click()
    after = page.locator("ol.reading-items > li h3 a").all_inner_texts()
    assert after == [before[0], before[2], before[1], before[3]]

    first = page.locator("ol.reading-items > li").first
    first.get_by_label("Note").fill("Read it against the mayor's account of the CG.")
    first.get_by_label("Discussion questions").fill(
        "Why national, not district?\nWho would govern the micro-areas?"
    )
    first.get_by_role("button", name=re.compile("^Save note and questions")).click()
    assert_accessible(page)
    screenshot(page, "reading-list-edit")

    page.get_by_role("button", name="Publish and get the share link").click()
    share_link = page.locator("a.share-link")
    expect(share_link).to_be_visible()
    share_url = share_link.get_attribute("href")

    # A student, without an account, opens the link.
    student = browser.new_context(locale="en").new_page()
    try:
        student.goto(site_url + share_url)
        expect(student.get_by_role("heading", level=1)).to_have_text(title)
        headings = student.locator("ol.reading-items > li h2").all_inner_texts()
        assert headings[:3] == ["Words of Jorge Quintanilla", after[1], "Jorge Quintanilla"]
        assert headings[3].startswith("[Article on urban popular movements")
        expect(student.locator(".questions li")).to_have_count(2)
        expect(student.get_by_role("button", name=re.compile("Move up"))).to_have_count(0)
        assert_accessible(student)
        screenshot(student, "reading-list-student")
        with student.expect_download() as download_info:
            student.locator("section.bibliography").get_by_role("link", name="BibTeX").click()
        bibtex = open(download_info.value.path(), encoding="utf-8").read()
        assert "@article{lrr-el-agustino," in bibtex
        # A handout on paper: no site navigation or download links, every reading kept.
        student.emulate_media(media="print")
        expect(student.locator(".site-nav")).to_be_hidden()
        expect(student.locator(".downloads")).to_be_hidden()
        expect(student.locator("ol.reading-items > li")).to_have_count(4)
    finally:
        student.context.close()


def test_a_wrong_share_link_is_a_page_that_says_so(page, site_url, assert_accessible):
    response = page.goto(f"{site_url}/r/not-a-real-token/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Not found")
    assert_accessible(page)
