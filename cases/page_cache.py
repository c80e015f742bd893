"""The page cache: the public pages anonymous visitors read, kept until the archive changes.

The public reads far more than archivists write, so a public page rendered for an anonymous
visitor is kept (``PAGE_CACHE_SECONDS``, in the cache ``CACHE_URL`` names) and served again
to the next anonymous visitor without touching the database.

What is cached: GET (and HEAD, served from GET's copy) requests for the public site's
pages (record lists, record pages, home, search, figures, network, citation downloads,
sitemaps, robots.txt) from visitors with no session: a signed-in user always has one, so
instructors and archivists are never served a kept page. Never cached: the admin,
``/accounts/``, reading lists (``/readings/``, ``/r/``), requests with a message waiting,
and any response that is not a 200, streams, sets a cookie, uses the CSRF token, writes the
session, varies on cookies or says ``private``/``no-store``/``no-cache``.

Invalidation: a page's key holds a *generation* number kept in the same cache. Every save,
delete or many-to-many change of a model of this app bumps it (``pages_changed``, connected
by ``connect_invalidation`` in the app config), so no page kept before the write is ever
served again, by any process sharing the cache. Bulk writes that skip signals
(``bulk_create``, ``QuerySet.update``) call ``pages_changed()`` themselves.

Responses carry ``X-Archive-Cache: hit`` or ``miss`` when the cache was asked.
"""

import hashlib
import logging
import time

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import cc_delim_re, has_vary_header, patch_vary_headers
from simple_history.models import HistoricalChanges

logger = logging.getLogger(__name__)

KEY_PREFIX = "archive-pages"
GENERATION_KEY = f"{KEY_PREFIX}:generation"
HEADER = "X-Archive-Cache"
# URL names outside the public app ("cases") that are public pages too.
PUBLIC_SITE_PAGES = {"sitemap", "django.contrib.sitemaps.views.sitemap", "robots"}
# Reading lists are an instructor's work in progress or a share link: never kept.
NEVER_KEPT_PREFIX = "readinglist_"
UNCACHEABLE_DIRECTIVES = {"private", "no-store", "no-cache"}


# --- the generation ------------------------------------------------------------------------


def _fresh_generation() -> int:
    # Taken from the clock so that, if the number is ever evicted or the cache emptied, the
    # new one is larger than any earlier one: no page kept before can match again.
    return time.time_ns()


def current_generation() -> int:
    """The generation pages are kept under now."""
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, _fresh_generation(), timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


def _bump() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not there (first write, or evicted): any fresh number will do
        cache.add(GENERATION_KEY, _fresh_generation(), timeout=None)
    except Exception:
        # The write itself has succeeded; an unreachable cache must not undo it. Its pages
        # then expire after PAGE_CACHE_SECONDS at the latest.
        logger.exception("The page cache could not be invalidated")


def pages_changed(using: str | None = None) -> None:
    """Forget every kept page: call after writing archive records without ``save()``.

    The generation is bumped at once (so this process, even inside its transaction, never
    serves what it has just changed) and again when the transaction commits: a page another
    process renders between the write and the commit still shows the old rows, and the
    second bump drops it.
    """
    _bump()
    connection = transaction.get_connection(using)
    if connection.in_atomic_block and not any(
        func is _bump for _sids, func, _robust in connection.run_on_commit
    ):
        transaction.on_commit(_bump, using=using, robust=True)


def _record_changed(sender, using=None, action=None, **kwargs):
    if action is not None and not action.startswith("post_"):
        return  # m2m_changed: only once the change is made
    pages_changed(using)


def connect_invalidation(app_config) -> None:
    """Bump the generation on every write to the app's models (their history excepted)."""
    for model in app_config.get_models(include_auto_created=True):
        if issubclass(model, HistoricalChanges):
            continue  # historical rows accompany a write already counted, and show nowhere
        uid = f"page-cache-{model._meta.label_lower}"
        post_save.connect(_record_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(_record_changed, sender=model, dispatch_uid=uid)
        m2m_changed.connect(_record_changed, sender=model, dispatch_uid=uid)


# --- which requests and responses -----------------------------------------------------------


def is_public_page(match) -> bool:
    """Whether the resolved URL is one of the public site's pages."""
    if match is None or not match.url_name:
        return False
    if match.namespace == "cases":
        return not match.url_name.startswith(NEVER_KEPT_PREFIX)
    return not match.namespace and match.url_name in PUBLIC_SITE_PAGES


def is_cacheable_request(request) -> bool:
    """An anonymous visitor with nothing of their own to see asks for a public page."""
    if request.method not in ("GET", "HEAD") or not is_public_page(request.resolver_match):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False  # signed in, or a session with something of its own in it
    if request.user.is_authenticated:  # no session: answered without a query
        return False
    # Counting does not mark the messages as read: the page shows them as usual.
    return not len(messages.get_messages(request))


def is_storable(request, response) -> bool:
    """The response is the same for every anonymous visitor and may be kept."""
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    if response.cookies or request.META.get("CSRF_COOKIE_USED"):
        return False  # a cookie or a CSRF token of this visitor's own
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    directives = {
        part.split("=")[0].strip().lower()
        for part in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    if directives & UNCACHEABLE_DIRECTIVES:
        return False
    return not (has_vary_header(response, "Cookie") or has_vary_header(response, "*"))


def page_key(request, generation: int) -> str:
    """The key of a page: generation, language and the full URL (host, path, query)."""
    url = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    return f"{KEY_PREFIX}:{generation}:{translation.get_language()}:{url}"


# --- the middleware -------------------------------------------------------------------------


class PageCacheMiddleware:
    """Serves kept pages to anonymous visitors and keeps the pages it renders for them.

    Placed after the session, authentication and message middleware. The lookup happens
    once the URL is resolved (``process_view``), so only public pages are ever looked up.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        key = getattr(request, "_page_cache_key", None)
        if key is None or getattr(request, "_page_cache_hit", False):
            return response
        response[HEADER] = "miss"
        if is_storable(request, response):
            kept = (response.status_code, list(response.items()), response.content)
            try:
                cache.set(key, kept, settings.PAGE_CACHE_SECONDS)
            except Exception:
                logger.exception("A page could not be kept in the cache")
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.PAGE_CACHE_SECONDS or not is_cacheable_request(request):
            return None
        try:
            # The generation is read before the page is rendered: a write during the
            # rendering bumps it, and the page is then kept under a number no one asks for.
            key = page_key(request, current_generation())
            kept = cache.get(key)
        except Exception:
            logger.exception("The page cache could not be read; rendering the page")
            return None
        request._page_cache_key = key
        if kept is None:
            return None
        request._page_cache_hit = True
        status, headers, content = kept
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        response[HEADER] = "hit"
        # As a rendered page's (the session middleware adds it there): a signed-in
        # visitor's cookie makes another page, so shared HTTP caches must not mix them.
        patch_vary_headers(response, ("Cookie",))
        return response
