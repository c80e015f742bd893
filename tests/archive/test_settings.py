"""Settings: production values pass Django's deployment checks; no migration drift."""

import os

import pytest

from tests.commands import ROOT, manage

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "x" * 20 + "-production-secret-with-enough-entropy-0123456789",
    "ALLOWED_HOSTS": "archive.example.org",
    "DATABASE_URL": "sqlite:///" + str(ROOT / "unused.sqlite3"),
}


def run_manage(*args, env_overrides=None):
    env = {k: v for k, v in os.environ.items() if k not in PRODUCTION}
    env.update(env_overrides or {})
    return manage(*args, env=env)


def test_check_deploy_is_clean_with_production_values():
    result = run_manage("check", "--deploy", "--fail-level", "DEBUG", env_overrides=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_when_run_with_development_defaults():
    # The check has teeth: development settings are flagged.
    result = run_manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "DEBUG" in result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = {**PRODUCTION}
    del env["SECRET_KEY"]
    result = run_manage("check", env_overrides=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_no_model_change_lacks_a_migration():
    result = run_manage("makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_cache_backend_follows_cache_url():
    from archive.cache_url import parse_cache_url

    assert parse_cache_url("")["BACKEND"].endswith("locmem.LocMemCache")
    redis = parse_cache_url("redis://127.0.0.1:6379/3")
    assert redis["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert redis["LOCATION"] == "redis://127.0.0.1:6379/3"
    # A hung Redis costs a quarter of a second, not the request (CACHE_TIMEOUT_SECONDS).
    assert redis["OPTIONS"]["socket_connect_timeout"] == 0.25
    assert redis["OPTIONS"]["socket_timeout"] == 0.25
    slower = parse_cache_url("redis://127.0.0.1:6379/3", timeout=1.5)["OPTIONS"]
    assert slower["socket_timeout"] == slower["socket_connect_timeout"] == 1.5
    database = parse_cache_url("db://archive_cache")
    assert database["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert database["LOCATION"] == "archive_cache"


def test_an_unknown_cache_url_is_refused_at_start_up_with_the_forms_accepted():
    for url, reason in [
        ("memcached://127.0.0.1:11211", "is not a cache the archive knows"),
        ("redis://127.0.0.1:6379/zero", "must be a number"),
        ("db://", "give the cache table's name"),
    ]:
        result = run_manage("check", env_overrides={"CACHE_URL": url})
        assert result.returncode != 0, url
        assert reason in result.stderr, result.stderr[-500:]
        assert "Accepted: unset (local memory), redis://HOST:PORT/DB" in result.stderr


def test_a_bad_page_cache_lifetime_is_refused_at_start_up():
    result = run_manage("check", env_overrides={"PAGE_CACHE_SECONDS": "ten minutes"})
    assert result.returncode != 0
    assert "PAGE_CACHE_SECONDS must be a whole number of seconds" in result.stderr
    assert run_manage("check", env_overrides={"PAGE_CACHE_SECONDS": "0"}).returncode == 0


def test_a_bad_cache_timeout_or_breaker_period_is_refused_at_start_up():
    for name, value, message in [
        ("CACHE_TIMEOUT_SECONDS", "a little", "CACHE_TIMEOUT_SECONDS must be a number"),
        ("CACHE_TIMEOUT_SECONDS", "0", "CACHE_TIMEOUT_SECONDS must be a number"),
        ("CACHE_BREAKER_SECONDS", "-1", "CACHE_BREAKER_SECONDS must be a whole number"),
    ]:
        result = run_manage("check", env_overrides={name: value})
        assert result.returncode != 0, (name, value)
        assert message in result.stderr, result.stderr[-500:]
    assert run_manage("check", env_overrides={"CACHE_TIMEOUT_SECONDS": "0.1"}).returncode == 0


def test_a_bad_counts_lifetime_is_refused_at_start_up():
    result = run_manage("check", env_overrides={"COUNTS_CACHE_SECONDS": "-5"})
    assert result.returncode != 0
    assert "COUNTS_CACHE_SECONDS must be a whole number of seconds" in result.stderr
    assert run_manage("check", env_overrides={"COUNTS_CACHE_SECONDS": "0"}).returncode == 0


@pytest.mark.django_db
def test_postgresql_connections_do_not_compile_queries_just_in_time():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL setting")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
