"""Hostile input, on every public parameter of every public page: never a 500.

Each public URL is asked with each of its parameters (and a parameter *named* with the
value) set to values a fuzzer, a mangled link or an attacker sends: NUL and other control
characters, bytes that are not UTF-8, very long strings, unmatched quotes, SQL, ``../``,
emoji, right-to-left marks, a formula. Each path segment (a record's key, a share token, a
chart, a file extension) is replaced the same way. Nothing may answer 500 or raise; NUL,
control characters and non-UTF-8 bytes are refused with the 400 page that says why.

The client does not re-raise a view's exception (``raise_request_exception=False``): a
500 is seen as the reader would see it, and ``got_request_exception`` is listened to as well,
so that an error turned into some other answer is caught too.
"""

import sys
from urllib.parse import quote

import pytest
from django.core.signals import got_request_exception
from django.test import Client
from django.urls import LocalePrefixPattern, get_resolver
from django.utils.http import url_has_allowed_host_and_scheme

from cases.drawings import charts
from cases.models import CaseStudy, ReadingList
from cases.records import kinds
from cases.teaching import reading
from tests.public_urls import busiest
from tests.toy_kind.models import Leaflet

pytestmark = pytest.mark.django_db

# label: the value as sent in the query string, percent-encoded by hand so that exactly
# these bytes reach the server.
HOSTILE = {
    "nul": "%00",
    "nul-inside": "pum%00x",
    "escape-and-del": "a%1b%7f",
    "c1-control": "%C2%85",
    "not-utf8": "%ff",
    "overlong-utf8": "%C0%AF",
    "utf8-surrogate": "%ED%A0%80",
    "long": "palabra+" * 1250,  # 10,000 characters
    "huge-number": "9" * 30,  # beyond any database integer
    "negative": "-1",
    "double-quote": quote('"unmatched'),
    "single-quote": quote("'unmatched"),
    "sql": quote("1' OR '1'='1'; DROP TABLE cases_quote; --", safe=""),
    "dot-dot": quote("../../../etc/passwd", safe=""),
    "emoji": quote("🙂🇵🇪"),
    "rtl-marks": quote("\u202eabc\u200f"),
    "percent": "%25",
    "lone-percent": "%",
    "formula": quote('=HYPERLINK("http://example.com")', safe=""),
}
# Refused at the door with the 400 page, wherever they are.
REFUSED = {"nul", "nul-inside", "escape-and-del", "c1-control", "not-utf8", "overlong-utf8"}
REFUSED.add("utf8-surrogate")
# Each parameter alone is sent these (the refused ones cost no query, the others probe what
# reaches the database: length, range, quoting, four-byte characters); every value is also
# sent in every parameter at once, and the refused ones and a long one as a parameter's name.
ALONE = REFUSED | {"long", "huge-number", "sql", "emoji"}
AS_NAME = REFUSED | {"long"}
# In a path segment (already percent-encoded, as a browser sends a typed address).
HOSTILE_SEGMENTS = {
    "nul": "%00",
    "nul-inside": "x%00y",
    "escape": "%1b",
    "not-utf8": "%ff",
    "long": "a" * 3000,
    "dot-dot": "..%2F..%2Fetc",
    "quotes": "%27%22",
    "emoji": "%F0%9F%99%82",
    "rtl-mark": "%E2%80%AE",
    "percent": "%25",
}
# A path that is not UTF-8 matches nothing: not found (Django percent-encodes it again).
REFUSED_SEGMENTS = {"nul", "nul-inside", "escape"}
TOLD = "Address not understood"

# The parameters each kind of record page reads, beyond ``reading`` (the way back).
PAGE_PARAMETERS = {
    "casestudy": ["from", "to"],
    "person": ["from", "to"],
    "organisation": ["from", "to"],
    "source": ["footnote", "at", "cites", "page"],
}


