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

The generation survives a cache restart: the key also holds the Redis server's ``run_id``
(``archive.cache_url.server_identity``), which every restart changes, so a server restored
from an older snapshot (its generation and its pages rolled back) never serves a page kept
before a later write: those pages were kept under the old run's identity.

Only the parameters a page reads make a page: each view names them (``page_parameters``, a
list's from its FilterSet). A request with any other parameter is rendered and not kept,
since the page's links repeat every parameter: junk in the address creates no entries.

A cache that fails (refuses, errs or does not answer within ``CACHE_TIMEOUT_SECONDS``) is
left alone for ``CACHE_BREAKER_SECONDS`` by this process (``guarded``): pages and counts are
served from the database meanwhile, at no cost, and the failure is logged once. A write made
meanwhile bumps the generation as soon as the cache answers again.

Responses carry ``X-Archive-Cache: hit`` or ``miss`` when the cache was asked.
"""

import hashlib
import logging
import threading
import time
from time import monotonic  # the breaker's clock (tests move it on)

from django.conf import settings
from django.contrib import messages
from django.contrib.sitemaps import views as sitemap_views
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import cc_delim_re, has_vary_header, patch_vary_headers
from simple_history.models import HistoricalChanges

from archive.cache_url import server_identity

logger = logging.getLogger(__name__)

KEY_PREFIX = "archive-pages"
GENERATION_KEY = f"{KEY_PREFIX}:generation"
HEADER = "X-Archive-Cache"
# URL names outside the public app ("cases") that are public pages too.
PUBLIC_SITE_PAGES = {"sitemap", "django.contrib.sitemaps.views.sitemap", "robots"}
# The parameters Django's own views read (the others name theirs: ``reads_parameters``).
PAGE_PARAMETERS = {sitemap_views.sitemap: frozenset({"p"})}
# Reading lists are an instructor's work in progress or a share link: never kept.
NEVER_KEPT_PREFIX = "readinglist_"
UNCACHEABLE_DIRECTIVES = {"private", "no-store", "no-cache"}


# --- a cache that fails is left alone for a while ------------------------------------------


class CacheUnavailable(Exception):
    """The cache failed a moment ago and is not being asked: use the database."""


class Breaker:
    """After a failed cache call, no call for ``CACHE_BREAKER_SECONDS`` (in this process).

    A hung cache would otherwise cost every request one timeout per call; this way it costs
    one request one timeout per period. The first failure is logged, with its reason; while
    the cache stays away, nothing more; its return once.
    """

    def __init__(self):
        self.lock = threading.Lock()
        self.failing = False  # the last call failed
        self.failed_at = 0.0
        self.bump_owed = False  # a write happened while the cache could not be told

    def call(self, function, *args, **kwargs):
        if self.failing and monotonic() < self.failed_at + breaker_seconds():
            raise CacheUnavailable
        if self.bump_owed and function is not _increment:
            self.call(_increment)  # pages kept before that write must not come back
            self.bump_owed = False
        try:
            result = function(*args, **kwargs)
        except Exception as error:
            self.failed(error)
            raise CacheUnavailable from error
        if self.failing:
            self.failing = False
            logger.warning("The cache answers again; pages and counts are kept as before.")
        return result

    def failed(self, error) -> None:
        with self.lock:
            self.failed_at = monotonic()
            if self.failing:
                return  # still away: logged when it went
            self.failing = True
        logger.warning(
            "The cache failed (%s: %s); pages and counts come from the database, and the "
            "cache is tried again every %s seconds until it answers.",
            type(error).__name__,
            error,
            breaker_seconds(),
        )


def breaker_seconds() -> int:
    return getattr(settings, "CACHE_BREAKER_SECONDS", 30)


breaker = Breaker()


def guarded(function, *args, **kwargs):
    """``function(*args, **kwargs)`` on the cache, or ``CacheUnavailable`` if it failed now or
    a moment ago (see ``Breaker``)."""
    return breaker.call(function, *args, **kwargs)


# --- the generation ------------------------------------------------------------------------


def _fresh_generation() -> int:
    # Taken from the clock so that, if the number is ever evicted or the cache emptied, the
    # new one is larger than any earlier one: no page kept before can match again.
    return time.time_ns()


def _read_generation() -> str:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, _fresh_generation(), timeout=None)
        generation = cache.get(GENERATION_KEY)
    # Read after the number: if the server restarted, that read connected again and learnt
    # the new run's identity, so nothing the restored snapshot holds can match.
    return f"{server_identity()}.{generation}"


def current_generation() -> str:
    """The generation pages are kept under now (``CacheUnavailable`` if the cache is away)."""
    return guarded(_read_generation)


def _increment() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not there (first write, or evicted): any fresh number will do
        cache.add(GENERATION_KEY, _fresh_generation(), timeout=None)


def _bump() -> None:
    try:
        guarded(_increment)
    except CacheUnavailable:
        # The write itself has succeeded; an unreachable cache must not undo it. The bump is
        # made by this process as soon as the cache answers again (pages it kept before then
        # expire after PAGE_CACHE_SECONDS at the latest, if this process stops first).
        breaker.bump_owed = True
        logger.info("The page cache could not be invalidated yet; it will be when it answers")


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


def reads_only_known_parameters(request, view_func) -> bool:
    """Whether every query parameter is one the page reads (``page_parameters``).

    A class-based view names them as a class attribute, a function view with
    ``reads_parameters``; a view that names none is kept only without a query string.
    """
    owner = getattr(view_func, "view_class", view_func)
    known = getattr(owner, "page_parameters", PAGE_PARAMETERS.get(view_func, frozenset()))
    return all(name in known for name in request.GET)


def reads_parameters(*names):
    """Mark a function view as reading the query parameters ``names`` (and no other)."""

    def mark(view_func):
        view_func.page_parameters = frozenset(names)
        return view_func

    return mark


def page_key(request, generation: str) -> str:
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
                guarded(cache.set, key, kept, settings.PAGE_CACHE_SECONDS)
            except CacheUnavailable:
                pass  # logged by the breaker; the page is served all the same
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.PAGE_CACHE_SECONDS or not is_cacheable_request(request):
            return None
        if not reads_only_known_parameters(request, view_func):
            return None  # rendered, never kept: junk in the address makes no entries
        try:
            # The generation is read before the page is rendered: a write during the
            # rendering bumps it, and the page is then kept under a number no one asks for.
            key = page_key(request, current_generation())
            kept = guarded(cache.get, key)
        except CacheUnavailable:
            return None  # rendered from the database; the breaker has logged why
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
