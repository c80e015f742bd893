"""`make loadtest`: simulated readers against the site served as in production, on loopback.

Starts, in this order, and stops at the end whatever happens (Ctrl-C and SIGTERM included):

1. a PostgreSQL database for the load test (``LOADTEST_DB``, default ``archive_loadtest``)
   on ``LOADTEST_POSTGRES_URL``: created, migrated and loaded with both cases the first
   time, reused (migrated) after that;
2. a Redis server of its own on a free loopback port, as the site's ``CACHE_URL`` (or the
   Redis named by ``LOADTEST_CACHE_URL``, which nothing else may use: it is emptied);
3. the site under gunicorn with DEBUG off, on a free loopback port, plain http;
4. Locust, headless, with ``LOADTEST_USERS`` readers for ``LOADTEST_MINUTES`` minutes
   (``bench/locustfile.py`` says what they read, and how often).

Then prints a table (throughput, p50/p95/p99 per page type and overall, errors) and saves
it as ``bench/results/loadtest-<time>-cache-<on|off>.json``; Locust's own CSV files and the
server's log go to ``bench/data/`` (not kept in git). Exits 1 if any request failed.

Environment (all optional): ``LOADTEST_USERS`` (20), ``LOADTEST_MINUTES`` (10, may be a
fraction), ``LOADTEST_CACHE`` (``on``; ``off`` sets ``PAGE_CACHE_SECONDS=0``),
``LOADTEST_WORKERS`` (2) and ``LOADTEST_THREADS`` (4) for gunicorn, ``LOADTEST_DB``,
``LOADTEST_POSTGRES_URL`` (``postgres://postgres@127.0.0.1:5432``), ``LOADTEST_CACHE_URL``.

``python -m bench.loadtest --report bench/results/<file>.json`` prints a saved run again.
"""

import argparse
import datetime
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
DATA = ROOT / "bench" / "data"
LOOPBACK = "127.0.0.1"
READY_SECONDS = 90  # for gunicorn's workers to answer, and Redis to accept connections


# -- settings -------------------------------------------------------------------------------


def settings_from_environment(environ=None) -> dict:
    environ = os.environ if environ is None else environ
    cache = environ.get("LOADTEST_CACHE", "on").strip().lower()
    if cache not in {"on", "off"}:
        raise SystemExit("LOADTEST_CACHE must be on or off")
    config = {
        "users": int(environ.get("LOADTEST_USERS", "20")),
        "minutes": float(environ.get("LOADTEST_MINUTES", "10")),
        "cache": cache,
        "page_cache_seconds": 600 if cache == "on" else 0,
        "workers": int(environ.get("LOADTEST_WORKERS", "2")),
        "threads": int(environ.get("LOADTEST_THREADS", "4")),
        "database": environ.get("LOADTEST_DB", "archive_loadtest"),
        "postgres": environ.get("LOADTEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432"),
        "cache_url": environ.get("LOADTEST_CACHE_URL", ""),
    }
    if config["users"] < 1 or config["minutes"] <= 0:
        raise SystemExit("LOADTEST_USERS must be at least 1 and LOADTEST_MINUTES above 0")
    return config


# -- the summary and its table (no server needed) -------------------------------------------


