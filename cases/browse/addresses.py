"""A page's address with its query: one way to write it, for views, templates and lists."""

from urllib.parse import urlencode


def address(path: str, params) -> str:
    """``path`` with the query ``params`` (a QueryDict or name-value pairs), or the bare path
    when there are none: never a dangling ``?``."""
    query = params.urlencode() if hasattr(params, "urlencode") else urlencode(params)
    return f"{path}?{query}" if query else path
