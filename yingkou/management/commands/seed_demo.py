from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from yingkou.freshness import everything_changed

# Each app may add a `demo.seed(stdout)` of its own; they run in this order (the project's life).
DEMO_MODULES = ["yingkou", "reserve", "negotiation", "assistance", "enterprise"]


class Command(BaseCommand):
    help = "Create idempotent demo data: Yingkou's units, leaders, projects and one user per role."

    def add_arguments(self, parser):
        parser.add_argument("--projects", type=int, default=300)

    def handle(self, projects, **options):
        # Demo logins share a published password: never in a production database.
        if getattr(settings, "IS_PRODUCTION", False):
            raise CommandError("seed_demo 不能在生产环境运行：演示账号的密码是公开的。")
        for name in DEMO_MODULES:
            try:
                module = import_module(f"{name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{name}.demo":
                    raise
                continue
            if name == "yingkou":
                module.seed(self.stdout, projects=projects)
            else:
                module.seed(self.stdout)
        # The projects' past follows from what the apps recorded about them, and the closed
        # periods are archived from that past.
        import_module("yingkou.demo").date_projects()
        import_module("yingkou.demo").run_closed_periods(self.stdout)
        import_module("yingkou.demo").demo_emails()
        import_module("yingkou.demo").demo_passwords()
        # Much of it is written in bulk, without the history signals that raise freshness marks.
        everything_changed()
        self.stdout.write(self.style.SUCCESS("demo data ready"))
