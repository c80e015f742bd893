"""Grow the loaded archive by a factor with realistic, deterministic records (benchmarks)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS
from tqdm import tqdm

from bench.growth import MAX_FACTOR, ArchiveGrowth, refuse_factor
from cases.browse.page_cache import pages_changed
from cases.models import CaseStudy

# The tables whose counts the progress bar shows as it goes.
SHOWN = {"cases.Quote": "quotes", "cases.Event": "events", "cases.Citation": "citations"}


class Command(BaseCommand):
    help = (
        "Grow the loaded archive to FACTOR times its size with new case studies made in the "
        "image of the real ones (same factor and seed, same data). For benchmarks and tests: "
        "never on the production database."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--factor",
            type=int,
            required=True,
            help=f"The archive's size afterwards, as a multiple of today's (2 to {MAX_FACTOR}).",
        )
        parser.add_argument("--seed", type=int, default=1, help="Same seed, same data.")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, factor, seed, database, **options):
        problem = refuse_factor(factor)
        if problem:
            raise CommandError(problem)
        cases = CaseStudy.objects.using(database)
        if not cases.exists():
            raise CommandError("The archive is empty: run load_archive first.")
        if cases.count() > 2 and cases.filter(key__regex=r"-c[0-9]+-[0-9]+$").exists():
            raise CommandError(
                "This archive has already been grown; grow a freshly loaded database instead."
            )
        quiet = options["verbosity"] == 0
        bar = tqdm(unit=" records", disable=quiet, file=self.stderr._out, dynamic_ncols=True)

        def start(records, case_count):
            bar.reset(total=records)
            bar.set_description(f"×{factor}: {case_count} new cases")

        def advance(records, written):
            bar.update(records)
            bar.set_postfix(
                {label: written.get(_model(name), 0) for name, label in SHOWN.items()},
                refresh=False,
            )

        written = ArchiveGrowth(factor, seed, using=database).run(on_start=start, progress=advance)
        bar.close()
        pages_changed(database)  # bulk loads send no signals: forget the pages kept before
        if not quiet:
            for label, count in sorted(written.items()):
                self.stdout.write(f"  {label:<36}{count:>10}")


def _model(label):
    from django.apps import apps

    return apps.get_model(label)
