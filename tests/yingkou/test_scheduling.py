import datetime as dt

import pytest
from django.core.management import CommandError, call_command

from yingkou.models import ScheduledRun
from yingkou.scheduling import period_key, registry, run_period
from yingkou.scheduling.beat import beat_schedule
from yingkou.scheduling.periods import period_bounds

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def fake_jobs(monkeypatch):
    """Two monthly jobs, one of which fails the first time; the real registry is put back after."""
    calls = {"good": 0, "flaky": 0}
    monkeypatch.setattr(registry, "_JOBS", {})

    @registry.job("monthly", "test_good", "好任务")
    def good(day):
        calls["good"] += 1
        return f"ok {day}"

    @registry.job("monthly", "test_flaky", "不稳定任务")
    def flaky(day):
        calls["flaky"] += 1
        if calls["flaky"] == 1:
            raise RuntimeError("boom")
        return "recovered"

    return calls


@pytest.mark.parametrize(
    ("period", "day", "key"),
    [
        ("daily", D(2026, 11, 27), "2026-11-27"),
        ("weekly", D(2026, 11, 27), "2026-W48"),
        ("weekly", D(2027, 1, 1), "2026-W53"),
        ("monthly", D(2026, 11, 27), "2026-11"),
        ("quarterly", D(2026, 11, 27), "2026-Q4"),
        ("quarterly", D(2026, 1, 1), "2026-Q1"),
        ("yearly", D(2026, 12, 31), "2026"),
        ("yearly", D(2027, 1, 1), "2027"),
    ],
)
def test_period_keys(period, day, key):
    assert period_key(period, day) == key


def test_period_bounds():
    assert period_bounds("monthly", D(2026, 2, 10)) == (D(2026, 2, 1), D(2026, 2, 28))
    assert period_bounds("quarterly", D(2026, 12, 31)) == (D(2026, 10, 1), D(2026, 12, 31))
    assert period_bounds("weekly", D(2026, 11, 27)) == (D(2026, 11, 23), D(2026, 11, 29))
    assert period_bounds("yearly", D(2026, 6, 15)) == (D(2026, 1, 1), D(2026, 12, 31))


def test_a_failed_job_is_recorded_and_does_not_stop_the_others(fake_jobs):
    results = {r.job: r.status for r in run_period("monthly", D(2026, 10, 15))}
    assert results == {"test_flaky": "failed", "test_good": "succeeded"}
    failed = ScheduledRun.objects.get(job="test_flaky")
    assert failed.status == "failed" and "boom" in failed.outcome and failed.finished_at


def test_rerunning_a_period_does_nothing_twice_but_retries_a_failure(fake_jobs):
    run_period("monthly", D(2026, 10, 1))
    results = {r.job: r.status for r in run_period("monthly", D(2026, 10, 31))}
    assert results == {"test_flaky": "succeeded", "test_good": "skipped"}
    assert fake_jobs == {"good": 1, "flaky": 2}
    assert ScheduledRun.objects.get(job="test_flaky").attempts == 2
    assert ScheduledRun.objects.count() == 2


def test_a_missed_period_can_be_run_later(fake_jobs):
    run_period("monthly", D(2026, 11, 26))
    run_period("monthly", D(2026, 9, 30))  # September was missed
    assert set(ScheduledRun.objects.values_list("period_key", flat=True)) == {"2026-11", "2026-09"}


def test_run_scheduled_command(fake_jobs, capsys):
    with pytest.raises(CommandError):  # the flaky job fails the first time
        call_command("run_scheduled", "monthly", "--date", "2026-10-31")
    call_command("run_scheduled", "monthly", "--date", "2026-10-31")
    out = capsys.readouterr().out
    assert "test_flaky 2026-10 succeeded" in out
    assert "test_good 2026-10 skipped" in out
    with pytest.raises(CommandError):
        call_command("run_scheduled", "monthly", "--date", "31.10.2026")


def test_every_period_has_the_real_jobs_registered():
    names = {job.name for job in registry.registered_jobs()}
    assert "calendar_coverage" in names


def test_calendar_coverage_warns_in_december_for_a_year_without_data():
    results = {r.job: r for r in run_period("daily", D(2026, 12, 1))}
    assert "2027" in results["calendar_coverage"].outcome


def test_beat_runs_in_asia_shanghai_on_friday_and_closes_months(settings):
    from yingkou.celery import app

    assert app.conf.timezone == "Asia/Shanghai"
    schedule = beat_schedule()
    assert schedule["friday-reserve-update"]["schedule"].day_of_week == {5}
    assert schedule["monthly-circulars"]["kwargs"] == {"previous": True}
    assert schedule["quarterly-inspections"]["schedule"].month_of_year == {1, 4, 7, 10}
    assert schedule["year-end"]["schedule"].month_of_year == {1}
    assert schedule["year-end"]["args"] == ("yearly",)


def test_the_beat_task_closes_the_previous_month(fake_jobs):
    from yingkou.tasks import run_scheduled_period

    results = run_scheduled_period.delay("monthly", "2026-12-01", previous=True).get()
    assert {r["period_key"] for r in results} == {"2026-11"}


def test_a_job_asked_to_close_a_period_not_over_is_deferred_and_runs_later(monkeypatch):
    from yingkou.scheduling import PeriodNotOver

    monkeypatch.setattr(registry, "_JOBS", {})
    closed = {"value": False}

    @registry.job("monthly", "test_closing", "月末归档")
    def closing(day):
        if not closed["value"]:
            raise PeriodNotOver("not over")
        return "archived"

    assert [r.status for r in run_period("monthly", D(2026, 11, 15))] == ["deferred"]
    assert ScheduledRun.objects.get(job="test_closing").status == "deferred"
    call_command("run_scheduled", "monthly", "--date", "2026-11-20")  # deferred is not a failure
    closed["value"] = True
    assert [r.status for r in run_period("monthly", D(2026, 11, 30))] == ["succeeded"]
    run = ScheduledRun.objects.get(job="test_closing")
    assert (run.status, run.outcome, run.attempts) == ("succeeded", "archived", 3)
