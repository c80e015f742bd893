"""The organisations' network of a case as it stood in one year, and its drawing.

What counts as "in force in year Y" (the page explains it to readers too):

- a relation dated with a single date ("1988-11", "c. 1990") holds from that date on: it
  counts in every year from the year it starts (its strict start, so "1990~" counts from
  1990), unless one of its two organisations was dissolved before Y;
- a range "A/B" holds within it: from A's year to B's year, both included;
- "A/.." and "A/" (end unknown) hold from A on; "../B" holds until B;
- undated relations are never drawn: they are listed apart.

The drawing is computed here, without randomness, so the same network always gives the
same picture: a force-directed layout started from a circle in key order, then boxes pushed
apart until no two labels overlap.
"""

import math
from dataclasses import dataclass, field
from functools import lru_cache
from types import SimpleNamespace

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from cases.models import CaseStudy, OrganisationRelation

# How each kind of relation is drawn: line pattern, marker at the ends, and in words.
# Colour is never the only carrier: every kind differs by pattern or marker as well.
STYLES = {
    "member-of": {
        "dash": "",
        "double": False,
        "start": "",
        "end": "arrow",
        "colour": "#1a1a1a",
        "legend": _("solid line, filled arrow towards the organisation it belongs to"),
    },
    "part-of": {
        "dash": "",
        "double": False,
        "start": "",
        "end": "diamond",
        "colour": "#4a4a4a",
        "legend": _("solid line, filled diamond at the whole it is part of"),
    },
    "split-from": {
        "dash": "",
        "double": True,
        "start": "",
        "end": "chevron",
        "colour": "#7a2e0e",
        "legend": _("double line, open arrow towards the organisation it split from"),
    },
    "allied-with": {
        "dash": "9 5",
        "double": False,
        "start": "dot",
        "end": "dot",
        "colour": "#1f4e9c",
        "legend": _("dashed line, dots at both ends"),
    },
    "opposed-to": {
        "dash": "2 4",
        "double": False,
        "start": "",
        "end": "bar",
        "colour": "#9b1c1c",
        "legend": _("dotted line, a bar at the organisation opposed"),
    },
    "successor-of": {
        "dash": "10 3 2 3",
        "double": False,
        "start": "",
        "end": "chevron",
        "colour": "#4a4a4a",
        "legend": _("dash-dot line, open arrow towards its predecessor"),
    },
    "funded-by": {
        "dash": "14 4",
        "double": False,
        "start": "",
        "end": "square",
        "colour": "#35612b",
        "legend": _("long dashes, a square at the funder"),
    },
    "partner-of": {
        "dash": "4 3",
        "double": False,
        "start": "ring",
        "end": "ring",
        "colour": "#5b3a8c",
        "legend": _("short dashes, rings at both ends"),
    },
    "other": {
        "dash": "1 3",
        "double": False,
        "start": "",
        "end": "ring",
        "colour": "#6b6b6b",
        "legend": _("fine dotted line, a ring at the related organisation (see the table)"),
    },
}
MARKERS = ("arrow", "diamond", "chevron", "dot", "bar", "square", "ring")

WIDTH = 960  # the drawing's coordinate space; the SVG scales to the page
MARGIN = 16
FONT_SIZE = 13
SMALLEST_TEXT = 12  # on screen, in CSS px: the drawing may shrink until its labels are this
CHAR_WIDTH = 7.1  # a generous average advance at FONT_SIZE, so boxes never clip text
CAPITAL_WIDTH = 9.6
LINE_HEIGHT = 16
GRAVITY = 0.15
LABEL_CHARS = 18  # a label longer than this wraps, on at most three lines


# --- The rule ---------------------------------------------------------------------------


def _year(value):
    return value.year if value else None


def span(relation) -> tuple[int | None, int | None]:
    """The years (first, last) a dated relation holds; None for an open end."""
    date = relation.partial_date
    if date is None:
        return None, None
    if not date.is_interval:
        return date.sort.year, None
    return (date.sort.year if date.start else None), _year(date.latest)


def _dissolved_before(organisation, year: int) -> bool:
    dissolved = organisation.partial_dissolved
    return bool(dissolved and (dissolved.latest or dissolved.sort).year < year)


def in_force(relation, year: int) -> bool:
    """Whether a dated relation holds in ``year`` (see the module's docstring)."""
    date = relation.partial_date
    if relation.undated or date is None:
        return False
    first, last = span(relation)
    if first is None and last is None:
        return False
    if first is not None and first > year:
        return False
    if last is not None and last < year:
        return False
    if not date.is_interval and (
        _dissolved_before(relation.subject, year) or _dissolved_before(relation.object, year)
    ):
        return False
    return True


