"""Measure one database at one scale, in one process, and write the figures as JSON.

Run by ``bench.run`` (one process per database, scale and cache setting, so settings such
as the page cache are read fresh and memory is measured in isolation):

    DATABASE_URL=... python -m bench.measure --scale 100 --out figures.json [--prepare]

Each page: its first request in this process (cold), two warm-up requests, one that
counts the queries, then the repeated ones, all through the Django test client (the whole
middleware stack runs), timed with ``perf_counter`` around ``client.get`` and the reading
of a streamed body. A page too slow to repeat is requested three times in all (see
``time_page``).
"""

import argparse
import inspect
import json
import os
import statistics
import sys
import time
import tracemalloc
from functools import reduce
from operator import or_

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Q  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import Resolver404, resolve  # noqa: E402

from bench.growth import case_count  # noqa: E402
from bench.pages import FLOOR, FULL_EXPORT, PAGES, SEARCH_COMPARED  # noqa: E402
from cases.browse import search  # noqa: E402
from cases.models import CaseStudy  # noqa: E402

WARM_UP = 2
# A page over this many seconds on its first request and the next is requested only
# SLOW_REQUESTS times in all, so that the largest scale fits in the run's half hour.
SLOW_SECONDS = float(os.environ.get("BENCH_SLOW_SECONDS", "3"))
SLOW_REQUESTS = 3
# The relations the search page's template reads for each kind (a quote shows its speaker).
SHOWN_RELATED = {"quotes": ("speaker",)}


def expected_cases(scale: int) -> int:
    """How many cases an archive grown to ``scale`` holds (the two real ones, plus new)."""
    return 2 if scale == 1 else 2 + case_count(scale)


def prepare(scale: int, seed: int):
    """Migrate, load both cases and grow to ``scale``; reuse an archive already at it."""
    call_command("migrate", verbosity=0, interactive=False)
    found = CaseStudy.objects.count()
    if found == expected_cases(scale):
        print(f"  reusing the archive at ×{scale} ({found} cases)", file=sys.stderr)
        return
    if found not in (0, 2):
        raise SystemExit(
            f"This database holds {found} cases, not the {expected_cases(scale)} of ×{scale}: "
            "drop it (or run with BENCH_FRESH=1) and run again."
        )
    call_command("load_archive", verbosity=0)
    if scale > 1:
        call_command("grow_archive", factor=scale, seed=seed, verbosity=1)


def _read(response) -> int:
    if response.streaming:
        return sum(len(chunk) for chunk in response.streaming_content)
    return len(response.content)


def _get(client: Client, url: str, *, count: bool = False) -> dict:
    """One request: its time in ms (body read included), size, status and, with ``count``,
    how many queries it ran."""
    if not count:
        start = time.perf_counter()
        response = client.get(url)
        size = _read(response)
        ms = (time.perf_counter() - start) * 1000
        return {"ms": ms, "bytes": size, "status": response.status_code}
    # The log is a bounded deque: once full (after loading), its length no longer grows.
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        response = client.get(url)
        size = _read(response)
        ms = (time.perf_counter() - start) * 1000
    # Counted now: the captured list is read lazily from a log the next request clears.
    return {"ms": ms, "bytes": size, "status": response.status_code, "queries": len(queries)}


def _spread(times: list[float]) -> dict:
    times = sorted(times)
    return {
        "median_ms": statistics.median(times),
        "p95_ms": times[min(len(times) - 1, round(0.95 * (len(times) - 1)))],
        "samples": len(times),
    }


def time_page(client: Client, url: str, repeat: int, slow_seconds: float = SLOW_SECONDS) -> dict:
    """A page's first request (cold), then its median and p95 (ms), queries and status.

    ``first_ms`` is the first time this process asks for the page: whatever is computed
    once and kept (counts kept until the archive changes, a page cache to fill) is paid
    there, and only there. The median and p95 are of the ``repeat`` requests after two
    warm-ups, the queries counted on the request just before them.

    A page too slow to repeat (its first request and the next both over ``slow_seconds``)
    is neither warmed up nor repeated: it is requested ``SLOW_REQUESTS`` times in all and
    flagged ``slow``, its median and p95 of the requests after the first. A page slow only
    the first time is measured as any other.
    """
    try:
        resolve(url.split("?")[0])
    except Resolver404:
        return {"status": "n/a"}
    first = _get(client, url, count=True)
    cold = {
        "first_ms": first["ms"],
        "first_queries": first["queries"],
        "first_status": first["status"],
    }
    limit = slow_seconds * 1000
    warm_up = WARM_UP
    if first["ms"] > limit:
        # Timed before deciding: the first request may have paid a one-off cost.
        second = _get(client, url)
        warm_up -= 1
        if second["ms"] > limit:
            rest = [_get(client, url, count=True) for _ in range(SLOW_REQUESTS - 2)]
            last = rest[-1] if rest else {**second, "queries": None}
            return {
                "status": last["status"],
                "queries": last["queries"],
                "bytes": last["bytes"],
                **cold,
                **_spread([second["ms"]] + [request["ms"] for request in rest]),
                "requests": SLOW_REQUESTS,
                "slow": True,
            }
    for _ in range(warm_up):
        _get(client, url)
    counted = _get(client, url, count=True)
    timed = [_get(client, url) for _ in range(repeat)]
    return {
        "status": timed[-1]["status"] if timed else counted["status"],
        "queries": counted["queries"],
        "bytes": counted["bytes"],
        **cold,
        **_spread([request["ms"] for request in timed] or [counted["ms"]]),
        "requests": 1 + WARM_UP + 1 + repeat,
        "slow": False,
    }


