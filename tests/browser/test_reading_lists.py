"""An instructor builds a reading list in the browser; a student opens it by its link.

The instructor gets everywhere by clicking, as on the site: the footer's sign-in, the
header's search and sections, a list's filters, a case's links. Only the student is given
an address, the share link, as an instructor would hand it out.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from cases.models import ReadingList
from cases.records.roles import INSTRUCTOR
from tests.browser.downloads import download

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
    """From the home page, through the footer's link, as an instructor finds it."""
    page.goto(f"{site_url}/")
    page.locator("footer").get_by_role("link", name="Instructors' sign-in").click()
    page.get_by_label("Username").fill(USERNAME)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{site_url}/readings/")


def new_list(page, title, course="POL 214: Local politics in Latin America"):
    page.locator(".account").get_by_role("link", name="My reading lists").click()
    page.get_by_role("link", name="New reading list").click()
    page.get_by_label("Title").fill(title)
    page.get_by_label("Course").fill(course)
    page.get_by_label("Introduction").fill("Two districts, two ways of sharing power.")
    page.get_by_role("button", name="Create the list").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)


def search_and_open(page, words, link_name):
    """The header's search, then a result by its link."""
    page.locator("header").get_by_label("Search the archive").fill(words)
    page.locator("header").get_by_role("button", name="Search", exact=True).click()
    page.locator("main").get_by_role("link", name=link_name, exact=True).first.click()


def add_here(page, list_title):
    """The page's "Add to reading list" form, as it stands (a page's title as offered)."""
    form = page.locator("section.add-to-list")
    form.get_by_label("Reading list").select_option(label=list_title)
    form.get_by_role("button", name="Add to reading list").click()
    expect(page.locator(".messages")).to_contain_text(f"Added to “{list_title}”")


def open_list(page, list_title):
    page.locator(".account").get_by_role("link", name="My reading lists").click()
    page.get_by_role("link", name=list_title, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(list_title)


def item(page, heading):
    return page.locator("ol.reading-items > li", has=page.get_by_role("heading", name=heading))


def the_save_button(page):
    # The same Save at the top and the bottom of the one form; the instructor scrolls down.
    return page.get_by_role("button", name="Save", exact=True).last


def published_for_a_student(page, new_page, site_url):
    """Publishes the list open in `page`; its share link opened in a browser of a student's
    own, without an account."""
    page.get_by_role("button", name="Publish and get the share link").click()
    share_link = page.locator("a.share-link")
    expect(share_link).to_be_visible()
    student = new_page(locale="en")
    student.goto(site_url + share_link.get_attribute("href"))
    return student


def bibtex_link(page):
    return page.locator("section.bibliography").get_by_role("link", name="BibTeX")


def test_an_instructor_journey_by_clicks_and_a_student_finds_the_way_back(
    page, new_page, site_url, instructor_account, assert_accessible, screenshot
):
    title = "Participation and its limits: El Gol"
    sign_in(page, site_url)
    new_list(page, title)

    # Records, reached through the search and the links of the records themselves.
    search_and_open(page, '"political project of self-government"', "Quote by Jorge Quintanilla")
    expect(page).to_have_url(re.compile(r"/quotes/quintanilla-miades-national-project/$"))
    add_here(page, title)
    page.locator("section.provenance").locator("a.footnote-link").first.click()
    expect(page).to_have_url(re.compile(r"/sources/lrr-el-agustino/"))
    add_here(page, title)

    # A filtered list: the header's "People", two filters, then the page itself.
    page.locator("nav.site-nav").get_by_role("link", name="People").click()
    page.get_by_label("Case").select_option("el-agustino")
    page.get_by_label("Organisation").select_option("pum")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"/people/\?.*organisation=pum"))
    offered = page.locator("section.add-to-list").get_by_label("Title in the list")
    expect(offered).to_have_value(re.compile(r"^People: Case El Agustino, Organisation "))
    assert_accessible(page)
    add_here(page, title)

    # A case's figures: the header's "Cases", the case, its figures.
    page.locator("nav.site-nav").get_by_role("link", name="Cases").click()
    page.locator("main").get_by_role("link", name=re.compile(r"^El Gol")).first.click()
    page.get_by_role("link", name="Its figures, charted").click()
    expect(page).to_have_url(re.compile(r"/cases/el-gol/figures/$"))
    add_here(page, title)

    # Back to the list: notes typed in two items, then the one Save keeps both.
    open_list(page, title)
    items = page.locator("ol.reading-items > li")
    expect(items).to_have_count(4)
    quote = items.nth(0)
    source = items.nth(1)
    people = item(page, re.compile(r"People: Case El Agustino"))
    figures = item(page, "El Gol in figures")
    quote.get_by_label("Note").fill("Read it against the mayor's account of the CG.")
    quote.get_by_label("Discussion questions").fill(
        "Why national, not district?\nWho would govern the micro-areas?"
    )
    source.get_by_label("Pages").fill("pp. 12-15")
    source.get_by_label("Note").fill("The survey of the district, first.")
    the_save_button(page).click()
    expect(page.locator(".messages")).to_contain_text("Saved.")
    expect(quote.get_by_label("Note")).to_have_value(
        "Read it against the mayor's account of the CG."
    )
    expect(source.get_by_label("Note")).to_have_value("The survey of the district, first.")
    expect(source.get_by_label("Pages")).to_have_value("12–15")

    # Typing, then another button (Move up): the typing is kept too.
    figures.get_by_label("Note").fill("Compare the vote with the budget shares.")
    figures.get_by_role("button", name=re.compile("^Move up")).click()
    expect(page.locator(".messages")).to_contain_text("Saved, and the item moved.")
    expect(items.nth(2)).to_contain_text("El Gol in figures")
    expect(items.nth(2).get_by_label("Note")).to_have_value(
        "Compare the vote with the budget shares."
    )
    expect(people).to_be_visible()
    assert_accessible(page)
    screenshot(page, "reading-list-edit")

    # A student, without an account, opens the link in a browser of their own.
    student = published_for_a_student(page, new_page, site_url)
    expect(student.get_by_role("heading", level=1)).to_have_text(title)
    readings = student.locator("ol.reading-items > li")
    expect(readings).to_have_count(4)
    expect(readings.nth(1)).to_contain_text("Read: pp. 12–15")
    expect(readings.nth(1)).not_to_contain_text("pp. pp")
    assert_accessible(student)
    screenshot(student, "reading-list-student")

    back = f"Back to the reading list: {title}"
    student.get_by_role("link", name="Words of Jorge Quintanilla").click()
    expect(student).to_have_url(re.compile(r"/quotes/quintanilla-miades-national-project/"))
    assert_accessible(student)
    student.get_by_role("link", name=back).click()
    expect(student.get_by_role("heading", level=1)).to_have_text(title)

    student.get_by_role("link", name=re.compile(r"^People: Case El Agustino")).click()
    expect(student.get_by_label("Organisation")).to_have_value("pum")
    student.get_by_role("link", name=back).click()
    expect(student.get_by_role("heading", level=1)).to_have_text(title)

    filename, bibtex = download(student, bibtex_link(student))
    assert filename == "participation-and-its-limits-el-gol.bib"
    assert "@article{lrr-el-agustino," in bibtex


