"""Charts of a case's figures: how each is drawn, as inline SVG.

Which figures a chart draws and how they group is the archivists' choice, kept as
``Chart`` records (``cases.models.charts``): figures chosen by table or measure; grouped
into categories and series (and, for small multiples, panels with a scale of their own)
by one of the ``GROUPINGS`` below; laid out as ``columns`` (one series along the x axis,
e.g. years) or ``bars`` (horizontal bars, each labelled in words beside it, so colour
never carries the meaning alone).

The view fetches a case's public figures once, tagged with the chart each belongs to
(``annotate_chart``); everything here works on those figures in memory.
"""

import math
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Case, CharField, Value, When
from django.utils.formats import number_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from cases.citing.csl import short_reference
from cases.models import Chart, Grouping, Unit
from cases.records import locators, wording
from cases.records.wording import RECORDS_LANGUAGE, Worded, in_records_language


def _date(figure) -> str:
    return figure.date_display


def _year(figure) -> str:
    """An election's or a year's figures share one column, however precisely each is dated."""
    return str(figure.date_sort.year) if figure.date_sort else figure.date_display


def _row(figure) -> str:
    return figure.row


def _column(figure) -> str:
    return figure.column


def _nothing(figure) -> str:
    return ""


def _unit(figure) -> str:
    """Numbers in different units never share an axis: one panel per unit."""
    return "" if figure.unit == Unit.PERCENT else _unit_name(figure.unit)


# What a chart's ``category``, ``series`` or ``panel`` names, read off one figure.
GROUPINGS = {
    Grouping.DATE: _date,
    Grouping.YEAR: _year,
    Grouping.ROW: _row,
    Grouping.COLUMN: _column,
    Grouping.UNIT: _unit,
    Grouping.NOTHING: _nothing,
}


# The groupings whose values are the records' own words (a printed table's row and column
# labels, in English); the others are the interface's (a unit, a date in words, a year).
RECORD_GROUPINGS = (Grouping.ROW, Grouping.COLUMN)


def marked(value: str, grouping: str) -> str:
    """A grouping's value for a page: a row's or a column's label marked as the records'
    language (a ``Worded``: plain text in Python, marked HTML in a template)."""
    if value and grouping in RECORD_GROUPINGS:
        return Worded(str(value), in_records_language(str(value)))
    return value


def joined(parts, separator: str = " — ") -> str:
    """Parts (each plain or ``Worded``) joined, each keeping its marking."""
    parts = [part for part in parts if part]
    return Worded(
        separator.join(str(part) for part in parts),
        mark_safe(separator.join(conditional_escape(part) for part in parts)),  # noqa: S308
    )


def _capitalised(value: str, grouping: str) -> str:
    """``capfirst`` keeping the value's marking; the sources' own wording stays as written."""
    if grouping in RECORD_GROUPINGS:
        return marked(capfirst(str(value)), grouping)
    if isinstance(value, Worded):
        if value.html.startswith("<"):
            return value
        return Worded(capfirst(str(value)), mark_safe(capfirst(value.html)))  # noqa: S308
    return capfirst(value)


def in_svg(value: str) -> str:
    """A marked value for an SVG <text>: its <span>s are <tspan>s there (an HTML <span>
    would end the SVG)."""
    if not isinstance(value, Worded):
        return value
    html = str(value.html).replace("<span ", "<tspan ").replace("</span>", "</tspan>")
    return Worded(str(value), mark_safe(html))  # noqa: S308 - the marked HTML, renamed


def charts_for(case_key: str) -> list[Chart]:
    """A case's public charts, in the order its figures page shows them."""
    return list(Chart.objects.public().filter(case__key=case_key))


def annotate_chart(queryset, charts):
    """Tag each figure with the slug of the first chart that draws it ("" for none)."""
    whens = [When(chart.figures, then=Value(chart.slug)) for chart in charts]
    if not whens:
        return queryset.annotate(chart=Value("", output_field=CharField()))
    return queryset.annotate(chart=Case(*whens, default=Value(""), output_field=CharField()))


# Numbers -------------------------------------------------------------------------------


def plain_number(value: Decimal | None) -> str:
    """The value as a plain number for machines: "26.5", "20153", "" for none."""
    if value is None:
        return ""
    return format(value.normalize(), "f")


