from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from yingkou.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the whole database and the uploaded files into one .tar.gz archive."

    def add_arguments(self, parser):
        parser.add_argument(
            "path",
            nargs="?",
            help="archive to write (default: backups/yingkou-YYYYmmdd-HHMMSS.tar.gz)",
        )

    def handle(self, path=None, **options):
        target = Path(
            path or f"backups/yingkou-{timezone.localtime():%Y%m%d-%H%M%S}.tar.gz"
        ).resolve()
        try:
            manifest = backup(target)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["row_counts"].values())
        self.stdout.write(
            f"{target}: {manifest['engine']}, {len(manifest['row_counts'])} tables, "
            f"{rows} rows, {manifest['media_files']} uploaded files"
        )
