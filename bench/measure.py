"""Measure one database at one scale, in one process, and write the figures as JSON.

Run by ``bench.run`` (one process per database, scale and cache setting, so settings such
as the page cache are read fresh and memory is measured in isolation):

    DATABASE_URL=... python -m bench.measure --scale 100 --out figures.json [--prepare]

Each page: warm-up requests, then repeated requests through the Django test client (the
whole middleware stack runs), timed with ``perf_counter`` around ``client.get`` and the
reading of a streamed body; one further request counts the queries.
"""

import argparse
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

from bench.pages import FLOOR, FULL_EXPORT, PAGES, SEARCH_COMPARED  # noqa: E402
from cases import search  # noqa: E402
from cases.growth import case_count  # noqa: E402
from cases.models import CaseStudy  # noqa: E402

WARM_UP = 2


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


def time_page(client: Client, url: str, repeat: int) -> dict:
    """Median and p95 server time (ms), query count and status of one page."""
    try:
        resolve(url.split("?")[0])
    except Resolver404:
        return {"status": "n/a"}
    for _ in range(WARM_UP):
        response = client.get(url)
        _read(response)
    # The log is a bounded deque: once full (after loading), its length no longer grows.
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        size = _read(response)
    # Counted now: the captured list is read lazily from a log the next request clears.
    query_count = len(queries)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url)
        _read(response)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {
        "status": response.status_code,
        "queries": query_count,
        "bytes": size,
        "median_ms": statistics.median(times),
        "p95_ms": times[min(len(times) - 1, round(0.95 * (len(times) - 1)))],
    }


def compare_search(repeat: int) -> dict:
    """The archive's search against a plain icontains scan over the same fields."""
    results = {}
    for label, query in SEARCH_COMPARED.items():

        def archive_search(query=query):
            return [(group.total, len(group.results)) for group in search.search_all(query)]

        def plain_scan(query=query):
            found = []
            for model in search.SEARCHABLE.values():
                names = [name for name, _weight in search.weighted_fields(model)]
                matching = model.objects.public().filter(
                    reduce(or_, (Q(**{f"{name}__icontains": query}) for name in names))
                )
                found.append((matching.count(), len(matching.order_by("key")[:10])))
            return found

        timing = {}
        for name, function in (("search", archive_search), ("icontains", plain_scan)):
            function()
            runs = []
            for _ in range(max(3, repeat // 3)):
                start = time.perf_counter()
                answer = function()
                runs.append((time.perf_counter() - start) * 1000)
            timing[name] = {"median_ms": statistics.median(runs), "found": answer}
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
    options = parser.parse_args()

    if options.prepare:
        prepare(options.scale, options.seed)
    client = Client()
    figures = {
        "vendor": connection.vendor,
        "scale": options.scale,
        "page_cache_seconds": getattr(settings, "PAGE_CACHE_SECONDS", 0),
        "repeat": options.repeat,
        "pages": {},
    }
    floor_before = time_page(client, FLOOR[1], options.repeat)
    for name, url, kind in PAGES:
        page = {"url": url, "kind": kind, **time_page(client, url, options.repeat)}
        figures["pages"][name] = page
        print(
            f"  ×{options.scale} {connection.vendor}: {name}: "
            f"{page.get('median_ms', 0):.1f} ms, {page.get('queries', '-')} queries",
            file=sys.stderr,
        )
    floor_after = time_page(client, FLOOR[1], options.repeat)
    # The floor is timed before and after the pages; the lower median is the floor.
    figures["floor"] = min(floor_before, floor_after, key=lambda f: f["median_ms"])
    if options.extras:
        figures["search_vs_icontains"] = compare_search(options.repeat)
        figures["full_export"] = export_memory(client)
    with open(options.out, "w", encoding="utf-8") as out:
        json.dump(figures, out, indent=1, default=str)


if __name__ == "__main__":
    main()
