"""Template helpers of reading lists: the way back to a shared list, quotes shown once."""

from django import template

from cases.teaching import reading

register = template.Library()


@register.filter
def unquoted(text: str) -> str:
    """A quote's text without the quotation marks enclosing it, for a blockquote (which
    marks it as a quotation already)."""
    return reading.unquoted(text)


@register.inclusion_tag("cases/includes/back_to_reading_list.html", takes_context=True)
def back_to_reading_list(context):
    """ "Back to the reading list: …" on a page opened from a shared list.

    Only for a published list named by its share token (``?reading=<token>``); any other
    value shows nothing, so a private list is never revealed.
    """
    request = context.get("request")
    token = request.GET.get(reading.BACK_PARAMETER) if request is not None else None
    return {"back": reading.published_by_token(token)}