def percentile(ordered: list[float], fraction: float) -> float:
    """The nearest-rank percentile of an ordered list (0 for an empty one)."""
    if not ordered:
        return 0.0
    rank = max(1, -(-len(ordered) * fraction // 1))  # ceiling of n × fraction, at least 1
    return ordered[int(rank) - 1]


def _figures(records: list[dict], seconds: float) -> dict:
    times = sorted(r["ms"] for r in records)
    return {
        "requests": len(records),
        "per_second": round(len(records) / seconds, 2) if seconds else 0.0,
        "p50_ms": round(percentile(times, 0.50), 1),
        "p95_ms": round(percentile(times, 0.95), 1),
        "p99_ms": round(percentile(times, 0.99), 1),
        "max_ms": round(times[-1], 1) if times else 0.0,
        "errors": sum(1 for r in records if r["error"]),
    }


def summarise(records: list[dict], seconds: float) -> dict:
    """Throughput, percentiles and errors per page type and overall, and the errors' causes."""
    by_type: dict[str, list[dict]] = {}
    for record in records:
        by_type.setdefault(record["type"], []).append(record)
    causes: dict[str, int] = {}
    for record in records:
        if record["error"]:
            cause = f"{record['type']}: {record['error']}"
            causes[cause] = causes.get(cause, 0) + 1
    return {
        "seconds": round(seconds, 1),
        "overall": _figures(records, seconds),
        "types": {name: _figures(group, seconds) for name, group in sorted(by_type.items())},
        "errors": dict(sorted(causes.items(), key=lambda item: -item[1])),
    }


def format_table(results: dict) -> str:
    summary = results["summary"]
    config = results["config"]
    head = ("page type", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors")
    rows = [
        (
            name,
            str(f["requests"]),
            f"{f['per_second']:.2f}",
            f"{f['p50_ms']:.0f}",
            f"{f['p95_ms']:.0f}",
            f"{f['p99_ms']:.0f}",
            str(f["errors"]),
        )
        for name, f in [*summary["types"].items(), ("overall", summary["overall"])]
    ]
    widths = [max(len(row[i]) for row in [head, *rows]) for i in range(len(head))]

    def line(row):
        pairs = zip(row[1:], widths[1:], strict=True)
        cells = [row[0].ljust(widths[0])] + [cell.rjust(width) for cell, width in pairs]
        return "  ".join(cells).rstrip()

    rule = "  ".join("-" * w for w in widths)
    title = (
        f"Load test {results['started']}: {config['users']} readers, "
        f"{summary['seconds']:.0f} s, page cache {config['cache']}, "
        f"gunicorn {config['workers']}x{config['threads']}"
    )
    lines = [title, "", line(head), rule, *map(line, rows[:-1]), rule, line(rows[-1])]
    overall = summary["overall"]
    lines += [
        "",
        f"Throughput {overall['per_second']:.2f} requests/s; "
        f"{overall['errors']} error{'s' if overall['errors'] != 1 else ''} "
        f"in {overall['requests']} requests.",
    ]
    for cause, count in list(summary["errors"].items())[:20]:
        lines.append(f"  {count} x {cause}")
    if results.get("server_errors"):
        lines.append(f"The server logged {results['server_errors']} errors (see its log).")
    return "\n".join(lines)


def result_name(started: datetime.datetime, cache: str) -> str:
    return f"loadtest-{started.strftime('%Y%m%dT%H%M%SZ')}-cache-{cache}"


# -- the stack --------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        return probe.getsockname()[1]


def site_environment(config: dict, database_url: str, cache_url: str) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "archive.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": f"{LOOPBACK},localhost",
        # Plain http on loopback: no redirect to https, cookies without the secure flag.
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
        "DATABASE_URL": database_url,
        "CACHE_URL": cache_url,
        "PAGE_CACHE_SECONDS": str(config["page_cache_seconds"]),
        "STATIC_ROOT": str(DATA / "loadtest-static"),
        "LOG_LEVEL": "WARNING",
    }


def prepare_database(config: dict) -> str:
    """The load test's database, created and loaded the first time; its URL."""
    import psycopg
    from psycopg import sql

    server = config["postgres"].rstrip("/")
    name = config["database"]
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            print(f"Creating the database {name} …", flush=True)
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return f"{server}/{name}"


def manage(env: dict, *arguments: str) -> None:
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *arguments], cwd=ROOT, env=env, check=True, timeout=1800
    )


def loaded(database_url: str) -> bool:
    import psycopg

    with psycopg.connect(database_url) as connection:
        return connection.execute("SELECT count(*) FROM cases_casestudy").fetchone()[0] > 0


def wait_until(check, what: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + READY_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{what} stopped at once (exit {process.returncode})")
        try:
            if check():
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"{what} did not answer within {READY_SECONDS} s")


class Stack:
    """The processes started for one run, stopped in reverse order by ``stop()``."""

    def __init__(self):
        self.processes: list[tuple[str, subprocess.Popen]] = []

    def start(self, name: str, command: list[str], **options) -> subprocess.Popen:
        process = subprocess.Popen(command, start_new_session=True, **options)  # noqa: S603
        self.processes.append((name, process))
        return process

    def stop(self) -> None:
        for _name, process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout=10)
        self.processes = []


def start_redis(stack: Stack, config: dict) -> str:
    if config["cache_url"]:
        import redis

        redis.Redis.from_url(config["cache_url"]).flushdb()  # only its own database
        return config["cache_url"]
    server = shutil.which("redis-server")
    if not server:
        raise SystemExit("No redis-server: set LOADTEST_CACHE_URL to a Redis of its own")
    port = free_port()
    process = stack.start(
        "redis",
        [server, "--bind", LOOPBACK, "--port", str(port), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )

    def answers():
        with socket.create_connection((LOOPBACK, port), timeout=1) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")

    wait_until(answers, "Redis", process)
    return f"redis://{LOOPBACK}:{port}/0"


def start_site(stack: Stack, config: dict, env: dict, log: Path) -> str:
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "archive.wsgi:application"]
    command += ["--bind", f"{LOOPBACK}:{port}", "--workers", str(config["workers"])]
    command += ["--threads", str(config["threads"]), "--worker-class", "gthread"]
    command += ["--timeout", "60", "--graceful-timeout", "10", "--error-logfile", "-"]
    # No control socket: its default path is one per user, shared with any other gunicorn.
    command += ["--no-control-socket"]
    with log.open("ab") as handle:
        process = stack.start(
            "gunicorn", command, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT
        )
    base = f"http://{LOOPBACK}:{port}"

    def answers():
        with urllib.request.urlopen(f"{base}/robots.txt", timeout=5) as response:  # noqa: S310
            return response.status == 200

    wait_until(answers, "gunicorn", process)
    return base


