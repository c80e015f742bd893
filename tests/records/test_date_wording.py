"""Dates as the sources word them: the widest honest date, the source's words beside it.

``VAGUE`` lists the vague expressions of both documents that date a record ("the late
1940s", "early 2004", "dating back to the early 1980s", "by mid-1989"...), each with the
records it dates. Each expression must be in its document; each record must hold the date
we settled on, keep the source's wording where it says more than our words, and span at
least what the wording allows: no date narrower than its source (no "1947/1949" for "the
late 1940s"), no end closed that the source leaves open.
"""

import csv
import datetime
import io
import re
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.utils.html import strip_tags

from cases.drawings import timeline_drawing
from cases.models import Affiliation, Event, Figure, Organisation, OrganisationRelation
from cases.models.dated import AsWrittenField
from cases.records import partial_dates
from tests.ingest.test_source_fidelity import DOCUMENTS, SEEDS

pytestmark = pytest.mark.django_db

D = datetime.date
OPEN = None  # the source gives no end: the record's must stay open
AGUSTINO, GOL = "el-agustino", "el-gol"


@dataclass(frozen=True)
class Vague:
    """A vague expression of a document and the records it dates."""

    said: tuple[tuple[str, str], ...]  # (document, words as printed), lower case
    records: tuple[tuple[type, str], ...]  # (model, key)
    edtf: str  # the date the records hold
    wording: str  # the source's words the records keep ("" where ours say the same)
    earliest: datetime.date  # the span the words allow, at the least
    latest: datetime.date | None
    field: str = "date"


def decade(first: int) -> tuple[datetime.date, datetime.date]:
    return D(first, 1, 1), D(first + 9, 12, 31)


EMPLOYMENT = tuple(
    (Figure, f"el-agustino-{key}")
    for key in ("adequately-employed", "underemployed", "unemployed", "self-employed-informal")
)
CG_COMMISSIONS = (
    (Event, "cg-commissions-formed"),
    (OrganisationRelation, "cg-commission-nutrition-part-of-cg"),
    (OrganisationRelation, "cg-commission-health-part-of-cg"),
    (OrganisationRelation, "cg-commission-employment-part-of-cg"),
    (Figure, "cg-commissions-count"),
)
MID_1989 = (
    (Event, "miades-consolidation-mid-1989"),
    (Event, "plan-integral-de-desarrollo"),
    (OrganisationRelation, "neighbourhood-organisations-in-miades"),
    (Figure, "miades-count-mid-1989"),
    (Figure, "main-ngos-count"),
)

