"""The page cache under faults and abuse: it never serves what a later write withdrew, a hung
cache does not stall the site, and addresses full of junk do not fill it.

Redis here is a throwaway server of the test's own (``redis-server`` on a free port, its
snapshot in a temporary folder), so it can be restarted, stopped and emptied freely.
"""

import logging
import os
import shutil
import signal
import socket
import subprocess
import threading

import pytest
from django.core.cache import caches
from django.test import Client

from archive.cache_url import parse_cache_url
from cases.browse import page_cache
from cases.browse.page_cache import HEADER
from cases.models import Person, Quote, Source, Status

SHORT = 0.1  # the cache's socket timeout in these tests, seconds


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class OwnRedis:
    """A redis-server of this test's own; ``restart()`` starts it again from its snapshot."""

    def __init__(self, folder, *options):
        self.folder, self.port, self.process = folder, free_port(), None
        self.options = list(options)
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        import redis

        self.process = subprocess.Popen(  # noqa: S603 - our own arguments
            [
                shutil.which("redis-server"),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(self.folder),
                "--dbfilename",
                "dump.rdb",
                "--save",
                "",
                "--appendonly",
                "no",
                *self.options,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.client = redis.Redis(port=self.port, socket_connect_timeout=1)
        for _attempt in range(200):  # until it accepts (it loads its snapshot first)
            try:
                self.client.ping()
                return
            except redis.exceptions.ConnectionError:
                if self.process.poll() is not None:
                    pytest.fail("redis-server did not start")
                threading.Event().wait(0.05)
        pytest.fail("redis-server did not answer")

    def stop(self):
        if self.process and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGCONT)  # in case a test left it stopped
            self.process.terminate()
            self.process.wait(timeout=10)

    def restart(self):
        """Down without saving, up again: what it holds is its last snapshot's."""
        self.stop()
        self.start()


@pytest.fixture
def own_redis(tmp_path, settings):
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed")
    server = OwnRedis(tmp_path)
    server.start()
    settings.CACHES = {"default": parse_cache_url(server.url, timeout=SHORT)}
    yield server
    server.stop()


class SilentServer:
    """Accepts connections and never answers: a hung cache. Counts the connections.

    Each connection is closed after ``give_up`` seconds, so that a client that never times
    out fails (slowly) rather than waiting for ever.
    """

    def __init__(self, give_up=1.0):
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.port = self.listener.getsockname()[1]
        self.connections = 0
        self.give_up = give_up
        self.closing = threading.Event()
        threading.Thread(target=self.serve, daemon=True).start()

    def serve(self):
        while not self.closing.is_set():
            try:
                connection, _address = self.listener.accept()
            except OSError:
                return
            self.connections += 1
            threading.Timer(self.give_up, connection.close).start()

    def close(self):
        self.closing.set()
        self.listener.close()


@pytest.fixture
def clock(monkeypatch):
    """The breaker's clock, moved on by hand (``clock[0] += seconds``)."""
    now = [1000.0]
    monkeypatch.setattr(page_cache, "monotonic", lambda: now[0], raising=False)
    return now


# --- a cache restored from an older snapshot -----------------------------------------------


@pytest.mark.django_db
def test_a_cache_restarted_from_an_older_snapshot_never_serves_a_page_kept_before_a_write(
    client, own_redis
):
    quote = Quote.objects.public().filter(case__key="el-agustino").order_by("key").first()
    url, listing = quote.get_absolute_url(), "/quotes/?case=el-agustino"
    for page in (url, listing):
        assert client.get(page)[HEADER] == "miss"
        assert client.get(page)[HEADER] == "hit"
    own_redis.client.save()  # a snapshot with the generation and both pages

    quote.status = Status.DRAFT
    quote.save()
    assert client.get(url).status_code == 404

    own_redis.restart()  # from the snapshot: the generation and the pages of before are back
    assert own_redis.client.dbsize() > 0
    withdrawn = client.get(url)
    assert withdrawn.status_code == 404
    shown = client.get(listing)
    assert shown[HEADER] == "miss"  # the cache is in use again, not bypassed
    assert f'href="{url}"' not in shown.content.decode()
    assert client.get(listing)[HEADER] == "hit"


@pytest.mark.django_db
def test_a_redis_that_refuses_info_still_keeps_pages(client, settings, tmp_path):
    # Some hosted Redis services rename INFO: there is no run to tell apart, but the cache
    # must work as before rather than fail on every connection.
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed")
    server = OwnRedis(tmp_path, "--rename-command", "INFO", "")
    server.start()
    try:
        settings.CACHES = {"default": parse_cache_url(server.url, timeout=SHORT)}
        assert client.get("/people/")[HEADER] == "miss"
        assert client.get("/people/")[HEADER] == "hit"
    finally:
        server.stop()


def kept_pages() -> list[str]:
    """Pages the cache keeps, one of each way a page is read: lists, filtered or not, a
    record, a source with what cites it, a search and the home page."""
    person = Person.objects.public().order_by("key").first()
    source = Source.objects.public().get(key="lrr-el-agustino")
    return [
        "/people/",
        "/quotes/?case=el-agustino",
        person.get_absolute_url(),
        source.get_absolute_url() + "?cites=quote",
        "/search/?q=mayor",
        "/",
    ]


# --- a hung cache --------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_hung_cache_costs_one_short_timeout_then_is_left_alone_for_a_while(
    client, settings, clock, caplog
):
    silent = SilentServer()
    settings.CACHES = {
        "default": parse_cache_url(f"redis://127.0.0.1:{silent.port}/0", timeout=SHORT)
    }
    settings.CACHE_BREAKER_SECONDS = 30
    pages = kept_pages()
    try:
        with caplog.at_level(logging.WARNING, logger="cases.browse.page_cache"):
            for url in pages * 2:
                response = client.get(url)
                assert response.status_code == 200, url  # answered from the database
                assert HEADER not in response  # the cache was not asked
            # One connection, one timeout; every later request left the cache alone.
            assert silent.connections == 1

            clock[0] += 31  # the period ends: the cache is tried again, once
            assert client.get("/people/").status_code == 200
            assert silent.connections == 2
            assert client.get("/people/").status_code == 200
            assert silent.connections == 2
        failures = [r for r in caplog.records if "The cache failed" in r.getMessage()]
        assert len(failures) == 1  # logged once, not per request
    finally:
        silent.close()


