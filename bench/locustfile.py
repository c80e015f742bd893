# ruff: noqa: S311 (a reader's choices need no cryptographic randomness)
"""The readers `make loadtest` sends to the site (Locust; run by ``bench/loadtest.py``).

Each simulated reader browses as a person does: lands on the home page, opens a list, reads
the record links and the "Next page" link off it, follows them, opens a source at a cited
footnote, searches, looks at the network and a case's figures, downloads a citation, and
now and then a CSV export; it waits 1 to 5 seconds (``THINK_SECONDS``) between requests.

``MIX`` (in ``bench/loadmix.py``, which imports no Locust) is the weight of each page
type: the chance a reader's next request is of that type is its weight over the sum (100).
Every request is named by its page type, so the report gives the times of each. A response
counts as an error unless its status is the expected one: 200, and 404 for the one
deliberate request for a record that does not exist; any other status (5xx, an unexpected
4xx, a redirect loop) and any connection error is an error.

When ``LOADTEST_RAW`` names a file, every request's type, time, size, status and error is
written there (JSON) when the run ends, for ``bench/loadtest.py`` to summarise.
"""

import json
import os
import random
import re
import time
from html import unescape
from urllib.parse import urlencode, urlsplit

from locust import FastHttpUser, between, events, task

from bench.loadmix import (
    CASES,
    CITATION_FORMATS,
    FILTERED_LISTS,
    MISSING,
    MIX,
    SEARCHES,
    SECTIONS,
    THINK_SECONDS,
)

# A list's row is an <article class="row …">; its first link is the record's page.
RECORD_LINK = re.compile(r'<article class="row[^"]*">.*?<a href="(/[\w-]+/[\w-]+/)"', re.S)
NEXT_LINK = re.compile(r'<a href="([^"]+)" rel="next"')
FOOTNOTE_LINK = re.compile(r'<a href="(/sources/[^"/]+/\?(?:footnote|at)=[^"]+)"')
FIGURE_CSV = re.compile(r'href="(/cases/[^"/]+/figures/[^"/]+\.csv)"')

# Every request of the run: filled by the listener below, written out when the run ends.
RECORDS: list[dict] = []


def section_of(path: str) -> str:
    return urlsplit(path).path.strip("/").split("/")[0]


def record_links(html: str) -> list[str]:
    return [unescape(link) for link in RECORD_LINK.findall(html)]


def next_link(html: str, current: str) -> str | None:
    found = NEXT_LINK.search(html)
    if not found:
        return None
    link = unescape(found.group(1))
    # The link is the page's own query string with another page number.
    return urlsplit(current).path + link if link.startswith("?") else link


class Reader(FastHttpUser):
    wait_time = between(*THINK_SECONDS)

    def on_start(self):
        self.records: dict[str, list[str]] = {}  # record links seen, by section
        self.next_pages: list[str] = []
        self.footnotes: list[str] = []
        self.figure_csvs: list[str] = []
        self.get("home", "/")

    # -- one request, checked ------------------------------------------------------------

    def get(self, kind: str, url: str, expect: int = 200) -> str:
        with self.client.get(url, name=kind, catch_response=True) as response:
            if response.status_code != expect:
                response.failure(f"status {response.status_code} (expected {expect}) for {url}")
                return ""
            response.success()
            return response.text or ""

    def read_list(self, kind: str, url: str) -> None:
        html = self.get(kind, url)
        links = record_links(html)
        if links:
            self.records.setdefault(section_of(url), []).extend(links)
            for section, seen in self.records.items():  # a reader remembers a few pages
                self.records[section] = seen[-50:]
        following = next_link(html, url)
        if following:
            self.next_pages = [*self.next_pages[-9:], following]

    def read_record(self, url: str) -> None:
        html = self.get(f"record: {section_of(url)}", url)
        self.footnotes = [*self.footnotes, *map(unescape, FOOTNOTE_LINK.findall(html))][-30:]

    def a_record(self) -> str | None:
        seen = [links for links in self.records.values() if links]
        if not seen:
            return None
        return random.choice(random.choice(seen))

    # -- the mix ---------------------------------------------------------------------------

    @task(MIX["home"])
    def home(self):
        self.get("home", "/")

    @task(MIX["list"])
    def plain_list(self):
        self.read_list("list", f"/{random.choice(SECTIONS)}/")

    @task(MIX["list filtered"])
    def filtered_list(self):
        self.read_list("list filtered", random.choice(FILTERED_LISTS))

    @task(MIX["list next page"])
    def next_page(self):
        if self.next_pages:
            following = self.next_pages.pop(random.randrange(len(self.next_pages)))
            self.read_list("list next page", following)
        else:
            self.plain_list()

    @task(MIX["record"])
    def record(self):
        # Every kind of record page in turn: the kind first, then one of its links seen.
        section = random.choice(SECTIONS)
        links = self.records.get(section)
        if not links:
            self.read_list("list", f"/{section}/")
            links = self.records.get(section)
        if links:
            self.read_record(random.choice(links))

    @task(MIX["search"])
    def search(self):
        self.get("search", "/search/?" + _query(random.choice(SEARCHES)))

    @task(MIX["source footnote"])
    def footnote(self):
        if not self.footnotes:
            self.read_record(f"/cases/{random.choice(CASES)}/")
        if self.footnotes:
            self.get("source footnote", random.choice(self.footnotes))

    @task(MIX["network"])
    def network(self):
        self.get("network", "/network/")

    @task(MIX["figures"])
    def figures(self):
        if self.figure_csvs and random.random() < 0.25:
            self.get("figures", random.choice(self.figure_csvs))
            return
        html = self.get("figures", f"/cases/{random.choice(CASES)}/figures/")
        self.figure_csvs = sorted(set(FIGURE_CSV.findall(html))) or self.figure_csvs

    @task(MIX["citation"])
    def citation(self):
        record = self.a_record() or f"/cases/{random.choice(CASES)}/"
        self.get("citation", f"{record}cite.{random.choice(CITATION_FORMATS)}")

    @task(MIX["csv export"])
    def export(self):
        if random.random() < 0.5:
            url = random.choice(FILTERED_LISTS).replace("/?", "/export.csv?", 1)
        else:
            url = f"/{random.choice(SECTIONS)}/export.csv"
        self.get("csv export", url)

    @task(MIX["missing record (404 expected)"])
    def missing(self):
        self.get("missing record (404 expected)", MISSING.format(n=random.randrange(10**6)), 404)


def _query(words: str) -> str:
    return urlencode({"q": words})


@events.request.add_listener
def _record(request_type, name, response_time, response_length, exception=None, **kwargs):
    response = kwargs.get("response")
    RECORDS.append(
        {
            "type": name,
            "ms": round(response_time, 2),
            "bytes": response_length,
            "status": getattr(response, "status_code", 0) or 0,
            "error": str(exception) if exception else "",
            "at": round(time.time(), 3),
        }
    )


@events.quitting.add_listener
def _write(environment, **kwargs):
    path = os.environ.get("LOADTEST_RAW")
    if path:
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(RECORDS, handle)
