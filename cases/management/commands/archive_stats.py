from django.core.management.base import BaseCommand

from cases.models import CaseStudy
from cases.records.statistics import case_counts
from cases.records.statistics import corrections as recorded_corrections


class Command(BaseCommand):
    help = "Print the number of records of each kind per case (and, optionally, corrections)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--corrections", action="store_true", help="Also list every recorded correction."
        )

    def handle(self, *args, **options):
        for case in CaseStudy.objects.order_by("date_sort"):
            self.stdout.write(f"{case.short_title} ({case.key})")
            for label, count in case_counts(case):
                self.stdout.write(f"  {label:<24}{count:>6}")
            if options["corrections"]:
                self.stdout.write("  corrections:")
                for kind, key, text in recorded_corrections(case):
                    self.stdout.write(f"    {kind} {key}: {text}")
