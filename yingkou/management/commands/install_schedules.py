from django.core.management.base import BaseCommand

from yingkou.scheduling.beat import install_schedules


class Command(BaseCommand):
    help = (
        "Install the product's beat schedules from the job registry into the database. Existing "
        "entries keep the administrator's edits unless --reset. Runs after every migrate."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset", action="store_true", help="restore the registry's times, undoing edits"
        )

    def handle(self, reset=False, **options):
        changed = install_schedules(reset=reset)
        self.stdout.write(("installed: " + ", ".join(changed)) if changed else "nothing to install")
