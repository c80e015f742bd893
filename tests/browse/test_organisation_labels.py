"""Organisations offered by acronym and name, and found by their acronyms."""

import pytest

from cases.browse.facets import organisation_label
from cases.models import Organisation
from tests.browse.test_people_order import facet, text_of

pytestmark = pytest.mark.django_db


def test_organisation_facets_show_the_acronym_with_the_name(client):
    events = facet(client.get("/events/"), "organisation").options
    labels = [option.label for option in events]
    assert "MIADES — Micro-Áreas de Desarrollo" in labels
    assert "PUM — Partido Unificado Mariateguista" in labels
    assert "Municipality of El Agustino" in labels  # no acronym: the name alone
    counts = [option.count for option in events]
    assert counts == sorted(counts, reverse=True)
    assert "MIADES — Micro-Áreas de Desarrollo (7)" in text_of(client.get("/events/"))

    people = [option.label for option in facet(client.get("/people/"), "organisation").options]
    assert "CG — Comité de Gestión Distrital" in people
    assert "IU — Izquierda Unida" in people
    # An acronym that is the whole name is not said twice.
    aprodeh = Organisation.objects.annotate(label=organisation_label()).get(acronym="APRODEH")
    assert aprodeh.name == "APRODEH" and aprodeh.label == "APRODEH"


def test_the_filter_in_force_names_the_organisation_by_acronym_and_name(client):
    page = text_of(client.get("/events/", {"organisation": "miades"}))
    assert "Filters in force" in page
    assert "Organisation: MIADES — Micro-Áreas de Desarrollo" in page
    page = text_of(client.get("/people/", {"organisation": "pum"}))
    assert "Organisation: PUM — Partido Unificado Mariateguista" in page


@pytest.mark.parametrize(
    ("words", "key"), [("MIADES", "miades"), ("PUM", "pum"), ("CG", "comite-de-gestion")]
)
def test_typing_an_acronym_finds_the_organisation(client, words, key):
    response = client.get("/organisations/", {"q": words})
    assert key in [organisation.key for organisation in response.context["page_obj"]]
    acronym = Organisation.objects.get(key=key).acronym
    assert acronym == words and f"{acronym} (" in text_of(response)
