from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from yingkou.backup import BackupError, read_manifest, restore
from yingkou.freshness import everything_changed


class Command(BaseCommand):
    help = "Replace the whole database and the uploaded files with a backup archive's."

    def add_arguments(self, parser):
        parser.add_argument("path", help="archive written by manage.py backup")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="do not ask for confirmation",
        )

    def handle(self, path, interactive=True, **options):
        source = Path(path).resolve()
        try:
            manifest = read_manifest(source)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        if interactive:
            answer = input(
                f"Replace ALL data and uploaded files with the backup of {manifest['created']}? "
                "Type 'yes' to continue: "
            )
            if answer.strip() != "yes":
                raise CommandError("restore cancelled")
        try:
            report = restore(source)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        # The database was replaced under the results kept by running processes.
        everything_changed()
        if report.mismatches:
            details = ", ".join(
                f"{t}: {want} in the backup, {got} now"
                for t, (want, got) in report.mismatches.items()
            )
            raise CommandError(f"restored, but row counts differ: {details}")
        self.stdout.write(
            f"restored {report.tables} tables, {report.rows} rows, "
            f"{report.media_files} uploaded files; row counts match the backup"
        )
