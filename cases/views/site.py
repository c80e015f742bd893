"""The home page and the files crawlers read."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from cases.models import CaseStudy


def home(request):
    cases = CaseStudy.objects.public().select_related("source")
    return render(request, "cases/home.html", {"cases": cases})


def robots(request):
    sitemap = request.build_absolute_uri(reverse("sitemap"))
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
        f"Sitemap: {sitemap}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
