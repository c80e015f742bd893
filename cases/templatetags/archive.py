"""Template tags and filters for the archive's own values: dates, summaries, list links."""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from cases.browse import cross_references
from cases.browse.addresses import address
from cases.records import partial_dates

register = template.Library()


@register.filter
def machine_date(date) -> str:
    """The date (an EDTF string or a PartialDate) for a <time datetime>, when the
    source's precision is one HTML accepts."""
    if not isinstance(date, partial_dates.PartialDate):
        date = partial_dates.read(date)
    return date.html_datetime if date else ""


@register.filter(is_safe=True, needs_autoescape=True)
def paragraphs(text: str, names=None, autoescape=True) -> str:
    """Each line of a summary or description as its own paragraph, escaped.

    The fixtures write one paragraph per line; ``linebreaks`` would join them with <br>.
    With ``names`` (see ``cases.browse.cross_references``), the records the text names are links.
    """
    escape = conditional_escape if autoescape else str
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if names:
        already = set()
        return mark_safe(  # noqa: S308 - ``linked`` escapes all but its own links
            "".join(f"<p>{cross_references.linked(line, names, already)}</p>" for line in lines)
        )
    return mark_safe("".join(f"<p>{escape(line)}</p>" for line in lines))  # noqa: S308


@register.filter
def language_name(code: str) -> str:
    """ "es" → "Spanish", in the interface's language."""
    from cases.browse.facets import language_name as name

    return str(name(code)) if code else ""


@register.filter
def record_text(record) -> str:
    """A record's prose in our words, whichever field holds it for its kind."""
    for name in ("summary", "description", "definition", "gloss"):
        value = getattr(record, name, "")
        if value:
            return value
    return ""


@register.simple_tag(takes_context=True)
def this_page(context, **changes) -> str:
    """This page's address with some parameters changed; every other one is kept.

    For paging links, kind tabs and "first page" links: a filter in force must survive a
    click. ``None`` drops a parameter; page 1 is written without ``page``, so the first page
    of a list has one address. Always a path, never a bare query string, so the link reads
    the same wherever a browser resolves it.
    """
    request = context["request"]
    params = request.GET.copy()
    for name, value in changes.items():
        if value is None or (name == "page" and str(value) == "1"):
            params.pop(name, None)
        else:
            params[name] = value
    return address(request.path, params)


@register.simple_tag
def inferred(record, part: str = ""):
    """Marks beside a part of a record ("date", "gloss") that the archive infers, each a
    link to the inference's reasoning beside its citation (``#inference-<pk>``).

    Read from the record's citations as the page already fetched them: no query of its own.
    """
    marks = [
        format_html(
            ' <a class="inferred-mark" href="#inference-{}">{}</a>',
            citation.pk,
            # Says what is inferred ("Inferred (identification)"), not only that something is.
            citation.inference_label,
        )
        for citation in record.citations.all()
        if citation.inference and citation.inferred_field == part
    ]
    return mark_safe("".join(marks))  # noqa: S308 - each mark is built by format_html
