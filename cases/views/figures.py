"""A case's figures drawn as charts, each with its citation, data table and CSV."""

from django.http import Http404


def case_figures(request, key):
    raise Http404


def chart_csv(request, key, chart):
    raise Http404