def public_targets():
    """{URL name: (a real address, the parameters it reads, its path values)}.

    The path values are the real values of its path's parameters (to be replaced)."""
    back = reading.BACK_PARAMETER
    case = CaseStudy.objects.public().get(key="el-agustino")
    chart = charts.charts_for(case.key)[0].slug
    token = ReadingList.objects.published().get().share_token
    targets = {
        "cases:home": ("/", [back], []),
        "cases:search": ("/search/?q=mayor", ["q", "page", back], []),
        "cases:network": ("/network/", ["case", "year", back], []),
        "cases:casestudy_figures": (f"/cases/{case.key}/figures/", [back], [case.key]),
        "cases:casestudy_figure_csv": (
            f"/cases/{case.key}/figures/{chart}.csv",
            [],
            [case.key, chart],
        ),
        "cases:readinglist_share": (f"/r/{token}/", [back], [token]),
        "cases:readinglist_bibliography": (f"/r/{token}/bibliography.bib", [], [token, "bib"]),
        "sitemap": ("/sitemap.xml", [], []),
        "django.contrib.sitemaps.views.sitemap": ("/sitemap-person.xml", ["p"], ["person"]),
        "robots": ("/robots.txt", [], []),
        "healthz": ("/healthz", [], []),
        # Signing in and resetting a password (404 where no mail can be sent).
        "login": ("/accounts/login/", ["next"], []),
        "password_reset": ("/accounts/password_reset/", [], []),
        "password_reset_done": ("/accounts/password_reset/done/", [], []),
        "password_reset_confirm": (
            "/accounts/reset/MQ/set-password/",
            [],
            ["MQ", "set-password"],
        ),
        "password_reset_complete": ("/accounts/reset/done/", [], []),
    }
    for kind in kinds.with_pages():
        segment, name, list_view = kind.segment, kind.model_name, kind.list_view_class
        key = busiest(kind.model).key
        page = f"/{segment}/{key}/"
        targets[f"cases:{name}"] = (page, [back, *PAGE_PARAMETERS.get(name, [])], [key])
        targets[f"cases:{name}_cite"] = (f"{page}cite.bib", [], [key, "bib"])
        if list_view:
            parameters = sorted({*list_view.filterset_class.base_filters, "page", "sort", back})
            targets[f"cases:{name}_list"] = (f"/{segment}/", parameters, [])
            targets[f"cases:{name}_export"] = (f"/{segment}/export.csv", parameters, [])
    return targets


def public_url_names(*, with_path_parameters=False) -> set[str]:
    """Every named URL the site answers anonymous readers on."""
    patterns = []
    resolvers = list(get_resolver().url_patterns)
    while resolvers:
        pattern = resolvers.pop(0)
        if isinstance(pattern.pattern, LocalePrefixPattern):
            resolvers += pattern.url_patterns  # the pages in every language (i18n_patterns)
        elif getattr(pattern, "namespace", None) == "cases":
            patterns += [(f"cases:{p.name}", p) for p in pattern.url_patterns if p.name]
        elif getattr(pattern, "name", None) and not hasattr(pattern, "url_patterns"):
            patterns.append((pattern.name, pattern))
    names = {
        name
        for name, pattern in patterns
        if pattern.pattern.converters or not with_path_parameters
    }
    signed_in_only = {
        f"cases:{p}"
        for p in (
            "readinglist_index",
            "readinglist_create",
            "readinglist_add",
            "readinglist_add_link",
            "readinglist_edit",
            "readinglist_reorder",
            "readinglist_publish",
            "readinglist_duplicate",
            "readinglist_preview",
            "readinglist_item_remove",
        )
    }
    # The English alias redirects rather than answers: see its own test below.
    return names - signed_in_only - {"english"}


@pytest.fixture(autouse=True)
def leaflet():
    """A published record of the kind the test settings add (tests/toy_kind), which has
    none of its own: its pages are fuzzed as every other kind's."""
    return Leaflet.objects.create(key="hostile-input-leaflet", title="A leaflet")


@pytest.fixture
def shared_list(instructor):
    return ReadingList.objects.create(owner=instructor, title="Week 3", published=True)


@pytest.fixture
def ask():
    """``ask(url)``: (status, body, exceptions raised while answering)."""
    client = Client(raise_request_exception=False)
    raised = []

    def record(sender, request=None, **kwargs):
        raised.append(repr(sys.exc_info()[1]))

    got_request_exception.connect(record, weak=False)

    def get(url):
        raised.clear()
        response = client.get(url)
        if response.streaming:  # an export fails, if at all, while it streams
            try:
                body = b"".join(response.streaming_content)
            except Exception as error:  # noqa: BLE001 - reported below with its URL
                raised.append(repr(error))
                body = b""
        else:
            body = response.content
        return response.status_code, body.decode("utf-8", "replace"), list(raised)

    yield get
    got_request_exception.disconnect(record)


def problems_with(ask, url, label, refused) -> list[str]:
    status, body, raised = ask(url)
    if status >= 500 or raised:
        return [f"{url[:160]} [{label}]: {status} {raised[:1]}"]
    if refused and (status != 400 or TOLD not in body):
        return [f"{url[:160]} [{label}]: {status}, not refused with the 400 page"]
    return []


def test_every_public_url_pattern_is_fuzzed(shared_list):
    assert public_url_names() <= set(public_targets()), "a new public URL: add it above"


