"""The cache backend named by one URL in the environment (``CACHE_URL``).

Three forms, one per way the site is served:

- unset or empty: local memory, private to each process (one ``runserver`` or one worker);
- ``redis://host:port/db`` (or ``rediss://`` for TLS): Django's own Redis backend, shared by
  every web process and machine, so one archivist's save invalidates the pages of all;
- ``db://table_name``: Django's database cache, shared through the database when no Redis
  is at hand (create its table once with ``manage.py createcachetable``).

We parse these three here rather than with django-cache-url, which maps ``redis://`` to the
third-party django-redis backend instead of Django's built-in one.
"""

import re
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

ACCEPTED = "unset (local memory), redis://HOST:PORT/DB, rediss://HOST:PORT/DB or db://TABLE_NAME"
LOCAL_MEMORY_ENTRIES = 1000  # a page is tens of kilobytes: at most some tens of MB a process
TABLE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def parse_cache_url(url: str | None) -> dict:
    """The ``CACHES["default"]`` entry for ``url``; an unknown form is refused with the forms
    accepted."""
    url = (url or "").strip()
    if not url:
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "archive-pages",
            "OPTIONS": {"MAX_ENTRIES": LOCAL_MEMORY_ENTRIES},
        }
    parts = urlsplit(url)
    if parts.scheme in {"redis", "rediss"}:
        if not parts.hostname:
            raise _refused(url, "it names no Redis host")
        database = parts.path.strip("/")
        if database and not database.isdigit():
            raise _refused(url, f"the Redis database must be a number, not {database!r}")
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if parts.scheme == "db":
        table = parts.netloc or parts.path.strip("/")
        if not TABLE_NAME.fullmatch(table):
            raise _refused(url, "give the cache table's name, e.g. db://archive_cache")
        return {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": table}
    raise _refused(url, "it is not a cache the archive knows")


def _refused(url: str, reason: str) -> ImproperlyConfigured:
    return ImproperlyConfigured(f"CACHE_URL {url!r} refused: {reason}. Accepted: {ACCEPTED}.")


def parse_cache_seconds(value: str | None, default: int, name="PAGE_CACHE_SECONDS") -> int:
    """How long a page (or a count) is kept, in seconds; 0 switches that memory off."""
    if value is None or not value.strip():
        return default
    try:
        seconds = int(value)
    except ValueError:
        seconds = -1
    if seconds < 0:
        raise ImproperlyConfigured(
            f"{name} must be a whole number of seconds (0 switches it off), not {value!r}."
        )
    return seconds
