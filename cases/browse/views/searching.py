"""The search page: one box across quotes, people, organisations, events, interviews and
the glossary, results grouped by kind with the matches highlighted."""

from django.shortcuts import render

from cases.browse import search
from cases.browse.page_cache import reads_parameters


@reads_parameters("q")
def search_page(request):
    raw = request.GET.get("q", "")
    query = search.normalise_query(raw)
    groups = search.search_all(query)
    for group in groups:
        group.list_url_name = f"cases:{group.model._meta.model_name}_list"
    context = {
        "query": query,
        "shortened": len(raw.strip()) > len(query),
        "groups": groups,
        "found_any": any(group.total for group in groups),
    }
    return render(request, "cases/search.html", context)
