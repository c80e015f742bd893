"""Every link on the public site works as a browser reads it.

The crawl starts at the home page (and the search page, which readers reach through a
form) and follows every href the pages give, resolved against the page's own address;
see tests/link_checker.py for what counts as broken. It prints how many pages and links it
followed at the end of the run.
"""

import pytest
from django.http import HttpResponse, HttpResponseNotFound, HttpResponseServerError
from django.urls import path

from cases.models import ReadingList
from cases.records import kinds
from cases.teaching import reading
from tests.link_checker import SUMMARIES, LinkChecker

# The archive's own kinds with pages: a kind the test settings add has no records to reach.
ARCHIVE_PAGES = [kind for kind in kinds.ARCHIVE_KINDS if kind.has_pages]


@pytest.mark.django_db
def test_every_link_on_the_public_site_works(client, request, instructor):
    # A published reading list: students reach it by its share link, not from the site.
    reading_list = ReadingList.objects.create(owner=instructor, title="Week 3", published=True)
    for kind, key in [
        ("quote", "quintanilla-miades-national-project"),
        ("source", "lrr-el-agustino"),
    ]:
        reading.add(reading_list, kind, key)
    report = LinkChecker(client).crawl("/", "/search/?q=mayor", reading_list.get_share_url())
    request.config.stash.setdefault(SUMMARIES, []).append(report.summary())
    assert not report.problems, "\n".join(str(problem) for problem in report.problems[:40])
    # The crawl reached every kind of public page, not just the home page's links.
    routes = {route for route, _params in report.page_types}
    for route in [
        "cases:home",
        "cases:search",
        "cases:network",
        "cases:casestudy_figures",
        "cases:readinglist_share",
        *(f"cases:{kind.model_name}_list" for kind in ARCHIVE_PAGES),
        *(f"cases:{kind.model_name}" for kind in ARCHIVE_PAGES),
    ]:
        assert route in routes, f"the crawl never read a page of {route}"
    assert report.links_followed >= 1000 and report.urls_requested >= 1000


# A small site whose links break in each way the checker must catch.
def page(body):
    return lambda request: HttpResponse(f"<!DOCTYPE html><title>t</title><main>{body}</main>")


urlpatterns = [
    path(
        "",
        page(
            '<a href="/list/?case=el-gol">a list</a> <a href="/missing/">gone</a>'
            ' <a href="/boom/">fails</a> <a href="#main-nowhere">skip</a>'
            ' <a href="https://example.org/">elsewhere</a>'
        ),
    ),
    path(
        "list/",
        lambda request: HttpResponse(
            '<nav class="pagination" data-changes="page">'
            '<a rel="next" href="??page=2">next (doubled ?)</a>'
            '<a href="?%3Fpage=3">page 3 (a parameter named ?page)</a></nav>'
            '<a rel="next" href="/list/?page=2">next (drops the case)</a>'
            '<nav data-changes="cites"><a href="/list/?cites=quote">quotes tab</a></nav>'
            + (
                '<a rel="prev" href="?case=el-gol">back (keeps the case)</a>'
                if request.GET.get("page")
                else ""
            )
        ),
    ),
    path("boom/", lambda request: HttpResponseServerError("no")),
]


def handler404(request, exception):
    return HttpResponseNotFound("not here")


@pytest.mark.urls("tests.browse.test_links")
def test_the_checker_fails_on_each_kind_of_broken_link(client):
    report = LinkChecker(client).crawl("/")
    found = {
        (problem.href, problem.reason.split(":")[0].split(" (")[0]) for problem in report.problems
    }
    reasons = "\n".join(str(problem) for problem in report.problems)
    assert ("/missing/", "answers 404") in found, reasons
    assert ("/boom/", "answers 500") in found, reasons
    assert ("#main-nowhere", "no element #main-nowhere here") in found, reasons
    assert ("??page=2", "a doubled '?' in the query string") in found, reasons
    assert ("?%3Fpage=3", "a parameter named '?page'") in found, reasons
    assert any(
        problem.href == "/list/?page=2" and "lost [('case', 'el-gol')]" in problem.reason
        for problem in report.problems
    ), reasons
    assert any(
        problem.href == "/list/?cites=quote" and "lost [('case', 'el-gol')]" in problem.reason
        for problem in report.problems
    ), reasons
    # Links that keep the page's state are not flagged, and other hosts are not requested.
    assert not any(problem.href == "?case=el-gol" for problem in report.problems), reasons
    assert report.external == 1
