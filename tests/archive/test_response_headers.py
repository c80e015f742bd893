"""Every page says what it may load and run (CSP), which browser features it may use
(Permissions-Policy) and who may keep a copy (Cache-Control); its HTML runs no inline script.
"""

import re
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from cases.browse.page_cache import HEADER
from cases.models import ReadingList
from tests.messages_waiting import leave_message
from tests.public_urls import LISTS, SITE, record_pages

pytestmark = pytest.mark.django_db

EXTRA_PUBLIC = [
    "/network/?case=el-agustino&year=1989",
    "/cases/el-agustino/figures/",
    "/cases/el-agustino/figures/fodeco-budget-share.csv",
    "/quotes/export.csv?case=el-agustino",
    "/events/?year_from=abc",  # refused filter: 400
    "/people/no-such-person/",  # 404
    "/people/?q=%00",  # refused at the door: 400
]
NOT_PUBLIC = ["/admin/login/", "/accounts/login/", "/r/no-such-token/"]


def every_page() -> list[str]:
    return [*LISTS, *SITE, *record_pages(), *EXTRA_PUBLIC, *NOT_PUBLIC]


def csp_directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    directives = {}
    for part in policy.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def share_url(reading_list) -> str:
    return reverse("cases:readinglist_share", args=[reading_list.share_token])


@pytest.fixture
def shared_list(instructor):
    return ReadingList.objects.create(owner=instructor, title="Week 3", published=True)


# --- Content-Security-Policy and Permissions-Policy -----------------------------------------


def test_every_page_type_has_a_strict_content_security_policy(client, shared_list):
    for url in [*every_page(), share_url(shared_list), "/admin/"]:
        response = client.get(url)
        assert response.status_code < 500, url
        policy = csp_directives(response)
        assert policy["default-src"] == ["'self'"], url
        assert policy["script-src"] == ["'self'"], url  # no inline script, no eval
        assert policy["style-src-elem"] == ["'self'"], url  # no <style> element
        assert policy["object-src"] == ["'none'"], url
        assert policy["base-uri"] == ["'none'"], url
        assert policy["frame-ancestors"] == ["'none'"], url
        assert policy["form-action"] == ["'self'"], url


def test_every_page_type_denies_camera_microphone_and_location(client):
    for url in every_page():
        policy = client.get(url)["Permissions-Policy"]
        for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
            assert f"{feature}=()" in policy, (url, policy)


class ScriptsAndStyles(HTMLParser):
    """What in a page would run or style inline."""

    def __init__(self):
        super().__init__()
        self.inline_scripts, self.handlers, self.styles = [], [], []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and "src" not in attributes:
            if attributes.get("type") != "application/ld+json":
                self.inline_scripts.append(attributes)
        self.handlers += [name for name, _value in attrs if name.startswith("on")]
        self.styles += [value for name, value in attrs if name == "style"]
        if tag == "style":
            self.inline_scripts.append({"style element": True})


def test_no_page_runs_an_inline_script_and_inline_styles_are_only_drawing_widths(client):
    for url in [*LISTS, *SITE[:3], *record_pages(), *EXTRA_PUBLIC[:2]]:
        response = client.get(url)
        if not response["Content-Type"].startswith("text/html"):
            continue
        parser = ScriptsAndStyles()
        parser.feed(response.content.decode())
        assert not parser.inline_scripts, url
        assert not parser.handlers, url
        for style in parser.styles:
            assert re.fullmatch(r"--narrowest: [\d.]+px", style), (url, style)


# --- Cache-Control ---------------------------------------------------------------------------


def directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


@pytest.mark.parametrize(
    "url",
    [
        *LISTS[:2],
        *SITE,
        "/network/?case=el-agustino&year=1989",
        "/cases/el-agustino/figures/",
        "/cases/el-agustino/figures/fodeco-budget-share.csv",
        "/quotes/export.csv?case=el-agustino",
        "/people/export.csv",
    ],
)
def test_public_pages_may_be_kept_briefly_by_browsers_and_proxies(client, url):
    first = client.get(url)
    assert first.status_code == 200
    assert directives(first) == {"public", "max-age=60"}
    assert "Cookie" in first["Vary"]
    if not first.streaming:  # the page cache keeps pages, not streamed exports
        second = client.get(url)
        assert second[HEADER] == "hit", "the page cache still keeps public pages"
        assert directives(second) == {"public", "max-age=60"}


def test_record_pages_and_citation_downloads_are_public_too(client):
    for url in record_pages():
        assert directives(client.get(url)) == {"public", "max-age=60"}, url


def test_a_browser_keeps_a_page_no_longer_than_the_server_does(client, settings):
    settings.PAGE_CACHE_SECONDS = 30
    assert "max-age=30" in directives(client.get("/people/"))
    settings.PAGE_CACHE_SECONDS = 0
    assert "max-age=0" in directives(client.get("/glossary/"))


def test_browser_cache_seconds_sets_the_time(client, settings):
    settings.BROWSER_CACHE_SECONDS = 5
    assert directives(client.get("/people/")) == {"public", "max-age=5"}


@pytest.mark.parametrize("who", ["instructor", "archivist"])
def test_pages_for_signed_in_users_are_never_kept(client, request, who):
    user = request.getfixturevalue(who)
    anonymous = client.get("/people/")
    assert "public" in directives(anonymous)
    signed_in = Client()
    signed_in.force_login(user)
    for url in ["/people/", "/quotes/", record_pages()[0], "/admin/", "/readings/"]:
        response = signed_in.get(url)
        kept = directives(response)
        assert {"private", "no-store"} <= kept, (url, kept)
        assert "public" not in kept, url
        assert HEADER not in response, "never served from or into the page cache"


def test_the_admin_sign_in_and_reading_lists_are_never_kept(client, shared_list):
    share = share_url(shared_list)
    for url in [*NOT_PUBLIC, share, f"{share}bibliography.bib"]:
        response = client.get(url)
        kept = directives(response)
        assert {"private", "no-store"} <= kept, (url, kept)
        assert "public" not in kept, url


def test_errors_are_not_marked_public(client):
    for url in ["/events/?year_from=abc", "/people/no-such-person/", "/people/?q=%00"]:
        assert "public" not in directives(client.get(url)), url


def test_a_visitor_with_a_message_waiting_gets_a_private_page(client):
    leave_message(client, "Your message was sent.")
    page = client.get("/people/")
    assert "Your message was sent." in page.content.decode()
    assert {"private", "no-store"} <= directives(page)
    # The message is shown once; after it, the public page again.
    assert "public" in directives(client.get("/people/"))