# --- Reading the records ---------------------------------------------------------------


def _between_organisations_of(case):
    return OrganisationRelation.objects.public().filter(subject__cases=case, object__cases=case)


def public_cases():
    """The public cases in date order, each knowing whether it has a network to draw."""
    relations = _between_organisations_of(OuterRef("pk"))
    return list(
        CaseStudy.objects.public()
        .annotate(has_relations=Exists(relations))
        .order_by("date_sort", "key")
    )


def case_relations(case):
    """Every public relation between two of the case's organisations: one query."""
    return list(
        _between_organisations_of(case)
        .select_related("subject", "object")
        .order_by("date_sort", "subject__name", "kind", "object__name", "pk")
    )


def year_bounds(case) -> tuple[int, int]:
    """The years the year control offers: the case's period."""
    first = _year(case.date_earliest) or _year(case.date_sort) or 1900
    last = _year(case.date_latest) or first
    return first, max(first, last)


def default_year(case, relations) -> int:
    """The year of the case with the most relations in force (the earliest if tied)."""
    first, last = year_bounds(case)
    best, best_count = first, -1
    for year in range(first, last + 1):
        count = sum(1 for relation in relations if in_force(relation, year))
        if count > best_count:
            best, best_count = year, count
    return best


# --- The drawing -----------------------------------------------------------------------


def short_label(organisation) -> str:
    return organisation.acronym or organisation.name


def text_width(line: str) -> float:
    """A generous width for a label: capitals (acronyms) are wider than the average letter."""
    return sum(CAPITAL_WIDTH if char.isupper() else CHAR_WIDTH for char in line)


def wrap(text: str, width: int = LABEL_CHARS, lines: int = 3) -> list[str]:
    words, rows, row = text.split(), [], ""
    for word in words:
        if row and len(row) + 1 + len(word) > width:
            rows.append(row)
            row = word
        else:
            row = f"{row} {word}".strip()
    rows.append(row)
    if len(rows) > lines:
        rows = rows[: lines - 1] + [" ".join(rows[lines - 1 :])]
        rows[-1] = rows[-1][: width - 1].rstrip() + "…"
    return rows


@dataclass
class Node:
    organisation: object
    lines: list[str]
    x: float = 0.0
    y: float = 0.0
    width: float = 0.0
    height: float = 0.0
    degree: int = 0

    @property
    def key(self):
        return self.organisation.key

    @property
    def left(self):
        return self.x - self.width / 2

    @property
    def top(self):
        return self.y - self.height / 2

    @property
    def text_rows(self):
        first = self.y - (len(self.lines) - 1) * LINE_HEIGHT / 2 + FONT_SIZE * 0.35
        return [(line, first + index * LINE_HEIGHT) for index, line in enumerate(self.lines)]


@dataclass
class Edge:
    relation: object
    source: Node
    target: Node
    style: dict
    path: str = ""
    inner_path: str = ""
    lane: float = 0.0

    @property
    def kind(self):
        return self.relation.kind

    @property
    def title(self) -> str:
        """The line's tooltip, as plain text: an SVG <title> holds no markup, so the date's
        marked wording (``Worded``) is given as its text."""
        relation = self.relation
        return (
            f"{relation.subject} — {relation.get_kind_display()} — {relation.object} "
            f"({str(describe(relation))})"
        )


@dataclass
class Drawing:
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    width: int = WIDTH
    height: int = 0

    @property
    def narrowest(self) -> int:
        """The narrowest the drawing is shown, in CSS px: narrower, its labels would be
        under SMALLEST_TEXT; a screen narrower still scrolls it sideways."""
        return math.ceil(self.width * SMALLEST_TEXT / FONT_SIZE)


