import datetime as dt
import re

import pytest
from django.core.management import CommandError, call_command
from django_celery_beat.models import PeriodicTask

from tests.clock import at, local
from yingkou.models import Notification, ScheduledRun
from yingkou.scheduling import period_key, registry, run_period
from yingkou.scheduling.beat import install_schedules
from yingkou.scheduling.periods import due_on, due_run_days, last_due_day, period_bounds

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def fake_jobs(monkeypatch):
    """Two monthly jobs, one of which fails the first time; the real registry is put back after."""
    calls = {"good": 0, "flaky": 0, "days": []}
    monkeypatch.setattr(registry, "_JOBS", {})

    @registry.job("monthly", "test_good", "好任务")
    def good(day):
        calls["good"] += 1
        calls["days"].append(day)
        return f"ok {day}"

    @registry.job("monthly", "test_flaky", "不稳定任务")
    def flaky(day):
        calls["flaky"] += 1
        if calls["flaky"] == 1:
            raise RuntimeError("boom")
        return "recovered"

    return calls


@pytest.fixture
def no_backoff(settings):
    settings.SCHEDULE_RETRY_BACKOFF_SECONDS = 0


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


@pytest.mark.parametrize(
    ("period", "day", "due"),
    [
        ("daily", D(2026, 11, 27), D(2026, 11, 27)),
        ("weekly", D(2026, 11, 23), D(2026, 11, 27)),  # the Friday reminder
        ("monthly", D(2026, 11, 1), D(2026, 12, 1)),
        ("monthly", D(2026, 12, 31), D(2027, 1, 1)),
        ("quarterly", D(2026, 10, 1), D(2027, 1, 1)),
        ("yearly", D(2026, 6, 1), D(2027, 1, 1)),
    ],
)
def test_a_closing_period_is_due_the_day_after_it_ends(period, day, due):
    assert due_on(period, day) == due


@pytest.mark.parametrize(
    ("period", "today", "last"),
    [
        ("daily", D(2026, 11, 27), D(2026, 11, 27)),
        ("weekly", D(2026, 11, 26), D(2026, 11, 20)),  # Thursday: last week's Friday
        ("weekly", D(2026, 11, 27), D(2026, 11, 27)),  # Friday: this week
        ("weekly", D(2026, 11, 29), D(2026, 11, 27)),  # Sunday: still this week
        ("monthly", D(2026, 11, 28), D(2026, 10, 31)),  # November is not over
        ("monthly", D(2026, 12, 1), D(2026, 11, 30)),
        ("quarterly", D(2026, 12, 31), D(2026, 9, 30)),
        ("yearly", D(2026, 12, 31), D(2025, 12, 31)),
        ("yearly", D(2027, 1, 1), D(2026, 12, 31)),
    ],
)
def test_the_last_due_period(period, today, last):
    assert last_due_day(period, today) == last


def test_due_run_days_lists_every_period_since_go_live():
    assert due_run_days("weekly", D(2026, 11, 1), D(2026, 11, 27)) == [
        D(2026, 11, 6),
        D(2026, 11, 13),
        D(2026, 11, 20),
        D(2026, 11, 27),
    ]
    assert due_run_days("monthly", D(2026, 9, 1), D(2026, 11, 27)) == [
        D(2026, 8, 31),
        D(2026, 9, 30),
        D(2026, 10, 31),
    ]
    assert due_run_days("monthly", D(2026, 11, 2), D(2026, 11, 27)) == []


@at(D(2026, 11, 28))
def test_a_failed_job_is_recorded_and_does_not_stop_the_others(fake_jobs):
    results = {r.job: r.status for r in run_period("monthly", D(2026, 10, 15))}
    assert results == {"test_flaky": "failed", "test_good": "succeeded"}
    failed = ScheduledRun.objects.get(job="test_flaky")
    assert failed.status == "failed" and "boom" in failed.outcome and failed.finished_at
    assert failed.retry_after is not None


