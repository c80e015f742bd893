"""docker-compose.yml: valid, and its commands and settings are the project's own."""

import re
import shlex
from pathlib import Path

import yaml
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SETTINGS = (ROOT / "archive" / "settings.py").read_text()


def web_command_steps():
    command = COMPOSE["services"]["web"]["command"]
    inner = shlex.split(command)[-1] if command.startswith("sh -c") else command
    return [shlex.split(step) for step in inner.split("&&")]


def test_services_are_db_and_web_with_a_healthcheck_and_named_volume():
    services = COMPOSE["services"]
    assert services["db"]["image"].startswith("postgres:15")
    assert "healthcheck" in services["db"]
    assert services["web"]["depends_on"]["db"]["condition"] == "service_healthy"
    volume = services["db"]["volumes"][0].split(":")[0]
    assert volume in COMPOSE["volumes"]


def test_web_runs_the_projects_own_commands():
    steps = web_command_steps()
    management = [s for s in steps if s[:2] == ["python", "manage.py"]]
    assert [s[2] for s in management] == ["migrate", "load_archive"]
    assert all(s[2] in get_commands() for s in management)
    gunicorn = next(s for s in steps if s[0] == "gunicorn")
    module, _, attribute = gunicorn[1].partition(":")
    assert (ROOT / (module.replace(".", "/") + ".py")).exists()
    assert attribute == "application"


def test_web_environment_names_settings_the_project_reads():
    environment = COMPOSE["services"]["web"]["environment"]
    read = set(re.findall(r'env(?:_bool|_list|_int)?\("([A-Z_]+)"', SETTINGS))
    read |= set(re.findall(r'os\.environ\.get\("([A-Z_]+)"', SETTINGS))
    read.add("DATABASE_URL")  # read by dj-database-url
    assert set(environment) <= read
    assert environment["DEBUG"] == "0"


def test_the_dockerfile_serves_the_same_wsgi_application():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "archive.wsgi:application" in dockerfile


def test_the_web_workers_share_one_page_cache_in_redis():
    services = COMPOSE["services"]
    assert services["redis"]["image"].startswith("redis:7")
    assert services["web"]["depends_on"]["redis"]["condition"] == "service_healthy"
    cache_url = services["web"]["environment"]["CACHE_URL"]
    assert cache_url.startswith("redis://redis:6379/")
    from archive.cache_url import parse_cache_url

    assert parse_cache_url(cache_url)["BACKEND"].endswith("redis.RedisCache")


def test_the_page_cache_has_a_memory_cap_and_keeps_no_snapshots():
    # Visitors choose addresses, so pages to keep are endless: Redis must evict, not grow.
    command = COMPOSE["services"]["redis"]["command"]
    assert command[0] == "redis-server"
    options = dict(zip(command[1::2], command[2::2], strict=True))
    assert options["--maxmemory"] == "256mb"
    assert options["--maxmemory-policy"] == "allkeys-lru"
    # A snapshot would bring back pages and a generation from before later writes.
    assert options["--save"] == ""
    assert options["--appendonly"] == "no"
