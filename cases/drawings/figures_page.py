"""A case's figures drawn as charts, each with its citation, data table and CSV.

Which charts a case has is the archivists' choice, read from its public ``Chart`` records.
Only public figures (``Figure.objects.public()``) are read; the page costs the same
number of queries whatever the number of figures: one for the case's charts (the case
joined), one for its figures (places joined, each tagged with its chart), their public
citations with sources and authors, and one per printed table rebuilt cell by cell.
"""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from cases.browse import csv_safety
from cases.browse.page_cache import reads_parameters
from cases.citing.csl import short_reference
from cases.drawings import charts
from cases.models import CaseStudy, Chart, Figure
from cases.models.citations import public_citations
from cases.records.wording import Worded, in_records_language
from cases.teaching import reading

NO_NUMBER = "—"


def _english(text: str) -> str:
    """A record's words (a figure as printed, a chart's title) marked as the records'
    language on a page: plain text in Python, marked HTML in a template."""
    return Worded(text, in_records_language(text)) if text else text


def _case_and_charts(key):
    """A public case and its public charts, in the order they are shown.

    The charts bring their case along, so a case with charts is read in one query; only a
    case without any is read on its own.
    """
    case_charts = list(Chart.objects.public().filter(case__key=key).select_related("case"))
    if not case_charts:
        try:
            return CaseStudy.objects.public().get(key=key), []
        except CaseStudy.DoesNotExist:
            raise Http404 from None
    return case_charts[0].case, case_charts


def _figures(case, case_charts):
    queryset = (
        Figure.objects.public()
        .filter(case=case)
        .with_public("place")
        .prefetch_related(public_citations())
    )
    return list(charts.annotate_chart(queryset, case_charts))


def _points_table(drawing):
    """A data table with one row per figure, for a chart that is not a printed table."""
    grouped = any(p.series for p in drawing.points)
    rows = []
    variants = {id(point) for point in drawing.variants}
    for point in sorted(
        [*drawing.points, *drawing.variants],
        key=lambda p: (p.figure.date_sort is None, p.figure.date_sort),
    ):
        figure = point.figure
        rows.append(
            {
                "label": charts.joined([point.panel, point.category]),
                "series": point.series,
                "figure": figure,
                "printed": _english(figure.value_text) if figure.value is not None else NO_NUMBER,
                "printed_as": _english(figure.value_text),
                "unplotted": figure.value is None,
                "variant": id(point) in variants,
            }
        )
    return {"kind": "points", "grouped": grouped, "rows": rows}


def _grid_table(case, chart, figures):
    """The printed table rebuilt from its public cells; a cell with no number shows "—"."""
    grid = Figure.objects.public().filter(case=case).table_grid(chart.table)
    unplotted = {(f.row, f.column): f.value_text for f in figures if f.value is None}
    rows = []
    for row in grid["rows"]:
        cells = []
        for column, printed in zip(grid["columns"], row["cells"], strict=True):
            if (row["label"], column) in unplotted:
                cells.append({"text": NO_NUMBER, "printed": _english(printed)})
            else:
                cells.append({"text": printed, "printed": ""})
        rows.append({"label": row["label"], "cells": cells})
    return {"kind": "grid", "columns": grid["columns"], "rows": rows}


@reads_parameters(reading.BACK_PARAMETER)
def case_figures(request, key):
    case, case_charts = _case_and_charts(key)
    figures = _figures(case, case_charts)
    shown = []
    for chart in case_charts:
        drawn = [f for f in figures if f.chart == chart.slug]
        if not drawn:
            continue
        drawing = charts.draw(chart, drawn)
        table = _grid_table(case, chart, drawn) if chart.printed_table else _points_table(drawing)
        shown.append(
            {
                "chart": chart,
                "title": _english(chart.title),
                "drawing": drawing,
                "table": table,
                "sources": charts.chart_sources(drawn),
            }
        )
    others = [f for f in figures if not f.chart]
    return render(
        request,
        "cases/figures/case_figures.html",
        {
            "case": case,
            "charts": shown,
            "others": others,
            "add_to_lists": reading.lists_for(request.user),
            "link_title": _("%(case)s in figures") % {"case": case.short_title},
        },
    )


CSV_COLUMNS = [
    "drawn",
    "category",
    "series",
    "value",
    "value_as_printed",
    "unit",
    "date",
    "source",
    "locator",
]


def chart_csv(request, key, chart):
    try:
        spec = Chart.objects.public().select_related("case").get(case__key=key, key=chart)
    except Chart.DoesNotExist:
        raise Http404 from None
    case = spec.case
    figures = [f for f in _figures(case, [spec]) if f.chart == spec.slug]
    if not figures:
        raise Http404
    drawing = charts.draw(spec, figures)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{case.key}-{spec.slug}.csv"'
    writer = csv_safety.writer(response)
    writer.writerow(CSV_COLUMNS)
    drawn = [("yes", point) for point in drawing.points]
    for drawn_text, point in [*drawn, *(("no", point) for point in drawing.variants)]:
        figure = point.figure
        citations = list(figure.citations.all())
        writer.writerow(
            [
                drawn_text if figure.value is not None else "no",
                " — ".join(x for x in (point.panel, point.category) if x),
                point.series,
                charts.plain_number(figure.value),
                figure.value_text,
                figure.unit,
                figure.date,
                "; ".join(short_reference(c.source) for c in citations),
                "; ".join(c.locator_display for c in citations),
            ]
        )
    return response
