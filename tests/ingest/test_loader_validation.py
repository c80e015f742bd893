"""load_archive refuses a bad file before writing anything: its shape by the case file's
schema, its values by the models' forms, in the words the admin uses for the same value."""

import copy

import pytest
import yaml
from django.contrib import admin
from django.core.management import CommandError

from cases.models import Citation, Interview, Person, Place

from .test_loader import CASE, load, write

pytestmark = pytest.mark.django_db


def refused(tmp_path, capsys, document) -> str:
    """Load a bad file: it must be refused whole, with nothing of it written."""
    with pytest.raises(CommandError, match="refused: case.yaml"):
        load(write(tmp_path, document))
    assert not Person.objects.filter(key__startswith="ld-").exists()
    assert not Citation.objects.filter(source__key="ld-src").exists()
    return capsys.readouterr().err


def changed(section, index, **change):
    document = copy.deepcopy(CASE)
    record = document[section] if index is None else document[section][index]
    record.update(change)
    return document


# -- the file's shape -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("document", "message"),
    [
        (
            changed("people", 0, nickname="Pepe"),
            "people[0] 'ld-mayor': unknown field(s) nickname; allowed: ",
        ),
        (
            changed("people", 0, citations=[{"source": "ld-src", "paragraph": "2"}]),
            "people[0] 'ld-mayor': citations[0]: unknown field(s) paragraph; allowed: appendix,",
        ),
        (
            CASE | {"persons": [{"key": "ld-someone"}]},
            "case.yaml: unknown section(s) persons (known: affiliations, case,",
        ),
        (
            CASE
            | {"shared": {"rivers": [{"key": "rimac", "citations": CASE["case"]["citations"]}]}},
            "shared: unknown kind(s) rivers (known: ",
        ),
        (
            changed("people", 1, anonymous="yes"),
            "people[1] 'ld-anon': anonymous: expected true or false, got 'yes'",
        ),
        (
            changed("interviews", 0, taped="maybe"),
            "interviews[0] 'ld-interview': taped: expected true or false or nothing, got 'maybe'",
        ),
        (
            changed("quotes", 0, text=["Words", "more words"]),
            "quotes[0] 'ld-quote': text: expected text or a number or nothing, got ['Words',",
        ),
        (
            CASE | {"people": {"key": "ld-mayor"}},
            "case.yaml: people: expected a list or nothing, got {'key': 'ld-mayor'}",
        ),
        (
            CASE | {"places": [{"name": "Nowhere", "kind": "other", "citations": []}]},
            "places[0]: every record needs a 'key'",
        ),
        (
            {name: value for name, value in CASE.items() if name != "case"},
            "case.yaml: the file needs a 'case' record",
        ),
        (
            changed("people", 0, citations=[{"footnote": "10"}]),
            "people[0] 'ld-mayor': citations[0]: needs 'source'",
        ),
        (
            changed("interviews", 0, interviewees=[]),
            "interviews[0] 'ld-interview': interviewees: expected at least 1 entries",
        ),
    ],
    ids=[
        "unknown-field",
        "unknown-citation-field",
        "unknown-section",
        "unknown-shared-kind",
        "bad-boolean",
        "bad-nullable-boolean",
        "list-for-text",
        "mapping-for-list",
        "missing-key",
        "missing-case",
        "citation-without-source",
        "no-interviewee",
    ],
)
def test_a_file_of_the_wrong_shape_is_refused_with_the_place_of_each_problem(
    tmp_path, capsys, document, message
):
    assert message in refused(tmp_path, capsys, document)


def test_every_shape_problem_of_a_file_is_reported_at_once(tmp_path, capsys):
    document = changed("people", 0, nickname="Pepe")
    document["quotes"][0]["speaker"] = 7
    errors = refused(tmp_path, capsys, document)
    assert "people[0] 'ld-mayor': unknown field(s) nickname" in errors
    assert "quotes[0] 'ld-quote': speaker: expected text or nothing, got 7" in errors


