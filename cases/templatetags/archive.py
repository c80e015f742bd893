"""Template filters for the archive's own values: partial dates."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from cases.timelines import MACHINE_READABLE

register = template.Library()


@register.filter
def machine_date(date: str) -> str:
    """The date for a <time datetime>, when the source's precision is one HTML accepts."""
    return date if MACHINE_READABLE.match(date or "") else ""


@register.filter(is_safe=True, needs_autoescape=True)
def paragraphs(text: str, autoescape=True) -> str:
    """Each line of a summary or description as its own paragraph, escaped.

    The fixtures write one paragraph per line; ``linebreaks`` would join them with <br>.
    """
    escape = conditional_escape if autoescape else str
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    return mark_safe("".join(f"<p>{escape(line)}</p>" for line in lines))  # noqa: S308


@register.filter
def language_name(code: str) -> str:
    """ "es" → "Spanish", in the interface's language."""
    from cases.facets import language_name as name

    return str(name(code)) if code else ""


@register.filter
def record_text(record) -> str:
    """A record's prose in our words, whichever field holds it for its kind."""
    for name in ("summary", "description", "definition", "gloss"):
        value = getattr(record, name, "")
        if value:
            return value
    return ""
