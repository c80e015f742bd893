from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cases.loading import FixtureError, case_files, load_case_file, read_case_file


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

    def handle(self, *args, check=False, only=None, directory=None, **options):
        directory = directory or Path(settings.FIXTURE_DIR)
        paths = case_files(directory)
        if not paths:
            raise CommandError(f"No case files (*.yaml) in {directory}.")
        failures = []
        for path in paths:
            try:
                if only and (read_case_file(path).get("case") or {}).get("key") != only:
                    continue
                result = load_case_file(path, check_only=check)
            except FixtureError as error:
                failures.append(path.name)
                self.stderr.write(self.style.ERROR(f"{path.name}: not loaded, nothing written:"))
                for line in error.errors:
                    self.stderr.write(f"  {line}")
                continue
            verb = "valid" if check else "loaded"
            self.stdout.write(
                f"{path.name}: case '{result.case_key}' {verb}: "
                f"{result.saved} records written, {result.unchanged} unchanged"
            )
        if failures:
            raise CommandError(f"{len(failures)} case file(s) refused: {', '.join(failures)}")