def _force_layout(nodes, links, width, height):
    """Fruchterman–Reingold from a fixed start: deterministic, no random numbers."""
    count = len(nodes)
    if count == 1:
        nodes[0].x, nodes[0].y = width / 2, height / 2
        return
    radius = min(width, height) * 0.4
    for index, node in enumerate(nodes):
        angle = 2 * math.pi * index / count
        node.x = width / 2 + radius * math.cos(angle)
        node.y = height / 2 + radius * math.sin(angle)
    # Boxes are wide: the ideal distance allows for them, so labels do not crowd a hub.
    box = sum(math.hypot(node.width, node.height) for node in nodes) / count
    # and a sparse year stays compact instead of flying to the corners.
    ideal = max(box * 1.1, min(math.sqrt(width * height / count) * 0.75, box * 1.4))
    iterations = 300 if count <= 80 else 80
    temperature = width / 8
    for _step in range(iterations):
        moves = [[0.0, 0.0] for _node in nodes]
        for i in range(count):
            a = nodes[i]
            for j in range(i + 1, count):
                b = nodes[j]
                dx, dy = a.x - b.x, a.y - b.y
                distance = math.hypot(dx, dy) or 0.01
                # Measured between the boxes' edges (roughly), not their centres.
                clearance = max(
                    distance - (math.hypot(a.width, a.height) + math.hypot(b.width, b.height)) / 4,
                    1.0,
                )
                push = ideal * ideal / clearance
                moves[i][0] += dx / distance * push
                moves[i][1] += dy / distance * push
                moves[j][0] -= dx / distance * push
                moves[j][1] -= dy / distance * push
        for i, j in links:
            a, b = nodes[i], nodes[j]
            dx, dy = a.x - b.x, a.y - b.y
            distance = math.hypot(dx, dy) or 0.01
            pull = distance * distance / ideal
            moves[i][0] -= dx / distance * pull
            moves[i][1] -= dy / distance * pull
            moves[j][0] += dx / distance * pull
            moves[j][1] += dy / distance * pull
        for node, move in zip(nodes, moves, strict=True):
            # A pull to the middle keeps separate groups near the rest, not in a corner.
            move[0] += (width / 2 - node.x) * GRAVITY * ideal / 50
            move[1] += (height / 2 - node.y) * GRAVITY * ideal / 50
            length = math.hypot(*move) or 0.01
            node.x += move[0] / length * min(length, temperature)
            node.y += move[1] / length * min(length, temperature)
        temperature = max(1.0, temperature * 0.985)


def _separate(nodes, gap=14, rounds=200):
    """Push apart boxes that overlap, along the axis where they overlap least."""
    for _round in range(rounds):
        moved = False
        for i, a in enumerate(nodes):
            for b in nodes[i + 1 :]:
                overlap_x = (a.width + b.width) / 2 + gap - abs(a.x - b.x)
                overlap_y = (a.height + b.height) / 2 + gap - abs(a.y - b.y)
                if overlap_x <= 0 or overlap_y <= 0:
                    continue
                moved = True
                if overlap_x < overlap_y:
                    shift = overlap_x / 2 + 0.5
                    sign = 1 if (a.x, a.key) >= (b.x, b.key) else -1
                    a.x += sign * shift
                    b.x -= sign * shift
                else:
                    shift = overlap_y / 2 + 0.5
                    sign = 1 if (a.y, a.key) >= (b.y, b.key) else -1
                    a.y += sign * shift
                    b.y -= sign * shift
        if not moved:
            return


def _fit(nodes, width):
    """Scale and shift the picture into the width; returns the drawing's (width, height).

    Shrinking may bring boxes together again, so they are separated once more; if that
    leaves the picture wider than ``width``, the drawing widens (its SVG still scales to
    the page) rather than letting a box run off the edge.
    """
    left = min(node.left for node in nodes)
    right = max(node.left + node.width for node in nodes)
    top = min(node.top for node in nodes)
    span_x = right - left
    room = width - 2 * MARGIN
    scale = min(1.0, room / span_x) if span_x > 0 else 1.0
    for node in nodes:
        node.x = MARGIN + (node.x - left) * scale + (room - span_x * scale) / 2
        node.y = MARGIN + (node.y - top) * scale
    _separate(nodes)
    left = min(node.left for node in nodes)
    right = max(node.left + node.width for node in nodes)
    top = min(node.top for node in nodes)
    # Centre what fits; otherwise start at the margin and widen the drawing.
    shift_x = (width - (right - left)) / 2 - left if right - left <= room else MARGIN - left
    for node in nodes:
        node.x += shift_x
        node.y += MARGIN - top
    right = max(node.left + node.width for node in nodes)
    bottom = max(node.top + node.height for node in nodes)
    return max(width, math.ceil(right + MARGIN)), math.ceil(bottom + MARGIN)


def _clip(node, from_x, from_y, pad=3.0):
    """Where the segment from (from_x, from_y) to the node's centre meets its box."""
    dx, dy = from_x - node.x, from_y - node.y
    if dx == 0 and dy == 0:
        return node.x, node.y
    half_w, half_h = node.width / 2 + pad, node.height / 2 + pad
    scale = min(
        half_w / abs(dx) if dx else math.inf,
        half_h / abs(dy) if dy else math.inf,
    )
    return node.x + dx * scale, node.y + dy * scale


