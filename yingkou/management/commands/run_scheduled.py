import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from yingkou.scheduling import Period, run_period
from yingkou.scheduling.runner import FAILED, GAVE_UP, NOT_DUE


class Command(BaseCommand):
    help = (
        "Run a period's scheduled jobs, as beat does: without --date the latest period that is due "
        "(for monthly, quarterly and yearly jobs the last closed one), with --date the period "
        "containing that date. A period that is not due is refused. A re-run by hand retries a "
        "failed period at once, even one the scheduler gave up on."
    )

    def add_arguments(self, parser):
        parser.add_argument("period", choices=[p.value for p in Period])
        parser.add_argument("--date", help="YYYY-MM-DD: run the period containing this date")
        parser.add_argument("--job", action="append", help="only this job (may be repeated)")

    def handle(self, period, date=None, job=None, **options):
        day = None
        if date:
            try:
                day = dt.date.fromisoformat(date)
            except ValueError as exc:
                raise CommandError(f"--date must be YYYY-MM-DD, got {date!r}") from exc
        results = run_period(period, day, jobs=job, manual=True)
        for result in results:
            self.stdout.write(
                f"{result.job} {result.period_key} {result.status} {result.outcome}".rstrip()
            )
        if not results:
            self.stdout.write(f"no jobs registered for {period}" + (f" named {job}" if job else ""))
        failed = sum(r.status in (FAILED, GAVE_UP) for r in results)
        if failed:
            raise CommandError(f"{failed} job(s) failed; see the run records")
        if any(r.status == NOT_DUE for r in results):
            raise CommandError("the period is not due yet; nothing was run")
