"""A link checker that reads the site as a browser does.

It starts from a page, reads every ``<a href>`` on it, resolves each one against the page's
own address (``urljoin``, as a browser does: ``??page=2`` on ``/people/?case=el-gol`` is not
``/people/?case=el-gol&page=2``), requests it, and goes on from the pages it finds. It
reports, for each page and href:

- a link that answers 4xx or 5xx (after redirects);
- an href whose query string is malformed: ``??``, a parameter whose name is empty or
  starts with ``?``;
- a link that keeps a page's state but drops part of it: a paging link (``rel`` next,
  prev, first or last, or any link in a navigation marked ``data-changes="page"``) must
  carry every parameter of the page it is on except those it changes, so "Next page" of a
  filtered list is the next page of the *same* list;
- a fragment (``#citation-12``) naming no element of the page it points to.

Links to other hosts and non-web schemes are counted, never requested. Every distinct URL
is requested once; the pages read for further links are capped per *page type* (the URL's
route and the names of its parameters), so a crawl covers every type of page without
reading all thousand quotes' pages for links they share.
"""

from collections import Counter, deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urldefrag, urljoin, urlsplit

import pytest
from django.conf import settings
from django.urls import Resolver404, resolve
from django.utils import translation

PAGING_RELS = {"next", "prev", "previous", "first", "last"}
# Where a crawl's summary is kept for the end of the test run (see tests/conftest.py).
SUMMARIES = pytest.StashKey[list]()


@dataclass
class Link:
    href: str
    rel: set[str]
    changes: set[str] | None  # the parameters a state-keeping link may change, or None


@dataclass
class Problem:
    page: str
    href: str
    reason: str

    def __str__(self):
        return f"{self.page}: {self.href!r}: {self.reason}"


@dataclass
class Report:
    pages_read: int = 0  # HTML pages whose links were read
    urls_requested: int = 0  # distinct URLs requested
    links_followed: int = 0  # hrefs checked, counting each occurrence
    external: int = 0  # links to other hosts or schemes, not requested
    problems: list[Problem] = field(default_factory=list)
    page_types: Counter = field(default_factory=Counter)

    def summary(self) -> str:
        return (
            f"link checker: {self.links_followed} links followed to {self.urls_requested} "
            f"distinct URLs; {self.pages_read} pages of {len(self.page_types)} types read "
            f"for links; {self.external} external links not requested; "
            f"{len(self.problems)} problems"
        )


class LinkParser(HTMLParser):
    """The links of a page, each with what its navigation says it may change, and its ids."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[Link] = []
        self.ids: set[str] = set()
        self.navs: list[set[str] | None] = []  # one entry per open <nav>

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.add(attributes["id"])
        if tag == "a" and attributes.get("name"):
            self.ids.add(attributes["name"])
        if tag == "nav":
            changes = attributes.get("data-changes")
            self.navs.append(set(changes.split()) if changes is not None else None)
        elif tag in ("a", "area") and attributes.get("href") is not None:
            rel = set((attributes.get("rel") or "").lower().split())
            changes = next((nav for nav in reversed(self.navs) if nav is not None), None)
            if changes is None and rel & PAGING_RELS:
                changes = {"page"}
            self.links.append(Link(attributes["href"], rel, changes))

    def handle_endtag(self, tag):
        if tag == "nav" and self.navs:
            self.navs.pop()


def malformed_query(href: str) -> str | None:
    """Why the query string of ``href`` as written is malformed, or None."""
    query = urldefrag(href)[0].partition("?")[2] if "?" in href else None
    if query is None:
        return None
    if "??" in href or query.startswith("?"):
        return "a doubled '?' in the query string"
    for name, _value in parse_qsl(query, keep_blank_values=True):
        if not name:
            return "a parameter with no name"
        if name.startswith("?"):
            return f"a parameter named {name!r}"
    return None


def parameters(url: str) -> list[tuple[str, str]]:
    return sorted(parse_qsl(urlsplit(url).query, keep_blank_values=True))


def dropped_state(page_url: str, target: str, changes: set[str]) -> str | None:
    """What a state-keeping link from ``page_url`` to ``target`` loses, or None.

    Adding a parameter is allowed (the network's "next year" names the case it defaulted
    to); losing or altering one the link does not change is not.
    """
    if urlsplit(target).path != urlsplit(page_url).path:
        return f"goes to another page ({urlsplit(target).path}) instead of this one"
    carried = set(parameters(target))
    lost = [
        (name, value)
        for name, value in parameters(page_url)
        if name not in changes and (name, value) not in carried
    ]
    if lost:
        return f"loses what it should keep (it changes only {sorted(changes)}): lost {lost}"
    return None


def page_type(url: str) -> tuple:
    """A page's route and the names of its parameters: pages of one type share their links."""
    parts = urlsplit(url)
    # A path resolves in its own language: "/cases/" in English, "/es/cases/" in Spanish.
    language = translation.get_language_from_path(parts.path) or settings.LANGUAGE_CODE
    try:
        with translation.override(language):
            route = resolve(parts.path).view_name
    except Resolver404:
        route = parts.path
    return (route, tuple(sorted({name for name, _value in parameters(url)})))


