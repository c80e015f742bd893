"""load_archive: validates every record, loads a case whole or not at all, idempotently."""

import copy

import pytest
import yaml
from django.apps import apps
from django.core.management import CommandError, call_command

from cases.models import Citation, Person, Quote

pytestmark = pytest.mark.django_db

CITE = [{"source": "ld-src", "section": "Introduction"}]
CASE = {
    "case": {
        "key": "ld-case",
        "title": "A loader test case",
        "short_title": "Loader",
        "period": "1981/1993",
        "region": "Lima",
        "summary": "In our words.",
        "source": "ld-src",
        "citations": CITE,
    },
    "sources": [
        {
            "key": "ld-src",
            "kind": "article-journal",
            "title": "An article",
            "authors": [{"family": "Doe", "given": "J."}],
            "issued": 1995,
            "citations": [{"source": "ld-src", "locator": "title page"}],
        }
    ],
    "topics": [{"key": "ld-autonomy", "name": "autonomy"}],
    "places": [
        {
            "key": "ld-district",
            "name": "D",
            "kind": "district",
            "parent": "ld-country",
            "citations": CITE,
        },
        {"key": "ld-country", "name": "C", "kind": "country", "citations": CITE},
    ],
    "people": [
        {
            "key": "ld-mayor",
            "name": "A Mayor",
            "citations": [{"source": "ld-src", "footnote": 10}],
        },
        {
            "key": "ld-anon",
            "anonymous": True,
            "description": "a committee member",
            "citations": [
                {
                    "source": "ld-src",
                    "footnote": "11",
                    "correction": "footnote number printed as 'Z'",
                }
            ],
        },
    ],
    "interviews": [
        {
            "key": "ld-interview",
            "title": "Interview",
            "interviewees": ["ld-mayor"],
            "interviewee_post": "mayor",
            "date": "1991-11",
            "taped": True,
            "citations": [{"source": "ld-src", "footnote": 10}],
        },
    ],
    "quotes": [
        {
            "key": "ld-quote",
            "text": "Words.",
            "speaker": "ld-mayor",
            "interview": "ld-interview",
            "topics": ["ld-autonomy"],
            "citations": [{"source": "ld-src", "footnote": 10}],
        },
    ],
}


def write(directory, document, name="case.yaml"):
    path = directory / name
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False))
    return directory


def load(directory, *args):
    call_command("load_archive", "--directory", str(directory), *args, verbosity=0)


def test_a_case_loads_with_its_citations_and_relations(tmp_path):
    load(write(tmp_path, CASE))
    quote = Quote.objects.get(key="ld-quote")
    assert quote.speaker.key == "ld-mayor"
    assert quote.interview.interviewees.get().post == "mayor"
    assert quote.citations.get().footnote == "10"
    assert Person.objects.get(key="ld-anon").citations.get().correction


def history_rows():
    return {
        model.__name__: model.objects.count()
        for model in apps.get_app_config("cases").get_models()
        if model.__name__.startswith("Historical")
    }


def test_loading_twice_changes_nothing(tmp_path, capsys):
    directory = write(tmp_path, CASE)
    load(directory)
    before = history_rows()
    assert before["HistoricalPerson_cases"] > 0
    call_command("load_archive", "--directory", str(directory))
    assert "0 records written" in capsys.readouterr().out
    assert history_rows() == before


def test_a_changed_record_is_updated_and_its_history_says_why(tmp_path):
    load(write(tmp_path, CASE))
    changed = copy.deepcopy(CASE)
    changed["quotes"][0]["text"] = "Corrected words."
    load(write(tmp_path, changed))
    quote = Quote.objects.get(key="ld-quote")
    assert quote.text == "Corrected words."
    assert quote.history.latest().history_change_reason == "Loaded from the case fixtures"


@pytest.mark.parametrize(
    ("section", "index", "change", "message"),
    [
        ("interviews", 0, {"date": "Nov. 1991"}, "is not a date the archive can read"),
        ("quotes", 0, {"speaker": "nobody"}, "speaker: no person with key 'nobody'"),
        # The admin's words for the same value (see test_loader_validation.py).
        (
            "places",
            0,
            {"kind": "distrito"},
            "kind: Select a valid choice. distrito is not one of the available choices.",
        ),
        ("people", 0, {"citations": []}, "needs at least one citation"),
        ("people", 0, {"nickname": "x"}, "unknown field(s) nickname"),
        ("people", 1, {"description": ""}, "anonymous_person_is_described"),
        ("quotes", 0, {"citations": [{"source": "ld-src"}]}, "citation_has_a_locator"),
    ],
)
def test_a_bad_record_is_refused_by_file_record_and_reason_and_nothing_loads(
    tmp_path, capsys, section, index, change, message
):
    bad = copy.deepcopy(CASE)
    bad[section][index].update(change)
    with pytest.raises(CommandError, match="refused: case.yaml"):
        load(write(tmp_path, bad))
    errors = capsys.readouterr().err
    key = bad[section][index]["key"]
    assert f"case.yaml: {section}[{index}] '{key}'" in errors
    assert message in errors
    # Nothing of the case was written, not even its valid records.
    assert not Person.objects.filter(key__startswith="ld-").exists()
    assert not Citation.objects.filter(source__key="ld-src").exists()


def test_check_validates_without_writing(tmp_path):
    load(write(tmp_path, CASE), "--check")
    assert not Quote.objects.filter(key="ld-quote").exists()


def test_invalid_yaml_is_refused_with_the_file_name(tmp_path, capsys):
    (tmp_path / "broken.yaml").write_text("case: [unclosed\n")
    with pytest.raises(CommandError):
        load(tmp_path)
    assert "broken.yaml: not valid YAML" in capsys.readouterr().err


def test_one_bad_case_does_not_stop_a_good_one(tmp_path):
    bad = copy.deepcopy(CASE)
    bad["case"]["key"] = "ld-bad-case"
    bad["quotes"][0]["speaker"] = "nobody"
    for section in ("sources", "topics", "places", "people", "interviews", "quotes"):
        for record in bad[section]:
            record["key"] = record["key"].replace("ld-", "ldb-")
    write(tmp_path, CASE, "a_good.yaml")
    write(tmp_path, bad, "b_bad.yaml")
    with pytest.raises(CommandError, match="b_bad.yaml"):
        load(tmp_path)
    assert Quote.objects.filter(key="ld-quote").exists()
    assert not Person.objects.filter(key__startswith="ldb-").exists()
