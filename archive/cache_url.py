"""The cache backend named by one URL in the environment (``CACHE_URL``).

Three forms, one per way the site is served:

- unset or empty: local memory, private to each process (one ``runserver`` or one worker);
- ``redis://host:port/db`` (or ``rediss://`` for TLS): Django's own Redis backend, shared by
  every web process and machine, so one archivist's save invalidates the pages of all;
- ``db://table_name``: Django's database cache, shared through the database when no Redis
  is at hand (create its table once with ``manage.py createcachetable``).

We parse these three here rather than with django-cache-url, which maps ``redis://`` to the
third-party django-redis backend instead of Django's built-in one.

Redis is given short socket timeouts (``CACHE_TIMEOUT_SECONDS``): a cache that hangs must
cost a page a fraction of a second, not the whole request (``cases.browse.page_cache`` then leaves
it alone for a while). Each new connection also learns the server's ``run_id``
(``server_identity``), which changes whenever Redis restarts: pages kept before a restart,
even if a snapshot brings them back, are never asked for again.
"""

import re
import threading
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

ACCEPTED = "unset (local memory), redis://HOST:PORT/DB, rediss://HOST:PORT/DB or db://TABLE_NAME"
LOCAL_MEMORY_ENTRIES = 1000  # a page is tens of kilobytes: at most some tens of MB a process
TABLE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
DEFAULT_TIMEOUT = 0.25  # seconds; a Redis on the same network answers in well under 1 ms
RUN_ID = re.compile(rb"^run_id:(\w+)", re.MULTILINE)

_identity = {"run_id": ""}
_identity_lock = threading.Lock()


def parse_cache_url(url: str | None, timeout: float = DEFAULT_TIMEOUT) -> dict:
    """The ``CACHES["default"]`` entry for ``url``; an unknown form is refused with the forms
    accepted. ``timeout`` bounds connecting to Redis and waiting for each answer."""
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
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "OPTIONS": {
                "socket_connect_timeout": timeout,
                "socket_timeout": timeout,
                "redis_connect_func": learn_server_identity,
            },
        }
    if parts.scheme == "db":
        table = parts.netloc or parts.path.strip("/")
        if not TABLE_NAME.fullmatch(table):
            raise _refused(url, "give the cache table's name, e.g. db://archive_cache")
        return {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": table}
    raise _refused(url, "it is not a cache the archive knows")


def learn_server_identity(connection) -> None:
    """Set up a new Redis connection as usual, then note which run of the server it reached."""
    from redis.exceptions import ResponseError

    connection.on_connect()
    connection.send_command("INFO", "server")
    try:
        info = connection.read_response() or b""
    except ResponseError:  # INFO refused (some hosted Redis rename it): no identity, as before
        info = b""
    found = RUN_ID.search(info.encode() if isinstance(info, str) else info)
    with _identity_lock:
        _identity["run_id"] = found[1].decode() if found else ""


def server_identity() -> str:
    """The ``run_id`` of the Redis run this process last connected to ("" for other caches).

    Learnt on connecting, so it is current once a command has been sent: a restarted server
    drops every connection, and the next command connects (and learns) again.
    """
    return _identity["run_id"]


def parse_timeout(value: str | None, default: float = DEFAULT_TIMEOUT) -> float:
    """How long to wait for the cache server (``CACHE_TIMEOUT_SECONDS``), in seconds."""
    if value is None or not value.strip():
        return default
    try:
        seconds = float(value)
    except ValueError:
        seconds = 0
    if not 0 < seconds <= 60:
        raise ImproperlyConfigured(
            "CACHE_TIMEOUT_SECONDS must be a number of seconds above 0 and at most 60 "
            f"(e.g. 0.25), not {value!r}."
        )
    return seconds


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
