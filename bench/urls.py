"""The public site's URLs plus the floor: the cheapest page Django can serve here."""

from django.shortcuts import render
from django.urls import include, path


def floor(request):
    """A tiny template through the same middleware: what any page costs at least."""
    return render(request, "bench/floor.html", {"title": "floor"})


urlpatterns = [
    path("bench-floor/", floor, name="bench_floor"),
    path("", include("archive.urls")),
]
