import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Create a city's worth of generated data for measuring speed: projects across every unit "
        "and stage with their reserve entries, negotiation and assistance cases, enterprises, "
        "teams and history. Deterministic for a given --seed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--projects", type=int, default=100000)
        parser.add_argument("--seed", type=int, default=12)

    def handle(self, projects, seed, **options):
        # Generated people and the demo logins it builds on: never in a production database.
        if getattr(settings, "IS_PRODUCTION", False):
            raise CommandError("seed_scale 不能在生产环境运行：它生成的是测试数据。")
        if projects < 1:
            raise CommandError("--projects 须为正数。")
        from yingkou.scale import seed_scale

        started = time.monotonic()
        counts = seed_scale(projects=projects, seed=seed, stdout=self.stdout)
        self.stdout.write(
            self.style.SUCCESS(
                f"scale data ready in {time.monotonic() - started:.0f} s: "
                + ", ".join(f"{k} {v}" for k, v in counts.items())
            )
        )
