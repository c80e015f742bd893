"""Both cases as loaded from fixtures/: every record cited, speakers, dates, relations."""

import unicodedata
from pathlib import Path

import pytest
import yaml
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command

from cases.models import (
    Affiliation,
    CaseStudy,
    Citation,
    Figure,
    Interview,
    Organisation,
    OrganisationRelation,
    Person,
    Quote,
)
from cases.models.record import ArchiveRecord

pytestmark = pytest.mark.django_db

TABLES = Path(__file__).parents[1] / "data" / "el_gol_tables.yaml"


def archive_models():
    from django.apps import apps

    return [
        m
        for m in apps.get_app_config("cases").get_models()
        if issubclass(m, ArchiveRecord) and not m._meta.abstract
    ]


def plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def test_both_cases_are_loaded():
    assert set(CaseStudy.objects.values_list("key", flat=True)) >= {"el-agustino", "el-gol"}


@pytest.mark.parametrize("model", archive_models(), ids=lambda m: m.__name__)
def test_every_record_cites_a_source_with_a_locator(model):
    cited = set(
        Citation.objects.filter(content_type=ContentType.objects.get_for_model(model)).values_list(
            "object_id", flat=True
        )
    )
    uncited = [r.key for r in model.objects.exclude(key__startswith="test-") if r.pk not in cited]
    assert uncited == []
    assert not Citation.objects.filter(
        page="", section="", footnote="", table="", box="", appendix="", locator=""
    ).exists()


def test_every_quote_has_a_cited_speaker():
    for quote in Quote.objects.select_related("speaker"):
        assert quote.speaker.citations.exists(), quote.key
        assert quote.text.strip(), quote.key


def test_every_interview_is_dated_and_has_an_interviewee():
    for interview in Interview.objects.all():
        assert interview.date, f"{interview.key} has no date"
        assert interview.interviewees.exists(), interview.key


@pytest.mark.parametrize("model", [Affiliation, OrganisationRelation])
def test_every_relation_is_dated_or_explicitly_undated(model):
    assert not model.objects.filter(date="", undated=False).exists()


def names(case_key):
    people = Person.objects.filter(cases__key=case_key).values_list("name", flat=True)
    return {plain(n) for n in people}


def acronyms(case_key):
    organisations = Organisation.objects.filter(cases__key=case_key)
    return {plain(o.acronym or o.name) for o in organisations} | {
        plain(o.name) for o in organisations
    }


@pytest.mark.parametrize(
    ("case_key", "people"),
    [
        (
            "el-agustino",
            [
                "Jorge Quintanilla",
                "Victor Abregu",
                "Francisco Chamberlain",
                "Julio Casanova",
                "Jorge Atuncar",
                "Yolanda Maravi",
                "Maria Elena Moyano",
                "Alfonso Barrantes",
                "Calderon",
                "Valdeavellano",
            ],
        ),
        (
            "el-gol",
            [
                "Michel Portier",
                "Paulina Romero",
                "Walter Alejos",
                "Ernesto Herrera",
                "Martin Soto",
            ],
        ),
    ],
)
def test_the_named_people_of_each_case_are_there(case_key, people):
    present = names(case_key)
    missing = [p for p in people if not any(plain(p) in n for n in present)]
    assert missing == []


@pytest.mark.parametrize(
    ("case_key", "organisations"),
    [
        (
            "el-agustino",
            [
                "IU",
                "PUM",
                "PMR",
                "UNIR",
                "FOCEP",
                "PCP",
                "MAS",
                "APRA",
                "FODECO",
                "PRODES",
                "SEA",
                "CTIC",
                "CENDIPP",
                "CENCA",
                "FEDEPJUP",
            ],
        ),
        (
            "el-gol",
            [
                "SER",
                "CADEP",
                "Calandria",
                "APRODEH",
                "IPAZ",
                "ONPE",
                "REMURPE",
                "AMSAT",
                "ANMIN",
                "DFID",
                "FONCOMUN",
                "FONCODES",
                "PRONA",
                "MIMDES",
                "APRA",
                "Minority Rights Group International",
                "San Gabán hydroelectric company",
                "Puneño identity movement",
            ],
        ),
    ],
)
def test_the_named_organisations_of_each_case_are_there(case_key, organisations):
    present = acronyms(case_key)
    missing = [o for o in organisations if plain(o) not in present]
    assert missing == []


def test_each_case_has_quotes_interviews_figures_and_events():
    # Floors well under what the documents hold (El Agustino quotes eight speakers' words).
    for case in CaseStudy.objects.filter(key__in=["el-agustino", "el-gol"]):
        assert case.quotes.count() >= 5, case.key
        assert case.interviews.count() >= 5, case.key
        assert case.figures.count() >= 10, case.key
        assert case.events.count() >= 10, case.key


def test_every_el_agustino_footnoted_interview_cites_its_footnote():
    interviews = Interview.objects.filter(case__key="el-agustino", series__isnull=False)
    assert interviews.count() >= 10
    for interview in interviews:
        assert interview.citations.exclude(footnote="").exists(), interview.key


def test_archive_stats_prints_counts_per_case(capsys):
    call_command("archive_stats")
    out = capsys.readouterr().out
    assert "El Agustino (el-agustino)" in out
    assert "(el-gol)" in out
    quotes = CaseStudy.objects.get(key="el-gol").quotes.count()
    assert f"  {'quotes':<24}{quotes:>6}" in out


@pytest.mark.parametrize("table", ["Table 2", "Table 3", "Appendix 1"])
def test_el_gol_tables_rebuild_from_figures_exactly_as_printed(table):
    printed = yaml.safe_load(TABLES.read_text())[table]
    rebuilt = Figure.objects.filter(case__key="el-gol").table_grid(table)
    assert rebuilt["columns"] == printed["columns"]
    assert [r["label"] for r in rebuilt["rows"]] == [r["label"] for r in printed["rows"]]
    for got, expected in zip(rebuilt["rows"], printed["rows"], strict=True):
        assert got["cells"] == expected["cells"], got["label"]
