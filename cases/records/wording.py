"""Interface words with the sources' words inside them, marked for the page.

The archive's records are written in English; the interface speaks the reader's language.
Where one piece of text holds both, "“late 1940s” (la década de 1940)" or "sección
“Local findings”", a page marks the sources' part with its language, so a screen reader
reading a Spanish page switches voice for it. ``Worded`` is that text: a plain ``str`` for
exports, citations and anything else that wants text, and the marked HTML for a template
(Django's templates ask a value for ``__html__``).
"""

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

# The language the archive's records (descriptions, titles, the sources' wording) are in.
RECORDS_LANGUAGE = "en"


class Worded(str):
    """Text, and the same text as HTML with the sources' words marked by language."""

    def __new__(cls, text: str, html: SafeString):
        worded = super().__new__(cls, text)
        worded.html = html
        return worded

    def __html__(self) -> SafeString:
        return self.html


def name(value: str) -> Worded:
    """A name or a title (a person's, an organisation's, a work's): no language's words, so a
    page marks it ``translate="no"`` and it is read as it is written."""
    return Worded(value, format_html('<span translate="no">{}</span>', value))


def in_records_language(value: str) -> SafeString:
    return format_html('<span lang="{}">{}</span>', RECORDS_LANGUAGE, value)


def worded(template: str, marked=None, plain=None, names=None) -> Worded:
    """``template % values``: the ``marked`` values in the records' language, the ``names``
    marked as names, the ``plain`` ones (the interface's words, numbers) as they are."""
    marked, plain, names = marked or {}, plain or {}, names or {}
    text = template % {**marked, **plain, **names}
    html = conditional_escape(template) % {
        **{key: in_records_language(value) for key, value in marked.items()},
        **{key: conditional_escape(value) for key, value in plain.items()},
        **{key: name(value).html for key, value in names.items()},
    }
    return Worded(text, mark_safe(html))  # noqa: S308 - every part escaped above
