"""A list's counts and facets, and a work's cited-by counts, are kept until the archive changes.

The page cache is off here, so every request renders its page: what is measured is the
counts' own memory (``cases.browse.counting``), which serves every visitor, signed in or not.
"""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.browse.page_cache import pages_changed
from cases.models import Quote, Source, Status


@pytest.fixture(autouse=True)
def page_cache_off(settings):
    settings.PAGE_CACHE_SECONDS = 0
    settings.COUNTS_CACHE_SECONDS = 3600


def shown_total(response) -> int:
    """The total the list says it holds ("30 quotes")."""
    match = re.search(r'<p class="count" role="status">\s*([\d,]+)', response.content.decode())
    assert match, "the list states no total"
    return int(match.group(1).replace(",", ""))


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_a_list_counts_once_then_reuses_its_counts_and_facets(client):
    url = "/quotes/?case=el-agustino"
    first = queries_for(client, url)
    again = queries_for(client, url)
    # The total and one query per facet (six on quotes) are not run again.
    assert again <= first - 7
    # Another page or sort of the same list reuses them too: they do not depend on either.
    assert queries_for(client, url + "&page=1&sort=-date") == again


@pytest.mark.django_db
def test_a_save_is_counted_on_the_next_request(client):
    url = "/quotes/?case=el-agustino"
    before = shown_total(client.get(url))
    quote = Quote.objects.public().filter(case__key="el-agustino").first()
    quote.status = Status.DRAFT
    quote.save()
    response = client.get(url)
    assert shown_total(response) == before - 1
    assert quote.get_absolute_url() not in response.content.decode()


@pytest.mark.django_db
def test_a_bulk_write_that_says_so_is_counted_on_the_next_request(client):
    url = "/quotes/"
    before = shown_total(client.get(url))
    Quote.objects.filter(pk=Quote.objects.public().first().pk).update(status=Status.DRAFT)
    pages_changed()  # what bulk loaders call after writing without save()
    assert shown_total(client.get(url)) == before - 1


@pytest.mark.django_db
def test_counts_can_be_switched_off(client, settings):
    settings.COUNTS_CACHE_SECONDS = 0
    url = "/quotes/?case=el-agustino"
    assert queries_for(client, url) == queries_for(client, url)


@pytest.mark.django_db
def test_a_work_counts_its_citing_records_once_per_change(client):
    source = Source.objects.public().get(key="lrr-el-agustino")
    url = source.get_absolute_url() + "?cites=quote"
    first = client.get(url)
    counted = first.context["cited_kinds"]
    again = queries_for(client, url)
    assert again < queries_for(client, url + "&footnote=10")  # a new locator is counted once
    assert client.get(url).context["cited_kinds"] == counted

    quote = next(q for q in Quote.objects.public() if q.citations.filter(source=source).exists())
    quote.status = Status.DRAFT
    quote.save()
    recounted = {k["model"]: k["count"] for k in client.get(url).context["cited_kinds"]}
    assert recounted["quote"] == {k["model"]: k["count"] for k in counted}["quote"] - 1


@pytest.mark.django_db
def test_an_embargo_that_ends_is_counted_from_its_day_on(client, monkeypatch):
    from django.utils import timezone

    from tests import sample_records as records

    case = records.case()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    interview = records.interview(case, access="embargoed", embargo_until=tomorrow)
    records.quote(case, records.person(), interview=interview)
    url = f"/quotes/?case={case.key}"
    assert shown_total(client.get(url)) == 0
    # No write happens when the embargo ends: the next day's counts are taken afresh.
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: tomorrow)
    assert shown_total(client.get(url)) == 1
