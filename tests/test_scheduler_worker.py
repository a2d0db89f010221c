"""The scheduler proved with the real parts: beat and workers as separate processes, Redis as the
broker, PostgreSQL as the database they share with this test (SPEC §6, issue 11).

These run on the PostgreSQL pass of the suite (DATABASE_URL=postgres://...); on SQLite, whose test
database lives in this process's memory, no other process can see it and they are skipped."""

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlparse

import pytest
from celery import Celery
from django.db import connection

from tests.service_guard import require_service
from yingkou.models import ScheduledRun
from yingkou.scheduling.beat import install_schedules
from yingkou.scheduling.periods import due_run_days, period_key
from yingkou.scheduling.registry import registered_jobs

ROOT = Path(__file__).resolve().parents[1]
REDIS_URL = os.environ.get("CELERY_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
D = dt.date

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def stack(tmp_path):
    """Starts beat and workers against this test's database and a queue of its own; stops them."""
    if connection.vendor != "postgresql":
        pytest.skip("needs the PostgreSQL test database (the suite's PostgreSQL pass)")
    parsed = urlparse(REDIS_URL)
    require_service("Redis", parsed.hostname, parsed.port or 6379)
    db = connection.settings_dict
    database_url = (
        f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )
    queue = f"test-{uuid.uuid4().hex[:12]}"
    processes = []

    class Stack:
        def __init__(self):
            self.queue = queue
            self.client = Celery(broker=REDIS_URL, backend=REDIS_URL)

        def start(self, *args, clock=None, **env):
            """Start `celery -A yingkou <args>`, at a frozen ticking clock if given."""
            command = [sys.executable, "-m"]
            command += ["tests.frozen_clock", clock] if clock else ["celery"]
            command += ["-A", "yingkou", *args, "--loglevel", "INFO"]
            environment = {
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "yingkou.settings.test",
                "DATABASE_URL": database_url,
                "REDIS_URL": REDIS_URL,
                "YINGKOU_TEST_REDIS": "1",
                **env,
            }
            log = (tmp_path / f"{len(processes)}.log").open("w")
            process = subprocess.Popen(
                command, cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT
            )
            processes.append(process)
            return process

        def worker(self, *args, clock=None, **env):
            return self.start(
                "worker", "-Q", queue, "--pool", "solo", "--without-mingle", "--without-gossip",
                *args, clock=clock, **env,
            )  # fmt: skip

        def send(self, task, **kwargs):
            return self.client.send_task(task, kwargs=kwargs, queue=queue)

        def logs(self) -> str:
            return "\n".join(path.read_text() for path in sorted(tmp_path.glob("*.log")))

    yield Stack()
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_for(condition, what: str, stack, timeout: float = 60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.3)
    pytest.fail(f"timed out waiting for {what}\n{stack.logs()[-6000:]}")


def runs(**filters) -> list[tuple]:
    return list(
        ScheduledRun.objects.filter(**filters)
        .order_by("job", "period_key")
        .values_list("job", "period_key", "status", "attempts")
    )


def monthly_jobs() -> list[str]:
    return [job.name for job in registered_jobs("monthly")]


def test_beat_sends_the_month_when_it_is_due_and_a_late_worker_runs_that_month(stack):
    """Beat, at 06:00 on 1 December, sends the monthly run. No worker is up; the one started on
    2 January (when December is over too) runs November — the month that was due when beat sent
    it — and nothing for December."""
    from django_celery_beat.models import PeriodicTask

    install_schedules(reset=True)
    PeriodicTask.objects.exclude(name="monthly-circulars").update(enabled=False)
    # Beat takes the schedule as it was last sent; the message may wait for a worker any time.
    PeriodicTask.objects.filter(name="monthly-circulars").update(
        queue=stack.queue,
        expire_seconds=None,
        last_run_at=dt.datetime(2026, 11, 1, 6, tzinfo=dt.timezone(dt.timedelta(hours=8))),
    )
    beat = stack.start("beat", "--max-interval", "1", clock="2026-12-01T05:59:56+08:00")
    redis = stack.client.connection().default_channel.client
    wait_for(lambda: redis.llen(stack.queue), "beat to send the monthly run", stack, timeout=40)
    beat.send_signal(signal.SIGTERM)
    beat.wait(timeout=20)
    message = json.loads(redis.lindex(stack.queue, 0))
    assert message["headers"]["task"] == "yingkou.tasks.run_scheduled_period"

    stack.worker(clock="2027-01-02T10:00:00+08:00")
    expected = [(name, "2026-11", "succeeded", 1) for name in monthly_jobs()]
    wait_for(lambda: runs(period="monthly") == expected, "the November runs", stack)
    assert not ScheduledRun.objects.filter(period_key="2026-12").exists()


def test_a_worker_killed_mid_job_has_its_run_taken_over_once_the_lease_expired(stack, tmp_path):
    flag = tmp_path / "block"
    flag.touch()
    env = {
        "TEST_BLOCKING_FLAG": str(flag),
        "SCHEDULE_LEASE_SECONDS": "3",
        # Redis gives an unacknowledged message to another worker after 3 s (production: hours)
        "CELERY_VISIBILITY_TIMEOUT": "3",
    }
    first = stack.worker("--include", "tests.scheduler_jobs", **env)
    stack.send(
        "yingkou.tasks.run_scheduled_period",
        period="daily",
        day="2026-11-02",
        jobs=["test_blocking"],
    )
    wait_for(lambda: runs(status="running"), "the job to start", stack)
    first.kill()  # SIGKILL in the middle of the job: no chance to record anything
    first.wait()
    assert runs() == [("test_blocking", "2026-11-02", "running", 1)]

    flag.unlink()
    time.sleep(3.5)  # lease and visibility timeout expire; the message is still unacknowledged
    stack.worker("--include", "tests.scheduler_jobs", **env)
    wait_for(
        lambda: runs() == [("test_blocking", "2026-11-02", "succeeded", 2)],
        "the run to be taken over and finished",
        stack,
    )


def test_sixteen_duplicate_sends_give_one_run_and_one_set_of_archives(stack):
    from assistance.models import SupervisionReport
    from negotiation.models import NegotiationArchive
    from reserve.models import MonthlyArchive

    env = {"SCHEDULE_LEASE_SECONDS": "15"}
    stack.worker("--concurrency", "1", **env)
    stack.worker("--concurrency", "1", **env)
    sent = [
        stack.send("yingkou.tasks.run_scheduled_period", period="monthly", day="2026-10-31")
        for _ in range(16)
    ]
    for result in sent:
        result.get(
            timeout=90, disable_sync_subtasks=False
        )  # none fails; a duplicate that found the run busy retried
    assert runs(period="monthly") == [(name, "2026-10", "succeeded", 1) for name in monthly_jobs()]
    for model, period_field in (
        (MonthlyArchive, "period"),
        (NegotiationArchive, "period"),
        (SupervisionReport, "period_key"),
    ):
        keys = list(model.objects.filter(**{period_field: "2026-10"}).values_list("pk", flat=True))
        assert len(keys) == len(set(keys))
    assert MonthlyArchive.objects.filter(period="2026-10").count() == len(
        set(MonthlyArchive.objects.filter(period="2026-10").values_list("kind", flat=True))
    )


def test_the_reconciler_catches_up_a_missed_week(stack):
    """Live since Monday 16 November; beat was down on Friday 20 November, so the week 2026-W47
    has no Friday run. The daily reconciler on Saturday 28 November finds it and runs it."""
    from tests.factories import UserFactory
    from yingkou.models import Notification

    UserFactory(username="root", is_superuser=True, email="root@example.com")
    start, today = D(2026, 11, 16), D(2026, 11, 28)
    now = dt.datetime(2026, 11, 28, 8, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    for job in registered_jobs():
        for day in due_run_days(job.period, start, today):
            key = period_key(job.period, day)
            if key != "2026-W47":
                ScheduledRun.objects.create(
                    job=job.name,
                    period=job.period,
                    period_key=key,
                    status="succeeded",
                    started_at=now,
                    finished_at=now,
                )
    weekly = [job.name for job in registered_jobs("weekly")]
    assert weekly and not runs(period_key="2026-W47")

    stack.worker(clock="2026-11-28T08:30:00+08:00", SCHEDULE_START_DATE="2026-11-16")
    report = stack.send("yingkou.tasks.reconcile_schedule").get(
        timeout=90, disable_sync_subtasks=False
    )
    assert report.startswith(f"{len(weekly)} missing period(s), {len(weekly)} run(s) attempted")
    assert runs(period_key="2026-W47") == [(name, "2026-W47", "succeeded", 1) for name in weekly]
    assert Notification.objects.filter(user__username="root", kind="job_failed").count() == 1
