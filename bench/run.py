"""`make bench`: every public page type at ×1, ×100 and ×1000, against a floor.

For each database (PostgreSQL, SQLite) and scale, builds or reuses an archive grown to that
scale (``grow_archive``), then measures every page in a fresh process with the page cache
off, and again with it on. Prints one table per database and which targets are met, and
saves everything as JSON in ``bench/results/``.

Environment (all optional):

- ``SCALES``: e.g. ``1,100`` (default ``1,100,1000``); SQLite runs only scales up to 100.
- ``BENCH_DATABASES``: ``postgresql,sqlite`` (default both).
- ``BENCH_POSTGRES_URL``: server to use (default ``postgres://postgres@127.0.0.1:5432``).
- ``BENCH_DB_PREFIX``: database names, ``<prefix>_x100`` (default ``archive_bench``);
  SQLite files are ``bench/data/<prefix>_x100.sqlite3``.
- ``BENCH_REPEAT``: timed requests per page (default 20); ``BENCH_SEED`` (default 1).
- ``BENCH_SLOW_SECONDS``: a page over this on its first request and the next is requested
  only three times in all, and flagged (default 3).
- ``BENCH_FRESH=1``: drop and rebuild the archives instead of reusing them.
- ``BENCH_CACHE_SECONDS``: the page cache's lifetime for the cached pass (default 300).
- ``BENCH_CACHED=0``: skip the cached pass (its column then shows n/a).

``python -m bench.run --report bench/results/<file>.json`` prints a saved run's table and
targets again, measuring nothing.
"""

import argparse
import datetime
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
DATA = ROOT / "bench" / "data"
SQLITE_MAX_SCALE = 100

# The targets.
MAX_GROWTH = 1.5  # median at the largest scale / median at ×1 (PostgreSQL)
MAX_CACHED = 2.0  # cached page / floor
MAX_UNCACHED = 10.0  # uncached list or detail page at the largest scale / floor
MIN_SEARCH_SPEEDUP = 20.0  # icontains scan / archive search
MAX_EXPORT_MB = 50.0


def settings_from_environment() -> dict:
    scales = sorted({int(s) for s in os.environ.get("SCALES", "1,100,1000").split(",") if s})
    if not scales or any(s < 1 for s in scales):
        raise SystemExit("SCALES must be whole numbers of at least 1, e.g. SCALES=1,100")
    return {
        "scales": scales,
        "databases": [
            d.strip() for d in os.environ.get("BENCH_DATABASES", "postgresql,sqlite").split(",")
        ],
        "server": os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432"),
        "prefix": os.environ.get("BENCH_DB_PREFIX", "archive_bench"),
        "repeat": int(os.environ.get("BENCH_REPEAT", "20")),
        "slow_seconds": float(os.environ.get("BENCH_SLOW_SECONDS", "3")),
        "seed": int(os.environ.get("BENCH_SEED", "1")),
        "fresh": os.environ.get("BENCH_FRESH", "") in {"1", "yes", "true"},
        "cache_seconds": int(os.environ.get("BENCH_CACHE_SECONDS", "300")),
        "cached": os.environ.get("BENCH_CACHED", "1") not in {"0", "no", "false"},
    }


def database_url(config: dict, vendor: str, scale: int) -> str:
    name = f"{config['prefix']}_x{scale}"
    if vendor == "postgresql":
        server = config["server"].rstrip("/")
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            exists = admin.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [name]
            ).fetchone()
            if exists and config["fresh"]:
                admin.execute(sql.SQL("DROP DATABASE {}").format(sql.Identifier(name)))
                exists = None
            if not exists:
                admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return f"{server}/{name}"
    DATA.mkdir(parents=True, exist_ok=True)
    path = DATA / f"{name}.sqlite3"
    if config["fresh"] and path.exists():
        path.unlink()
    return f"sqlite:///{path}"


def measure(url: str, scale: int, config: dict, *, cached: bool, first: bool, extras: bool):
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        out = handle.name
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "PAGE_CACHE_SECONDS": str(config["cache_seconds"] if cached else 0),
    }
    command = [sys.executable, "-m", "bench.measure", "--scale", str(scale), "--out", out]
    command += ["--repeat", str(config["repeat"]), "--seed", str(config["seed"])]
    command += ["--slow-seconds", str(config["slow_seconds"])]
    command += ["--prepare"] if first else []
    command += ["--extras"] if extras else []
    subprocess.run(command, cwd=ROOT, env=env, check=True)  # noqa: S603
    try:
        return json.loads(Path(out).read_text(encoding="utf-8"))
    finally:
        Path(out).unlink()