@pytest.mark.django_db
def test_a_write_while_the_cache_is_away_is_not_forgotten_when_it_answers_again(
    client, own_redis, clock
):
    quote = Quote.objects.public().order_by("key").first()
    url = quote.get_absolute_url()
    client.get(url)
    assert client.get(url)[HEADER] == "hit"

    os.kill(own_redis.process.pid, signal.SIGSTOP)  # hung: accepts, never answers
    try:
        quote.status = Status.DRAFT
        quote.save()  # the cache cannot be told...
        assert client.get(url).status_code == 404
    finally:
        os.kill(own_redis.process.pid, signal.SIGCONT)
    clock[0] += 31

    # ...so it is told as soon as it answers: the page kept before the write is not served.
    again = client.get(url)
    assert again.status_code == 404
    assert again[HEADER] == "miss"


# --- junk in the address -------------------------------------------------------------------


def kept_entries() -> int:
    return len(caches["default"]._cache)  # the tests' cache is local memory


@pytest.mark.django_db
def test_parameters_a_page_does_not_read_make_no_cache_entries(client):
    pages = [*kept_pages(), "/network/?case=el-agustino&year=1989", "/sitemap.xml"]
    for url in pages:
        client.get(url)
        assert client.get(url)[HEADER] == "hit", url
    before = kept_entries()
    for n in range(10):
        for url in pages:
            junk = f"utm_source=spam{n}&x{n}={'a' * 200}"
            response = client.get(url + ("&" if "?" in url else "?") + junk)
            assert response.status_code == 200, url
            assert HEADER not in response, url
    assert kept_entries() == before


@pytest.mark.django_db
def test_the_parameters_a_page_reads_are_still_kept(client):
    person = Person.objects.public().order_by("key").first()
    source = Source.objects.public().get(key="lrr-el-agustino")
    reading = "reading=a-share-token"
    for url in [
        f"/people/?case=el-agustino&sort=-name&page=1&{reading}",
        f"/events/?year_from=1985&year_to=1990&q=elections&{reading}",
        f"{person.get_absolute_url()}?from=1985&to=1990&{reading}",
        f"{source.get_absolute_url()}?cites=quote&footnote=10&page=1&{reading}",
        f"/network/?case=el-agustino&year=1989&{reading}",
        f"/cases/el-agustino/figures/?{reading}",
    ]:
        assert client.get(url)[HEADER] == "miss", url
        assert client.get(url)[HEADER] == "hit", url


@pytest.mark.django_db
def test_signed_in_users_are_still_never_served_a_kept_page_with_junk_parameters(
    client, instructor
):
    client.get("/people/")
    signed_in = Client()
    signed_in.force_login(instructor)
    assert HEADER not in signed_in.get("/people/?junk=1")
