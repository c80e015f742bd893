"""When the database or the cache fails: a health endpoint and a friendly 503.

``/healthz`` says whether the database and the cache answer, as JSON, for the health checks
of docker-compose and load balancers. It answers 503 only when the database does not: the
site then cannot serve anything it has not kept. A cache that does not answer is reported
(``"status": "degraded"``) but answered 200, because every page is still rendered from the
database, and a health check that failed would have the web service restarted or taken out
of rotation for a fault that restarting it cannot mend.

With the database down, any request that needs it gets ``templates/503.html`` with
``Retry-After`` instead of a 500: ``DatabaseUnavailableMiddleware`` catches the error from
a view, ``server_error`` (the site's ``handler500``) from anywhere else. The page is
rendered without the request, so no context processor, session or user lookup runs. Pages
kept in the page cache are still served. Django closes a connection that failed at the end
of the request (and ``CONN_HEALTH_CHECKS`` tests a kept one before reuse), so the site
answers again as soon as the database does, without a restart.
"""

import logging
import sys

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, connections
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

# How long a client should wait before asking again: a database restart takes seconds.
RETRY_AFTER_SECONDS = 30
# DB-API's errors "related to the database's operation": refused or dropped connections,
# a server shutting down or in recovery, too many clients, a lock or statement timeout.
# Each passes by itself, so the visitor is asked to come back rather than shown a fault.
UNAVAILABLE_ERRORS = (OperationalError, InterfaceError)
CACHE_PROBE_KEY = "archive-health:probe"


def database_unavailable_response() -> HttpResponse:
    """The 503 page, rendered without the request: no context processor, no session."""
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


class DatabaseUnavailableMiddleware:
    """Answers 503 with ``Retry-After`` when a view fails because the database does."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, UNAVAILABLE_ERRORS):
            return None
        logger.error("The database is unavailable: %s answered 503", request.path, exc_info=True)
        return database_unavailable_response()


def server_error(request):
    """``handler500``: a database error raised outside a view (a session being saved, say)
    gets the 503 page too; anything else Django's own 500 page."""
    if isinstance(sys.exc_info()[1], UNAVAILABLE_ERRORS):
        return database_unavailable_response()
    return defaults.server_error(request)


def _database_answers() -> bool:
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.warning("Health check: the database does not answer", exc_info=True)
        return False
    return True


def _cache_answers() -> bool:
    try:
        # A read of a key no one writes: one round trip, nothing stored.
        cache.get(CACHE_PROBE_KEY)
    except Exception:
        logger.warning("Health check: the cache does not answer", exc_info=True)
        return False
    return True


@never_cache
@require_safe
def healthz(request):
    """``{"status": …, "database": "ok"|"unavailable", "cache": "ok"|"unavailable"}``.

    One query and one cache read; no session, never kept by the page cache (it is not a
    public page) nor by HTTP caches. Reasons for a failure go to the log, not the answer.
    """
    database = _database_answers()
    cache_ok = _cache_answers()
    if not database:
        status = "unavailable"
    elif not cache_ok:
        status = "degraded"
    else:
        status = "ok"
    return JsonResponse(
        {
            "status": status,
            "database": "ok" if database else "unavailable",
            "cache": "ok" if cache_ok else "unavailable",
        },
        status=200 if database else 503,
    )
