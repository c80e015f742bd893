"""The case file's JSON Schema is derived from the sections: the real files fit it, and a
section's names are exactly what it allows."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from jsonschema import Draft202012Validator

from cases.ingest.case_schema import CASE, SHARED, case_file_schema, structural_errors
from cases.ingest.loading import read_case_file, schema, sections, shared_kinds
from cases.ingest.related_sets import TaggedWith
from cases.ingest.sections import Section
from cases.models import Quote

SECTIONS = sections()
SHARED_KINDS = shared_kinds()

CASE_FILES = sorted(Path(settings.FIXTURE_DIR).glob("*.yaml"))


def test_the_derived_schema_is_a_valid_json_schema():
    Draft202012Validator.check_schema(schema())


def test_there_are_case_files_to_check():
    assert len(CASE_FILES) >= 2


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda path: path.name)
def test_each_real_case_file_fits_the_derived_schema(path):
    assert structural_errors(schema(), read_case_file(path)) == []


@pytest.mark.parametrize("section", SECTIONS, ids=lambda section: section.name)
def test_a_sections_record_may_hold_exactly_what_the_section_allows(section):
    properties = schema()["properties"][section.name]
    record = properties if section.name == CASE else properties["items"]
    assert set(record["properties"]) == section.allowed
    assert "key" in record["required"]
    assert ("citations" in record["required"]) == section.cited


def test_the_sections_and_shared_kinds_are_the_files_top_level():
    top = schema()["properties"]
    assert set(top) == {section.name for section in SECTIONS} | {SHARED}
    assert set(top[SHARED]["properties"]) == set(SHARED_KINDS)


def test_a_new_field_or_related_set_needs_no_schema_edit():
    """A section's declaration is all the schema reads: add a name there, it is allowed."""
    section = Section(
        "sayings",
        Quote,
        fields=("text", "date"),
        refs={"speaker": Quote._meta.get_field("speaker").related_model},
        related=(TaggedWith("topics"),),
        cited=False,
    )
    derived = case_file_schema([section], shared_kinds=())
    record = derived["properties"]["sayings"]["items"]
    assert set(record["properties"]) == {"key", "citations", "text", "date", "speaker", "topics"}
    assert structural_errors(derived, {"sayings": [{"key": "s", "topics": ["t"]}]}) == [
        "the file needs a 'case' record"
    ]


def test_the_schema_can_be_printed_for_an_editor(capsys):
    call_command("load_archive", "--schema")
    assert json.loads(capsys.readouterr().out) == schema()


def test_problems_are_listed_in_the_files_order():
    """Record 10 after record 9, not after record 1, and a long value cut short."""
    document = {
        "case": {"key": "c", "title": "A case", "citations": [{"source": "s", "page": "1"}]},
        "topics": [{"name": f"topic {number}"} for number in range(11)],
        "quotes": {str(number): "words " * 50 for number in range(40)},
    }
    errors = structural_errors(schema(), document)
    topics = [error.split(":")[0] for error in errors if error.startswith("topics")]
    assert topics == [f"topics[{number}]" for number in range(11)]
    (quotes,) = [error for error in errors if error.startswith("quotes")]
    assert quotes.startswith("quotes: expected a list or nothing, got {")
    assert len(quotes) < 200
