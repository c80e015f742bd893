"""Growing the archive for benchmarks: sizes, the same data from the same seed, and a
withheld tenth that never reaches the public lists."""

import re

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from bench.growth import case_count
from cases import models
from cases.models.interviews import Access

RECORDS = [
    models.Person,
    models.Organisation,
    models.Place,
    models.Source,
    models.Event,
    models.Interview,
    models.Quote,
    models.Figure,
    models.GlossaryTerm,
    models.Affiliation,
    models.OrganisationRelation,
]
GROWN_KEY = r"-c[0-9]+-[0-9]+$"
FACTOR = 3


def grown(model):
    return model.objects.filter(key__regex=GROWN_KEY)


def snapshot():
    """What a reader would compare: keys, texts and dates of the new records."""
    return {
        "quotes": list(grown(models.Quote).order_by("key").values_list("key", "text", "date")),
        "events": list(grown(models.Event).order_by("key").values_list("key", "title", "date")),
        "people": list(grown(models.Person).order_by("key").values_list("key", "name", "status")),
        "citations": models.Citation.objects.count(),
    }


class Discard(Exception):
    """Raised to roll a growth back once it has been looked at."""


def grow_and_discard(**options):
    try:
        with transaction.atomic():
            call_command("grow_archive", verbosity=0, **options)
            taken = snapshot()
            raise Discard
    except Discard:
        return taken


@pytest.mark.django_db
def test_every_kind_of_record_grows_by_the_factor_in_new_cases_of_different_sizes():
    before = {
        model: model.objects.count()
        for model in [*RECORDS, models.EventParticipant, models.Citation]
    }
    cases_before = models.CaseStudy.objects.count()
    call_command("grow_archive", factor=FACTOR, verbosity=0)

    new_cases = models.CaseStudy.objects.count() - cases_before
    assert new_cases == case_count(FACTOR)
    for model in RECORDS:
        expected = FACTOR * before[model]
        # Each new case rounds its share, so totals may differ by about one per case.
        assert abs(model.objects.count() - expected) <= new_cases + 1, model.__name__
    # Related rows follow their records: participants, citations.
    for model in (models.EventParticipant, models.Citation):
        assert model.objects.count() >= (FACTOR - 0.5) * before[model], model.__name__
    sizes = sorted(
        case.quotes.count() for case in models.CaseStudy.objects.filter(key__regex=GROWN_KEY)
    )
    assert sizes[-1] >= 1.5 * sizes[0], "some new cases should be much bigger than others"
    # Every new record carries its citations, as every real one does.
    quote = grown(models.Quote).first()
    assert quote.citations.exists()
    assert re.fullmatch(r"[a-z0-9-]+", quote.key)


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_archive_and_another_seed_another():
    first = grow_and_discard(factor=2, seed=7)
    again = grow_and_discard(factor=2, seed=7)
    other = grow_and_discard(factor=2, seed=8)
    assert first["quotes"] and first == again
    assert other["quotes"] != first["quotes"]


@pytest.mark.django_db
def test_dates_keep_every_precision_and_their_bounds():
    call_command("grow_archive", factor=FACTOR, verbosity=0)
    dates = list(grown(models.Event).values_list("date", "date_earliest", "date_latest"))
    dates += list(
        grown(models.Organisation).values_list("founded", "founded_earliest", "founded_latest")
    )
    for model in (models.Affiliation, models.OrganisationRelation):
        dates += list(grown(model).values_list("date", "date_earliest", "date_latest"))
    forms = {
        "day": r"\d{4}-\d\d-\d\d",
        "month": r"\d{4}-\d\d",
        "year": r"\d{4}",
        "approximate": r".+~",
        "uncertain": r".+\?",
        "range": r"[^/]+/[^/]+",
        "open end": r"(\.\./.+|.+/\.\.)",
        "decade": r"\d{3}X",
        "undated": r"",
    }
    for name, pattern in forms.items():
        assert any(re.fullmatch(pattern, text) for text, _e, _l in dates), name
    for text, earliest, latest in dates:
        if text and "/" not in text:
            assert earliest and latest and earliest <= latest, text


@pytest.mark.django_db
def test_about_a_tenth_is_withheld_and_none_of_it_is_listed(client):
    call_command("grow_archive", factor=FACTOR, verbosity=0)
    total = sum(grown(model).count() for model in RECORDS)
    withheld = sum(grown(model).count() - grown(model).public().count() for model in RECORDS)
    assert 0.05 <= withheld / total <= 0.15
    assert grown(models.Interview).exclude(access=Access.PUBLIC).exists()

    for model, segment in (
        (models.Quote, "quotes"),
        (models.Interview, "interviews"),
        (models.Event, "events"),
    ):
        hidden = set(
            grown(model).exclude(pk__in=model.objects.public()).values_list("key", flat=True)
        )
        shown = set(model.objects.public().values_list("key", flat=True))
        assert hidden
        listed, page = set(), 1
        while True:
            response = client.get(f"/{segment}/", {"page": page})
            if response.status_code == 404:
                break
            assert response.status_code == 200
            listed |= set(re.findall(rf'href="/{segment}/([a-z0-9-]+)/"', response.text))
            page += 1
        assert listed == shown, segment
        assert not listed & hidden, segment


@pytest.mark.django_db
@pytest.mark.parametrize("factor", [1, 0, -3, 100_000])
def test_a_bad_factor_is_refused_with_the_range_accepted(factor):
    with pytest.raises(CommandError, match="from 2 to"):
        call_command("grow_archive", factor=factor, verbosity=0)


@pytest.mark.django_db
def test_an_archive_already_grown_is_not_grown_again():
    call_command("grow_archive", factor=2, verbosity=0)
    with pytest.raises(CommandError, match="already been grown"):
        call_command("grow_archive", factor=2, verbosity=0)
