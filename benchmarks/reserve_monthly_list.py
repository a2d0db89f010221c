"""Benchmark: the R-6 monthly project detail list for 20,000 pooled projects.

Creates a throwaway SQLite database, fills it with N projects in the pools (bulk inserts), then
archives last month's detail list twice: once timed, once under tracemalloc for the peak memory.

    .venv/bin/python benchmarks/reserve_monthly_list.py [--projects 20000] [--keep]
"""

import argparse
import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", type=int, default=20000)
    parser.add_argument("--keep", action="store_true", help="keep the database file")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="reserve-bench-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yingkou.settings.local")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)

    import datetime as dt
    from decimal import Decimal

    from django.utils import timezone

    from reserve import services
    from reserve.models import Entry, Membership, MonthlyArchive, Pool
    from yingkou.choices import Role, UnitKind
    from yingkou.models import Project, Unit, User

    units = [
        Unit.objects.create(name=f"测试区{i}", code=f"B{i:02d}", kind=UnitKind.COUNTY)
        for i in range(10)
    ]
    Unit.objects.create(name="发改委", code="FGW", kind=UnitKind.DRC)
    staff = User.objects.create(username="bench", role=Role.UNIT_STAFF, unit=units[0])
    pools = {p.unit_id: p for p in Pool.objects.filter(level=2)}
    level1 = Pool.objects.get(level=1)

    today = timezone.localdate()
    year, month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    since = timezone.make_aware(dt.datetime(year, month, 5, 10))

    started = time.perf_counter()
    batch = 2000
    for offset in range(0, args.projects, batch):
        projects = Project.objects.bulk_create(
            [
                Project(
                    name=f"基准测试项目{n:05d}" + "（年产20万吨新材料及配套设施）",
                    owner_unit=units[n % 10],
                    landing_unit=units[n % 10],
                    industry="K70" if n % 7 == 0 else "C26",
                    total_investment=Decimal(1000 + (n * 37) % 90000) + Decimal("0.25"),
                    investor="某某集团有限公司",
                    construction_content="建设生产线、仓储、研发中心及配套基础设施。" * 2,
                    contact_name="王工",
                    contact_phone="0417-1234567",
                    stage="reserve",
                )
                for n in range(offset, min(offset + batch, args.projects))
            ]
        )
        entries = Entry.objects.bulk_create(
            [
                Entry(project=p, pool=pools[p.owner_unit_id], status="approved", declared_by=staff)
                for p in projects
            ]
        )
        memberships = [
            Membership(pool=e.pool, project=e.project, entry=e, level=2, since=since)
            for e in entries
        ]
        memberships += [
            Membership(pool=level1, project=e.project, entry=e, level=1, since=since)
            for e in entries[::5]
        ]
        Membership.objects.bulk_create(memberships)
    print(f"setup: {args.projects} projects in {time.perf_counter() - started:.1f}s")

    started = time.perf_counter()
    archive = services.monthly_archive_detail_list(year=year, month=month)
    elapsed = time.perf_counter() - started
    print(
        f"monthly list {archive.period}: {archive.row_count} rows, "
        f"{len(archive.content) / 1024 / 1024:.2f} MiB, {elapsed:.2f}s"
    )

    MonthlyArchive.objects.all().delete()
    tracemalloc.start()
    started = time.perf_counter()
    services.monthly_archive_detail_list(year=year, month=month)
    elapsed = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"under tracemalloc: {elapsed:.2f}s, peak Python memory {peak / 1024 / 1024:.1f} MiB")

    if not args.keep:
        for path in workdir.iterdir():
            path.unlink()
        workdir.rmdir()


if __name__ == "__main__":
    main()