def search_page_work(query: str) -> list[tuple]:
    """What the search page does for ``query`` before rendering, and reads while rendering.

    The view's own calls (the query normalised, ``search_all`` with the view's arguments),
    then every result and attribute the template reads, so that nothing left lazy escapes
    the timing. Per kind: the total and, per record shown, link, label and snippet.
    """
    groups = search.search_all(search.normalise_query(query))
    return [_shown(group.kind, group.total, group.results) for group in groups]


def icontains_scan(query: str) -> list[tuple]:
    """The same answer by a plain scan: per kind, how many public records have ``query``
    in a searched field (``icontains``), and the first as many as the page shows, by key,
    with what the template reads; unranked and without snippets."""
    # The view leaves ``per_kind`` at its default.
    per_kind = inspect.signature(search.search_all).parameters["per_kind"].default
    found = []
    for kind, model in search.SEARCHABLE.items():
        names = [name for name, _weight in search.weighted_fields(model)]
        matching = model.objects.public().filter(
            reduce(or_, (Q(**{f"{name}__icontains": query}) for name in names))
        )
        first = matching.select_related(*SHOWN_RELATED.get(kind, ())).order_by("key")
        found.append(_shown(kind, matching.count(), first[:per_kind]))
    return found


def _shown(kind: str, total, records) -> tuple:
    shown = []
    for record in records:
        label = record.speaker if kind == "quotes" else record
        shown.append((record.get_absolute_url(), str(label), getattr(record, "headline", "")))
    return total, shown


def compare_search(repeat: int, slow_seconds: float = SLOW_SECONDS) -> dict:
    """The search page's work (``search_page_work``) against a plain icontains scan
    (``icontains_scan``) finding the same, for each query of ``SEARCH_COMPARED``."""
    results = {}
    for label, query in SEARCH_COMPARED.items():
        timing = {}
        for name, function in (("search", search_page_work), ("icontains", icontains_scan)):
            start = time.perf_counter()
            function(query)
            # A side too slow to repeat is timed twice more, as a slow page is.
            slow = time.perf_counter() - start > slow_seconds
            runs = []
            for _ in range(SLOW_REQUESTS - 1 if slow else max(3, repeat // 3)):
                start = time.perf_counter()
                answer = function(query)
                runs.append((time.perf_counter() - start) * 1000)
            timing[name] = {
                "median_ms": statistics.median(runs),
                "found": [(total, len(shown)) for total, shown in answer],
            }
        timing["ratio"] = timing["icontains"]["median_ms"] / timing["search"]["median_ms"]
        results[label] = {"query": query, **timing}
    return results


def export_memory(client: Client) -> dict:
    """Peak Python memory while streaming the full quotes CSV export, if the site has it."""
    try:
        resolve(FULL_EXPORT)
    except Resolver404:
        return {"status": "n/a"}
    tracemalloc.start()
    start = time.perf_counter()
    response = client.get(FULL_EXPORT)
    size = _read(response)
    elapsed = time.perf_counter() - start
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "status": response.status_code,
        "streaming": response.streaming,
        "bytes": size,
        "seconds": elapsed,
        "peak_mb": peak / 2**20,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=int, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--prepare", action="store_true")
    parser.add_argument("--extras", action="store_true", help="search comparison, export memory")
    parser.add_argument("--out", required=True)
    parser.add_argument("--slow-seconds", type=float, default=SLOW_SECONDS)
    options = parser.parse_args()

    started = time.perf_counter()
    if options.prepare:
        prepare(options.scale, options.seed)
    prepared = time.perf_counter()
    client = Client()
    figures = {
        "vendor": connection.vendor,
        "scale": options.scale,
        "page_cache_seconds": getattr(settings, "PAGE_CACHE_SECONDS", 0),
        "repeat": options.repeat,
        "slow_seconds": options.slow_seconds,
        "pages": {},
    }
    slow = options.slow_seconds
    floor_before = time_page(client, FLOOR[1], options.repeat, slow)
    for name, url, kind in PAGES:
        page = {"url": url, "kind": kind, **time_page(client, url, options.repeat, slow)}
        figures["pages"][name] = page
        print(
            f"  ×{options.scale} {connection.vendor}: {name}: "
            f"first {page.get('first_ms', 0):.1f} ms, median {page.get('median_ms', 0):.1f} ms, "
            f"{page.get('queries', '-')} queries"
            + (f" (slow: timed {page['requests']}×)" if page.get("slow") else ""),
            file=sys.stderr,
            flush=True,
        )
    floor_after = time_page(client, FLOOR[1], options.repeat, slow)
    # The floor is timed before and after the pages; the lower median is the floor.
    figures["floor"] = min(floor_before, floor_after, key=lambda f: f["median_ms"])
    if options.extras:
        figures["search_vs_icontains"] = compare_search(options.repeat, slow)
        figures["full_export"] = export_memory(client)
    figures["seconds"] = {
        "prepare": prepared - started,
        "measure": time.perf_counter() - prepared,
    }
    with open(options.out, "w", encoding="utf-8") as out:
        json.dump(figures, out, indent=1, default=str)


if __name__ == "__main__":
    main()