def server_errors(log: Path) -> int:
    if not log.exists():
        return 0
    text = log.read_text(encoding="utf-8", errors="replace")
    return text.count("Traceback (most recent call last)") + text.count("[CRITICAL]")


def run(config: dict) -> dict:
    started = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    name = result_name(started, config["cache"])
    DATA.mkdir(parents=True, exist_ok=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    log = DATA / f"{name}-server.log"
    stack = Stack()
    try:
        cache_url = start_redis(stack, config)
        database_url = prepare_database(config)
        env = site_environment(config, database_url, cache_url)
        manage(env, "migrate", "--noinput", "-v", "0")
        if not loaded(database_url):
            print("Loading both cases …", flush=True)
            manage(env, "load_archive")
        manage(env, "collectstatic", "--noinput", "-v", "0")
        base = start_site(stack, config, env, log)
        print(
            f"Site at {base} (gunicorn {config['workers']}x{config['threads']}, "
            f"page cache {config['cache']}); {config['users']} readers for "
            f"{config['minutes']:g} min …",
            flush=True,
        )
        with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
            raw = Path(handle.name)
        seconds = round(config["minutes"] * 60)
        command = [sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py")]
        command += ["--headless", "--users", str(config["users"])]
        command += ["--spawn-rate", str(max(1, config["users"] // 10))]
        command += ["--run-time", f"{seconds}s"]
        command += ["--host", base, "--stop-timeout", "10", "--only-summary"]
        command += ["--csv", str(DATA / name), "--loglevel", "WARNING"]
        began = time.monotonic()
        locust_log = DATA / f"{name}-locust.log"
        with locust_log.open("ab") as output:  # Locust's own tables: the summary is below
            locust = stack.start(
                "locust",
                command,
                cwd=ROOT,
                env={**os.environ, "LOADTEST_RAW": str(raw), "PYTHONPATH": str(ROOT)},
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        try:
            locust.wait(timeout=seconds + 120)
        except subprocess.TimeoutExpired:
            locust.terminate()
            locust.wait(timeout=30)
        elapsed = time.monotonic() - began
        if locust.returncode not in {0, 1}:  # 1: some requests failed, counted below
            print(locust_log.read_text(encoding="utf-8", errors="replace")[-3000:])
            raise SystemExit(f"Locust stopped with exit {locust.returncode}")
        records = json.loads(raw.read_text(encoding="utf-8") or "[]")
        raw.unlink()
    finally:
        stack.stop()
    if records:  # the test's own span: first request sent to last answer
        elapsed = max(r["at"] for r in records) - min(r["at"] - r["ms"] / 1000 for r in records)
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    return {
        "started": started.isoformat(),
        "name": name,
        "config": {k: v for k, v in config.items() if k not in {"postgres", "cache_url"}},
        "machine": {"cpus": os.cpu_count(), "load_average_at_end": load},
        "mix": _mix(),
        "summary": summarise(records, elapsed),
        "server_errors": server_errors(log),
        "locust_csv": f"bench/data/{name}_stats.csv",
        "server_log": f"bench/data/{name}-server.log",
    }


def _mix() -> dict:
    from bench.loadmix import MIX, THINK_SECONDS

    return {"weights": MIX, "think_seconds": list(THINK_SECONDS)}


def save(results: dict) -> Path:
    path = RESULTS / f"{results['name']}.json"
    path.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return path


def _stop_on_signal(signum, frame):
    raise KeyboardInterrupt(f"signal {signum}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--report", type=Path, help="print a saved run's table again")
    arguments = parser.parse_args(argv)
    if arguments.report:
        print(format_table(json.loads(arguments.report.read_text(encoding="utf-8"))))
        return 0
    signal.signal(signal.SIGTERM, _stop_on_signal)
    try:
        results = run(settings_from_environment())
    except KeyboardInterrupt:
        print("\nStopped: the site, Redis and Locust started for the run are stopped too.")
        return 130
    results["table"] = format_table(results)
    path = save(results)
    print()
    print(results["table"])
    print(f"\nSaved {path.relative_to(ROOT)}; Locust's CSV in {results['locust_csv']}.")
    failed = results["summary"]["overall"]["errors"] or results["server_errors"]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
