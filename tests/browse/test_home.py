"""The home page: a few featured cases, never drafts, at a cost that does not grow with the
archive; and the list of every case study."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench.growth import case_count
from cases.models import CaseStudy
from cases.models.case_studies import HOME_CASES
from tests import sample_records as records

pytestmark = pytest.mark.django_db

REAL_CASES = ["El Agustino", "El Gol"]


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    """Measure rendering: a page served from the page cache runs no query at all."""
    settings.PAGE_CACHE_SECONDS = 0


def home(client):
    response = client.get(reverse("cases:home"))
    assert response.status_code == 200
    return response, response.content.decode()


def queries_for(client, url):
    client.get(url)  # warm the per-process caches (content types) first
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def listed_keys(response):
    return [case.key for case in response.context["page_obj"].object_list]


def test_home_lists_both_cases_and_links_the_admin(client):
    _response, page = home(client)
    for title in REAL_CASES:
        assert title in page
    assert 'href="#main"' in page  # skip link


def test_the_real_cases_are_featured_from_their_fixtures():
    featured = CaseStudy.objects.filter(featured=True).values_list("key", flat=True)
    assert sorted(featured) == ["el-agustino", "el-gol"]


def test_a_draft_case_is_not_on_the_home_page(client):
    records.case(title="An unpublished case in draft", status="draft", featured=True)
    _response, page = home(client)
    assert "An unpublished case in draft" not in page
    assert "All 3 case studies" not in page  # a draft is not counted either


def test_home_shows_only_featured_cases_and_links_to_all_of_them(client):
    records.case(title="A case not on the home page")
    _response, page = home(client)
    assert "A case not on the home page" not in page
    for title in REAL_CASES:
        assert title in page
    assert "All 3 case studies" in page
    assert f'href="{reverse("cases:casestudy_list")}"' in page


def test_no_link_to_all_cases_when_the_home_page_shows_them_all(client):
    _response, page = home(client)
    assert "case studies</a>" not in page


def test_home_shows_at_most_a_few_featured_cases_the_earliest_first(client):
    for year in range(2010, 2010 + HOME_CASES + 2):
        records.case(title=f"Featured case of {year}", date=str(year), featured=True)
    response, page = home(client)
    shown = [case.title for case in response.context["cases"]]
    assert len(shown) == HOME_CASES
    # The two real cases (1981-1993 and 2002-2004) come first, then the earliest new ones.
    assert shown[2:] == [f"Featured case of {year}" for year in range(2010, 2014)]
    assert "Featured case of 2017" not in page
    assert f"All {HOME_CASES + 4} case studies" in page


def test_with_no_case_featured_the_home_page_shows_the_first_cases_by_date(client):
    CaseStudy.objects.update(featured=False)
    records.case(title="A case from the nineteen-fifties", date="1955")
    response, page = home(client)
    shown = [case.title for case in response.context["cases"]]
    assert shown[0] == "A case from the nineteen-fifties"
    for title in REAL_CASES:
        assert title in page


def test_home_costs_the_same_queries_after_the_archive_has_grown(client):
    before = queries_for(client, "/")
    cases_before = CaseStudy.objects.count()
    call_command("grow_archive", factor=5, seed=2, verbosity=0)
    assert CaseStudy.objects.count() == cases_before + case_count(5)
    assert not CaseStudy.objects.filter(featured=True).exclude(
        key__in=["el-agustino", "el-gol"]
    ), "grown cases are never featured"
    after = queries_for(client, "/")
    assert after == before
    page = client.get("/").content.decode()
    assert f"All {CaseStudy.objects.public().count()} case studies" in page
    # The list of all cases pages through them at the same cost too.
    assert queries_for(client, "/cases/") == queries_for(client, "/cases/?page=1")


def test_home_costs_the_same_with_many_more_cases_than_it_shows(client):
    before = queries_for(client, "/")
    for number in range(3 * HOME_CASES):
        records.case(title=f"Another case {number}", featured=number % 2 == 0)
    assert queries_for(client, "/") == before


# ---- The list of all case studies


def test_the_case_list_shows_every_public_case_and_no_draft(client):
    records.case(title="A published third case", key="third-case")
    records.case(title="A case still in draft", key="draft-case", status="draft")
    response = client.get("/cases/")
    assert response.status_code == 200
    keys = listed_keys(response)
    assert set(keys) == {"el-agustino", "el-gol", "third-case"}
    page = response.content.decode()
    assert "A case still in draft" not in page
    # Nor through its words, its region facet or its export.
    assert client.get("/cases/", {"q": "still in draft"}).context["page_obj"].paginator.count == 0
    regions = response.context["facets"][0]
    assert sum(option.count for option in regions.options) == 3
    assert "draft-case" not in client.get("/cases/export.csv").getvalue().decode()


def test_the_case_list_is_in_the_navigation_and_the_sitemap(client):
    _response, page = home(client)
    assert f'href="{reverse("cases:casestudy_list")}"' in page
    assert "/cases/</loc>" in client.get("/sitemap-lists.xml").content.decode()


def test_the_case_list_filters_by_words_region_and_years(client):
    records.case(title="Water committees", region="Loreto lowlands", date="1970/1975")
    assert listed_keys(client.get("/cases/", {"q": "agustino"})) == ["el-agustino"]
    assert listed_keys(client.get("/cases/", {"q": "LORETO"})) == [
        CaseStudy.objects.get(title="Water committees").key
    ]
    between = client.get("/cases/", {"year_from": 1990, "year_to": 2000})
    assert listed_keys(between) == ["el-agustino"]  # 1981-1993 overlaps; 2002-2004 does not
    assert listed_keys(client.get("/cases/", {"year_from": 2003})) == ["el-gol"]
    region = CaseStudy.objects.get(key="el-gol").region
    response = client.get("/cases/", {"region": region})
    assert listed_keys(response) == ["el-gol"]
    facet = response.context["facets"][0]
    assert facet.selected.label == region and facet.selected.count == 1


def test_the_case_list_sorts_by_date_or_title(client):
    records.case(title="Aaa: the first by title", date="2020")
    by_date = listed_keys(client.get("/cases/", {"sort": "-date"}))
    assert by_date[-2:] == ["el-gol", "el-agustino"]
    by_title = client.get("/cases/", {"sort": "title"}).context["page_obj"].object_list
    titles = [case.title for case in by_title]
    assert titles == sorted(titles) and titles[0] == "Aaa: the first by title"


def test_the_case_list_pages_by_twenty_five(client):
    for number in range(30):
        records.case(title=f"Paged case {number:02}", date="2010")
    first = client.get("/cases/", {"sort": "title"})
    assert len(first.context["page_obj"].object_list) == 25
    assert first.context["page_obj"].paginator.count == 32
    second = client.get("/cases/", {"sort": "title", "page": 2})
    assert second.status_code == 200
    assert len(second.context["page_obj"].object_list) == 7
    assert not set(listed_keys(first)) & set(listed_keys(second))
    assert client.get("/cases/", {"page": 3}).status_code == 404


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ({"year_from": "abc"}, "Enter a whole number"),
        ({"year_to": "1200"}, "greater than or equal to 1800"),
        ({"year_from": 2000, "year_to": 1990}, "runs backwards"),
        ({"sort": "region"}, "Select a valid choice"),
    ],
)
def test_the_case_list_refuses_a_malformed_filter_with_its_reason(client, query, reason):
    response = client.get("/cases/", query)
    assert response.status_code == 400
    assert reason in response.content.decode()
    assert client.get("/cases/export.csv", query).status_code == 400


def test_the_admin_login_page_is_served(client):
    assert client.get("/admin/login/").status_code == 200
