"""`make loadtest`'s own logic, on made-up data: no server, no Locust imported.

The mix of pages the simulated readers request, how a list page's links are read, and the
summary and table printed at the end. A real 20-second run against gunicorn, PostgreSQL and
Redis is at the bottom, skipped unless ``LOADTEST_SMOKE=1``.
"""

import ast
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bench import loadmix, loadtest

ROOT = Path(__file__).resolve().parents[2]
LOCUSTFILE = ROOT / "bench" / "locustfile.py"


# -- the mix --------------------------------------------------------------------------------


def test_the_weights_are_percentages_of_the_requests():
    assert sum(loadmix.MIX.values()) == 100
    assert all(weight > 0 for weight in loadmix.MIX.values())
    # Reading dominates: record pages and lists are most of what a reader asks for.
    reading = sum(loadmix.MIX[k] for k in ("record", "list", "list filtered", "list next page"))
    assert reading >= 50
    # Exports are occasional, and the deliberate 404 rare.
    assert loadmix.MIX["csv export"] <= 3
    assert loadmix.MIX["missing record (404 expected)"] == 1


def test_every_weight_is_a_task_of_the_reader_and_every_task_has_one():
    tree = ast.parse(LOCUSTFILE.read_text(encoding="utf-8"))
    weights = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            for decorator in node.decorator_list:
                if isinstance(decorator, ast.Call) and getattr(decorator.func, "id", "") == "task":
                    (argument,) = decorator.args
                    assert isinstance(argument, ast.Subscript), f"{node.name}: weight not in MIX"
                    weights.append(argument.slice.value)
    assert sorted(weights) == sorted(loadmix.MIX)


def test_the_mix_reaches_every_kind_of_page():
    from cases.records.kinds import ARCHIVE_KINDS  # the archive's own, not the tests' toy

    assert sorted(loadmix.SECTIONS) == sorted(k.segment for k in ARCHIVE_KINDS if k.has_pages)
    filtered = {re.match(r"/(\w+)/\?", url).group(1) for url in loadmix.FILTERED_LISTS}
    assert filtered == set(loadmix.SECTIONS)  # a filter on every list
    assert set(loadmix.CITATION_FORMATS) == {"bib", "ris", "json"}
    low, high = loadmix.THINK_SECONDS
    assert 0 < low < high


def test_the_filtered_lists_and_searches_answer(client, db):
    for url in loadmix.FILTERED_LISTS:
        assert client.get(url).status_code == 200, url
        export = url.replace("/?", "/export.csv?", 1)
        assert client.get(export).status_code == 200, export
    for words in loadmix.SEARCHES:
        assert client.get("/search/", {"q": words}).status_code == 200, words
    assert client.get(loadmix.MISSING.format(n=1)).status_code == 404


def test_a_list_page_s_links_are_read_as_a_reader_follows_them(client, db):
    # The locustfile's patterns, read from its source so Locust is not imported here.
    source = LOCUSTFILE.read_text(encoding="utf-8")
    namespace = {"re": re}
    for name in ("RECORD_LINK", "NEXT_LINK", "FOOTNOTE_LINK"):
        line = next(line for line in source.splitlines() if line.startswith(f"{name} = "))
        exec(line, namespace)  # noqa: S102
    for segment in loadmix.SECTIONS:  # every list's rows, the quotes' too (no heading link)
        html = client.get(f"/{segment}/").content.decode()
        links = namespace["RECORD_LINK"].findall(html)
        assert links and all(link.startswith(f"/{segment}/") for link in links), segment
        assert len(links) == len(set(links)) == html.count('<article class="row'), segment
        assert client.get(links[-1]).status_code == 200
    html = client.get("/quotes/").content.decode()
    (following,) = namespace["NEXT_LINK"].findall(html)
    following = following.replace("&amp;", "&")
    assert following.startswith(("/quotes/?", "?")) and "page=2" in following
    next_url = following if following.startswith("/") else "/quotes/" + following
    assert client.get(next_url).status_code == 200
    case = client.get("/cases/el-agustino/").content.decode()
    assert namespace["FOOTNOTE_LINK"].findall(case)


# -- the summary and the table --------------------------------------------------------------


def made_up_requests():
    records = []
    for i in range(100):
        records.append({"type": "home", "ms": float(i + 1), "error": "", "at": 1000.0 + i})
    for i in range(20):
        records.append({"type": "search", "ms": 10.0 * (i + 1), "error": "", "at": 1000.0 + i})
    records.append(
        {"type": "search", "ms": 5000.0, "error": "status 500 (expected 200)", "at": 1050.0}
    )
    return records


