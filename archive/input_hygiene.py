"""Addresses no archive page can answer are refused at the door, with a 400 that says why.

No record, key, footnote, share token or search holds a control character (a NUL byte, an
escape, a DEL...), and every address the site writes is UTF-8. A request whose path or query
(a parameter's name or value) holds such a character, or whose query holds bytes that are not
UTF-8, is a mistyped, mangled or hostile link: it is answered here, before any view, so that
no value of it ever reaches a query (PostgreSQL refuses NUL in text outright: a 500).

In a parameter's *value* tab, line feed and carriage return are let through: text pasted into
the search box may carry them, and they are harmless whitespace to every filter. The path and
parameter names never hold them.
"""

import unicodedata
from urllib.parse import unquote_to_bytes

from django.shortcuts import render
from django.utils.translation import gettext as _

# Whitespace a pasted value may carry (the browser's search box keeps tabs, for one).
PASTED_WHITESPACE = frozenset("\t\n\r")


def _has_control(text: str, *, allowed=frozenset()) -> bool:
    """Whether ``text`` holds a control character (Unicode category Cc: C0, DEL and C1)."""
    return any(unicodedata.category(char) == "Cc" and char not in allowed for char in text)


def _decoded(raw: bytes) -> str | None:
    """A percent-encoded part of a query string as text, or None if it is not UTF-8."""
    try:
        return unquote_to_bytes(raw.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError:
        return None


def _query_bytes(request) -> bytes:
    # WSGI hands the query over as bytes decoded as ISO-8859-1: undo that to read it as the
    # client sent it.
    query = request.META.get("QUERY_STRING", "")
    try:
        return query.encode("iso-8859-1")
    except UnicodeEncodeError:  # not from a WSGI server: already text
        return query.encode("utf-8", "surrogatepass")


def unreadable_part(request) -> tuple[str, str] | None:
    """What in the request's address cannot be read, as (where, why); None if all can be."""
    # A path that is not UTF-8 reaches the views percent-encoded again (Django does that),
    # so it matches no record and is simply not found.
    if _has_control(request.path_info):
        return "", "control"
    query = _query_bytes(request)
    for pair in query.split(b"&"):
        raw_name, _equals, raw_value = pair.partition(b"=")
        name, value = _decoded(raw_name), _decoded(raw_value)
        if name is None or _has_control(name):
            # The name itself is garbled: it cannot be shown back to the reader.
            return "", "encoding" if name is None else "control"
        if value is None:
            return name, "encoding"
        if _has_control(value, allowed=PASTED_WHITESPACE):
            return name, "control"
    return None


def refusal(request, where: str, why: str):
    """The 400 page: what was wrong, in which parameter, and the ways back."""
    if why == "control":
        reason = _(
            "The address holds a control character (such as a NUL byte) that no record "
            "of the archive holds."
        )
    else:
        reason = _("The address holds bytes that are not text (they are not valid UTF-8).")
    return render(request, "400.html", {"reason": reason, "parameter": where}, status=400)


class RefuseUnreadableInputMiddleware:
    """Answers 400 to a request whose path or query parameters cannot be archive values.

    Placed after the locale middleware (the page is in the reader's language) and before
    everything that reads the path or the parameters.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        found = unreadable_part(request)
        if found is not None:
            return refusal(request, *found)
        return self.get_response(request)