@at(D(2026, 11, 28))
def test_rerunning_a_period_does_nothing_twice_but_retries_a_failure(fake_jobs, no_backoff):
    run_period("monthly", D(2026, 10, 1))
    results = {r.job: r.status for r in run_period("monthly", D(2026, 10, 31))}
    assert results == {"test_flaky": "succeeded", "test_good": "skipped"}
    assert {k: fake_jobs[k] for k in ("good", "flaky")} == {"good": 1, "flaky": 2}
    assert ScheduledRun.objects.get(job="test_flaky").attempts == 2
    assert ScheduledRun.objects.count() == 2


@at(D(2026, 11, 28))
def test_the_job_gets_one_date_per_period_whatever_date_named_it(fake_jobs):
    run_period("monthly", D(2026, 10, 3))
    assert fake_jobs["days"] == [D(2026, 10, 31)]


@at(D(2026, 11, 28))
def test_a_failure_waits_for_its_backoff(fake_jobs, settings):
    settings.SCHEDULE_RETRY_BACKOFF_SECONDS = 600
    run_period("monthly", D(2026, 10, 31))
    results = {r.job: r for r in run_period("monthly", D(2026, 10, 31))}
    assert results["test_flaky"].status == "waiting"
    assert 0 < results["test_flaky"].retry_in <= 600
    assert fake_jobs["flaky"] == 1


def test_a_job_failing_every_time_gives_up_and_tells_the_administrators(
    monkeypatch, settings, no_backoff
):
    from tests.factories import UserFactory

    UserFactory(username="root", is_superuser=True, email="root@example.com")
    settings.SCHEDULE_MAX_ATTEMPTS = 3
    monkeypatch.setattr(registry, "_JOBS", {})

    @registry.job("monthly", "test_broken", "总是失败")
    def broken(day):
        raise RuntimeError("still broken")

    with at(D(2026, 11, 28)):
        statuses = [run_period("monthly", D(2026, 10, 31))[0].status for _ in range(5)]
    assert statuses == ["failed", "failed", "gave_up", "gave_up", "gave_up"]
    run = ScheduledRun.objects.get(job="test_broken")
    assert (run.status, run.attempts) == ("failed", 3)
    notice = Notification.objects.get()  # once, not at every later look
    assert notice.user.username == "root" and notice.kind == "job_failed"
    assert notice.title == "定时任务失败：总是失败 2026年10月" and notice.url == "/scheduled-runs/"
    assert "任务 test_broken（总是失败）周期 2026年10月" in notice.body


@at(D(2026, 11, 28))
def test_a_stale_run_is_taken_over_after_its_lease(fake_jobs):
    with at(D(2026, 11, 28), 9):
        ScheduledRun.objects.create(
            job="test_good",
            period="monthly",
            period_key="2026-10",
            status="running",
            started_at=local(D(2026, 11, 28), 9),
            lease_expires_at=local(D(2026, 11, 28), 9, 31),
        )
        busy = {r.job: r for r in run_period("monthly", D(2026, 10, 31))}["test_good"]
    assert busy.status == "busy" and busy.retry_in == 31 * 60
    results = {r.job: r.status for r in run_period("monthly", D(2026, 10, 31))}  # 10:00
    assert results["test_good"] == "succeeded"
    run = ScheduledRun.objects.get(job="test_good")
    assert (run.status, run.attempts, run.lease_expires_at) == ("succeeded", 2, None)


def test_a_run_left_running_before_leases_existed_is_taken_over(fake_jobs):
    ScheduledRun.objects.create(
        job="test_good",
        period="monthly",
        period_key="2026-10",
        status="running",
        started_at=local(D(2026, 11, 1), 6),
    )
    with at(D(2026, 11, 28)):
        results = {r.job: r.status for r in run_period("monthly", D(2026, 10, 31))}
    assert results["test_good"] == "succeeded"


