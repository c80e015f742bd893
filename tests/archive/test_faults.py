"""When the database or the cache fails: a 503 that says so, a health endpoint, recovery.

The first tests run in-process with the connection refusing to open; the last ones stop and
start a PostgreSQL and a Redis of their own under a running gunicorn."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.db import OperationalError, connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from archive.health import RETRY_AFTER_SECONDS, server_error
from cases.browse.page_cache import HEADER
from tests.services import Site, ThrowawayPostgres, ThrowawayRedis, wait_until

UNAVAILABLE = "The archive is temporarily unavailable"
ROOT = Path(__file__).resolve().parents[2]


def container_health_check(site) -> int:
    """docker-compose's health check for the web service, run against ``site``."""
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    test = compose["services"]["web"]["healthcheck"]["test"]
    assert test[:2] == ["CMD", "python"]
    env = {**os.environ, "PORT": str(site.port), "ALLOWED_HOSTS": "127.0.0.1,.example.org"}
    command = [sys.executable, *test[2:]]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, check=False).returncode


@pytest.fixture
def database_down(monkeypatch):
    """Every attempt to use the database fails as a refused connection does."""

    def refuse(*args, **kwargs):
        raise OperationalError('connection to server at "db", port 5432 failed: refused')

    monkeypatch.setattr(connection, "ensure_connection", refuse)


# --- /healthz ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_healthz_says_the_database_and_the_cache_answer(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert len(queries) <= 1  # cheap: one "SELECT 1"
    # Never kept, by the page cache or anyone else, and no session started for it.
    assert HEADER not in response
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_does_not(client, database_down):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unavailable", "cache": "ok"}
    assert "refused" not in response.content.decode()  # reasons go to the log, not out


@pytest.mark.django_db
def test_healthz_reports_a_cache_that_does_not_answer_but_stays_200(client, monkeypatch):
    from django.core.cache import cache

    def unreachable(*args, **kwargs):
        raise ConnectionError("Error 111 connecting to redis:6379. Connection refused.")

    monkeypatch.setattr(cache, "get", unreachable)
    response = client.get("/healthz")
    assert response.status_code == 200  # pages are still served from the database
    assert response.json() == {"status": "degraded", "database": "ok", "cache": "unavailable"}


# --- the 503 page --------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/people/", "/quotes/?case=el-agustino", "/search/?q=x"])
def test_with_the_database_down_a_page_says_so_with_503_and_retry_after(url, database_down):
    response = Client(raise_request_exception=False).get(url)
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    page = response.content.decode()
    assert UNAVAILABLE in page
    assert 'href="/static/css/archive.css"' in page or "archive.css" in page  # the site's look
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_signed_in_users_and_the_admin_get_the_503_page_too(client, archivist, monkeypatch):
    client.force_login(archivist)  # a session to look up: that needs the database too

    def refuse(*args, **kwargs):
        raise OperationalError("the database system is shutting down")

    monkeypatch.setattr(connection, "ensure_connection", refuse)
    client.raise_request_exception = False
    for url in ("/people/", "/admin/", "/admin/cases/person/", "/readings/"):
        response = client.get(url)
        assert response.status_code == 503, url
        assert UNAVAILABLE in response.content.decode()


def test_a_database_error_outside_a_view_gets_the_503_page_and_others_the_500():
    request = RequestFactory().get("/")
    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError:
        response = server_error(request)
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    try:
        raise ValueError("a fault of ours")
    except ValueError:
        response = server_error(request)
    assert response.status_code == 500


# --- real services stopped and started under a running site ---------------------------------


@pytest.fixture(scope="module")
def services(tmp_path_factory):
    postgres = ThrowawayPostgres()
    redis = ThrowawayRedis()
    site = None
    try:
        postgres.start()
        postgres.create_database()
        redis.start()
        site = Site(postgres.url, redis.url, tmp_path_factory.mktemp("site"))
        yield postgres, redis, site
    finally:
        if site is not None:
            site.stop()
        redis.stop()
        postgres.remove()


def test_a_stopped_database_gives_503_and_the_site_recovers_by_itself(services):
    postgres, _redis, site = services
    assert site.get("/").status == 200  # kept in the page cache from now on
    assert site.get("/healthz").json()["status"] == "ok"
    assert container_health_check(site) == 0

    postgres.stop()
    try:
        page = site.get("/people/?sort=-name")
        assert page.status == 503
        assert page.headers["Retry-After"] == str(RETRY_AFTER_SECONDS)
        assert UNAVAILABLE in page.body
        health = site.get("/healthz")
        assert health.status == 503
        assert health.json() == {"status": "unavailable", "database": "unavailable", "cache": "ok"}
        kept = site.get("/")  # a page the cache kept is still served
        assert (kept.status, kept.headers.get(HEADER)) == (200, "hit")
        assert container_health_check(site) == 1
    finally:
        postgres.start()

    # The same process, not restarted: the next requests reconnect.
    assert site.get("/people/?sort=-name").status == 200
    assert site.get("/healthz").status == 200
    assert container_health_check(site) == 0
    assert site.running


def test_a_stopped_cache_is_reported_and_pages_come_from_the_database(services):
    _postgres, redis, site = services
    assert site.get("/healthz").json()["cache"] == "ok"

    redis.stop()
    try:
        page = site.get("/glossary/")
        assert page.status == 200
        health = site.get("/healthz")
        assert health.status == 200
        assert health.json() == {"status": "degraded", "database": "ok", "cache": "unavailable"}
    finally:
        redis.start()

    assert site.get("/healthz").json() == {"status": "ok", "database": "ok", "cache": "ok"}

    def cached_again():
        # The process leaves a failed cache alone for CACHE_BREAKER_SECONDS, then uses it again.
        site.get("/glossary/")
        return site.get("/glossary/").headers.get(HEADER) == "hit"

    wait_until(cached_again, "The page cache")
    assert site.running
