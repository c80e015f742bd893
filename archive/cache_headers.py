"""``Cache-Control`` for browsers and shared HTTP caches: who may keep a response, how long.

- A public page (one the page cache may keep: ``cases.browse.page_cache.is_public_page``) that an
  anonymous visitor reads, answered 200 with nothing of the visitor's own in it:
  ``public, max-age=BROWSER_CACHE_SECONDS``, never longer than ``PAGE_CACHE_SECONDS``. The
  archive cannot recall a copy a browser or a proxy keeps, so the time is short: an
  archivist's correction reaches every reader within it.
- Anything a signed-in user is shown, and every response of a URL that is not a public page
  (the admin, sign-in, reading lists and their share links, whose token is a secret): never
  kept (``private, no-store``, as Django's ``never_cache``).
- A public page's other answers (a 400 for a refused filter, a 404, a redirect) are left as
  they are.

The page cache (``cases/browse/page_cache.py``) refuses to keep a response marked ``private``: this
middleware sits *before* it (and before the session, CSRF and message middleware) in
``MIDDLEWARE``, so it marks responses on their way out once every cookie is set and the page
cache has decided, and it marks the pages the page cache serves as well.
"""

from django.conf import settings
from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers

from cases.browse.page_cache import is_cacheable_request, is_public_page


def public_max_age() -> int:
    """Seconds a browser or proxy may keep a public page: at most as long as the server."""
    return min(settings.BROWSER_CACHE_SECONDS, settings.PAGE_CACHE_SECONDS)


def is_signed_in(request) -> bool:
    user = getattr(request, "user", None)  # absent when refused before authentication
    return user is not None and user.is_authenticated


def is_shareable(request, response) -> bool:
    """The same response would be given to every anonymous visitor."""
    if response.status_code != 200 or response.cookies or request.META.get("CSRF_COOKIE_USED"):
        return False
    session = getattr(request, "session", None)
    return not (session is not None and session.modified)


class CacheControlMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if match is None:
            return response  # not resolved: refused or not found, nothing to keep or hide
        if is_signed_in(request) or not is_public_page(match):
            add_never_cache_headers(response)
            return response
        if response.has_header("Cache-Control") or response.status_code != 200:
            return response  # the view said already; errors and redirects as they are
        if is_cacheable_request(request) and is_shareable(request, response):
            patch_cache_control(response, public=True, max_age=public_max_age())
            # A signed-in reader of the same address sees another page (their own forms).
            patch_vary_headers(response, ("Cookie",))
        else:
            add_never_cache_headers(response)  # a message or a cookie of this visitor's own
        return response