def display_number(value: Decimal, unit: str) -> str:
    text = number_format(value.normalize(), use_l10n=True, force_grouping=True)
    return f"{text}%" if unit == Unit.PERCENT else text


def nice_ceiling(value: float) -> tuple[float, float]:
    """A round upper bound for an axis, and its tick step: 53 → (60, 10)."""
    if value <= 0:
        return 1.0, 1.0
    raw_step = value / 5
    magnitude = 10 ** math.floor(math.log10(raw_step))
    for multiple in (1, 2, 2.5, 5, 10):
        step = multiple * magnitude
        if step >= raw_step:
            break
    return math.ceil(value / step - 1e-9) * step, step


# Sources -------------------------------------------------------------------------------


# The part of a locator that names a chart's source, the first one given, and the query
# parameter (if any) that opens the source's page at it.
CHART_LOCATOR_PARTS = (
    ("table", ""),
    ("appendix", ""),
    ("footnote", "footnote"),
    ("page", "at"),
    ("section", ""),
)


def short_locator(citation) -> tuple[str, str]:
    """The part of a locator that names the chart's source, and its link query."""
    for part, parameter in CHART_LOCATOR_PARTS:
        value = getattr(citation, part)
        if value:
            query = "?" + urlencode({parameter: value}) if parameter else ""
            return locators.words(citation, (part,)), query
    return citation.locator_display, ""


def _reference(source) -> str:
    """The source's short reference, marked as a work's reference (``translate="no"``);
    "n.d." for an undated one is the interface's, so it stays outside the mark."""
    reference = short_reference(source)
    undated = _("n.d.")
    if source.partial_issued or not reference.endswith(undated):
        return wording.name(reference)
    who = reference.removesuffix(undated).rstrip()
    if not who:
        return reference
    return Worded(reference, format_html('<span translate="no">{}</span> {}', who, undated))


def chart_sources(figures) -> list[dict]:
    """The distinct sources and locators of a chart's figures, in order of first use."""
    seen = {}
    for figure in figures:
        citations = list(figure.citations.all())
        # A table cell is cited to its table; the prose repeating it adds nothing here.
        printed_in = [c for c in citations if c.table or c.appendix]
        for citation in printed_in or citations:
            locator, query = short_locator(citation)
            entry = (citation.source_id, locator)
            if entry not in seen:
                seen[entry] = {
                    "source": citation.source,
                    "reference": _reference(citation.source),
                    "locator": locator,
                    "url": citation.source.get_absolute_url() + query,
                }
    return list(seen.values())


# Geometry ------------------------------------------------------------------------------

WIDTH = 760
LABEL_X = 8
PLOT_X0_MIN = 160
PLOT_X1 = WIDTH - 110
PLOT_MIN = 320  # the narrowest the bars' area may get
VALUE_ROOM = 110  # beside the longest bar, for its printed value
CHAR_WIDTH = 7.8  # a generous average advance of the 15px serif labels
BAR = 22
BAR_GAP = 6
GROUP_GAP = 14
# Fills with at least 3:1 contrast on the page's paper colour; the second series is also
# hatched, and every bar is labelled in words, so colour is never the only cue.
STYLES = [
    {"fill": "#7a2e0e", "stroke": "#7a2e0e", "pattern": ""},
    {"fill": "#1f4e9c", "stroke": "#1f4e9c", "pattern": "hatch"},
    {"fill": "#2e5e2a", "stroke": "#2e5e2a", "pattern": "dots"},
]


@dataclass
class Point:
    figure: object
    panel: str
    category: str
    series: str


@dataclass
class Drawing:
    chart: Chart
    points: list
    width: int = WIDTH
    height: int = 0
    marks: list = field(default_factory=list)
    texts: list = field(default_factory=list)
    lines: list = field(default_factory=list)
    series: list = field(default_factory=list)
    description: str = ""
    # The description's language when the records' words (row and column labels) fill it;
    # "" when it is the page's (years, dates in words, units).
    description_lang: str = ""
    # Other printings of a number already drawn (the same result rounded elsewhere in the
    # source): listed in the data table and the CSV, never drawn twice.
    variants: list = field(default_factory=list)


def _ordered(values):
    return list(dict.fromkeys(values))