# -- the records' values ----------------------------------------------------------------
@pytest.mark.parametrize(
    ("document", "message"),
    [
        (
            changed("places", 1, kind="pais"),
            "places[1] 'ld-country': kind: "
            "Select a valid choice. pais is not one of the available choices.",
        ),
        (
            changed("interviews", 0, date="mid-1991"),
            "interviews[0] 'ld-interview': date: “mid-1991” is not a date the archive can read.",
        ),
        (
            changed("interviews", 0, access="embargoed", embargo_until="2030-13-01"),
            "interviews[0] 'ld-interview': embargo_until: Enter a valid date.",
        ),
        (
            changed("interviews", 0, access="embargoed"),
            "interviews[0] 'ld-interview': embargo_until: An embargo needs the date it ends.",
        ),
        (
            changed("interviews", 0, interviewees=["nobody"]),
            "interviews[0] 'ld-interview': interviewees[0]: person: no person with key 'nobody'",
        ),
        (
            changed("quotes", 0, topics=["ld-autonomy", "no-such-topic"]),
            "quotes[0] 'ld-quote': topics: no topic with key 'no-such-topic'",
        ),
        (
            changed("places", 0, parent="atlantis"),
            "places[0] 'ld-district': parent: no place with key 'atlantis'",
        ),
        (
            changed("sources", 0, authors=[{"given": "J."}]),
            "sources[0] 'ld-src': authors[0]: Constraint “creator_has_a_name” is violated.",
        ),
        (
            changed("people", 0, key="Not A Slug"),
            "people[0] 'Not A Slug': key: Enter a valid “slug”",
        ),
        (
            changed("people", 0, citations=[{"source": "elsewhere", "page": "3"}]),
            "people[0] 'ld-mayor': citations[0]: source 'elsewhere' is not among this file's "
            "sources",
        ),
    ],
    ids=[
        "bad-choice",
        "malformed-partial-date",
        "malformed-date",
        "model-clean",
        "unknown-interviewee",
        "unknown-topic",
        "unknown-parent",
        "row-constraint",
        "bad-key",
        "citation-of-another-file",
    ],
)
def test_a_bad_value_is_refused_by_its_models_form(tmp_path, capsys, document, message):
    assert message in refused(tmp_path, capsys, document)


def test_a_refused_source_is_reported_and_so_are_the_records_citing_it(tmp_path, capsys):
    document = copy.deepcopy(CASE)
    document["sources"].append(
        {
            "key": "ld-src-2",
            "kind": "novel",
            "title": "A second work",
            "citations": [{"source": "ld-src", "page": "3"}],
        }
    )
    document["people"][0]["citations"] = [{"source": "ld-src-2", "page": "1"}]
    errors = refused(tmp_path, capsys, document)
    assert "sources[1] 'ld-src-2': kind: Select a valid choice. novel is not one of" in errors
    assert "people[0] 'ld-mayor': citations[0]: source 'ld-src-2' is not loaded" in errors


def admin_errors(rf, admin_user, model, values: dict) -> dict:
    """What the admin's add form for the model says of these values, field by field."""
    request = rf.post("/")
    request.user = admin_user
    form = admin.site._registry[model].get_form(request)(data=values)
    assert not form.is_valid()
    return form.errors


@pytest.mark.parametrize(
    ("model", "section", "index", "field", "value"),
    [
        (Place, "places", 1, "kind", "pais"),
        (Interview, "interviews", 0, "date", "Nov. 1991"),
        (Interview, "interviews", 0, "embargo_until", "2030-13-01"),
    ],
)
def test_the_loader_and_the_admin_refuse_a_value_in_the_same_words(
    tmp_path, capsys, rf, admin_user, model, section, index, field, value
):
    said_by_admin = admin_errors(rf, admin_user, model, {field: value})[field]
    errors = refused(tmp_path, capsys, changed(section, index, **{field: value}))
    assert f"{field}: {' '.join(said_by_admin)}" in errors


def test_an_unquoted_date_in_the_file_is_read_as_typed(tmp_path):
    """YAML would make 2030-01-01 a date object; the file's dates stay text for the fields."""
    document = changed("interviews", 0, access="embargoed", embargo_until="2030-01-01")
    text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
    assert "'2030-01-01'" in text
    (tmp_path / "case.yaml").write_text(text.replace("'2030-01-01'", "2030-01-01"))
    load(tmp_path)
    assert str(Interview.objects.get(key="ld-interview").embargo_until) == "2030-01-01"
