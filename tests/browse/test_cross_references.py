"""A case's summary links the people, organisations and places it names to their pages."""

import re

import pytest
from django.urls import reverse

from cases.models import CaseStudy, Organisation, Person, Place, Status
from tests import sample_records as records

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0


def summary_html(html: str, case_key: str) -> str:
    """The summary of the case ``case_key`` on a page, as HTML."""
    case_url = reverse("cases:casestudy", kwargs={"key": case_key})
    if 'class="description"' in html:  # the case's own page
        summary = html.split('class="description" lang="en">', 1)[1].split("</div>", 1)[0]
    else:  # the home page: the case's article
        article = html.split(f'<a href="{case_url}">', 1)[1].split("</article>", 1)[0]
        summary = article.split('<p class="meta">', 1)[1]
    return summary


def summary_links(html: str, case_key: str) -> dict[str, str]:
    """Link text → address, in the summary of the case ``case_key`` on a page."""
    summary = summary_html(html, case_key)
    return {text: href for href, text in re.findall(r'<a href="([^"]+)">([^<]+)</a>', summary)}


@pytest.mark.parametrize("where", ["home", "case page"])
def test_names_in_a_summary_link_to_their_records(client, where):
    url = reverse("cases:home") if where == "home" else "/cases/el-agustino/"
    page = client.get(url).content.decode()
    links = summary_links(page, "el-agustino")
    assert links["Jorge Quintanilla"] == "/people/jorge-quintanilla/"
    assert links["PUM"] == "/organisations/pum/"
    # Named in full first, then by acronym: linked at the first mention only.
    assert links["Micro-Areas de Desarrollo"] == "/organisations/miades/"
    assert "MIADES" not in links
    # Written without accents in the summary, with them in the record.
    assert links["Comite de Gestion Distrital"] == "/organisations/comite-de-gestion/"
    assert links["Lima"] == "/places/metropolitan-lima/"
    # A common word that is also a place's variant name is not a name in prose.
    assert "hills" not in links
    # Each record once: PUM is named four times in the summary, linked at its first mention.
    summary = summary_html(page, "el-agustino")
    assert summary.count("PUM") == 4 and summary.count('href="/organisations/pum/"') == 1


def test_a_name_two_records_share_is_not_linked(client):
    # "Anta" is both a province and a district of the El Gol case: which is meant is unsaid.
    assert Place.objects.public().filter(name="Anta").count() == 2
    links = summary_links(client.get("/cases/el-gol/").content.decode(), "el-gol")
    assert "Anta" not in links
    assert links["Ollachea"] == "/places/ollachea-district/"


def test_a_withdrawn_record_is_not_linked_and_the_text_stays(client):
    Person.objects.filter(key="jorge-quintanilla").update(status=Status.DRAFT)
    Organisation.objects.filter(key="pmr").update(status=Status.DRAFT)
    page = client.get("/cases/el-agustino/").content.decode()
    links = summary_links(page, "el-agustino")
    assert "Jorge Quintanilla" not in links and "PMR" not in links
    assert "Mayor Jorge Quintanilla built" in page
    assert "/people/jorge-quintanilla/" not in page and "/organisations/pmr/" not in page


def test_a_summary_is_escaped_around_its_links(client):
    case = records.case(
        summary="<b>Ana Torres</b> & the <script>x</script> of Lima", featured=True
    )
    Place.objects.get(key="metropolitan-lima").cases.add(case)
    person = records.person(name="Ana Torres")
    person.cases.add(case)
    page = client.get(case.get_absolute_url()).content.decode()
    assert (
        f'&lt;b&gt;<a href="{person.get_absolute_url()}">Ana Torres</a>&lt;/b&gt; &amp; the '
        '&lt;script&gt;x&lt;/script&gt; of <a href="/places/metropolitan-lima/">Lima</a>'
    ) in page


def test_linking_names_costs_the_same_queries_for_more_cases(
    client, django_assert_max_num_queries
):
    from tests.browse.test_home import queries_for

    before = queries_for(client, "/")
    for number in range(3):
        case = records.case(title=f"Another case {number}", featured=True)
        records.person(name=f"Person {number}").cases.add(case)
    assert queries_for(client, "/") == before
    assert CaseStudy.objects.public().filter(featured=True).count() == 5
