"""No background export stays unfinished for ever: a message is safe to send again, the sweep
sends again a job whose message was lost and fails one whose worker died, and a broker that is
down when the user asks fails nothing (yingkou.export_jobs)."""

import datetime as dt
from unittest import mock

import pytest
import time_machine
from django.db import IntegrityError
from django.urls import reverse
from kombu.exceptions import OperationalError

from tests.factories import ProjectFactory
from yingkou import export_jobs
from yingkou.models import ExportJob
from yingkou.models.exports import INTERRUPTED
from yingkou.tasks import build_export

pytestmark = pytest.mark.django_db

ASKED = dt.datetime(2026, 11, 26, 10, tzinfo=dt.UTC)
SECOND = dt.timedelta(seconds=1)
built: list[int] = []


def counting_builder(job):
    """A builder that records each build and returns an archived file of one row."""
    built.append(job.pk)
    return b"xlsx", 1


COUNTING = f"{__name__}.counting_builder"


@pytest.fixture(autouse=True)
def _fresh(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.EXPORT_REQUEUE_SECONDS = 180
    settings.EXPORT_STALLED_SECONDS = 600
    built.clear()


@pytest.fixture
def sent(monkeypatch):
    """The broker: records the jobs sent to the worker instead of building them."""
    delay = mock.Mock()
    monkeypatch.setattr(build_export, "delay", delay)
    return delay


def job_at(when, owner, **fields) -> ExportJob:
    with time_machine.travel(when, tick=False):
        return ExportJob.objects.create(user=owner, kind=COUNTING, title="项目库", **fields)


def sweep_at(when) -> tuple[int, int]:
    with time_machine.travel(when, tick=False):
        return export_jobs.export_sweep()


def test_a_second_message_for_a_job_does_nothing(owner):
    job = job_at(ASKED, owner)
    export_jobs.export_build(job.pk)
    job.refresh_from_db()
    assert job.status == "done" and built == [job.pk]
    finished, name = job.finished_at, job.file.name
    export_jobs.export_build(job.pk)  # a duplicate, or redelivered after the build
    job.refresh_from_db()
    assert built == [job.pk] and (job.finished_at, job.file.name) == (finished, name)


def test_a_message_for_a_job_another_worker_has_claimed_does_nothing(owner):
    job = job_at(ASKED, owner, status="running", progress_at=ASKED)
    export_jobs.export_build(job.pk)
    job.refresh_from_db()
    assert built == [] and job.status == "running" and job.progress_at == ASKED


class SteppingExporter:
    """Writes its rows as a real exporter does, a second apart."""

    title = "项目库"

    def __init__(self, clock, count):
        self.clock, self.count = clock, count

    def rows(self):
        for number in range(self.count):
            self.clock.shift(1)
            yield [number]

    def write(self, spool):
        for row in self.rows():
            spool.write(repr(row).encode())


def test_the_claim_and_each_progress_update_record_when_the_job_last_moved(owner, monkeypatch):
    seen = []
    monkeypatch.setattr(export_jobs, "PROGRESS_EVERY", 2)
    with time_machine.travel(ASKED, tick=False) as clock:

        def builder(job):
            seen.append(ExportJob.objects.values_list("status", "progress_at").get(pk=job.pk))
            return SteppingExporter(clock, 5), 5

        monkeypatch.setattr(export_jobs, "import_string", lambda path: builder)
        job = ExportJob.objects.create(user=owner, kind="x", title="项目库")
        export_jobs.export_build(job.pk)
    assert seen == [("running", ASKED)]  # claimed, and its claim is its first sign of life
    job.refresh_from_db()
    # rows 2 and 4 wrote progress, at 2 and 4 seconds in; the fifth row's second is the end
    assert job.status == "done" and job.progress_at == ASKED + 4 * SECOND


def test_the_sweep_sends_a_job_queued_too_long_again_and_not_a_fresh_one(owner, sent):
    old = job_at(ASKED, owner)
    limit = ASKED + dt.timedelta(seconds=180)
    fresh = job_at(limit - 10 * SECOND, owner, params={"query": "q=2"})
    assert sweep_at(limit) == (0, 0)  # waited exactly the limit: still within it
    sent.assert_not_called()
    assert sweep_at(limit + SECOND) == (1, 0)
    sent.assert_called_once_with(old.pk)
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert old.status == "queued" and old.resent_at == limit + SECOND and fresh.resent_at is None
    # Sent again once per limit, not on every run of the sweep
    sent.reset_mock()
    assert sweep_at(limit + 2 * SECOND) == (0, 0)
    assert sweep_at(limit + SECOND + dt.timedelta(seconds=180)) == (1, 0)  # the fresh one's turn
    assert sent.call_args_list == [mock.call(fresh.pk)]
    sweep_at(limit + SECOND + dt.timedelta(seconds=181))
    assert sent.call_args_list == [mock.call(fresh.pk), mock.call(old.pk)]


def test_a_job_sent_again_is_built_once_whatever_the_number_of_messages(owner):
    """Without Redis the task runs in-process: the beat task sends the lost job again and it is
    built; a message sent after that does nothing."""
    from yingkou.tasks import sweep_exports

    job = job_at(ASKED, owner)
    with time_machine.travel(ASKED + dt.timedelta(minutes=4), tick=False):
        sweep_exports.delay()
    job.refresh_from_db()
    assert job.status == "done" and built == [job.pk]
    build_export.delay(job.pk)
    assert built == [job.pk]


def test_a_running_job_whose_progress_stopped_is_failed_as_interrupted(
    client, owner, many_projects, sent, settings, django_capture_on_commit_callbacks
):
    settings.EXPORT_DIRECT_MAX_ROWS = 2
    client.force_login(owner)
    url = reverse("projects:list")
    with time_machine.travel(ASKED, tick=False):
        first = client.get(url, {"export": "xlsx", "q": "项目"})
    job = ExportJob.objects.get()
    moved = ASKED + dt.timedelta(minutes=1)
    ExportJob.objects.filter(pk=job.pk).update(status="running", progress_at=moved)
    limit = moved + dt.timedelta(seconds=600)
    assert sweep_at(limit) == (0, 0)  # silent exactly the limit: still alive
    job.refresh_from_db()
    assert job.status == "running"
    assert sweep_at(limit + SECOND) == (0, 1)
    job.refresh_from_db()
    assert (job.status, job.error, job.finished_at) == ("failed", INTERRUPTED, limit + SECOND)
    assert job.error == "生成中断（后台服务停止），请重新导出。"

    page = client.get(first.url).content.decode()
    assert "文件生成中断" in page and 'http-equiv="refresh"' not in page
    assert f'href="{reverse("projects:list")}?q=%E9%A1%B9%E7%9B%AE"' in page
    # The next request makes a new job (the constraint holds only waiting and running ones)
    with django_capture_on_commit_callbacks(execute=True):
        again = client.get(url, {"export": "xlsx", "q": "项目"})
    new = ExportJob.objects.exclude(pk=job.pk).get()
    assert again.url == reverse("export_job", args=[new.pk]) and new.status == "queued"
    sent.assert_called_once_with(new.pk)


def test_a_job_claimed_before_progress_was_recorded_is_judged_by_its_age(owner):
    job = job_at(ASKED, owner, status="running")
    assert sweep_at(ASKED + dt.timedelta(seconds=600)) == (0, 0)
    assert sweep_at(ASKED + dt.timedelta(seconds=601)) == (0, 1)
    job.refresh_from_db()
    assert job.interrupted


def test_a_failure_in_the_build_itself_is_not_called_an_interruption(client, owner):
    job = job_at(ASKED, owner, status="failed", error="boom", list_url="/projects/")
    client.force_login(owner)
    page = client.get(reverse("export_job", args=[job.pk])).content.decode()
    assert "文件生成失败" in page and "中断" not in page and 'href="/projects/"' in page


def test_a_broker_down_when_asked_leaves_the_job_queued_and_the_request_ok(
    client, owner, many_projects, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.EXPORT_DIRECT_MAX_ROWS = 2
    monkeypatch.setattr(
        build_export, "delay", mock.Mock(side_effect=OperationalError("connection refused"))
    )
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("projects:list"), {"export": "xlsx"})
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("export_job", args=[job.pk])
    assert job.status == "queued" and build_export.delay.call_count == 1
    assert client.get(response.url).status_code == 200
    # the sweep sends it once the broker is back
    monkeypatch.setattr(build_export, "delay", mock.Mock())
    sweep_at(job.created_at + dt.timedelta(seconds=181))
    build_export.delay.assert_called_once_with(job.pk)


def test_the_page_says_a_job_was_sent_again(client, owner):
    job = job_at(ASKED, owner, resent_at=ASKED + dt.timedelta(minutes=3))
    client.force_login(owner)
    page = client.get(reverse("export_job", args=[job.pk])).content.decode()
    assert "自动重新提交" in page and 'http-equiv="refresh"' in page


def test_a_request_racing_one_that_failed_at_once_gets_a_new_job(owner, sent, monkeypatch):
    """Two clicks at once: this request's insert met the other's job, which has failed by the
    time this one reads it."""
    params = {"query": "q=1"}
    key = export_jobs.request_key(COUNTING, params)
    other = job_at(ASKED, owner, params=params, request_key=key, status="failed")
    real_create = ExportJob.objects.create

    def create_meeting_the_other(**fields):
        monkeypatch.setattr(ExportJob.objects, "create", real_create)
        raise IntegrityError("export_job_once_while_pending")

    monkeypatch.setattr(ExportJob.objects, "create", create_meeting_the_other)
    job = export_jobs.export_start(user=owner, kind=COUNTING, title="项目库", params=params)
    assert job.pk != other.pk and job.status == "queued" and ExportJob.objects.count() == 2


def test_the_sweep_is_on_beats_schedule_every_two_minutes():
    from django_celery_beat.models import PeriodicTask

    from yingkou.celery import app

    task = PeriodicTask.objects.select_related("crontab").get(name="export-sweep")
    assert task.task == "yingkou.tasks.sweep_exports" and task.task in app.tasks
    assert (task.crontab.minute, task.crontab.hour) == ("*/2", "*") and task.kwargs == "{}"


@pytest.fixture
def many_projects(area):
    return [ProjectFactory(owner_unit=area, name=f"本区项目{i}") for i in range(3)]
