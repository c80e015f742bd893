"""What the page cache saves: a page served from it against the same page rendered.

Run on a loaded archive (``make load``, or with DATABASE_URL for PostgreSQL):

    .venv/bin/python scripts/measure_page_cache.py [URL ...] [--repeat 200]

It uses Django's test client (the full middleware stack, no network) and prints, per URL,
the median and 95th percentile server time of rendering it (page cache off) and of serving
it from the page cache. The benchmark can call ``measure_cached`` itself.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

DEFAULT_URLS = ["/people/", "/quotes/?case=el-agustino&topic=autonomy", "/events/"]


def _timings(client, url: str, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}; is the archive loaded?")
    return times


def _summary(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    return {
        "median_ms": statistics.median(ordered),
        "p95_ms": ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))],
    }


def measure_cached(client, url: str, repeat: int = 200) -> dict[str, dict[str, float]]:
    """Median and p95 (ms) of ``url`` rendered with the page cache off, then served from it."""
    from django.core.cache import cache
    from django.test import override_settings

    with override_settings(PAGE_CACHE_SECONDS=0):
        _timings(client, url, 5)  # warm-up: connections, templates, translations
        rendered = _timings(client, url, repeat)
    cache.clear()
    client.get(url)  # the one miss that keeps the page
    kept = _timings(client, url, repeat)
    if client.get(url).get("X-Archive-Cache") != "hit":
        raise SystemExit(f"{url} was not served from the page cache")
    return {"rendered": _summary(rendered), "cached": _summary(kept)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("urls", nargs="*", default=DEFAULT_URLS)
    parser.add_argument("--repeat", type=int, default=200)
    options = parser.parse_args()

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    print(f"database: {connection.vendor}; {options.repeat} requests each; times in ms")
    print(f"{'page':45} {'rendered':>18} {'cached':>18} {'speed-up':>9}")
    for url in options.urls:
        # A host the development settings allow (the test client says "testserver").
        result = measure_cached(Client(HTTP_HOST="localhost"), url, options.repeat)
        rendered, cached = result["rendered"], result["cached"]
        print(
            f"{url:45} {rendered['median_ms']:8.2f} (p95 {rendered['p95_ms']:5.1f})"
            f" {cached['median_ms']:8.2f} (p95 {cached['p95_ms']:5.1f})"
            f" {rendered['median_ms'] / cached['median_ms']:8.0f}x"
        )


if __name__ == "__main__":
    main()
