"""The organisations' network by year: which relations hold, the page, its refusals."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.drawings import network as networks
from cases.models import CaseStudy, Organisation, OrganisationRelation, Status
from tests.sample_records import key

pytestmark = pytest.mark.django_db

EDGE = re.compile(
    r'class="network-edge" aria-hidden="true" '
    r'data-subject="([\w-]+)" data-object="([\w-]+)" data-kind="([\w-]+)"'
)
NODE = re.compile(r'class="network-node" href="[^"]+" data-key="([\w-]+)"')


def network_page(client, **params):
    return client.get(reverse("cases:network"), params)


def drawn(client, year, case="el-agustino"):
    """(edges, nodes) drawn in the SVG for ``year``."""
    response = network_page(client, case=case, year=year)
    assert response.status_code == 200
    html = response.content.decode()
    return set(EDGE.findall(html)), set(NODE.findall(html))


def organisation(**fields):
    fields.setdefault("key", key("organisation"))
    fields.setdefault("name", fields["key"].replace("-", " ").title())
    record = Organisation.objects.create(**fields)
    record.cases.add(CaseStudy.objects.get(key="el-agustino"))
    return record


def relation(subject, kind, obj, date="", **fields):
    return OrganisationRelation.objects.create(
        key=key("relation"),
        subject=subject,
        kind=kind,
        object=obj,
        date=date,
        undated=not date,
        **fields,
    )


# --- The sources' story -----------------------------------------------------------------


def test_1988_and_1991_differ_as_the_sources_say(client):
    edges_1988, nodes_1988 = drawn(client, 1988)
    edges_1991, nodes_1991 = drawn(client, 1991)
    # November 1988: the PMR splits from the PUM; it joins IU with the June 1989 alliances.
    assert ("pmr", "pum", "split-from") in edges_1988
    assert ("pmr", "iu", "member-of") not in edges_1988
    assert ("pmr", "iu", "member-of") in edges_1991
    # The Comité de Gestión (1990) and the MIADES within it exist only in the later year.
    assert "comite-de-gestion" not in nodes_1988
    assert ("miades", "comite-de-gestion", "member-of") in edges_1991
    assert ("municipality-el-agustino", "comite-de-gestion", "opposed-to") in edges_1991
    # FODECO financed the MIADES' works in 1988 and 1989 only.
    assert ("miades", "fodeco", "funded-by") in edges_1988 - edges_1991


def test_every_drawn_relation_is_in_the_table_in_words(client):
    html = network_page(client, case="el-agustino", year=1991).content.decode()
    table = html.split('class="network-relations"', 1)[1].split("</table>", 1)[0]
    rows = set(
        re.findall(
            r'<tr data-subject="([\w-]+)" data-object="([\w-]+)" data-kind="([\w-]+)"', table
        )
    )
    assert rows == set(EDGE.findall(html))
    assert "Partido Mariateguista Revolucionario" in table or "PMR" in table


def test_undated_relations_are_listed_apart_and_never_drawn(client):
    html = network_page(client, case="el-agustino", year=1991).content.decode()
    # "PUM member of IU" has no date in the sources.
    assert ("pum", "iu", "member-of") not in set(EDGE.findall(html))
    undated = html.split('class="network-undated"', 1)[1].split("</ul>", 1)[0]
    assert 'data-subject="pum" data-object="iu" data-kind="member-of"' in undated


def test_el_gol_has_its_own_network(client):
    edges, nodes = drawn(client, 2003, case="el-gol")
    assert edges and "dfid" in nodes
    assert "pmr" not in nodes


# --- The rule for a year ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("date", "years_in", "years_out"),
    [
        ("1988-11", [1988, 1989, 1993], [1987]),
        ("1990~", [1990, 1991], [1989]),
        ("1984/1986", [1984, 1985, 1986], [1983, 1987]),
        ("1990-07/", [1990, 1992], [1989]),
        ("1990/..", [1990, 1992], [1989]),
        ("../1985", [1981, 1985], [1986]),
    ],
)
def test_which_years_a_dated_relation_holds(date, years_in, years_out):
    a, b = organisation(), organisation()
    record = relation(a, "allied-with", b, date)
    record.refresh_from_db()
    record = OrganisationRelation.objects.select_related("subject", "object").get(pk=record.pk)
    for year in years_in:
        assert networks.in_force(record, year), (date, year)
    for year in years_out:
        assert not networks.in_force(record, year), (date, year)


def test_a_relation_ends_when_an_organisation_is_dissolved(client):
    a = organisation(dissolved="1989")
    b = organisation()
    relation(a, "opposed-to", b, "1985")
    edges_1989, _nodes = drawn(client, 1989)
    edges_1990, nodes_1990 = drawn(client, 1990)
    assert (a.key, b.key, "opposed-to") in edges_1989
    assert (a.key, b.key, "opposed-to") not in edges_1990
    assert a.key not in nodes_1990


def test_a_draft_organisation_or_relation_is_never_shown(client):
    hidden = organisation(status=Status.DRAFT, name="Hidden Front zqx")
    shown = organisation(name="Open Front")
    relation(hidden, "allied-with", shown, "1990")
    draft_relation = relation(shown, "opposed-to", Organisation.objects.get(key="pum"), "1990")
    draft_relation.status = Status.DRAFT
    draft_relation.save()
    for year in (1990, 1991):
        html = network_page(client, case="el-agustino", year=year).content.decode()
        assert "zqx" not in html and hidden.key not in html
        assert shown.key not in html  # its only public relation is the draft one


# --- The page ---------------------------------------------------------------------------


def test_without_a_year_the_page_opens_on_1989(client):
    response = network_page(client)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="year"' in html and 'value="1989"' in html
    assert 'rel="prev" href="?case=el-agustino&amp;year=1988"' in html
    assert 'rel="next" href="?case=el-agustino&amp;year=1990"' in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"case": "el-agustino", "year": "abc"}, "Enter a whole number."),
        ({"case": "el-agustino", "year": "1970"}, "Choose a year from 1981 to 1993"),
        ({"case": "el-agustino", "year": "99999999999999999999"}, "Choose a year from 1981"),
        ({"case": "no-such-case", "year": "1990"}, "Select a valid choice."),
    ],
)
def test_a_bad_year_or_case_is_refused_with_the_reason(client, params, message):
    response = network_page(client, **params)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'role="alert"' in html
    assert "network-drawing" not in html


def test_the_same_year_draws_the_same_picture(client):
    first = network_page(client, case="el-agustino", year=1990).content
    second = network_page(client, case="el-agustino", year=1990).content
    svg = re.compile(rb'<svg class="network-drawing".*?</svg>', re.S)
    assert svg.search(first).group(0) == svg.search(second).group(0)


@pytest.mark.parametrize("year", range(1981, 1994))
def test_no_two_boxes_overlap(year):
    case = CaseStudy.objects.get(key="el-agustino")
    relations = networks.case_relations(case)
    drawing = networks.network(case, year, relations).drawing
    nodes = drawing.nodes
    for i, a in enumerate(nodes):
        assert a.left >= 0 and a.left + a.width <= drawing.width, a.key
        assert a.top >= 0 and a.top + a.height <= drawing.height, a.key
        for b in nodes[i + 1 :]:
            apart_x = a.left + a.width <= b.left or b.left + b.width <= a.left
            apart_y = a.top + a.height <= b.top or b.top + b.height <= a.top
            assert apart_x or apart_y, (year, a.key, b.key)


def test_query_count_does_not_grow_with_the_relations(client):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert network_page(client, case="el-agustino", year=1990).status_code == 200
        return len(queries)

    before = count()
    others = [organisation() for _ in range(12)]
    for a, b in zip(others, others[1:], strict=False):
        relation(a, "allied-with", b, "1990")
    assert count() == before <= 3


def test_pages_link_to_the_network(client):
    html = client.get(reverse("cases:organisation", args=["pmr"])).content.decode()
    assert f"{reverse('cases:network')}?case=el-agustino&amp;year=1988" in html
    html = client.get(reverse("cases:casestudy", args=["el-gol"])).content.decode()
    assert f"{reverse('cases:network')}?case=el-gol" in html