class LinkChecker:
    """Crawls a site through a Django test ``client`` (see the module's docstring)."""

    ORIGIN = "http://testserver"

    def __init__(self, client, *, pages_per_type: int = 10, max_urls: int = 5_000):
        self.client = client
        self.pages_per_type = pages_per_type
        self.max_urls = max_urls
        self.parsed: dict[str, LinkParser] = {}  # pages fetched, not yet read for links

    def crawl(self, *starts: str) -> Report:
        report = Report()
        statuses: dict[str, int] = {}  # every URL requested → its final status
        ids: dict[str, set[str]] = {}  # every HTML page requested → its elements' ids
        to_read: deque[str] = deque()

        def request(url):
            statuses[url], page_ids = self.fetch(url, report)
            if page_ids is not None:
                ids[url] = page_ids
                to_read.append(url)

        for start in starts:
            url = urljoin(self.ORIGIN, start)
            request(url)
            if statuses[url] >= 400:
                report.problems.append(Problem(url, start, f"answers {statuses[url]}"))
        while to_read:
            url = to_read.popleft()
            parser = self.parsed.pop(url)
            kind = page_type(url)
            if report.page_types[kind] >= self.pages_per_type:
                continue
            report.page_types[kind] += 1
            report.pages_read += 1
            targets = []
            for link in parser.links:
                target = self.check(url, parser.ids, link, report)
                if target is None:
                    continue
                if target not in statuses and len(statuses) < self.max_urls:
                    request(target)
                targets.append((link, target))
            for link, target in targets:
                status = statuses.get(target, 200)
                if status >= 400:
                    report.problems.append(Problem(url, link.href, f"answers {status}"))
                fragment = urldefrag(urljoin(url, link.href))[1]
                if fragment and target in ids and fragment not in ids[target]:
                    report.problems.append(
                        Problem(url, link.href, f"no element #{fragment} on {target}")
                    )
        return report

    def check(self, url, ids, link: Link, report) -> str | None:
        """Checks one href of the page at ``url``; returns the page it leads to, if any."""
        report.links_followed += 1
        reason = malformed_query(link.href)
        if reason:
            # Reported, not followed: on a page that builds such links from its own address,
            # each one would lead to a new, longer one without end.
            report.problems.append(Problem(url, link.href, reason))
            return None
        target, fragment = urldefrag(urljoin(url, link.href))
        parts = urlsplit(target)
        if parts.scheme not in ("http", "https") or parts.netloc != urlsplit(self.ORIGIN).netloc:
            report.external += 1
            return None
        if link.changes is not None:
            lost = dropped_state(url, target, link.changes)
            if lost:
                report.problems.append(Problem(url, link.href, lost))
        if target == url:
            if fragment and fragment not in ids:
                report.problems.append(Problem(url, link.href, f"no element #{fragment} here"))
            return None
        return target

    def fetch(self, url: str, report: Report) -> tuple[int, set[str] | None]:
        """Requests ``url``, following redirects: its status, and its ids if it is HTML."""
        report.urls_requested += 1
        response = self.client.get(url, follow=True)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        html = "text/html" in response.get("Content-Type", "")
        # A redirected page (the admin's sign-in) is checked, not read: its links would be
        # resolved against the wrong address.
        if response.status_code >= 400 or not html or response.redirect_chain:
            return response.status_code, None
        parser = LinkParser()
        parser.feed(body.decode(response.charset or "utf-8", errors="replace"))
        self.parsed[url] = parser
        return response.status_code, parser.ids
