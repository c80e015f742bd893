"""Facets stay short as the archive grows: the most frequent values, and the chosen one."""

import pytest

from cases.browse import facets
from cases.models import Quote

pytestmark = pytest.mark.django_db


def facet(response, name):
    return next(f for f in response.context["facets"] if f.name == name)


def test_a_facet_offers_the_most_frequent_values_and_always_the_chosen_one(client, monkeypatch):
    monkeypatch.setattr(facets, "MAX_OPTIONS", 3)
    speakers = facet(client.get("/quotes/"), "speaker").options
    assert len(speakers) == 3
    counts = [option.count for option in speakers]
    assert counts == sorted(counts, reverse=True)

    # The least quoted speaker is cut from the short list, yet stays offered once chosen,
    # with its true count, since choosing it is what the reader did.
    rarest = (
        Quote.objects.public().order_by("-speaker__key").values_list("speaker__key", flat=True)[0]
    )
    if rarest in {option.value for option in speakers}:
        pytest.skip("every speaker fits in the short list")
    chosen = facet(client.get(f"/quotes/?speaker={rarest}"), "speaker")
    assert len(chosen.options) == 3
    assert chosen.selected.value == rarest
    assert chosen.selected.count == Quote.objects.public().filter(speaker__key=rarest).count()
