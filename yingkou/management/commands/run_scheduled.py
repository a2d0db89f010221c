import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from yingkou.scheduling import Period, run_period


class Command(BaseCommand):
    help = "Run a period's scheduled jobs for the period containing --date, exactly as beat would."

    def add_arguments(self, parser):
        parser.add_argument("period", choices=[p.value for p in Period])
        parser.add_argument("--date", help="YYYY-MM-DD (default: today, Asia/Shanghai)")

    def handle(self, period, date=None, **options):
        day = None
        if date:
            try:
                day = dt.date.fromisoformat(date)
            except ValueError as exc:
                raise CommandError(f"--date must be YYYY-MM-DD, got {date!r}") from exc
        results = run_period(period, day)
        failed = 0
        for result in results:
            self.stdout.write(
                f"{result.job} {result.period_key} {result.status} {result.outcome}".rstrip()
            )
            failed += result.status == "failed"
        if not results:
            self.stdout.write(f"no jobs registered for {period}")
        if failed:
            raise CommandError(f"{failed} job(s) failed; see the run records")
