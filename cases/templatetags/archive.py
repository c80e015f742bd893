"""Template filters for the archive's own values: partial dates."""

from django import template

from cases.timelines import MACHINE_READABLE

register = template.Library()


@register.filter
def machine_date(date: str) -> str:
    """The date for a <time datetime>, when the source's precision is one HTML accepts."""
    return date if MACHINE_READABLE.match(date or "") else ""
