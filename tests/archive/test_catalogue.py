"""The Spanish catalogue: every message translated, in step with the code, compiled."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from cases.management.commands.update_catalogue import LANGUAGES, catalogue, compiled_mismatches

# Python's named and positional placeholders, as makemessages writes a template's variables.
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\{\s*\w+\s*\}\}")
TAG = re.compile(r"</?([a-z]+)")


def entries(language):
    return [entry for entry in polib.pofile(str(catalogue(language))) if not entry.obsolete]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_and_none_is_fuzzy(language):
    po = polib.pofile(str(catalogue(language)))
    assert len(po) > 700, "the catalogue lost its messages"
    assert [entry.msgid for entry in po.untranslated_entries()] == []
    assert [entry.msgid for entry in po.fuzzy_entries()] == []
    for entry in po:
        if entry.msgid_plural:
            assert all(form.strip() for form in entry.msgstr_plural.values()), entry.msgid


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_every_placeholder_and_tag(language):
    """A lost %(name)s prints the raw markup or raises; a lost tag breaks the page."""
    wrong = []
    for entry in entries(language):
        translations = list(entry.msgstr_plural.values()) or [entry.msgstr]
        for translation in translations:
            for pattern in (PLACEHOLDER, TAG):
                if sorted(pattern.findall(entry.msgid)) != sorted(pattern.findall(translation)):
                    # A singular form may leave out the count ("Una cita" for "%(n)s quote").
                    if entry.msgid_plural and pattern is PLACEHOLDER:
                        continue
                    wrong.append((entry.msgid, translation))
    assert wrong == []


def test_makemessages_leaves_the_catalogue_unchanged():
    # Fails, with the difference, when a string marked in code or templates is missing
    # from the catalogue or the catalogue keeps one the code no longer has.
    call_command("update_catalogue", check=True)


def test_a_string_marked_but_not_in_the_catalogue_is_found():
    """The check above can fail: a newly marked string that no one has translated."""
    probe = Path(settings.BASE_DIR) / "templates" / "catalogue_probe.html"
    probe.write_text('{% load i18n %}{% translate "A sentence nobody has translated yet" %}')
    before = catalogue("es").read_bytes()
    try:
        with pytest.raises(CommandError, match="A sentence nobody has translated yet"):
            call_command("update_catalogue", check=True)
    finally:
        probe.unlink()
    assert catalogue("es").read_bytes() == before, "the check must leave the catalogue as it was"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_matches_the_catalogue(language):
    assert compiled_mismatches(language) == []
