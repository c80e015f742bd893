"""Bring the Spanish catalogue up to date with the code, or check that it is.

``manage.py update_catalogue`` runs ``makemessages`` over the project's code and templates
(not the tests or the benchmark) and compiles ``django.mo``; ``--check`` changes nothing and
says what ``makemessages`` would change: a string marked in code or templates missing from
the catalogue, one the code no longer has, or a compiled catalogue that does not match. See
docs/translating.md.
"""

import contextlib
import difflib
import shutil
from pathlib import Path

import polib
from django.conf import settings
from django.core.management import BaseCommand, CommandError, call_command

LANGUAGES = ["es"]
# Where makemessages does not look: what no reader sees.
IGNORED = ["tests", "bench", "build", "staticfiles", "scripts", "docs", "backups"]
# File names without line numbers, so that editing code above a string changes nothing.
OPTIONS = {"ignore_patterns": IGNORED, "no_obsolete": True, "add_location": "file"}


def catalogue(language: str) -> Path:
    return Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / "django.po"


def _comparable(path: Path) -> list[str]:
    """The catalogue's lines, less the line makemessages rewrites on every run."""
    return [
        line
        for line in path.read_text(encoding="utf-8").splitlines()
        if not line.startswith('"POT-Creation-Date:')
    ]


def compiled_mismatches(language: str) -> list[str]:
    """Entries whose compiled translation differs from the catalogue's (or is missing)."""
    po = polib.pofile(str(catalogue(language)))
    mo_path = catalogue(language).with_suffix(".mo")
    if not mo_path.exists():
        return [f"{mo_path.name} is missing"]
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in polib.mofile(mo_path)}
    wrong = []
    for entry in po.translated_entries():
        plural = {int(k): v for k, v in entry.msgstr_plural.items()}
        got = compiled.get((entry.msgctxt, entry.msgid))
        if got is None or (got[0] != entry.msgstr if not plural else got[1] != plural):
            wrong.append(entry.msgid)
    return wrong


class Command(BaseCommand):
    help = "Update the Spanish catalogue from the code and compile it (--check: only compare)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Change nothing; fail if makemessages or compilemessages would change a file.",
        )

    def handle(self, *args, check=False, **options):
        if not shutil.which("xgettext"):
            raise CommandError("GNU gettext is not installed: run scripts/install-gettext.")
        # makemessages reads the folder it runs in: the project's, wherever it was called.
        with contextlib.chdir(settings.BASE_DIR):
            if check:
                return self.check_catalogues()
            call_command("makemessages", locale=LANGUAGES, verbosity=0, **OPTIONS)
            call_command(
                "compilemessages",
                locale=LANGUAGES,
                ignore_patterns=[".venv", *IGNORED],
                verbosity=0,
            )
        self.stdout.write(f"updated and compiled: {', '.join(LANGUAGES)}")

    def check_catalogues(self):
        problems = []
        for language in LANGUAGES:
            path = catalogue(language)
            before = path.read_bytes()
            # makemessages writes in place: run it, compare, and put the file back.
            try:
                call_command("makemessages", locale=[language], verbosity=0, **OPTIONS)
                after = _comparable(path)
            finally:
                path.write_bytes(before)
            diff = list(difflib.unified_diff(_comparable(path), after, lineterm="", n=1))
            if diff:
                problems.append(f"{path}: makemessages would change it:\n" + "\n".join(diff[:80]))
            mismatched = compiled_mismatches(language)
            if mismatched:
                problems.append(
                    f"{path.with_suffix('.mo')} does not match the catalogue for: "
                    + "; ".join(mismatched[:10])
                )
        if problems:
            raise CommandError("\n\n".join(problems) + "\n\nRun `make messages`.")
        self.stdout.write("catalogues up to date: " + ", ".join(LANGUAGES))
