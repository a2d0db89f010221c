"""Benchmark: the Excel import of N reserve declarations (default 2,000 rows).

Creates a throwaway SQLite database, a county and its unit staff, writes a filled template and
imports it through `reserve.imports.entries_import` (the declaration service: project, entry and
declaration step, each with its historical row), timing the import and counting its queries.

    .venv/bin/python benchmarks/reserve_import.py [--rows 2000]
"""

import argparse
import io
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=2000)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="import-bench-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yingkou.settings.local")
    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from openpyxl import Workbook

    call_command("migrate", verbosity=0)

    from reserve.imports import HEADERS, entries_import
    from reserve.models import Step
    from yingkou.choices import Role, UnitKind
    from yingkou.models import Unit, User

    area = Unit.objects.create(name="鲅鱼圈区", code="BYQ", kind=UnitKind.COUNTY)
    Unit.objects.create(name="发改委", code="FGW", kind=UnitKind.DRC)
    user = User.objects.create(username="staff", role=Role.UNIT_STAFF, unit=area)

    book = Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    for i in range(args.rows):
        row = dict.fromkeys(HEADERS, "")
        row.update(
            {
                "项目名称": f"导入项目{i}",
                "建设地点": "鲅鱼圈区",
                "所属行业代码": "C26",
                "总投资（万元）": str(1000 + i),
                "项目阶段": "策划包装",
                "投资意向基本明确": "否",
            }
        )
        sheet.append([row[h] for h in HEADERS])
    buffer = io.BytesIO()
    book.save(buffer)
    upload = SimpleUploadedFile("import.xlsx", buffer.getvalue())

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = entries_import(file=upload, user=user)
        elapsed = time.perf_counter() - started
    assert result.ok, result.errors[:3]
    steps = Step.objects.count()
    step_history = Step.history.count() if hasattr(Step, "history") else 0
    print(
        f"{args.rows} rows: {elapsed:.2f} s, {len(queries)} queries, "
        f"{steps} steps, {step_history} step history rows"
    )


if __name__ == "__main__":
    main()