def test_an_instructor_builds_reorders_and_publishes_a_list_a_student_reads_it(
    page, new_page, site_url, instructor_account, assert_accessible, screenshot
):
    title = "Participation and its limits"
    sign_in(page, site_url)
    assert_accessible(page)
    page.get_by_role("link", name="New reading list").click()
    assert_accessible(page)
    page.get_by_label("Title").fill(title)
    page.get_by_label("Course").fill("POL 214: Local politics in Latin America")
    page.get_by_label("Introduction").fill("Two districts, two ways of sharing power.")
    page.get_by_role("button", name="Create the list").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)

    search_and_open(page, '"political project of self-government"', "Quote by Jorge Quintanilla")
    add_here(page, title)
    page.locator("section.provenance").get_by_role(
        "link", name="Jorge Quintanilla", exact=True
    ).click()
    add_here(page, title)
    search_and_open(page, "PUM dissidents", re.compile("^PUM dissidents break away"))
    add_here(page, title)
    page.locator("nav.site-nav").get_by_role("link", name="Bibliography").click()
    page.get_by_label("Words").fill("urban popular movements")
    page.get_by_role("button", name="Apply filters").click()
    page.locator("ol.records").get_by_role("link", name=re.compile("Article on urban")).click()
    expect(page).to_have_url(re.compile(r"/sources/lrr-el-agustino/$"))
    add_here(page, title)

    open_list(page, title)
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
    the_save_button(page).click()
    assert_accessible(page)

    # A student, without an account, opens the link.
    student = published_for_a_student(page, new_page, site_url)
    expect(student.get_by_role("heading", level=1)).to_have_text(title)
    headings = student.locator("ol.reading-items > li h2").all_inner_texts()
    assert headings[:3] == ["Words of Jorge Quintanilla", after[1], "Jorge Quintanilla"]
    assert headings[3].startswith("[Article on urban popular movements")
    expect(student.locator(".questions li")).to_have_count(2)
    expect(student.get_by_role("button", name=re.compile("Move up"))).to_have_count(0)
    filename, bibtex = download(student, bibtex_link(student))
    assert filename == "participation-and-its-limits.bib"
    assert "@article{lrr-el-agustino," in bibtex
    # A handout on paper: no site navigation or download links, every reading kept.
    student.emulate_media(media="print")
    expect(student.locator(".site-nav")).to_be_hidden()
    expect(student.locator(".downloads")).to_be_hidden()
    expect(student.locator("ol.reading-items > li")).to_have_count(4)


def test_a_wrong_share_link_is_a_page_that_says_so(page, site_url, assert_accessible):
    response = page.goto(f"{site_url}/r/not-a-real-token/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Not found")
    assert_accessible(page)
