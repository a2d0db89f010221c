from django.core.management.base import BaseCommand

from yingkou.scheduling.reconcile import owed, reconcile


class Command(BaseCommand):
    help = (
        "List every (job, period) due since the system went live without a successful run and "
        "run those that may run, as the daily reconciler does. --dry-run only lists them."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="list, run nothing")

    def handle(self, dry_run=False, **options):
        if dry_run:
            gaps = owed()
            for gap in gaps:
                self.stdout.write(f"{gap.job} {gap.period_key} {gap.problem}")
            self.stdout.write(f"{len(gaps)} owed")
            return
        self.stdout.write(reconcile().report())
