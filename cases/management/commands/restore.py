from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from cases.ingest import backups


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into the database DATABASE_URL names. "
        "Refuses a database that holds records unless --replace is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", metavar="PATH", help="The backup file.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Replace the contents of a database that is not empty.",
        )
        parser.add_argument("--database", default="default", help="The database to restore into.")

    def handle(self, *args, **options):
        path = Path(options["path"])
        backups.restore(path, replace=options["replace"], using=options["database"])
        self.stdout.write(
            _("Restored %(path)s: %(rows)s rows.")
            % {"path": path, "rows": f"{backups.entered_rows(options['database']):,}"}
        )
        self.stdout.write(
            _("Run `manage.py migrate` if the backup is older than this version of the archive.")
        )