def run(config: dict) -> dict:
    results = {
        "started": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "config": {k: v for k, v in config.items() if k != "server"},
        "databases": {},
    }
    run_started = time.perf_counter()
    for vendor in config["databases"]:
        scales = [s for s in config["scales"] if vendor != "sqlite" or s <= SQLITE_MAX_SCALE]
        runs = {}
        for scale in scales:
            print(f"== {vendor} ×{scale}", file=sys.stderr, flush=True)
            started = time.perf_counter()
            url = database_url(config, vendor, scale)
            extras = scale == max(scales)
            uncached = measure(url, scale, config, cached=False, first=True, extras=extras)
            uncached_done = time.perf_counter()
            cached = None
            if config["cached"]:
                cached = measure(url, scale, config, cached=True, first=False, extras=False)
            done = time.perf_counter()
            build = uncached.get("seconds", {}).get("prepare", 0.0)
            seconds = {
                "build": build,
                "uncached": uncached_done - started - build,
                "cached": done - uncached_done if cached else None,
                "total": done - started,
            }
            runs[str(scale)] = {"uncached": uncached, "cached": cached, "seconds": seconds}
        results["databases"][vendor] = runs
    results["seconds"] = time.perf_counter() - run_started
    return results


# -- the table ---------------------------------------------------------------------------


def _ratio(a, b):
    return a / b if a is not None and b else None


def _fmt(value, digits=1):
    if value is None:
        return "n/a"
    return f"{value:.{digits}f}"


def _notes(per_scale: list[dict], scales: list[int], cached: dict | None) -> list[str]:
    """What a row's figures need said: pages too slow to repeat, statuses other than 200."""
    notes = []
    slow = [(s, p) for s, p in zip(scales, per_scale, strict=True) if p.get("slow")]
    if slow:
        times = slow[0][1].get("requests", 3)
        notes.append(f"timed {times}× at " + ", ".join(f"×{s}" for s, _p in slow))
    if cached and cached.get("slow"):
        notes.append(f"cached timed {cached.get('requests', 3)}×")
    if any(p.get("status") != 200 for p in per_scale):
        notes.append("status " + ",".join(str(p.get("status")) for p in per_scale))
    return notes


def summarise(vendor: str, runs: dict) -> tuple[list[str], list[tuple[str, bool | None, str]]]:
    """The table's lines for one database, and its targets as (target, met, detail)."""
    scales = sorted(int(s) for s in runs)
    low, high = str(scales[0]), str(scales[-1])
    top = runs[high]["uncached"]
    floor = top["floor"]["median_ms"]
    cached_run = runs[high]["cached"]
    cached_floor = cached_run["floor"]["median_ms"] if cached_run else None
    first_head = f"first×{high}"
    first_width = max(8, len(first_head))
    head = ["page".ljust(32)]
    head += [f"q×{s}".rjust(6) for s in scales]
    head += [f"med×{s} p95×{s}".rjust(18) for s in scales]
    head += [
        first_head.rjust(first_width),
        "cached".rjust(8),
        "/floor".rjust(7),
        "cached/fl".rjust(9),
        f"×{high}/×{low}".rjust(10),
        " notes",
    ]
    lines = [
        f"{vendor}: floor {floor:.2f} ms at ×{high} (times in ms; med and p95 warm, "
        f"{first_head} the first request, cold)",
        " ".join(head),
    ]
    counts_equal, slow_growth, cached_over, uncached_over = [], [], [], []
    for name, page in top["pages"].items():
        per_scale = [runs[str(s)]["uncached"]["pages"][name] for s in scales]
        if page.get("status") == "n/a":
            lines.append(f"{name[:32]:<32} n/a (no such URL in this branch)")
            continue
        cached_page = cached_run["pages"][name] if cached_run else None
        cached = cached_page.get("median_ms") if cached_page else None
        row = [f"{name[:32]:<32}"]
        row += [str(p.get("queries", "-")).rjust(6) for p in per_scale]
        row += [f"{_fmt(p.get('median_ms'))} {_fmt(p.get('p95_ms'))}".rjust(18) for p in per_scale]
        to_floor = _ratio(page.get("median_ms"), floor)
        cached_to_floor = _ratio(cached, cached_floor)
        growth = _ratio(page.get("median_ms"), per_scale[0].get("median_ms"))
        row += [_fmt(page.get("first_ms")).rjust(first_width)]
        row += [_fmt(cached).rjust(8), _fmt(to_floor).rjust(7), _fmt(cached_to_floor).rjust(9)]
        row += [_fmt(growth, 2).rjust(10)]
        notes = _notes(per_scale, scales, cached_page)
        line = " ".join(row) + (" " + "; ".join(notes) if notes else "")
        lines.append(line)
        if len({p.get("queries") for p in per_scale}) > 1:
            counts_equal.append(name)
        if growth is not None and growth > MAX_GROWTH:
            slow_growth.append(f"{name} ({growth:.2f})")
        # CSV exports stream, and the page cache never keeps a streamed response.
        streamed = page.get("url", "").split("?")[0].endswith(".csv")
        if cached_to_floor is not None and cached_to_floor > MAX_CACHED and not streamed:
            cached_over.append(f"{name} ({cached_to_floor:.1f}×)")
        if page["kind"] in ("list", "detail") and to_floor is not None and to_floor > MAX_UNCACHED:
            uncached_over.append(f"{name} ({to_floor:.0f}×)")

    targets = []
    if len(scales) > 1:
        targets.append(
            (f"query count equal at ×{low} and ×{high}", not counts_equal,
             "grew: " + ", ".join(counts_equal) if counts_equal else "every page")
        )  # fmt: skip
        if vendor == "postgresql":
            targets.append(
                (f"median ×{high} ≤ {MAX_GROWTH}× median ×{low}", not slow_growth,
                 "over: " + ", ".join(slow_growth) if slow_growth else "every page")
            )  # fmt: skip
    targets.append(
        (f"cached page ≤ {MAX_CACHED}× floor", not cached_over if cached_run else None,
         ("over: " + ", ".join(cached_over) if cached_over else "every page")
         if cached_run else "not measured (BENCH_CACHED=0)")
    )  # fmt: skip
    targets.append(
        (f"uncached list/detail at ×{high} ≤ {MAX_UNCACHED}× floor", not uncached_over,
         "over: " + ", ".join(uncached_over) if uncached_over else "every page")
    )  # fmt: skip
    compared = top.get("search_vs_icontains") or {}
    for label, figures in compared.items():
        ratio = figures["ratio"]
        targets.append(
            (f"search ({label} “{figures['query']}”) ≥ {MIN_SEARCH_SPEEDUP:.0f}× faster than "
             f"icontains at ×{high}", ratio >= MIN_SEARCH_SPEEDUP,
             f"{figures['search']['median_ms']:.1f} ms vs {figures['icontains']['median_ms']:.1f}"
             f" ms: {ratio:.1f}×")
        )  # fmt: skip
    export = top.get("full_export") or {}
    if export:
        if export.get("status") == "n/a":
            targets.append((f"full quotes CSV export < {MAX_EXPORT_MB:.0f} MB", None, "n/a"))
        else:
            targets.append(
                (f"full quotes CSV export at ×{high} < {MAX_EXPORT_MB:.0f} MB",
                 export["peak_mb"] < MAX_EXPORT_MB,
                 f"peak {export['peak_mb']:.1f} MB for {export['bytes'] / 2**20:.1f} MB "
                 f"of CSV in {export['seconds']:.1f} s")
            )  # fmt: skip
    return lines, targets


