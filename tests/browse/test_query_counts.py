"""Every public page runs a bounded number of queries that does not grow with the data.

Each page is measured on the two cases as loaded, then again after the archive has been
made ten times larger (``bench.scaling.multiply``): ten times the records in every list,
and ten times the posts, participants, quotes and citations on each measured page.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.scaling import multiply
from tests.public_urls import LISTS, SITE, record_pages

MAX_QUERIES = 15


def measure(client, urls):
    counts = {}
    for url in urls:
        client.get(url)  # warm the per-process caches (content types) first
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        counts[url] = len(queries)
    return counts


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    """Measure rendering: a page served from the page cache runs no query at all."""
    settings.PAGE_CACHE_SECONDS = 0


@pytest.mark.django_db
def test_query_counts_are_bounded_and_do_not_grow_with_ten_times_the_data(client):
    urls = SITE + LISTS + record_pages()
    before = measure(client, urls)
    added = multiply(10)
    assert added["cases.Quote"] >= 9 * 9 and added["cases.Citation"] > 9 * 500
    after = measure(client, urls)

    too_many = {url: n for url, n in after.items() if n > MAX_QUERIES}
    grew = {url: (before[url], after[url]) for url in urls if after[url] != before[url]}
    assert not too_many, f"pages over {MAX_QUERIES} queries: {too_many}"
    assert not grew, f"query counts that grew with the data (before, after): {grew}"