def _style(index: int, slug: str) -> dict:
    style = dict(STYLES[index % len(STYLES)])
    style["fill_ref"] = f"url(#{slug}-{style['pattern']})" if style["pattern"] else style["fill"]
    return style


def _label(point: Point) -> str:
    """The point's place in words, as plain text (for an attribute, a description, a CSV)."""
    return " — ".join(str(part) for part in (point.panel, point.category, point.series) if part)


def _unit_name(unit: str) -> str:
    return str(Unit(unit).label) if unit in Unit.values else unit


def _precision(figure) -> int:
    """How many decimals the printed number carries: 26.5 is more precise than 27."""
    if figure.value is None:
        return -1
    return max(0, -figure.value.normalize().as_tuple().exponent)


def _one_per_place(points):
    """One point per (panel, category, series): the most precise printing, the rest aside."""
    kept, variants = {}, []
    for point in points:
        slot = (point.panel, point.category, point.series)
        other = kept.get(slot)
        if other is None:
            kept[slot] = point
        elif _precision(point.figure) > _precision(other.figure):
            variants.append(other)
            kept[slot] = point
        else:
            variants.append(point)
    return list(kept.values()), variants


def draw(chart: Chart, figures) -> Drawing:
    points, variants = _one_per_place(
        Point(
            figure=f,
            panel=marked(GROUPINGS[chart.panel](f), chart.panel),
            category=marked(GROUPINGS[chart.category](f), chart.category),
            series=marked(GROUPINGS[chart.series](f), chart.series),
        )
        for f in figures
    )
    drawing = Drawing(chart=chart, points=points, variants=variants)
    drawing.series = [
        {"name": name, **_style(i, chart.slug)}
        for i, name in enumerate(_ordered(p.series for p in points))
        if name
    ]
    if chart.layout == "columns":
        _draw_columns(drawing)
    else:
        _draw_bars(drawing)
    drawing.description = describe(drawing)
    if {chart.panel, chart.category, chart.series} & set(RECORD_GROUPINGS):
        drawing.description_lang = RECORDS_LANGUAGE
    return drawing


def _draw_columns(drawing: Drawing) -> None:
    """One series along the x axis (years), values up the y axis with ticks and grid."""
    top, bottom, x0, x1 = 30, 250, 64, WIDTH - 16
    points = drawing.points
    plotted = [float(p.figure.value) for p in points if p.figure.value is not None]
    low = min([0.0, *plotted])
    high, step = nice_ceiling(max([0.0, *plotted]))
    unit = points[0].figure.unit if points else ""

    def y(v: float) -> float:
        return bottom - (v - low) / (high - low) * (bottom - top)

    tick = low
    while tick <= high + 1e-9:
        label = display_number(Decimal(str(tick)), unit)
        drawing.lines.append({"x1": x0, "y1": y(tick), "x2": x1, "y2": y(tick), "kind": "grid"})
        drawing.texts.append({"x": x0 - 8, "y": y(tick) + 5, "anchor": "end", "text": label})
        tick += step
    if unit != Unit.PERCENT:
        drawing.texts.append({"x": 0, "y": 14, "anchor": "start", "text": _unit_name(unit)})
    slot = (x1 - x0) / max(len(points), 1)
    width = min(72, slot * 0.6)
    style = _style(0, drawing.chart.slug)
    for i, point in enumerate(points):
        centre = x0 + slot * (i + 0.5)
        value = point.figure.value
        drawing.texts.append(
            {"x": centre, "y": bottom + 22, "anchor": "middle", "text": in_svg(point.category)}
        )
        if value is None:
            drawing.texts.append(
                {"x": centre, "y": bottom - 6, "anchor": "middle", "text": _("not plotted")}
            )
            continue
        v = float(value)
        drawing.marks.append(
            {
                "x": centre - width / 2,
                "y": min(y(v), y(0)),
                "width": width,
                "height": abs(y(0) - y(v)),
                "value": plain_number(value),
                "label": _label(point),
                **style,
            }
        )
        drawing.texts.append(
            {
                "x": centre,
                "y": min(y(v), y(0)) - 7,
                "anchor": "middle",
                "text": display_number(value, point.figure.unit),
                "kind": "value",
            }
        )
    drawing.lines.append({"x1": x0, "y1": y(0), "x2": x1, "y2": y(0), "kind": "axis"})
    drawing.height = bottom + 36