def test_an_open_period_is_refused_for_every_job_and_leaves_no_record(fake_jobs):
    with at(D(2026, 11, 28)):
        results = run_period("monthly", D(2026, 11, 28))
        assert {r.status for r in results} == {"not_due"}
        assert {r.period_key for r in run_period("monthly", D(2027, 1, 31))} == {"2027-01"}
        assert not ScheduledRun.objects.exists()
        with pytest.raises(CommandError, match="not due"):
            call_command("run_scheduled", "monthly", "--date", "2027-01-31")
    assert fake_jobs["good"] == 0
    with at(D(2026, 12, 1), 0, 1):
        assert {r.status for r in run_period("monthly", D(2026, 11, 28))} == {
            "succeeded",
            "failed",
        }


def test_run_scheduled_without_a_date_runs_the_last_closed_period(fake_jobs, capsys):
    with (
        at(D(2026, 11, 28)),
        pytest.raises(CommandError),
    ):  # the flaky job fails the first time
        call_command("run_scheduled", "monthly")
    assert set(ScheduledRun.objects.values_list("period_key", flat=True)) == {"2026-10"}


@at(D(2026, 11, 28))
def test_a_missed_period_can_be_run_later(fake_jobs):
    run_period("monthly", D(2026, 10, 26))
    run_period("monthly", D(2026, 9, 30))  # September was missed
    assert set(ScheduledRun.objects.values_list("period_key", flat=True)) == {"2026-10", "2026-09"}


@at(D(2026, 11, 28))
def test_run_scheduled_command(fake_jobs, capsys, settings):
    settings.SCHEDULE_RETRY_BACKOFF_SECONDS = 3600
    with pytest.raises(CommandError):  # the flaky job fails the first time
        call_command("run_scheduled", "monthly", "--date", "2026-10-31")
    # by hand, a failure is retried at once, without waiting for the backoff
    call_command("run_scheduled", "monthly", "--date", "2026-10-31")
    out = capsys.readouterr().out
    assert "test_flaky 2026-10 succeeded" in out
    assert "test_good 2026-10 skipped" in out
    with pytest.raises(CommandError):
        call_command("run_scheduled", "monthly", "--date", "31.10.2026")


def test_every_period_has_the_real_jobs_registered():
    names = {job.name for job in registry.registered_jobs()}
    assert "calendar_coverage" in names


@at(D(2026, 12, 1))
def test_calendar_coverage_warns_in_december_for_a_year_without_data():
    results = {r.job: r for r in run_period("daily", D(2026, 12, 1))}
    assert "2027" in results["calendar_coverage"].outcome


def test_the_schedule_is_in_the_database_from_the_registry_and_keeps_admin_edits():
    from yingkou.celery import app

    assert app.conf.timezone == "Asia/Shanghai"
    assert app.conf.beat_scheduler == "yingkou.scheduling.beat:DueStampingScheduler"
    install_schedules()  # installed after migrate already; installing again changes nothing
    tasks = {t.name: t for t in PeriodicTask.objects.select_related("crontab")}
    assert set(tasks) == {c.name for c in registry.CADENCES}
    friday = tasks["friday-reserve-update"]
    assert (friday.crontab.day_of_week, friday.crontab.hour) == ("5", "9")
    assert friday.kwargs == '{"period": "weekly"}' and friday.expire_seconds
    assert tasks["quarterly-inspections"].crontab.month_of_year == "1,4,7,10"
    assert tasks["year-end"].kwargs == '{"period": "yearly"}'
    assert str(friday.crontab.timezone) == "Asia/Shanghai"

    friday.crontab = type(friday.crontab).objects.create(
        minute="0", hour="10", day_of_week="5", timezone="Asia/Shanghai"
    )
    friday.save()
    assert install_schedules() == []
    assert PeriodicTask.objects.get(name="friday-reserve-update").crontab.hour == "10"
    call_command("install_schedules", "--reset")
    assert PeriodicTask.objects.get(name="friday-reserve-update").crontab.hour == "9"


