"""Benchmark: the project list (page and API) and the project export with many projects.

    .venv/bin/python benchmarks/projects_api.py [--projects 20000]

Uses a throwaway SQLite database; prints time per request, SQL queries per request and the
peak Python memory of the export.
"""

import argparse
import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", type=int, default=20000)
    args = parser.parse_args()
    workdir = tempfile.mkdtemp()
    os.environ["DJANGO_SETTINGS_MODULE"] = "yingkou.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"

    import django

    django.setup()
    from decimal import Decimal

    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from yingkou.models import Project, Unit, User

    call_command("migrate", verbosity=0)
    unit = Unit.objects.create(name="鲅鱼圈区", code="BYQ", kind="county")
    user = User.objects.create(username="drc", role="drc_reviewer", unit=unit)
    Project.objects.bulk_create(
        Project(
            name=f"项目{i}",
            owner_unit=unit,
            landing_unit=unit,
            industry="C26",
            total_investment=Decimal(1000 + i),
        )
        for i in range(args.projects)
    )
    client = Client()
    client.force_login(user)

    def measure(label, url, repeat=5):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
            assert response.status_code == 200, response.status_code
        # Read now: the next request's start clears the connection's query log.
        query_count = len(queries.captured_queries)
        started = time.perf_counter()
        for _ in range(repeat):
            response = client.get(url)
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)
        elapsed = (time.perf_counter() - started) / repeat * 1000
        print(f"{label:<40} {elapsed:8.1f} ms  {query_count:3d} queries")

    print(f"{args.projects} projects")
    measure("GET /projects/ (page 1 of 50)", "/projects/")
    measure("GET /projects/?page=last", f"/projects/?page={args.projects // 50}")
    measure("GET /api/v1/projects/ (50 per page)", "/api/v1/projects/")
    measure("GET /api/v1/projects/?page_size=500", "/api/v1/projects/?page_size=500")
    started = time.perf_counter()
    response = client.get("/projects/?export=xlsx")
    size = sum(len(chunk) for chunk in response.streaming_content)
    elapsed = time.perf_counter() - started
    tracemalloc.start()  # a second run, traced: tracing slows it several times
    b"".join(client.get("/projects/?export=xlsx").streaming_content)
    peak = tracemalloc.get_traced_memory()[1] / 1024 / 1024
    print(
        f"export of all projects: {elapsed:.1f} s, {size / 1024 / 1024:.1f} MiB file, peak Python memory {peak:.1f} MiB"
    )


if __name__ == "__main__":
    main()