def _draw_bars(drawing: Drawing) -> None:
    """Horizontal bars: panels (own scale) > categories > series, each bar named in words."""
    y = 4
    points = drawing.points
    series_index = {s["name"]: i for i, s in enumerate(drawing.series)}
    # The bars start after the longest label, so no label runs into a bar; a long label
    # widens the drawing rather than squeezing the bars.
    longest = max(
        (len(p.series) + 2 if p.series else len(p.category) for p in points),
        default=0,
    )
    plot_x0 = max(PLOT_X0_MIN, LABEL_X + longest * CHAR_WIDTH + 16)
    plot_x1 = max(plot_x0 + PLOT_MIN, PLOT_X1)
    drawing.width = int(plot_x1 + VALUE_ROOM)
    for panel in _ordered(p.panel for p in points):
        in_panel = [p for p in points if p.panel == panel]
        plotted = [float(p.figure.value) for p in in_panel if p.figure.value is not None]
        low = min([0.0, *plotted])
        high, _step = nice_ceiling(max([0.0, *plotted]))
        if in_panel[0].figure.unit == Unit.PERCENT and low >= 0 and high <= 100:
            high = 100.0  # shares on one scale, nought to a hundred: panels compare at a glance

        def x(v: float, low=low, high=high) -> float:
            return plot_x0 + (v - low) / (high - low) * (plot_x1 - plot_x0)

        if panel:
            unit = _unit_name(in_panel[0].figure.unit)
            heading = _capitalised(panel, drawing.chart.panel)
            if panel != unit and not panel.endswith(")"):
                heading = joined([heading, f"({unit})"], " ")
            drawing.texts.append(
                {
                    "x": 0,
                    "y": y + 18,
                    "anchor": "start",
                    "text": in_svg(heading),
                    "kind": "panel",
                }
            )
            y += 30
        panel_top = y
        for category in _ordered(p.category for p in in_panel):
            in_group = [p for p in in_panel if p.category == category]
            grouped = any(p.series for p in in_group)
            if grouped:
                drawing.texts.append(
                    {
                        "x": 0,
                        "y": y + 16,
                        "anchor": "start",
                        "text": in_svg(category),
                        "kind": "group",
                    }
                )
                y += 24
            for point in in_group:
                label = point.series if grouped else point.category
                drawing.texts.append(
                    {
                        "x": LABEL_X + (12 if grouped else 0),
                        "y": y + BAR / 2 + 5,
                        "anchor": "start",
                        "text": in_svg(label),
                    }
                )
                value = point.figure.value
                if value is None:
                    drawing.texts.append(
                        {
                            "x": x(0) + 6,
                            "y": y + BAR / 2 + 5,
                            "anchor": "start",
                            "text": _("not plotted"),
                        }
                    )
                else:
                    v = float(value)
                    style = _style(series_index.get(point.series, 0), drawing.chart.slug)
                    drawing.marks.append(
                        {
                            "x": min(x(v), x(0)),
                            "y": y,
                            "width": max(abs(x(v) - x(0)), 1),
                            "height": BAR,
                            "value": plain_number(value),
                            "label": _label(point),
                            **style,
                        }
                    )
                    drawing.texts.append(
                        {
                            "x": max(x(v), x(0)) + 6,
                            "y": y + BAR / 2 + 5,
                            "anchor": "start",
                            "text": display_number(value, point.figure.unit),
                            "kind": "value",
                        }
                    )
                y += BAR + BAR_GAP
            y += GROUP_GAP - BAR_GAP if grouped else 0
        drawing.lines.append(
            {"x1": x(0), "y1": panel_top - 2, "x2": x(0), "y2": y - BAR_GAP + 2, "kind": "axis"}
        )
        y += GROUP_GAP
    drawing.height = int(y)


def describe(drawing: Drawing) -> str:
    """The chart in words: every number, in the order drawn."""
    parts = []
    for point in drawing.points:
        value = point.figure.value
        number = (
            display_number(value, point.figure.unit)
            if value is not None
            else _("no number (“%(printed)s”)") % {"printed": point.figure.value_text}
        )
        parts.append(f"{_label(point)}: {number}")
    return "; ".join(parts) + "."