def test_the_beat_message_runs_the_period_that_was_due_when_it_was_sent(fake_jobs):
    from yingkou.tasks import run_scheduled_period

    # sent by beat at 06:00 on 1 December, delivered on 2 January: November, not December
    with at(D(2027, 1, 2)):
        results = run_scheduled_period.delay(
            "monthly", due="2026-12-01T06:00:00+08:00", jobs=["test_good"]
        ).get()
    assert {r["period_key"] for r in results} == {"2026-11"}


def test_a_failed_job_fails_its_task(fake_jobs):
    from yingkou.tasks import ScheduledJobFailed, run_scheduled_period

    with (
        at(D(2026, 12, 1)),
        pytest.raises(ScheduledJobFailed, match="test_flaky 2026-11 failed"),
    ):
        run_scheduled_period.delay("monthly", due="2026-12-01T06:00:00+08:00").get()


def test_a_job_asked_to_close_a_period_not_over_is_deferred_and_runs_later(monkeypatch):
    """A job may still defer its (due) period for a reason of its own; it is not a failure."""
    from yingkou.scheduling import PeriodNotOver

    monkeypatch.setattr(registry, "_JOBS", {})
    closed = {"value": False}

    @registry.job("monthly", "test_closing", "月末归档")
    def closing(day):
        if not closed["value"]:
            raise PeriodNotOver("not over")
        return "archived"

    with at(D(2026, 12, 1)):
        assert [r.status for r in run_period("monthly", D(2026, 11, 15))] == ["deferred"]
        assert ScheduledRun.objects.get(job="test_closing").status == "deferred"
        call_command(
            "run_scheduled", "monthly", "--date", "2026-11-20"
        )  # deferred is not a failure
        closed["value"] = True
        assert [r.status for r in run_period("monthly", D(2026, 11, 30))] == ["succeeded"]
    run = ScheduledRun.objects.get(job="test_closing")
    assert (run.status, run.outcome, run.attempts) == ("succeeded", "archived", 3)


@pytest.fixture
def weekly_job(monkeypatch, settings):
    """One weekly job on a system that went live on Monday 2 November 2026."""
    settings.SCHEDULE_START_DATE = "2026-11-02"
    monkeypatch.setattr(registry, "_JOBS", {})
    weeks = []

    @registry.job("weekly", "test_weekly", "周任务")
    def weekly(day):
        weeks.append(day)
        return f"week of {day}"

    return weeks


def test_the_reconciler_runs_every_missed_period_and_tells_the_administrators(weekly_job, settings):
    from tests.factories import UserFactory
    from yingkou.scheduling.reconcile import owed, reconcile

    UserFactory(username="root", is_superuser=True, email="root@example.com")
    with at(D(2026, 11, 13)):
        run_period("weekly", D(2026, 11, 6))
        run_period("weekly", D(2026, 11, 13))
    with at(D(2026, 11, 28)):  # beat was down on Friday 20 and Friday 27 November
        assert [(g.period_key, g.problem) for g in owed()] == [
            ("2026-W47", "missing"),
            ("2026-W48", "missing"),
        ]
        report = reconcile().report()
        assert owed() == []
        assert reconcile().report().startswith("0 missing period(s), 0 run(s) attempted")
    assert weekly_job == [D(2026, 11, 6), D(2026, 11, 13), D(2026, 11, 20), D(2026, 11, 27)]
    assert "2 missing period(s), 2 run(s) attempted: 2 succeeded" in report
    notice = Notification.objects.get()
    assert "2 个周期未运行" in notice.title
    assert "2026年第47周（11月16日至11月22日） test_weekly" in notice.body


