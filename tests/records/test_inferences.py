"""Editorial inferences: what the archive adds to its sources is flagged, with its reasons,
on the record's page and in its CSV row; English names the sources do not give are marked
as the archive's translation; the audit's wordings say what the documents say."""

import csv
import io

import pytest
from django.utils.html import escape

from cases.models import Citation, Organisation, Person, Quote
from cases.records import kinds

pytestmark = pytest.mark.django_db


def flagged() -> list[Citation]:
    return list(Citation.objects.public().exclude(inference="").select_related("content_type"))


def csv_rows(client, kind) -> dict[str, dict]:
    response = client.get(f"/{kind.segment}/export.csv")
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8").removeprefix("\ufeff")
    return {row["key"]: row for row in csv.DictReader(io.StringIO(body))}


# The inferences the audit found stated as facts: record key, the part inferred.
AUDITED = [
    ("paulina-romero", "identification"),
    ("paulina-sell-vote-one-sol", "speaker"),
    ("abregu-promotores-intermediaries", "interview"),
    ("el-gol-gl-mistis", "gloss"),
    ("el-gol-gl-rondas", "definition"),
]


@pytest.mark.parametrize(("key", "part"), AUDITED)
def test_the_audited_inferences_are_flagged(key, part):
    keys = {
        (citation.record.key, citation.inferred_field)
        for citation in flagged()
        if citation.record is not None
    }
    assert (key, part) in keys


def test_every_flagged_record_shows_the_flag_on_its_page_and_in_its_csv_row(client):
    citations = flagged()
    assert len(citations) >= len(AUDITED)
    exports = {}
    for citation in citations:
        record = citation.record
        kind = kinds.kind_of(record)
        # A flag on a record without a page of its own would be shown nowhere.
        assert kind.has_pages, f"{record.key}: flagged, but {kind} has no page"
        page = client.get(record.get_absolute_url()).content.decode()
        assert f'id="inference-{citation.pk}"' in page, record.key
        assert escape(citation.inference_label) in page, record.key
        assert escape(citation.rationale) in page, record.key
        if citation.inferred_field:  # marked beside the part it qualifies, linking to it
            assert f'href="#inference-{citation.pk}"' in page, record.key
        if kind not in exports:
            exports[kind] = csv_rows(client, kind)
        cell = exports[kind][record.key]["inferences"]
        field = f" ({citation.inferred_field})" if citation.inferred_field else ""
        assert f"{citation.inference}{field}: {citation.rationale}" in cell, record.key


def test_an_unflagged_record_has_an_empty_inferences_cell(client):
    rows = csv_rows(client, kinds.kind_of(Quote))
    assert rows["maravi-promotoras-misinform"]["inferences"] == ""


def test_an_inference_without_its_reasoning_is_refused():
    from django.core.exceptions import ValidationError

    citation = Citation.objects.exclude(inference="").first()
    citation.rationale = ""
    with pytest.raises(ValidationError):
        citation.full_clean()


def test_the_abregu_quote_keeps_the_year_its_footnote_gives():
    quote = Quote.objects.get(key="abregu-promotores-intermediaries")
    assert quote.date == "1992"


def test_jorge_del_castillo_is_apras_candidate_not_the_winner():
    description = Person.objects.get(key="jorge-del-castillo").description
    assert "candidate" in description
    assert "won" not in description


def test_prodes_staff_came_mostly_from_outside():
    assert "most" in Organisation.objects.get(key="prodes").description
    assert "many" not in Organisation.objects.get(key="prodes").description


@pytest.mark.parametrize(
    ("key", "ours"),
    [
        ("comedor-sembrando-la-alegria", True),  # "Sowing Joy": not in the article
        ("pum", True),
        ("iu-comite-directivo-nacional", False),  # the article's "national coordinating ..."
        ("onpe", False),  # the El Gol report's own English name
    ],
)
def test_an_english_name_the_source_does_not_give_is_marked_as_ours(client, key, ours):
    organisation = Organisation.objects.get(key=key)
    page = client.get(organisation.get_absolute_url()).content.decode()
    assert ('class="translation-mark"' in page) is ours
    row = csv_rows(client, kinds.kind_of(Organisation))[key]
    assert row["gloss_in_source"] == ("no" if ours else "yes")


def test_the_national_committee_is_glossed_in_the_articles_words():
    gloss = Organisation.objects.get(key="iu-comite-directivo-nacional").gloss
    assert "national coordinating committee" in gloss
