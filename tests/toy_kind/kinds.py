"""The toy kind's one declaration: what the archive needs to list, show, export, map and
search leaflets. Its list and page are the generic ones; its templates are in templates/."""

from cases.browse.exports import Column, case_keys, field, record_columns
from cases.records.kinds import RecordKind, Search
from tests.toy_kind.models import Leaflet


def leaflet_columns() -> list[Column]:
    return [
        field("key"),
        field("title"),
        field("text"),
        Column("cases", case_keys(Leaflet)),
        *record_columns(Leaflet),
    ]


LEAFLET = RecordKind(
    Leaflet,
    segment="leaflets",
    export_columns=leaflet_columns,
    search=Search((("title", "A"), ("text", "B"))),
)
