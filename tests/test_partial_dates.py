"""Partial dates: read as EDTF, shown in words, ordered and filtered by the database."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from cases.models import Event
from cases.records import partial_dates

from . import records

D = datetime.date


@pytest.mark.parametrize(
    ("text", "earliest", "latest", "words"),
    [
        ("1987", D(1987, 1, 1), D(1987, 12, 31), "1987"),
        ("1987-12", D(1987, 12, 1), D(1987, 12, 31), "December 1987"),
        ("1991-11-21", D(1991, 11, 21), D(1991, 11, 21), "21 November 1991"),
        ("1989~", D(1988, 1, 1), D(1990, 12, 31), "c. 1989"),
        ("1989?", D(1988, 1, 1), D(1990, 12, 31), "1989 (uncertain)"),
        ("197X", D(1970, 1, 1), D(1979, 12, 31), "the 1970s"),
        ("1987-12/1988-11", D(1987, 12, 1), D(1988, 11, 30), "December 1987 – November 1988"),
        ("1986/..", D(1986, 1, 1), None, "from 1986"),
        ("../1990", None, D(1990, 12, 31), "until 1990"),
        ("1986/", D(1986, 1, 1), None, "from 1986 (end unknown)"),
    ],
)
def test_parse_gives_bounds_and_words(text, earliest, latest, words):
    parsed = partial_dates.parse(text)
    assert (parsed.earliest, parsed.latest) == (earliest, latest)
    assert partial_dates.describe(text) == words


def test_an_approximate_year_sorts_with_its_year_not_before_it():
    assert partial_dates.parse("1989~").sort == D(1989, 1, 1)


def test_no_fake_full_day_is_shown_for_a_month():
    assert "1 December" not in partial_dates.describe("1987-12")


@pytest.mark.parametrize(
    "bad", ["1987-13", "1987-02-30", "December 1987", "87", "/", "[1988,1990]"]
)
def test_malformed_dates_are_refused_with_the_accepted_forms(bad):
    with pytest.raises(ValidationError) as error:
        partial_dates.validate(bad)
    message = " ".join(error.value.messages)
    assert bad in message
    assert "1989~ (about 1989)" in message


def test_a_range_that_ends_before_it_starts_is_refused():
    with pytest.raises(ValidationError, match="ends before it starts"):
        partial_dates.validate("1990/1985")


def test_empty_date_is_undated():
    assert partial_dates.parse("") is None
    assert partial_dates.describe("") == "undated"


@pytest.mark.django_db
def test_saving_a_record_stores_indexed_bounds():
    case = records.case()
    event = Event.objects.create(
        key=records.key("e"), title="E", kind="other", case=case, date="1989-06~"
    )
    event.refresh_from_db()
    assert event.date_sort == D(1989, 6, 1)
    assert event.date_earliest < D(1989, 6, 1) < event.date_latest
    event.date = "1988"
    event.save()
    event.refresh_from_db()
    assert (event.date_earliest, event.date_latest) == (D(1988, 1, 1), D(1988, 12, 31))


@pytest.mark.django_db
def test_the_database_orders_and_filters_by_year_range():
    case = records.case()
    dates = {"a": "1990", "b": "1987-12", "c": "1989~", "d": "197X", "e": "1987-12/1988-11"}
    for name, date in dates.items():
        Event.objects.create(key=records.key(name), title=name, kind="other", case=case, date=date)
    in_case = Event.objects.filter(case=case)
    # b and e both start in December 1987: ties broken by the order they were entered.
    assert [e.title for e in in_case.order_by("date_sort", "pk")] == ["d", "b", "e", "c", "a"]
    # Events that may fall in 1988: overlapping the range, approximate dates included.
    may_be_1988 = in_case.filter(
        date_earliest__lte=D(1988, 12, 31), date_latest__gte=D(1988, 1, 1)
    )
    assert sorted(e.title for e in may_be_1988) == ["c", "e"]
