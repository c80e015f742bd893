"""Named people first, by surname; the anonymous after them, grouped by case.

What a student sees on the lists, the facets and a case's page, on the two cases as loaded.
"""

import re

import pytest
from django.core.management import call_command
from django.db import connection

from cases.models import Person, Quote
from cases.models.people import surname_first
from tests import sample_records as records

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def names_on(response) -> list[str]:
    return [str(person) for person in response.context["page_obj"].object_list]


def every_row(client, url, params=None) -> list:
    """The list's records, page after page, following the list's own page numbers."""
    rows, page = [], 1
    while True:
        response = client.get(url, {**(params or {}), "page": page})
        page_obj = response.context["page_obj"]
        rows += list(page_obj.object_list)
        if not page_obj.has_next():
            return rows
        page = page_obj.next_page_number()


def facet(response, name):
    return next(f for f in response.context["facets"] if f.name == name)


def described(key) -> str:
    return str(Person.objects.get(key=key))


# ---- /people/


def test_the_people_list_starts_with_named_people_by_surname(client):
    first = names_on(client.get("/people/"))
    assert first[:4] == [
        "Victor Abregu",
        "Cesar A. Aguilar Andrade",
        "Walter Alejos Calderon",
        "Ligia Alencastre",
    ]
    assert not [name for name in first if name.startswith("Anonymous")]


def test_people_are_by_surname_and_the_anonymous_come_last_grouped_by_case(client):
    names = [str(person) for person in every_row(client, "/people/")]
    assert len(names) == Person.objects.public().count()
    anonymous = [name for name in names if name.startswith("Anonymous: ")]
    assert anonymous and names[-len(anonymous) :] == anonymous
    at = names.index
    # "Jorge Quintanilla" sorts under Q: after the P surnames, before the R ones.
    assert at("Fabio Porras") < at("Michel Portier") < at("Jorge Quintanilla")
    assert at("Jorge Quintanilla") < at("Quizpe Gutierrez") < at("Wilber Rosas")
    # Particles go with the given names: "Jhon de la Cruz" under C, "Jorge del Castillo" too.
    assert at("Dante Coasaca Nuñez") < at("Jhon de la Cruz") < at("Carmen Cuadros")
    assert at("Jorge Castaneda") < at("Jorge del Castillo") < at("Francisco Chamberlain")
    # Two surnames, sorted by the first (the fixtures' sort names).
    assert at("Carmen Cuadros") < at("Julio Díaz Palacios") < at("Javier Diez Canseco")
    assert at("Javier Diez Canseco") < at("Alejandro Diez Hurtado") < at("Lorenzo Estrada")
    # One surname before the same surname followed by a second.
    assert at("Carlos Torres") < at("Maximo Torres") < at("Javier Torres Seoane")
    # Known by one name: under that name.
    assert at("Yolanda Maravi") < at("Mary") < at("Ian McKendry")
    assert at("Willi Alis") < at("Arnaldo") < at("Jorge Atuncar")
    # The anonymous, El Agustino's before El Gol's.
    assert at(described("president-miade-upmirr")) < at(described("anta-mayor"))
    assert at(described("lrr-article-author")) < at(described("tambobamba-mayor"))


def test_sorting_by_name_gives_the_same_order_and_reversed_keeps_the_anonymous_last(client):
    default = [person.key for person in every_row(client, "/people/")]
    by_name = [person.key for person in every_row(client, "/people/", {"sort": "name"})]
    assert by_name == default
    backwards = every_row(client, "/people/", {"sort": "-name"})
    named = [person.key for person in backwards if not person.anonymous]
    assert named == [key for key in reversed(default) if key in set(named)]
    assert str(backwards[0]) == "Rebeca Zuniga-Hamlin"
    assert all(person.anonymous for person in backwards[len(named) :])


def test_the_sort_name_is_derived_unless_the_record_gives_one():
    assert surname_first("Jorge Quintanilla") == "Quintanilla, Jorge"
    assert surname_first("Jhon de la Cruz") == "Cruz, Jhon de la"
    assert surname_first("Jorge Luis Sáenz A.") == "Sáenz A., Jorge Luis"
    assert surname_first("J.C. Scott") == "Scott, J.C."
    assert surname_first("Paniagua") == "Paniagua"
    assert Person.objects.get(key="javier-diez-canseco").sort_name == "Diez Canseco, Javier"
    assert Person.objects.get(key="jorge-quintanilla").sort_key == "quintanilla\tjorge"

    someone = records.person(name="Ana Pérez Ñique")
    assert someone.sort_key == "nique\tana perez"
    someone.sort_name = "Pérez Ñique, Ana"
    someone.save()
    assert Person.objects.get(pk=someone.pk).sort_key == "perez nique\tana"