def _duration(seconds) -> str:
    if seconds is None:
        return "n/a"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest:02d} s" if minutes else f"{rest} s"


def wall_times(results: dict) -> list[str]:
    """Wall time per database and scale, if the run recorded it."""
    lines = []
    for vendor, runs in results["databases"].items():
        spent = [(int(s), r["seconds"]) for s, r in runs.items() if r.get("seconds")]
        for scale, seconds in sorted(spent):
            lines.append(
                f"  {vendor} ×{scale}: {_duration(seconds['total'])} (archive "
                f"{_duration(seconds['build'])}, uncached pass {_duration(seconds['uncached'])}, "
                f"cached pass {_duration(seconds['cached'])})"
            )
        if spent:
            total = sum(seconds["total"] for _scale, seconds in spent)
            lines.append(f"  {vendor}: {_duration(total)}")
    if not lines:
        return []
    if results.get("seconds") is not None:
        lines.append(f"  whole run: {_duration(results['seconds'])}")
    return ["wall time:", *lines, ""]


def report(results: dict) -> str:
    out = []
    for vendor, runs in results["databases"].items():
        lines, targets = summarise(vendor, runs)
        out += lines + ["", "targets:"]
        for target, met, detail in targets:
            mark = "n/a" if met is None else ("met" if met else "NOT met")
            out.append(f"  [{mark}] {target}: {detail}")
        out.append("")
    out += wall_times(results)
    return "\n".join(out)


def save(results: dict, directory: Path = RESULTS) -> Path:
    """Write a run, its table included, as ``bench-<UTC time>.json`` in ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    path = directory / f"bench-{stamp}.json"
    saved = {**results, "table": report(results)}
    path.write_text(json.dumps(saved, indent=1, default=str), encoding="utf-8")
    return path


def load(path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def main(argv: list[str] | None = None):
    parser = argparse.ArgumentParser(
        prog="python -m bench.run",
        description="Time every public page at several scales (settings: see bench/run.py).",
    )
    parser.add_argument(
        "--report",
        metavar="JSON",
        help="print the table and targets of a saved run again, measuring nothing",
    )
    options = parser.parse_args(argv)
    if options.report:
        print(report(load(options.report)))
        return
    config = settings_from_environment()
    results = run(config)
    print(report(results))
    path = save(results)
    print(f"saved {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
