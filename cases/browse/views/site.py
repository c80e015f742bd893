"""The home page and the files crawlers read."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from cases.browse import cross_references
from cases.models import CaseStudy
from cases.records import kinds


def home(request):
    # A few cases, and how many there are in all: the same queries whatever the archive holds.
    cases = list(CaseStudy.objects.for_home())
    names = cross_references.names_in_cases(cases)
    for case in cases:
        case.named = names[case.pk]
    total = CaseStudy.objects.public().count()
    return render(
        request,
        "cases/home.html",
        {"cases": cases, "total": total, "more": total > len(cases)},
    )


def robots(request):
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    # Exports repeat whole lists as files: named one by one for crawlers without wildcards.
    exports = [
        f"Disallow: {reverse(f'cases:{kind.model_name}_export')}" for kind in kinds.with_pages()
    ]
    # Filtered lists and searches are endless combinations of the same records: crawlers
    # get the record pages and plain lists from the sitemap instead.
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        "Disallow: /readings/",
        "Disallow: /r/",
        "Disallow: /accounts/",
        "Disallow: /*?",
        *exports,
        f"Sitemap: {sitemap}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
