"""A task sent through Redis to a real Celery worker process, which runs the daily jobs and records
them in its database (SPEC §6)."""

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest
from celery import Celery

from tests.service_guard import require_service

ROOT = Path(__file__).resolve().parents[1]
REDIS_URL = os.environ.get("CELERY_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")

pytestmark = pytest.mark.celery_worker


@pytest.fixture
def worker(tmp_path):
    parsed = urlparse(REDIS_URL)
    require_service("Redis", parsed.hostname, parsed.port or 6379)
    database = tmp_path / "worker.sqlite3"
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL",)},
        "DJANGO_SETTINGS_MODULE": "yingkou.settings.local",
        "DATABASE_URL": f"sqlite:///{database}",
        "REDIS_URL": REDIS_URL,
    }
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--verbosity", "0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=300,
    )
    queue = f"test-{os.getpid()}-{time.monotonic_ns()}"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "yingkou",
            "worker",
            "--pool",
            "solo",
            "-Q",
            queue,
            "--loglevel",
            "INFO",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        yield queue, database
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def test_a_scheduled_period_runs_on_a_real_worker(worker):
    queue, database = worker
    client = Celery(broker=REDIS_URL, backend=REDIS_URL)
    result = client.send_task(
        "yingkou.tasks.run_scheduled_period", args=("daily", "2026-11-02"), queue=queue
    )
    # This process is only the client; an earlier test in the session may have marked the thread
    # as a task context, which would make Celery refuse to wait.
    outcome = result.get(timeout=90, disable_sync_subtasks=False)
    assert {row["job"]: row["status"] for row in outcome}["calendar_coverage"] == "succeeded"
    with sqlite3.connect(database) as connection:
        rows = connection.execute(
            "SELECT job, period_key, status FROM yingkou_scheduledrun WHERE job = 'calendar_coverage'"
        ).fetchall()
    assert rows == [("calendar_coverage", "2026-11-02", "succeeded")]

    working_day = client.send_task(
        "yingkou.tasks.working_day_after", args=("2026-09-30", 3), queue=queue
    )
    assert (
        working_day.get(timeout=30, disable_sync_subtasks=False) == "2026-10-10"
    )  # across National Day, onto the make-up Saturday