def _route(edge):
    a, b = edge.source, edge.target
    dx, dy = b.x - a.x, b.y - a.y
    length = math.hypot(dx, dy) or 1.0
    # Relations between the same two organisations bend apart, each in its own lane.
    normal_x, normal_y = -dy / length, dx / length
    control_x = (a.x + b.x) / 2 + normal_x * edge.lane
    control_y = (a.y + b.y) / 2 + normal_y * edge.lane
    start = _clip(a, control_x, control_y)
    end = _clip(b, control_x, control_y, pad=4.0)
    if edge.lane:
        return (
            f"M {start[0]:.1f} {start[1]:.1f} "
            f"Q {control_x:.1f} {control_y:.1f} {end[0]:.1f} {end[1]:.1f}"
        )
    return f"M {start[0]:.1f} {start[1]:.1f} L {end[0]:.1f} {end[1]:.1f}"


@lru_cache(maxsize=256)
def _layout(signature):
    """Node centres and the drawing's size for boxes and links: the costly part, so kept.

    The layout depends only on the boxes (key, size) and the links, so a year whose
    network has not changed is not laid out again.
    """
    boxes, links = signature
    # Stand-ins carry only the key, which breaks ties so the layout is the same every time.
    nodes = [
        Node(SimpleNamespace(key=key), [], width=width, height=height)
        for key, width, height in boxes
    ]
    _force_layout(nodes, links, WIDTH, max(420, int(WIDTH * 0.62)))
    _separate(nodes)
    size = _fit(nodes, WIDTH)
    return tuple((node.x, node.y) for node in nodes), size


def draw(relations) -> Drawing:
    """Lay out the organisations at the ends of ``relations`` (in force) and route edges."""
    organisations = {}
    for relation in relations:
        organisations.setdefault(relation.subject.key, relation.subject)
        organisations.setdefault(relation.object.key, relation.object)
    if not organisations:
        return Drawing(height=0)
    nodes = []
    for key in sorted(organisations):
        organisation = organisations[key]
        lines = wrap(short_label(organisation))
        node = Node(organisation, lines)
        node.width = max(text_width(line) for line in lines) + 16
        node.height = len(lines) * LINE_HEIGHT + 10
        nodes.append(node)
    index = {node.key: position for position, node in enumerate(nodes)}
    ordered = sorted(
        relations, key=lambda r: (r.subject.key, r.object.key, r.kind, r.date or "", r.pk)
    )
    links = sorted({tuple(sorted((index[r.subject.key], index[r.object.key]))) for r in ordered})
    for i, j in links:
        nodes[i].degree += 1
        nodes[j].degree += 1
    signature = (tuple((n.key, n.width, n.height) for n in nodes), tuple(links))
    positions, size = _layout(signature)
    for node, (x, y) in zip(nodes, positions, strict=True):
        node.x, node.y = x, y
    drawing = Drawing(nodes=nodes)
    drawing.width, drawing.height = size
    lanes = {}
    for relation in ordered:
        pair = tuple(sorted((relation.subject.key, relation.object.key)))
        lanes.setdefault(pair, []).append(relation)
    for pair_relations in lanes.values():
        count = len(pair_relations)
        for position, relation in enumerate(pair_relations):
            edge = Edge(
                relation,
                nodes[index[relation.subject.key]],
                nodes[index[relation.object.key]],
                STYLES.get(relation.kind, STYLES["other"]),
            )
            offset = (position - (count - 1) / 2) * 26
            # Keep the bend on the same side whichever way the relation points.
            if relation.subject.key > relation.object.key:
                offset = -offset
            edge.lane = offset
            edge.path = _route(edge)
            drawing.edges.append(edge)
    return drawing


# --- The page's data -------------------------------------------------------------------


@dataclass
class Network:
    case: object
    year: int
    first_year: int
    last_year: int
    in_force: list
    undated: list
    drawing: Drawing

    @property
    def previous_year(self):
        return self.year - 1 if self.year > self.first_year else None

    @property
    def next_year(self):
        return self.year + 1 if self.year < self.last_year else None

    @property
    def years(self):
        return range(self.first_year, self.last_year + 1)


def describe(relation) -> str:
    return relation.date_display


def network(case, year: int, relations) -> Network:
    first, last = year_bounds(case)
    holding = [relation for relation in relations if in_force(relation, year)]
    for relation in holding:
        relation.when = describe(relation)
        relation.style = STYLES.get(relation.kind, STYLES["other"])
    undated = [relation for relation in relations if relation.undated or not relation.date]
    undated.sort(key=lambda r: (r.subject.name, r.kind, r.object.name))
    return Network(case, year, first, last, holding, undated, draw(holding))


def legend():
    return [
        {"kind": kind, "label": label, **STYLES[kind]}
        for kind, label in OrganisationRelation._meta.get_field("kind").choices
    ]
