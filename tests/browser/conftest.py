"""Browser tests: the real site, served by a live server, driven in Chromium by Playwright.

Every test under tests/browser is marked ``browser`` and runs with plain ``pytest``
(``-m "not browser"`` leaves them out).

The browser is Debian's ``chromium`` package, found on PATH; Playwright never downloads a
browser of its own. ``scripts/install-browser`` (run by ``make test``) installs it. Without
``chromium`` on PATH the browser tests FAIL and say so; set ``ARCHIVE_SKIP_BROWSER=1`` to skip
them instead (e.g. on a machine where the browser cannot be installed).

Database: the live server serves the test database that tests/conftest.py fills once per run
with both cases. Each browser test is also marked ``django_db``: pytest-django sets the test
database up only for runs that hold a test with database access (without it, running this
folder alone would load the cases into the development database), and each test runs in a
transaction that is rolled back. The tests only read: they must not write to the database
(on PostgreSQL the server's own connections would commit a write).

Playwright's sync API keeps its asyncio event loop marked as running in the main thread
while Playwright is started. Django then (1) refuses ORM calls from that thread
(``SynchronousOnlyOperation``), including the transaction pytest-django opens around each
test, and (2) looks database connections up in a context-local store instead of the
thread's, so it would open new connections that nothing closes (on PostgreSQL the test
database could then not be dropped). The ``playwright`` fixture therefore sets
``DJANGO_ALLOW_ASYNC_UNSAFE`` only while Playwright runs (safe: the loop only serves
Playwright's calls, which the test waits for; nothing runs concurrently in the main thread)
and puts the thread's own connections into that store. Playwright, the browser and the live
server are package-scoped: they are up only while this folder's tests run, so the rest of
the suite keeps Django's check and has no running event loop in its thread.

Fixtures: ``live_site`` (the live server), ``site_url`` (its URL, no trailing slash),
``playwright``, ``browser``, ``page`` (a fresh context per test: 1280x900, locale en),
``new_page`` (``new_page(**context_options)``: another fresh context, e.g. a phone's or a
second reader's),
``assert_accessible`` (``assert_accessible(page, *, exclude=())``: axe-core, WCAG 2.0/2.1
A and AA, fails listing each violation) and ``screenshot`` (``screenshot(page, name)``: a
full-page PNG at build/screenshots/<name>.png, returns its path).
"""

import os
import shutil
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.db import connections
from playwright.sync_api import sync_playwright
from pytest_django.live_server_helper import LiveServer

SKIP_ENV = "ARCHIVE_SKIP_BROWSER"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
TIMEOUT_MS = 15_000

BROWSER_DIR = Path(__file__).resolve().parent


# First, so that pytest-django's test ordering and ``-m`` selection see these markers.
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    skip = os.environ.get(SKIP_ENV, "").strip() == "1"
    for item in items:
        if BROWSER_DIR not in Path(item.path).resolve().parents:
            continue
        item.add_marker(pytest.mark.browser)
        item.add_marker(pytest.mark.django_db)
        if skip:
            item.add_marker(pytest.mark.skip(reason=f"{SKIP_ENV}=1: browser tests skipped"))


@pytest.fixture(scope="package")
def live_site(django_db_setup, django_db_blocker):
    """A live server over the test database that tests/conftest.py loaded with both cases.

    Not pytest-django's ``live_server``: that one forces ``transactional_db``, which flushes
    the tables after each test and would wipe the loaded cases. On SQLite the test database
    is in memory and LiveServer hands the main thread's connection to the server thread; on
    PostgreSQL the server thread opens its own connections to the test database, which sees
    the cases because they were committed. The blocker stays lifted while the server runs:
    it patches the connections globally and would otherwise refuse the server thread.

    While it runs, CONN_MAX_AGE is 0, so each request closes its thread's connection when it
    ends: a request thread kept alive by the browser's keep-alive socket would otherwise hold
    a PostgreSQL connection open and the test database could not be dropped at the end.
    """
    with django_db_blocker.unblock(), pytest.MonkeyPatch.context() as patch:
        for alias in connections:
            patch.setitem(connections.settings[alias], "CONN_MAX_AGE", 0)
        server = LiveServer("localhost")
        server._live_server_modified_settings.enable()  # "localhost" in ALLOWED_HOSTS
        try:
            yield server
        finally:
            server._live_server_modified_settings.disable()
            server.stop()


@pytest.fixture(scope="package")
def site_url(live_site):
    return live_site.url


@pytest.fixture(scope="package")
def playwright():
    """Playwright's sync API; see "Playwright's sync API" in this module's docstring."""
    main_thread_connections = {alias: connections[alias] for alias in connections}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        pw = sync_playwright().start()
        try:
            # With a running loop Django looks connections up in a context-local store:
            # give it the thread's own, or it would open (and never close) new ones.
            for alias, connection in main_thread_connections.items():
                connections[alias] = connection
            yield pw
        finally:
            pw.stop()


@pytest.fixture(scope="package")
def browser(playwright):
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail(
            "chromium is not on PATH: run scripts/install-browser (make test does), "
            f"or set {SKIP_ENV}=1 to skip the browser tests",
            pytrace=False,
        )
    browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
    try:
        yield browser
    finally:
        browser.close()


@pytest.fixture
def new_page(browser):
    """``new_page(**context_options)``: a page in a browser context of its own, with its own
    cookies, as another reader's browser would be; every one is closed when the test ends."""
    contexts = []

    def open_page(**context_options):
        context = browser.new_context(**context_options)
        contexts.append(context)
        context.set_default_timeout(TIMEOUT_MS)
        return context.new_page()

    try:
        yield open_page
    finally:
        for context in contexts:
            context.close()


@pytest.fixture
def page(new_page):
    return new_page(viewport={"width": 1280, "height": 900}, locale="en")


def format_violations(violations):
    lines = [f"{len(violations)} accessibility violation(s) ({', '.join(WCAG_TAGS)}):"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} [{violation.get('impact') or 'n/a'}] {violation['help']}"
            f" ({violation.get('helpUrl', '')})"
        )
        for node in violation["nodes"]:
            target = " >> ".join(
                ", ".join(part) if isinstance(part, list) else str(part) for part in node["target"]
            )
            lines.append(f"    at {target}")
    return "\n".join(lines)


@pytest.fixture(scope="session")
def assert_accessible():
    """``assert_accessible(page, *, exclude=())``: axe-core on the page as it is now.

    Checks WCAG 2.0 and 2.1, levels A and AA; ``exclude`` lists CSS selectors to leave out.
    Fails with each violation: rule id, impact, help text and the offending elements.
    """
    axe = Axe()
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}

    def check(page, *, exclude=()):
        context = {"exclude": [[selector] for selector in exclude]} if exclude else None
        violations = axe.run(page, context=context, options=options).response["violations"]
        if violations:
            pytest.fail(f"{page.url}\n{format_violations(violations)}", pytrace=False)

    return check


@pytest.fixture(scope="session")
def screenshot(pytestconfig):
    """``screenshot(page, name)``: a full-page PNG at build/screenshots/<name>.png."""
    folder = pytestconfig.rootpath / "build" / "screenshots"

    def take(page, name):
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    folder.mkdir(parents=True, exist_ok=True)
    take.folder = folder  # for photographs of one element
    return take
