"""The shape of a case file, as a JSON Schema derived from its sections' loading rules.

The schema says what the file may hold before any record is read: the sections, each a list
of mappings with known names, a ``key`` in every record, citations with a source, and the
type of each value where the model field says it (true or false, a whole number, text). It
is derived from the sections at run time, so a new kind of record or field needs no schema
edit. What a value means (a valid choice, a readable date, a known key) is left to the
model's form, which words it as the admin does.

A file that does not fit is refused before anything is written, with each problem's place:
the section, the record's position and key, and the field.
"""

from __future__ import annotations

import reprlib
from collections.abc import Iterable

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from jsonschema import Draft202012Validator, ValidationError

from cases.ingest.sections import CITATION_FIELDS, Section

CASE = "case"  # the one section that is a single record, not a list
SHARED = "shared"  # records another case file defines, cited again by this one

# A scalar as an archivist may type it in a text field: "10" or 10, empty or left blank.
TEXT = {"type": ["string", "number", "null"]}
KEY = {"type": "string", "minLength": 1}
REFERENCE = {"type": ["string", "null"]}


def value_schema(model_field: models.Field) -> dict:
    """The JSON types a file may give for a model field."""
    nullable = ["null"] if model_field.null else []
    if model_field.is_relation:
        return REFERENCE
    if isinstance(model_field, models.BooleanField):
        return {"type": ["boolean", *nullable]}
    if isinstance(model_field, models.DecimalField):
        return {"type": ["number", "string", "null"]}
    if isinstance(model_field, models.IntegerField):
        return {"type": ["integer", *nullable]}
    return TEXT  # text and dates, read by the model's form


def citations_schema(at_least_one: bool) -> dict:
    citation = {
        "type": "object",
        "properties": {name: KEY if name == "source" else TEXT for name in CITATION_FIELDS},
        "required": ["source"],
        "additionalProperties": False,
    }
    schema = {"type": "array", "items": citation}
    if at_least_one:
        schema["minItems"] = 1
    return schema


def record_schema(section: Section) -> dict:
    properties = {"key": KEY, "citations": citations_schema(section.cited)}
    for name, field_name in section.model_fields.items():
        properties[name] = value_schema(section.model._meta.get_field(field_name))
    required = ["key"]
    if section.cited:
        required.append("citations")
    for related in section.related:
        properties |= related.properties()
        required.extend(related.required())
    return {
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


def case_file_schema(sections: Iterable[Section], shared_kinds: Iterable[str]) -> dict:
    """The JSON Schema of one case file with these sections."""
    properties = {}
    for section in sections:
        record = record_schema(section)
        properties[section.name] = (
            record if section.name == CASE else {"type": ["array", "null"], "items": record}
        )
    shared_record = {
        "type": "object",
        "properties": {"key": KEY, "citations": citations_schema(at_least_one=True)},
        "required": ["key", "citations"],
        "additionalProperties": False,
    }
    properties[SHARED] = {
        "type": ["object", "null"],
        "properties": {
            kind: {"type": ["array", "null"], "items": shared_record} for kind in shared_kinds
        },
        "additionalProperties": False,
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "A case file of the archive",
        "type": "object",
        "properties": properties,
        "required": [CASE],
        "additionalProperties": False,
    }


def structural_errors(schema: dict, document) -> list[str]:
    """Each place where the document does not fit the schema: "where: what is wrong"."""
    errors = Draft202012Validator(schema).iter_errors(document)
    ordered = sorted(errors, key=lambda error: [_in_order(part) for part in error.absolute_path])
    return [f"{_where(error, document)}{_message(error)}" for error in ordered]


def _in_order(part) -> tuple[int, str]:
    """A step of a path, so that record 10 comes after record 9."""
    return (part, "") if isinstance(part, int) else (-1, part)


# -- wording the errors for archivists -------------------------------------------------------
TYPE_WORDS = {
    "string": gettext_noop("text"),
    "number": gettext_noop("a number"),
    "integer": gettext_noop("a whole number"),
    "boolean": gettext_noop("true or false"),
    "null": gettext_noop("nothing"),
    "array": gettext_noop("a list"),
    "object": gettext_noop("name: value pairs"),
}


def _where(error: ValidationError, document) -> str:
    """The record ("people[3] 'jorge-quintanilla'") and the field inside it, if any."""
    path = list(error.absolute_path)
    if not path:
        return ""
    if path[0] == CASE:
        record, rest = CASE, path[1:]
    elif path[0] == SHARED and len(path) >= 3:
        record, rest = f"{SHARED}.{path[1]}[{path[2]}]", path[3:]
        record += _key_of(document[SHARED][path[1]][path[2]])
    elif len(path) >= 2:
        record, rest = f"{path[0]}[{path[1]}]", path[2:]
        record += _key_of(document[path[0]][path[1]])
    else:
        record, rest = str(path[0]), []
    inside = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in rest)
    return f"{record}: {inside.lstrip('.')}: " if inside else f"{record}: "


def _key_of(record) -> str:
    key = record.get("key") if isinstance(record, dict) else None
    return f" '{key}'" if isinstance(key, str) and key else ""


def _message(error: ValidationError) -> str:
    path = list(error.absolute_path)
    if error.validator == "additionalProperties":
        known = sorted(error.schema.get("properties", {}))
        unknown = sorted(set(error.instance) - set(known))
        if not path:
            return _("unknown section(s) %(names)s (known: %(known)s)") % {
                "names": ", ".join(map(str, unknown)),
                "known": ", ".join(known),
            }
        if path == [SHARED]:
            return _("unknown kind(s) %(names)s (known: %(known)s)") % {
                "names": ", ".join(map(str, unknown)),
                "known": ", ".join(known),
            }
        return _("unknown field(s) %(names)s; allowed: %(known)s") % {
            "names": ", ".join(map(str, unknown)),
            "known": ", ".join(known),
        }
    if error.validator == "required":
        missing = [name for name in error.validator_value if name not in error.instance]
        return "; ".join(_needs(name, path) for name in missing)
    if error.validator == "minItems" and path and path[-1] == "citations":
        return _needs("citations", path[:-1])
    if error.validator == "minItems":
        return _("expected at least %(count)s entries") % {"count": error.validator_value}
    if error.validator == "minLength" and path and path[-1] == "key":
        return _needs("key", path[:-1])
    if error.validator == "type":
        expected = error.validator_value
        expected = [expected] if isinstance(expected, str) else expected
        return _("expected %(expected)s, got %(value)s") % {
            "expected": _(" or ").join(_(TYPE_WORDS[name]) for name in expected),
            "value": reprlib.repr(error.instance),  # a whole section would be a page
        }
    return error.message


def _needs(name: str, path: list) -> str:
    if not path and name == CASE:
        return _("the file needs a 'case' record")
    if name == "key":
        return _("every record needs a 'key'")
    if name == "citations":
        return _("every record needs at least one citation with a locator")
    return _("needs '%(name)s'") % {"name": name}
