"""The archive's two languages in its addresses: English at `/people/`, Spanish at `/es/people/`.

English, the default, keeps the addresses the archive has always had, so every citation
already made of a page still leads to it. Spanish pages carry the language in the path, so a
Spanish page can be shared, cited and kept by the page cache as itself. ``/en/<path>`` is an
alias of the English page: the language switch's English link goes through it, which
remembers the reader's choice (the language cookie) and redirects to the plain address.

A reader whose browser prefers Spanish and who has made no choice yet is sent from a plain
address to its Spanish page (``PreferredLanguageMiddleware``); a crawler, which sends no
preference, reads English. ``<html lang>`` is always the language of the page's words:
the path decides it, never the browser.
"""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import Resolver404, get_script_prefix, resolve
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language_from_path

# The cookie that records a reader's explicit choice of English over the browser's language.
COOKIE_MAX_AGE = 365 * 24 * 60 * 60


def _prefixed(code: str) -> bool:
    return code != settings.LANGUAGE_CODE


def plain_path(path_info: str) -> str:
    """The path without its language prefix: "/es/people/" → "/people/"."""
    code = get_language_from_path(path_info)
    if code and path_info.startswith(f"/{code}/"):
        return path_info[len(code) + 1 :]
    return path_info


def path_in(path_info: str, code: str) -> str:
    """The same path in language ``code`` (without the script prefix)."""
    plain = plain_path(path_info)
    return f"/{code}{plain}" if _prefixed(code) else plain


def _with_query(request, path: str) -> str:
    query = request.META.get("QUERY_STRING", "")
    full = get_script_prefix().rstrip("/") + path
    return f"{full}?{query}" if query else full


def page_in(request, code: str) -> str:
    """This page's address (path and query) in language ``code``: its canonical form."""
    return _with_query(request, path_in(request.path_info, code))


def switch_to(request, code: str) -> str:
    """Where the language switch's link for ``code`` leads: the page in that language,
    English through its ``/en/`` alias so that the choice is remembered."""
    path = path_in(request.path_info, code)
    if not _prefixed(code):
        path = f"/{code}{path}"
    return _with_query(request, path)


def alternates(request) -> list[dict]:
    """Every language's version of this page, for the switch and ``hreflang`` links."""
    current = translation.get_language()
    return [
        {
            "code": code,
            "name": name,
            "current": code == current,
            "switch": switch_to(request, code),
            "href": request.build_absolute_uri(page_in(request, code)),
        }
        for code, name in settings.LANGUAGES
    ]


def english(request, rest: str = ""):
    """``/en/<path>``: remember that the reader chose English, and show the English page."""
    # Leading slashes or backslashes would make "//host" and leave the site.
    target = _with_query(request, "/" + rest.lstrip("/\\"))
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = get_script_prefix()
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        settings.LANGUAGE_CODE,
        max_age=COOKIE_MAX_AGE,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response


class PreferredLanguageMiddleware:
    """Sends a reader whose browser prefers another language, and who has not chosen one,
    from a plain (English) address to the same page in that language.

    After the locale middleware and before the page cache: the kept English page is the
    same for everyone, but whether a reader is sent on depends on the request's
    ``Accept-Language`` and cookie, so a plain address's answer varies on both.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        redirect = self._redirect(request)
        response = redirect or self.get_response(request)
        if not get_language_from_path(request.path_info):
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response

    def _redirect(self, request):
        if request.method not in ("GET", "HEAD"):
            return None
        if settings.LANGUAGE_COOKIE_NAME in request.COOKIES:
            return None  # the reader has chosen
        if get_language_from_path(request.path_info):
            return None
        wanted = translation.get_language_from_request(request)
        if not _prefixed(wanted):
            return None
        target = path_in(request.path_info, wanted)
        with translation.override(wanted):
            try:
                resolve(target)
            except Resolver404:
                return None  # not a page with languages (sitemap, robots.txt, health)
        return HttpResponseRedirect(_with_query(request, target))


def page_languages(request):
    """Context processor: ``page_languages``, this page in every language (see base.html)."""
    from django.utils.functional import SimpleLazyObject

    return {"page_languages": SimpleLazyObject(lambda: alternates(request))}