VAGUE = [
    # ---- The El Agustino article
    Vague(
        ((AGUSTINO, "in the late 1980s and early 1990s"),),
        EMPLOYMENT,
        "198X/199X",
        "the late 1980s and early 1990s",
        D(1980, 1, 1),
        D(1999, 12, 31),
    ),
    Vague(
        ((AGUSTINO, "for much of the 1980s"),),
        (
            (Figure, "el-agustino-budget-per-person-min"),
            (Figure, "el-agustino-budget-per-person-max"),
        ),
        "198X",
        "much of the 1980s",
        *decade(1980),
    ),
    Vague(
        ((AGUSTINO, "settlement of the area started in the 1940s"), (AGUSTINO, "in 194~")),
        ((Event, "invasion-cerro-el-agustino"),),
        "194X",
        "",
        *decade(1940),
    ),
    Vague(
        ((AGUSTINO, "began in the late 1940s"),),
        ((Event, "first-neighbourhood-organisations"),),
        "194X",
        "the late 1940s",
        *decade(1940),
    ),
    Vague(
        ((AGUSTINO, "throughout the 1950s and 1960s"),),
        ((Event, "land-occupations-1950s-1960s"),),
        "195X/196X",
        "throughout the 1950s and 1960s",
        D(1950, 1, 1),
        D(1969, 12, 31),
    ),
    Vague(
        ((AGUSTINO, "dating back to the clubes de madres of the 1960s"),),
        ((Event, "clubes-de-madres-1960s"),),
        "196X",
        "",
        *decade(1960),
    ),
    Vague(
        ((AGUSTINO, "dating back to the clubes de madres of the 1960s"),),
        ((Organisation, "clubes-de-madres-el-agustino"),),
        "196X",
        "",
        *decade(1960),
        field="founded",
    ),
    Vague(
        ((AGUSTINO, "in the 1970s, the committees"),),
        ((Event, "zona-plana-restructuring"),),
        "197X",
        "",
        *decade(1970),
    ),
    Vague(
        ((AGUSTINO, "throughout the 1970s"),),
        ((Event, "fedepjup-founded"),),
        "197X",
        "throughout the 1970s",
        *decade(1970),
    ),
    Vague(
        ((AGUSTINO, "throughout the 1970s"),),
        ((Organisation, "fedepjup"),),
        "197X",
        "throughout the 1970s",
        *decade(1970),
        field="founded",
    ),
    Vague(
        ((AGUSTINO, "during the crisis years in the late 1970s"),),
        ((Event, "survival-movements-late-1970s"),),
        "197X",
        "the late 1970s",
        *decade(1970),
    ),
    Vague(
        ((AGUSTINO, "in the late 1970s, nationwide general strikes"),),
        ((Event, "general-strikes-late-1970s"),),
        "197X",
        "the late 1970s",
        *decade(1970),
    ),
    Vague(
        ((AGUSTINO, "presence in el agustino dating back to the early 1980s"),),
        ((Event, "sendero-presence-el-agustino"),),
        "198X/..",
        "dating back to the early 1980s",
        D(1980, 1, 1),
        OPEN,
    ),
    Vague(
        ((AGUSTINO, "during its campaign in the early 1990s"),),
        (
            (Event, "sendero-campaign-early-1990s"),
            (OrganisationRelation, "sendero-opposed-to-popular-organisations"),
        ),
        "199X",
        "the early 1990s",
        *decade(1990),
    ),
    Vague(
        ((AGUSTINO, "by the end of this process, around november 1988"),),
        ((Event, "eight-miades-constituted"), (Figure, "miades-count-1988")),
        "1988-11~",
        "around November 1988",
        D(1988, 10, 1),
        D(1988, 12, 31),
    ),
    Vague(
        ((AGUSTINO, "by mid-1989"),),
        MID_1989,
        "1989-06~",
        "by mid-1989",
        D(1989, 4, 1),
        D(1989, 9, 30),
    ),
    Vague(
        ((AGUSTINO, "shortly after it was founded, three separate commissions"),),
        CG_COMMISSIONS,
        "1990~",
        "shortly after it was founded",
        D(1990, 8, 1),
        D(1990, 12, 31),
    ),
    Vague(
        ((AGUSTINO, "presidential elections of 1990"), (GOL, "he governed until 2000")),
        ((Affiliation, "fujimori-president"),),
        "1990/2000",
        "",
        D(1990, 1, 1),
        D(2000, 12, 31),
    ),
    # ---- The El Gol report
    Vague(
        ((GOL, "in the late 1960s, the peruvian military seized power"),),
        ((Event, "military-takeover-land-reform"),),
        "196X",
        "the late 1960s",
        *decade(1960),
    ),
    Vague(
        ((GOL, "after the military exited power in the 1970s"),),
        ((Event, "military-exit-1970s"),),
        "197X",
        "",
        *decade(1970),
    ),
    Vague(
        ((GOL, "in the 1970s and 1980s"),),
        ((Event, "united-left-front-andes"),),
        "197X/198X",
        "the 1970s and 1980s",
        D(1970, 1, 1),
        D(1989, 12, 31),
    ),
    Vague(
        ((GOL, "during the 1980s and 1990s, peru was torn by political violence"),),
        ((Event, "political-violence-1980s-1990s"),),
        "198X/199X",
        "the 1980s and 1990s",
        D(1980, 1, 1),
        D(1999, 12, 31),
    ),
    Vague(
        ((GOL, "during the 1990s"), (GOL, "he governed until 2000")),
        ((Event, "fujimori-government"),),
        "199X/2000",
        "during the 1990s … until 2000",
        D(1990, 1, 1),
        D(2000, 12, 31),
    ),
    Vague(
        ((GOL, "since 1990, regional authorities had been appointed"),),
        ((Event, "appointed-regional-authorities"),),
        "1990/2002",
        "since 1990",
        D(1990, 1, 1),
        D(2002, 12, 31),
    ),
    Vague(
        ((GOL, "just taking shape in early 2004"),),
        ((Event, "recall-votes-2004"),),
        "2004",
        "early 2004",
        D(2004, 1, 1),
        D(2004, 12, 31),
    ),
]


