"""Counts kept until the archive changes: a list's total and facets, a work's citations.

Counting is the part of a page that grows with the archive: the rows shown are one page
whatever the size, but "1,234 quotes", each facet's counts and the number of records
citing a work read every matching row. The public reads far more than archivists write,
so a count, once taken, is kept in the cache under the page cache's *generation*
(``cases.browse.page_cache``) and reused by every request, every page and every process that
asks for the same counts, until the next save, delete or bulk load bumps the generation
and every kept count is dropped at once. The first request after a change pays for
counting; later ones cost a cache read.

Unlike the page cache, this also serves signed-in users and pages the page cache does not
keep (a list with a message, say): counts are the same for everyone, since they are taken
over the public subset only. ``COUNTS_CACHE_SECONDS`` (default an hour) bounds how long a
count is kept; ``0`` turns the memory off, so every request counts afresh. A cache that
failed a moment ago is not asked (``page_cache.guarded``): the page counts for itself.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone, translation

from cases.browse import page_cache

KEY_PREFIX = "archive-counts"


def counts_key(*parts) -> str:
    """A key for counts of ``parts`` (e.g. the list and its filters) at this generation.

    The day is part of it: an embargo ends by itself on its date, with no write to bump the
    generation, and the interview (and its quotes) must be counted from that day on.
    """
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()
    return ":".join(
        [
            KEY_PREFIX,
            str(page_cache.current_generation()),
            timezone.localdate().isoformat(),
            translation.get_language() or "",
            digest,
        ]
    )


def remembered(parts: tuple, count):
    """``count()``, or what it returned for the same ``parts`` since the last change.

    ``count`` must return plain, picklable values (numbers, strings, tuples), the same for
    every visitor. An unreachable cache costs the counting, never the page.
    """
    seconds = getattr(settings, "COUNTS_CACHE_SECONDS", 0)
    if not seconds:
        return count()
    try:
        key = counts_key(*parts)
        kept = page_cache.guarded(cache.get, key)
    except page_cache.CacheUnavailable:
        return count()  # the breaker has logged why
    if kept is not None:
        return kept
    value = count()
    try:
        page_cache.guarded(cache.set, key, value, seconds)
    except page_cache.CacheUnavailable:
        pass
    return value