def test_an_anonymous_person_joins_the_group_of_their_case():
    speaker = records.person(name="", anonymous=True, description="A vecina of the zona plana")
    assert speaker.sort_key == "\ta vecina of the zona plana"
    new_case = records.case(key="a-test-case")
    speaker.cases.add(new_case)
    assert Person.objects.get(pk=speaker.pk).sort_key == "a-test-case\ta vecina of the zona plana"
    new_case.people.clear()
    assert Person.objects.get(pk=speaker.pk).sort_key == "\ta vecina of the zona plana"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL indexes only")
def test_both_name_orders_have_an_index_in_their_order():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = 'cases_person'")
        definitions = [row[0] for row in cursor.fetchall()]
    assert any("(anonymous, sort_key, key)" in d for d in definitions)
    assert any("(anonymous, sort_key DESC NULLS LAST, id)" in d for d in definitions)


# ---- Elsewhere people are offered


@pytest.mark.parametrize(
    ("url", "name"), [("/quotes/", "speaker"), ("/interviews/", "interviewee")]
)
def test_person_facets_put_named_people_first_among_equal_counts(client, url, name):
    options = facet(client.get(url), name).options
    people = Person.objects.in_bulk([option.value for option in options], field_name="key")
    counts = [option.count for option in options]
    assert counts == sorted(counts, reverse=True)  # still the most frequent first
    for count in set(counts):
        anonymous = [people[o.value].anonymous for o in options if o.count == count]
        assert anonymous == sorted(anonymous), f"an anonymous person before a named one ({count})"
    labels = [option.label for option in options]
    # Named people with as many records by surname: Abregu before Aguilar Andrade or Portier.
    named = [o.label for o in options if o.count == 1 and not people[o.value].anonymous]
    if name == "speaker":
        assert named[:3] == ["Victor Abregu", "Calderon", "Jorge Castaneda"]
    else:
        assert labels.index("Michel Portier") < labels.index(
            next(label for label in labels if label.startswith("Mayor of Anta"))
        )
        assert named[:2] == ["Victor Abregu", "Cesar A. Aguilar Andrade"]


def test_quotes_by_speaker_start_with_named_speakers_by_surname(client):
    quotes = every_row(client, "/quotes/", {"sort": "speaker"})
    assert len(quotes) == Quote.objects.public().count()
    assert str(quotes[0].speaker) == "Victor Abregu"
    flags = [quote.speaker.anonymous for quote in quotes]
    assert flags == sorted(flags)  # no anonymous speaker before a named one


def test_a_cases_key_people_put_named_people_first_among_equals(client):
    people = list(client.get("/cases/el-gol/").context["people"])
    assert str(people[0]) == "Michel Portier"
    for before, after in zip(people, people[1:], strict=False):
        if before.weight == after.weight:
            assert before.anonymous <= after.anonymous, f"{before} before {after}"
    named_once = [str(p) for p in people if p.weight == 1 and not p.anonymous]
    assert named_once[:3] == ["Walter Alejos Calderon", "Julio Díaz Palacios", "Alberto Fujimori"]


def test_loading_again_keeps_the_sort_keys():
    before = dict(Person.objects.values_list("key", "sort_key"))
    call_command("load_archive", verbosity=0)
    assert dict(Person.objects.values_list("key", "sort_key")) == before


def test_grown_people_are_sorted_as_saved_ones_and_listed_named_first(client):
    call_command("grow_archive", factor=2, verbosity=0)
    grown = Person.objects.filter(key__regex=r"-c[0-9]+-[0-9]+$").prefetch_related("cases")
    assert grown.filter(anonymous=True).exists() and grown.filter(anonymous=False).exists()
    for person in grown:
        assert person.sort_name == ""  # a real record's exception does not fit a new name
        assert person.sort_key == person.compute_sort_key([c.key for c in person.cases.all()])
    first = names_on(client.get("/people/"))
    assert not [name for name in first if name.startswith("Anonymous")]