def squeezed(text: str) -> str:
    """Text without spaces, line breaks or case: OCR breaks words across lines without a
    hyphen ("around No / vember 1988"), so words are compared as one run of letters."""
    return re.sub(r"\s+", "", text.replace("\u00ad", "")).casefold()


@pytest.fixture(scope="module")
def documents():
    if not SEEDS.is_dir():
        pytest.skip(f"source documents not found beside the repository ({SEEDS.name})")
    return {case: squeezed((SEEDS / name).read_text()) for case, name in DOCUMENTS.items()}


def label(vague: Vague) -> str:
    return vague.records[0][1] + ("" if vague.field == "date" else f".{vague.field}")


@pytest.mark.parametrize("vague", VAGUE, ids=label)
def test_each_vague_expression_is_the_documents_and_dates_its_records_no_narrower(
    documents, vague
):
    for document, words in vague.said:
        assert squeezed(words) in documents[document], (document, words)
    for model, key in vague.records:
        record = model.objects.get(key=key)
        date = getattr(record, f"partial_{vague.field}")
        assert date is not None and date.edtf == vague.edtf, (key, date)
        assert getattr(record, f"{vague.field}_as_written") == vague.wording, key
        assert date.as_written == vague.wording
        # The stored bounds, which year filters read, span at least what the words allow.
        earliest = getattr(record, f"{vague.field}_earliest")
        latest = getattr(record, f"{vague.field}_latest")
        assert earliest is not None and earliest <= vague.earliest, (key, earliest)
        if vague.latest is OPEN:
            assert latest is None and date.end_open, (key, "an open end stays open")
        else:
            assert latest is not None and latest >= vague.latest, (key, latest)


def test_no_vague_period_is_a_made_up_span_of_years():
    """The old habit: "the late 1970s" entered as 1977/1979. A date whose wording says
    early, mid or late a decade names the decade, not three years of it."""
    offenders = []
    for model, field in wording_fields():
        for record in model.objects.exclude(**{field.name: ""}):
            wording = getattr(record, field.name)
            date = getattr(record, f"partial_{field.name.removesuffix('_as_written')}")
            if re.search(r"\b(early|mid|late)\b.*\d0s", wording) and not date.unspecified:
                offenders.append((record.key, wording, date.edtf))
    assert offenders == []


def wording_fields():
    return [
        (model, field)
        for model in apps.get_app_config("cases").get_models()
        if not model.__name__.startswith("Historical")
        for field in model._meta.concrete_fields
        if isinstance(field, AsWrittenField)
    ]


def test_every_wording_is_the_documents_own_words(documents):
    """A wording holds the source's words, as printed ("…" where words are left out)."""
    everything = "".join(documents.values())
    strays = []
    for model, field in wording_fields():
        for record in model.objects.exclude(**{field.name: ""}):
            for piece in getattr(record, field.name).split("…"):
                if squeezed(piece) not in everything:
                    strays.append((record.key, field.name, piece))
    assert strays == []


# ---- Where the wording shows


def test_a_vague_date_shows_the_sources_words_beside_ours_on_its_page(client):
    page = client.get("/events/first-neighbourhood-organisations/").content.decode()
    assert "“the late 1940s” (the 1940s)" in page
    assert "1947" not in page
    recall = client.get("/events/recall-votes-2004/").content.decode()
    assert "“early 2004” (2004)" in recall
    assert "February 2004" not in recall


