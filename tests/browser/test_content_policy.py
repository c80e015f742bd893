"""Every page type loads under its Content-Security-Policy and Permissions-Policy with nothing
refused: no inline script, style element or outside resource the policy would block, and no
policy the browser cannot read. A page that tries to load from elsewhere is stopped."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from cases.models import Interview, ReadingList
from cases.records.roles import ARCHIVIST, INSTRUCTOR
from tests.browser.test_page_types import PAGES

USERNAME, PASSWORD = "browser-csp-editor", "a-long-pass-phrase-for-the-policy"

# Page types beyond the ones tests/browser/test_page_types.py photographs.
MORE_PAGES = {
    "home": "/",
    "search": "/search/?q=mayor",
    "person-timeline": "/people/jorge-quintanilla/",  # a drawing's inline width
    "organisation-zoomed": "/organisations/pum/?from=1985&to=1990",
    "network": "/network/?case=el-agustino&year=1989",
    "figures": "/cases/el-agustino/figures/",
    "figures-el-gol": "/cases/el-gol/figures/",
    "refused-at-the-door": "/people/?q=%00",
    "not-found": "/people/no-such-person/",
    "admin-sign-in": "/admin/login/",
    "instructors-sign-in": "/accounts/login/",
}
SIGNED_IN_PAGES = {
    "admin-index": "/admin/",
    "admin-quotes": "/admin/cases/quote/",
    "admin-interview": "/admin/cases/interview/{interview}/change/",
    "admin-interview-history": "/admin/cases/interview/{interview}/history/",
    "reading-lists": "/readings/",
    "reading-list-edit": "/readings/{reading_list}/",
    "record-with-add-form": "/quotes/",
}

# Records in the browser's own handlers (an init script is not subject to the page's policy).
LISTEN = """
window.__refused = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__refused.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


@pytest.fixture(scope="module")
def editor_account(live_site, django_db_blocker):
    """An archivist and instructor the live server sees, with a published reading list."""
    with django_db_blocker.unblock():
        user = get_user_model().objects.create_user(USERNAME, password=PASSWORD, is_staff=True)
        user.groups.add(Group.objects.get(name=ARCHIVIST), Group.objects.get(name=INSTRUCTOR))
        reading_list = ReadingList.objects.create(owner=user, title="Week 3", published=True)
        interview = Interview.objects.public().order_by("pk").first()
    yield {"interview": interview.pk, "reading_list": reading_list.pk, "list": reading_list}
    with django_db_blocker.unblock():
        reading_list.delete()
        user.delete()


@pytest.fixture
def watched(page):
    """The page, and what the browser refused on it: policy violations and policy errors."""
    refused = []

    def on_console(message):
        text = message.text
        if "Content Security Policy" in text or "Permissions-Policy" in text:
            refused.append(f"console: {text}")

    page.on("console", on_console)
    page.add_init_script(LISTEN)

    def visit(url):
        refused.clear()
        response = page.goto(url)
        page.wait_for_load_state("load")
        refused.extend(page.evaluate("window.__refused"))
        return response, list(refused)

    return page, visit


@pytest.mark.parametrize("name", [*PAGES, *MORE_PAGES])
def test_a_page_type_loads_with_nothing_refused(watched, site_url, name):
    page, visit = watched
    response, refused = visit(site_url + {**PAGES, **MORE_PAGES}[name])
    assert response.headers["content-security-policy"]
    assert "camera=()" in response.headers["permissions-policy"]
    if name in ("person-timeline", "network"):
        # The drawing's box keeps the width its inline style gives it (not refused).
        narrowest = page.locator(".drawing-scroll > svg").first.evaluate(
            "svg => getComputedStyle(svg).minWidth"
        )
        assert narrowest not in ("", "0px", "auto"), narrowest
    assert not refused, f"{page.url}:\n" + "\n".join(refused)


def test_pages_signed_in_load_with_nothing_refused(watched, site_url, editor_account):
    page, visit = watched
    page.goto(f"{site_url}/admin/login/")
    page.get_by_label("Username").fill(USERNAME)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{site_url}/admin/")
    for name, url in SIGNED_IN_PAGES.items():
        response, refused = visit(site_url + url.format(**editor_account))
        assert response.status == 200, name
        assert not refused, f"{name} {page.url}:\n" + "\n".join(refused)


def test_the_share_page_loads_with_nothing_refused(watched, site_url, editor_account):
    _page, visit = watched
    token = editor_account["list"].share_token
    response, refused = visit(f"{site_url}/r/{token}/")
    assert response.status == 200
    assert not refused, "\n".join(refused)


def test_a_resource_from_elsewhere_is_refused(watched, site_url):
    page, visit = watched
    visit(f"{site_url}/glossary/")
    page.evaluate(
        """() => {
          document.body.insertAdjacentHTML("beforeend", '<img src="https://example.org/x.png">');
          const script = document.createElement("script");
          script.textContent = "window.__ran = true";
          document.body.append(script);
        }"""
    )
    page.wait_for_function("window.__refused.length >= 2")
    refused = page.evaluate("window.__refused")
    assert any(entry.startswith("img-src") for entry in refused), refused
    assert any(entry.startswith("script-src") for entry in refused), refused
    assert page.evaluate("window.__ran === undefined"), "an inline script ran"
