"""An archivist corrects an interview's record in the admin, by clicking from the public site."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from cases.models import Interview
from cases.records.roles import ARCHIVIST

USERNAME, PASSWORD = "browser-archivist", "a-long-pass-phrase-for-the-archive"
INTERVIEW = "Interview with Jorge Quintanilla"
NOTE = "Checked against the tape's label: recorded at the municipality, not at home."


@pytest.fixture(scope="module")
def archivist_account(live_site, django_db_blocker):
    """An archivist the live server can see; the interview and its history put back after."""
    with django_db_blocker.unblock():
        user = get_user_model().objects.create_user(USERNAME, password=PASSWORD, is_staff=True)
        user.groups.add(Group.objects.get(name=ARCHIVIST))
        interview = Interview.objects.filter(title__startswith=INTERVIEW).order_by("pk").first()
        before = Interview.objects.filter(pk=interview.pk).values("notes", "modified").get()
        last_history = interview.history.order_by("-history_id").first().history_id
    yield user, interview
    with django_db_blocker.unblock():
        Interview.objects.filter(pk=interview.pk).update(**before)
        interview.history.filter(history_id__gt=last_history).delete()
        user.delete()


def test_an_archivist_corrects_an_interview_and_sees_the_change_in_its_history(
    page, site_url, archivist_account, screenshot
):
    _user, interview = archivist_account
    page.goto(f"{site_url}/")
    page.get_by_role("link", name="Archivists' sign-in").click()
    page.get_by_label("Username").fill(USERNAME)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    page.get_by_role("link", name="Interviews", exact=True).click()
    page.locator("#searchbar").fill("Quintanilla")
    page.locator("#searchbar").press("Enter")
    page.get_by_role("link", name=interview.title, exact=True).click()
    expect(page.get_by_role("heading", level=2, name=interview.title)).to_be_visible()

    page.get_by_label("Archivist's notes").fill(NOTE)
    page.get_by_role("button", name="Save and continue editing").last.click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    expect(page.get_by_label("Archivist's notes")).to_have_value(NOTE)
    screenshot(page, "admin-interview-saved")

    page.get_by_role("link", name="History").click()
    history = page.locator("#change-history")
    expect(history).to_contain_text(USERNAME)
    expect(history.locator("tbody tr")).not_to_have_count(0)

    # The note is the archivist's own: the public page never shows it.
    page.go_back()
    page.locator("a.viewsitelink").click()
    expect(page).to_have_url(site_url + interview.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text(interview.title)
    expect(page.locator("main")).not_to_contain_text("tape's label")
