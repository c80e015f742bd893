import json
from contextlib import nullcontext
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cases.browse.page_cache import pages_changed
from cases.ingest.loading import (
    FixtureError,
    case_files,
    load_case_file,
    read_case_file,
    rolled_back,
    schema,
)


class Command(BaseCommand):
    help = (
        "Load both cases from the YAML files in fixtures/. Each case loads whole or not at "
        "all; running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="Validate every file without writing."
        )
        parser.add_argument(
            "--only", metavar="CASE_KEY", help="Only the case with this key (e.g. el-gol)."
        )
        parser.add_argument("--directory", type=Path, default=None, help="Folder of case files.")
        parser.add_argument(
            "--schema",
            action="store_true",
            help="Print the case files' JSON Schema (for an editor that checks YAML) and stop.",
        )

    def handle(self, *args, check=False, only=None, directory=None, **options):
        if options.get("schema"):
            self.stdout.write(json.dumps(schema(), indent=2, ensure_ascii=False))
            return
        directory = directory or Path(settings.FIXTURE_DIR)
        paths = case_files(directory)
        if not paths:
            raise CommandError(f"No case files (*.yaml) in {directory}.")
        failures = []
        with rolled_back() if check else nullcontext():
            for path in paths:
                try:
                    document = read_case_file(path)
                    if only and (document.get("case") or {}).get("key") != only:
                        # Still loaded under --check, for the records other cases share.
                        if check:
                            load_case_file(path)
                        continue
                    result = load_case_file(path)
                except FixtureError as error:
                    failures.append(path.name)
                    self.stderr.write(
                        self.style.ERROR(f"{path.name}: not loaded, nothing written:")
                    )
                    for line in error.errors:
                        self.stderr.write(f"  {line}")
                    continue
                if check:
                    self.stdout.write(f"{path.name}: case '{result.case_key}' is valid")
                else:
                    self.stdout.write(
                        f"{path.name}: case '{result.case_key}' loaded: "
                        f"{result.saved} records written, {result.unchanged} unchanged"
                    )
        if not check:
            # Saves already invalidate the kept pages one by one; this covers whatever a
            # load writes without them, and costs one cache write.
            pages_changed()
        if failures:
            raise CommandError(f"{len(failures)} case file(s) refused: {', '.join(failures)}")