def test_percentiles_are_nearest_rank():
    ordered = [float(n) for n in range(1, 101)]
    assert loadtest.percentile(ordered, 0.50) == 50
    assert loadtest.percentile(ordered, 0.95) == 95
    assert loadtest.percentile(ordered, 0.99) == 99
    assert loadtest.percentile([7.0], 0.99) == 7
    assert loadtest.percentile([], 0.5) == 0


def test_the_summary_counts_throughput_percentiles_and_errors():
    summary = loadtest.summarise(made_up_requests(), seconds=100)
    assert summary["overall"]["requests"] == 121
    assert summary["overall"]["per_second"] == 1.21
    assert summary["overall"]["errors"] == 1
    home = summary["types"]["home"]
    assert (home["p50_ms"], home["p95_ms"], home["p99_ms"], home["errors"]) == (50, 95, 99, 0)
    assert summary["types"]["search"]["errors"] == 1
    assert summary["types"]["search"]["p99_ms"] == 5000
    assert summary["errors"] == {"search: status 500 (expected 200)": 1}


def test_the_table_has_a_row_per_page_type_and_the_overall_last():
    results = {
        "started": "2026-12-01T16:00:00+00:00",
        "config": {"users": 20, "cache": "off", "workers": 2, "threads": 4},
        "summary": loadtest.summarise(made_up_requests(), seconds=100),
        "server_errors": 0,
    }
    table = loadtest.format_table(results)
    lines = table.splitlines()
    assert lines[0] == (
        "Load test 2026-12-01T16:00:00+00:00: 20 readers, 100 s, page cache off, gunicorn 2x4"
    )
    assert lines[2].split() == ["page", "type", "requests", "req/s", "p50", "ms", "p95", "ms"] + [
        "p99",
        "ms",
        "errors",
    ]
    assert lines[4].split() == ["home", "100", "1.00", "50", "95", "99", "0"]
    assert lines[5].split() == ["search", "21", "0.21", "110", "200", "5000", "1"]
    assert lines[7].split() == ["overall", "121", "1.21", "56", "150", "200", "1"]
    assert "Throughput 1.21 requests/s; 1 error in 121 requests." in table
    assert "  1 x search: status 500 (expected 200)" in table
    # Columns line up: every row as wide as the header's rule.
    assert len({len(line) for line in lines[2:8] if not line.startswith("-")}) <= 2


def test_a_saved_run_prints_again(tmp_path, capsys):
    results = {
        "started": "2026-12-01T16:00:00+00:00",
        "config": {"users": 1, "cache": "on", "workers": 2, "threads": 4},
        "summary": loadtest.summarise(made_up_requests()[:3], seconds=3),
    }
    saved = tmp_path / "run.json"
    saved.write_text(json.dumps(results), encoding="utf-8")
    assert loadtest.main(["--report", str(saved)]) == 0
    assert "0 errors in 3 requests" in capsys.readouterr().out


def test_settings_and_result_names():
    config = loadtest.settings_from_environment({"LOADTEST_CACHE": "off"})
    assert (config["users"], config["minutes"], config["page_cache_seconds"]) == (20, 10, 0)
    assert loadtest.settings_from_environment({})["page_cache_seconds"] > 0
    with pytest.raises(SystemExit):
        loadtest.settings_from_environment({"LOADTEST_CACHE": "maybe"})
    import datetime

    started = datetime.datetime(2026, 12, 1, 16, 5, 9, tzinfo=datetime.UTC)
    assert loadtest.result_name(started, "on") == "loadtest-20261201T160509Z-cache-on"


# -- a real run, on demand ------------------------------------------------------------------


@pytest.mark.skipif(
    os.environ.get("LOADTEST_SMOKE") != "1",
    reason="a 20-second run against gunicorn, PostgreSQL and Redis: set LOADTEST_SMOKE=1",
)
def test_a_short_run_has_no_errors(tmp_path):
    env = {**os.environ, "LOADTEST_USERS": "5", "LOADTEST_MINUTES": str(20 / 60)}
    done = subprocess.run(
        [sys.executable, "-m", "bench.loadtest"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "0 errors in" in done.stdout
    saved = re.search(r"Saved (bench/results/\S+\.json)", done.stdout).group(1)
    (ROOT / saved).unlink()  # a smoke run is not a result to keep
