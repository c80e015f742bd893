from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from cases.ingest import backups


class Command(BaseCommand):
    help = (
        "Back up the whole database (history included) to backups/ with a timestamped name: "
        "pg_dump's custom format on PostgreSQL, a copy of the file on SQLite."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            metavar="PATH",
            help="A file, or a folder for a timestamped file (default: backups/).",
        )
        parser.add_argument("--database", default="default", help="The database to back up.")

    def handle(self, *args, **options):
        path = backups.backup(options["output"], using=options["database"])
        size = path.stat().st_size
        # The count `restore` prints when it is done: the same number says nothing was lost.
        rows = backups.entered_rows(options["database"])
        self.stdout.write(
            _("Backed up to %(path)s (%(size)s bytes): %(rows)s rows.")
            % {"path": path, "size": f"{size:,}", "rows": f"{rows:,}"}
        )
