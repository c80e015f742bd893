"""The site's settings as production runs them, plus a floor page for the benchmark.

DEBUG is off (Django then keeps no query log, as in production); the page cache is set by
``PAGE_CACHE_SECONDS`` from the environment (0 = off), so one run measures it off and on.
"""

import os

from archive.settings import *  # noqa: F403
from archive.settings import BASE_DIR, TEMPLATES

DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
ROOT_URLCONF = "bench.urls"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "0"))
# Every request of a run reuses one connection, as a long-lived web process does.
for _database in DATABASES.values():  # noqa: F405
    _database["CONN_MAX_AGE"] = None
