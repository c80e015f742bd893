"""The home page and the files crawlers read."""

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation

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
    # Filtered lists and searches are endless combinations of the same records: crawlers
    # get the record pages and plain lists from the sitemap instead.
    closed = ["/admin/", "/search/", "/readings/", "/r/", "/accounts/"]
    # Each page is in every language: the Spanish addresses are closed the same way. Exports
    # repeat whole lists as files: named one by one for crawlers without wildcards.
    with_languages = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            with_languages += [reverse("cases:home").rstrip("/") + path for path in closed]
            with_languages += [
                reverse(f"cases:{kind.model_name}_export") for kind in kinds.with_pages()
            ]
    lines = [
        "User-agent: *",
        *(f"Disallow: {path}" for path in with_languages),
        "Disallow: /*?",
        f"Sitemap: {sitemap}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