def test_the_reconciler_retries_failures_and_takes_over_stale_runs(weekly_job, no_backoff):
    from yingkou.scheduling.reconcile import owed, reconcile

    with at(D(2026, 11, 6), 9):
        ScheduledRun.objects.create(
            job="test_weekly",
            period="weekly",
            period_key="2026-W45",
            status="running",
            started_at=local(D(2026, 11, 6), 9),
            lease_expires_at=local(D(2026, 11, 6), 9, 31),
        )
        assert owed() == []  # running, lease alive
    with at(D(2026, 11, 7)):
        assert [(g.period_key, g.problem) for g in owed()] == [("2026-W45", "stale")]
        reconcile()
    assert ScheduledRun.objects.get(period_key="2026-W45").status == "succeeded"


def test_the_runs_page_shows_each_jobs_last_success_and_what_is_owed_in_red(
    client, drc, owner, weekly_job, django_assert_max_num_queries
):
    with at(D(2026, 11, 13)):
        run_period("weekly", D(2026, 11, 6))
    ScheduledRun.objects.create(
        job="test_weekly",
        period="weekly",
        period_key="2026-W46",
        status="failed",
        attempts=4,
        started_at=local(D(2026, 11, 13), 9),
        outcome="Traceback: boom",
    )
    client.force_login(drc)
    with at(D(2026, 11, 28)), django_assert_max_num_queries(12):
        page = client.get("/scheduled-runs/").content.decode()
    # Periods read as people name them, the week with its days; the keys stay in the database.
    assert '<span class="ok">2026年第45周（11月2日至11月8日）</span>' in page  # last success
    assert "<td>2026年第45周（11月2日至11月8日）</td>" in page  # the run itself
    assert "2026-W4" not in page
    # The sentence follows the one before it as Chinese does, without a space.
    assert re.search(r"中调整。自\d{4}年\d{1,2}月\d{1,2}日起核对。", page)
    assert "2026年第46周（11月9日至11月15日） · 失败：已停止自动重试" in page
    assert "2026年第47周（11月16日至11月22日） · 缺失：未运行" in page
    assert "2026年第48周（11月23日至11月29日） · 缺失：未运行" in page
    client.force_login(owner)
    assert client.get("/scheduled-runs/").status_code == 403
    assert client.post("/scheduled-runs/rerun/", {"job": "test_weekly"}).status_code == 403


def test_a_missed_period_is_rerun_from_the_runs_page_but_never_an_open_one(client, drc, weekly_job):
    client.force_login(drc)
    with at(D(2026, 11, 28)):
        client.post("/scheduled-runs/rerun/", {"job": "test_weekly", "day": "2026-11-20"})
        response = client.post(
            "/scheduled-runs/rerun/", {"job": "test_weekly", "day": "2026-12-04"}, follow=True
        )
    assert weekly_job == [D(2026, 11, 20)]
    assert "尚未结束" in response.content.decode()
    with at(D(2026, 11, 28)):
        response = client.post(
            "/scheduled-runs/rerun/", {"job": "test_weekly", "day": "2026-11-20"}, follow=True
        )
    assert "已提交补跑：周任务 2026年第47周（11月16日至11月22日）" in response.content.decode()


def test_a_scheduler_that_never_ran_is_shown_as_such_not_as_healthy(client, drc, settings):
    settings.SCHEDULE_START_DATE = None
    client.force_login(drc)
    page = client.get("/scheduled-runs/").content.decode()
    assert "尚无任何定时任务运行过" in page
    assert "celery -A yingkou beat" in page and "SCHEDULE_START_DATE" in page
    assert '<span class="ok">无</span>' not in page  # nothing owed is not the same as checked
    assert "未开始核对" in page


def test_once_live_the_page_no_longer_warns_that_nothing_ran(client, drc, settings):
    settings.SCHEDULE_START_DATE = "2026-11-02"
    client.force_login(drc)
    with at(D(2026, 11, 2)):
        page = client.get("/scheduled-runs/").content.decode()
    assert "尚无任何定时任务运行过" not in page and "未开始核对" not in page