@pytest.mark.parametrize("name", sorted(public_url_names()))
def test_hostile_parameters_never_break_a_page(ask, shared_list, name):
    url, parameters, _path_values = public_targets()[name]
    status, _body, raised = ask(url)
    assert status == 200 and not raised, (url, status, raised)
    separator = "&" if "?" in url else "?"
    problems = []
    for label, value in HOSTILE.items():
        refused = label in REFUSED
        if label in ALONE:
            for parameter in parameters:
                problems += problems_with(
                    ask, f"{url}{separator}{parameter}={value}", label, refused
                )
        if parameters:
            every = "&".join(f"{parameter}={value}" for parameter in parameters)
            problems += problems_with(ask, f"{url}{separator}{every}", label, refused)
        if label in AS_NAME:  # a parameter *named* with the value, as a fuzzer sends it
            problems += problems_with(ask, f"{url}{separator}{value}=1", label, refused)
    assert not problems, f"{len(problems)} failed:\n" + "\n".join(problems[:40])


@pytest.mark.parametrize("name", sorted(public_url_names(with_path_parameters=True)))
def test_hostile_path_segments_never_break_a_page(ask, shared_list, name):
    url, _parameters, path_values = public_targets()[name]
    assert path_values, f"{name}: give the real values of its path's parameters above"
    problems = []
    for value in path_values:
        for label, hostile in HOSTILE_SEGMENTS.items():
            changed = url.replace(value, hostile, 1)
            assert changed != url
            problems += problems_with(ask, changed, label, label in REFUSED_SEGMENTS)
    assert not problems, f"{len(problems)} failed:\n" + "\n".join(problems[:40])


@pytest.mark.parametrize(
    "url",
    [
        "/sources/lrr-el-agustino/?footnote=%00",
        "/sources/lrr-el-agustino/?at=1%000",
        "/r/%00/",
        "/r/%00/bibliography.bib",
        "/people/?q=%00",
        "/search/?q=%00",
        "/admin/cases/quote/?q=%00",
        "/%00/",
    ],
)
def test_a_nul_byte_is_refused_with_a_page_that_says_why(client, url):
    response = client.get(url)
    assert response.status_code == 400
    body = response.content.decode()
    assert TOLD in body
    assert "a control character (such as a NUL byte)" in body
    assert "Go to the archive's home page" in body  # the site's own page, its ways back


def test_the_refusal_names_the_parameter(client):
    response = client.get("/sources/lrr-el-agustino/?cites=quote&footnote=10%00")
    assert response.status_code == 400
    assert "It is in the parameter “footnote”." in response.content.decode()


def test_bytes_that_are_not_utf8_are_refused_with_the_reason(client):
    response = client.get("/search/?q=Gesti%F3n")  # Latin-1, not UTF-8
    assert response.status_code == 400
    assert "not valid UTF-8" in response.content.decode()


def test_the_refusal_is_in_the_pages_language(client):
    response = client.get("/es/people/?q=%00")
    assert response.status_code == 400
    body = response.content.decode()
    assert '<html lang="es">' in body and "Dirección no comprendida" in body
    assert TOLD not in body


def test_the_english_alias_never_leaves_the_site_nor_breaks(ask):
    """``/en/<path>`` redirects to the plain address; no path makes it send a reader away."""
    for path in [
        "",
        "people/?case=el-gol",
        "/evil.example/",
        "//evil.example/",
        "\\evil.example/",
        "%5C%5Cevil.example/",
        "http://evil.example/",
        "%2F%2Fevil.example",
        *HOSTILE_SEGMENTS.values(),
    ]:
        response = Client(raise_request_exception=False).get(f"/en/{path}")
        assert response.status_code in (302, 400), (path, response.status_code)
        if response.status_code == 302:
            target = response["Location"]
            assert target.startswith("/") and not target.startswith(("//", "/\\")), (path, target)
            assert url_has_allowed_host_and_scheme(target, allowed_hosts={"testserver"}), target


@pytest.mark.parametrize(
    "url",
    [
        "/search/?q=" + quote("Gestión\tcomunal"),  # a tab pasted into the search box
        "/search/?q=" + quote("\u202ePUM"),
        "/people/?q=" + quote("Agustín"),
        "/sources/lrr-el-agustino/?footnote=10",
    ],
)
def test_ordinary_and_pasted_text_is_still_read(client, url):
    assert client.get(url).status_code == 200


def test_too_many_parameters_get_the_sites_400_page(client):
    response = client.get("/people/?" + "&".join(f"x{n}=1" for n in range(1200)))
    assert response.status_code == 400
    assert TOLD in response.content.decode()
