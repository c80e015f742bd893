"""Partial dates: read as EDTF, shown in words, ordered and filtered by the database."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from cases.models import Event
from cases.records import partial_dates
from tests import sample_records as records

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


def test_the_sources_wording_is_shown_beside_our_words():
    decade = partial_dates.parse("194X").written_as("late 1940s")
    assert decade.as_written == "late 1940s"
    assert decade.shown == "“late 1940s” (the 1940s)"
    assert decade == partial_dates.parse("194X")  # the same date, whatever the words
    assert partial_dates.describe("2004", "early 2004") == "“early 2004” (2004)"
    # Words that say no more than ours are not repeated; no wording, our words alone.
    assert partial_dates.parse("1986").written_as("1986").shown == "1986"
    assert partial_dates.parse("197X").shown == "the 1970s"
    # A date moved elsewhere (the benchmarks' grown cases) leaves its wording behind.
    assert decade.moved(30).as_written == ""


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


# --- The one date object: what the rest of the archive asks of a date ---------------

P = partial_dates.Precision


@pytest.mark.parametrize(
    ("text", "precision"),
    [
        ("1991-11-21", P.DAY),
        ("1987-12", P.MONTH),
        ("1992-21", P.SEASON),
        ("1987", P.YEAR),
        ("1987-XX", P.YEAR),
        ("1987-12-XX", P.MONTH),
        ("197X", P.DECADE),
        ("198X-XX", P.DECADE),
        ("19XX", P.CENTURY),
        ("1989-06~", P.MONTH),
        ("1987-12/1988-11", P.INTERVAL),
        ("1986/..", P.INTERVAL),
    ],
)
def test_a_date_knows_its_precision(text, precision):
    assert partial_dates.parse(text).precision == precision


@pytest.mark.parametrize(
    ("text", "approximate", "uncertain"),
    [("1989", False, False), ("1989~", True, False), ("1989?", False, True),
     ("1989%", True, True), ("197X~", True, False), ("1990?/1991", False, True)],
)  # fmt: skip
def test_a_date_knows_its_qualifiers(text, approximate, uncertain):
    date = partial_dates.parse(text)
    assert (date.is_approximate, date.is_uncertain) == (approximate, uncertain)
    assert date.is_qualified == (approximate or uncertain)


def test_a_single_dates_qualifier_is_edtfs():
    Q = partial_dates.Qualifier
    assert [partial_dates.parse(t).qualifier for t in ("1989", "1989~", "1989?", "1989%")] == [
        Q.NONE,
        Q.APPROXIMATE,
        Q.UNCERTAIN,
        Q.BOTH,
    ]


@pytest.mark.parametrize(
    ("text", "start_open", "start_unknown", "end_open", "end_unknown"),
    [
        ("1986/..", False, False, True, False),
        ("1986/", False, False, False, True),
        ("../1990", True, False, False, False),
        ("/1990", False, True, False, False),
        ("1987-12/1988-11", False, False, False, False),
    ],
)
def test_a_period_knows_its_open_and_unknown_ends(
    text, start_open, start_unknown, end_open, end_unknown
):
    date = partial_dates.parse(text)
    assert date.is_interval
    assert (date.start_open, date.start_unknown) == (start_open, start_unknown)
    assert (date.end_open, date.end_unknown) == (end_open, end_unknown)
    assert date.runs_on == (end_open or end_unknown)


def test_a_single_date_is_its_own_start_and_end():
    date = partial_dates.parse("1987-12")
    assert not date.is_interval and date.start is date.end
    assert (date.earliest, date.latest, date.sort) == (
        D(1987, 12, 1),
        D(1987, 12, 31),
        D(1987, 12, 1),
    )
    assert partial_dates.parse("1991-11-21").is_day and not date.is_day


@pytest.mark.parametrize(
    ("text", "csl"),
    [
        ("1991-11-06", {"date-parts": [[1991, 11, 6]]}),
        ("1987-12", {"date-parts": [[1987, 12]]}),
        ("1989~", {"date-parts": [[1989]], "circa": True}),
        ("1989?", {"date-parts": [[1989]], "circa": True}),
        ("1992-22", {"date-parts": [[1992]], "season": 2}),
        ("1987-12/1988-11", {"date-parts": [[1987, 12], [1988, 11]]}),
        ("1986/..", {"date-parts": [[1986]]}),
        ("197X", {"literal": "the 1970s"}),
    ],
)
def test_csl_date_parts_say_circa_and_seasons_as_csl_does(text, csl):
    assert partial_dates.parse(text).csl == csl


@pytest.mark.parametrize(
    ("text", "iso", "html"),
    [
        ("1991-11-06", "1991-11-06", "1991-11-06"),
        ("1987-12", "1987-12", "1987-12"),
        ("1987", "1987", "1987"),
        ("1989~", "1989", ""),
        ("1992-21", "1992", ""),
        ("1987-12/1988-11", "1987-12/1988-11", ""),
        ("197X", None, ""),
    ],
)
def test_iso_and_html_forms_say_only_what_they_can(text, iso, html):
    date = partial_dates.parse(text)
    assert (date.iso, date.html_datetime, date.edtf) == (iso, html, text)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("1992-21", "spring 1992"),
        ("1992-24", "winter 1992"),
        ("19XX", "the 1900s"),
        ("1987-12-05%", "c. 5 December 1987 (uncertain)"),
        ("197X~", "c. the 1970s"),
        ("/1990", "until 1990 (start unknown)"),
        ("1987-XX", "1987"),
    ],
)
def test_words_in_english(text, words):
    assert str(partial_dates.parse(text)) == words == partial_dates.describe(text)


def test_words_follow_the_active_language():
    from django.utils import translation

    date = partial_dates.parse("1987-12/1988-11~")
    with translation.override("es"):
        in_spanish = date.words
        assert "diciembre" in in_spanish and "noviembre" in in_spanish
        assert partial_dates.describe("") and partial_dates.parse("1992-21").words
    # The same object, read again in English: words are made when asked, not kept.
    assert date.words == "December 1987 – c. November 1988"


def test_a_date_is_immutable_hashable_and_ordered():
    import dataclasses

    a, b, c = (partial_dates.parse(t) for t in ("1987", "1987-12", "1989~"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.text = "1990"
    assert a == partial_dates.parse("1987") and len({a, b, c, partial_dates.parse("1987")}) == 3
    # A year before the months within it; an approximate year with its year.
    assert sorted([c, b, a]) == [a, b, c]


def test_a_date_moves_by_years_and_a_decade_by_whole_decades():
    moved = partial_dates.parse("1987-12/1988-11").moved(3)
    assert moved == partial_dates.parse("1990-12/1991-11")
    assert partial_dates.parse("197X/198X").moved(13).text == "198X/199X"
    assert partial_dates.parse("1986/..").moved(2).text == "1988/.."
    leap = partial_dates.parse("1988-02-29").moved(1)
    assert leap == partial_dates.parse("1989-02-28")


def test_a_qualifier_is_added_where_edtf_allows_it():
    assert partial_dates.parse("1989").qualified("~").text == "1989~"
    assert partial_dates.parse("1989~").qualified("?") is None
    assert partial_dates.parse("1992-21").qualified("~") is None


def test_an_unreadable_date_is_shown_as_typed_and_read_as_nothing():
    assert partial_dates.read("December 1987") is None
    assert partial_dates.describe("December 1987") == "December 1987"


@pytest.mark.django_db
def test_a_record_gives_its_dates_as_partial_dates_without_a_query(
    django_assert_num_queries,
):
    case = records.case()
    Event.objects.create(key=records.key("e"), title="E", kind="other", case=case, date="1989~")
    event = Event.objects.get(case=case)
    with django_assert_num_queries(0):
        assert event.partial_date == partial_dates.parse("1989~")
        assert event.partial_date.words == event.date_display == "c. 1989"
    event.date = ""
    assert event.partial_date is None