def test_an_open_period_stays_open_on_its_page(client):
    page = client.get("/events/sendero-presence-el-agustino/").content.decode()
    assert "“dating back to the early 1980s” (from the 1980s)" in page


def test_fujimoris_presidency_ends_in_2000(client):
    page = client.get("/people/alberto-fujimori/").content.decode()
    assert "1990 – 2000" in page
    assert "end unknown" not in page


def test_list_rows_show_the_wording_and_year_filters_find_vague_dates(client):
    # "The late 1940s" may mean 1941: the decade's bounds are searched, not 1947-1949.
    response = client.get("/events/", {"year_from": 1941, "year_to": 1941})
    shown = {event.key for event in response.context["page_obj"].object_list}
    assert {"first-neighbourhood-organisations", "invasion-cerro-el-agustino"} <= shown
    row = response.content.decode()
    assert "“the late 1940s” (the 1940s)" in strip_tags(row)
    # The source's words are marked as English, for a page in another language.
    assert '“<span lang="en">the late 1940s</span>” (the 1940s)' in row
    # A period the source leaves open is found in any later year.
    later = client.get(
        "/events/", {"organisation": "sendero-luminoso", "year_from": 1992, "year_to": 1992}
    )
    assert "sendero-presence-el-agustino" in {
        event.key for event in later.context["page_obj"].object_list
    }


def test_the_export_has_the_sources_wording_as_a_column(client):
    response = client.get("/events/export.csv", {"year_from": 1940, "year_to": 1949})
    body = b"".join(response.streaming_content).decode("utf-8").removeprefix("\ufeff")
    rows = {row["key"]: row for row in csv.DictReader(io.StringIO(body))}
    row = rows["first-neighbourhood-organisations"]
    assert (row["date"], row["date_in_words"], row["date_as_written"]) == (
        "194X",
        "the 1940s",
        "the late 1940s",
    )
    assert rows["invasion-cerro-el-agustino"]["date_as_written"] == ""
    organisations = client.get("/organisations/export.csv", {"q": "FEDEPJUP"})
    body = b"".join(organisations.streaming_content).decode("utf-8").removeprefix("\ufeff")
    fedepjup = next(row for row in csv.DictReader(io.StringIO(body)) if row["key"] == "fedepjup")
    assert fedepjup["founded_as_written"] == "throughout the 1970s"


def test_the_figures_page_shows_the_employment_figures_period_as_worded(client):
    page = client.get("/cases/el-agustino/figures/").content.decode()
    assert "“the late 1980s and early 1990s” (the 1980s – the 1990s)" in strip_tags(page)


def test_timelines_draw_vague_dates_as_bands_with_their_wording(client):
    """A decade, an approximate date and a period bounded by decades are pale dashed bands
    over every day they may mean; their marks name the source's words."""
    for text in ("194X", "1989-06~", "198X/199X", "198X/..", "199X/2000", "2004"):
        assert timeline_drawing.shape_of(partial_dates.parse(text)) == "band", text
    assert timeline_drawing.shape_of(partial_dates.parse("1990-09/1991-11-06")) == "span"
    assert timeline_drawing.shape_of(partial_dates.parse("1991-11-06")) == "dot"
    page = client.get("/cases/el-agustino/").content.decode()
    marks = re.findall(r'data-shape="(\w+)">\s*<title[^>]*>([^<]*)</title>', page)
    shapes = {title: shape for shape, title in marks}
    sendero = next(t for t in shapes if t.startswith("Sendero Luminoso active in El Agustino"))
    assert shapes[sendero] == "band"
    assert "“dating back to the early 1980s” (from the 1980s)" in sendero
    listed = next(t for t in shapes if t.startswith("Formation of the first neighbourhood"))
    assert shapes[listed] == "band" and "“the late 1940s”" in listed
