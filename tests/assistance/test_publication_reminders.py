"""A-5: the lead area or department is reminded to publish a case's arrangement on its portal 5
working days before its due day (the 15th working day after the decision), and told again once
the due day has passed unpublished — by the daily job, once per case and decision, never for a
published case, on working days (make-up Saturdays included), and what a day off or a run that
did not happen missed is told by the next run."""

import datetime as dt

import pytest

from assistance import jobs, rules, services
from assistance.models import PublicationReminder
from tests.assistance.factories import AssistanceCaseFactory
from tests.clock import at
from tests.factories import LeaderFactory, ProjectFactory
from yingkou.choices import LeaderRank, NotificationKind
from yingkou.models import Notification, ScheduledRun
from yingkou.scheduling import registered_jobs, run_period
from yingkou.scheduling.runner import run_job

pytestmark = pytest.mark.django_db

D = dt.date
JOB = "assistance_publication_reminders"


def run(day: dt.date) -> str:
    """The daily run of `day`, on that day, as beat sends it."""
    with at(day, hour=8):
        (result,) = run_period("daily", day, jobs=[JOB])
    return result.outcome


def told(user) -> list[str]:
    return list(
        Notification.objects.filter(user=user, kind=NotificationKind.PUBLICATION)
        .order_by("pk")
        .values_list("title", flat=True)
    )


@pytest.fixture
def principal(area):
    return LeaderFactory(name="王区长", title="区长", rank=LeaderRank.PRINCIPAL, unit=area)


@pytest.fixture
def decided(area, principal, department):
    """A local case of 鲅鱼圈区, with a department on its team, decided on the day given."""

    def make(day: dt.date, name: str = "鲅鱼圈区新材料项目"):
        case = AssistanceCaseFactory(
            project=ProjectFactory(name=name, owner_unit=area, landing_unit=area),
            team__lead_unit=area,
            team__lead_leader=principal,
            arranged_on=day,
        )
        case.team.cooperating_units.set([department])
        return case

    return make


# --- the rule --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("decided_on", "reminded_on", "due_on"),
    [
        (D(2026, 9, 1), D(2026, 9, 21), D(2026, 9, 29)),  # the make-up Sunday 20 September counts
        (D(2026, 9, 9), D(2026, 9, 30), D(2026, 10, 13)),  # the last day before National Day
        (D(2026, 9, 10), D(2026, 10, 8), D(2026, 10, 14)),  # the first day after it
        (D(2026, 9, 14), D(2026, 10, 10), D(2026, 10, 16)),  # the make-up Saturday
    ],
)
def test_the_reminder_comes_5_working_days_before_the_due_day(decided_on, reminded_on, due_on):
    assert rules.publication_reminder_rule(decided_on) == reminded_on
    assert rules.publication_due_rule(decided_on) == due_on


@pytest.mark.parametrize(
    "today", [D(2026, 9, 30), D(2026, 10, 1), D(2026, 10, 8), D(2026, 10, 10), D(2026, 10, 11)]
)
def test_the_decisions_reminded_by_today_are_those_whose_reminder_day_has_come(today):
    until = rules.publication_remind_until(today)
    for back in range(90):
        day = today - dt.timedelta(days=back)
        assert (rules.publication_reminder_rule(day) <= today) == (day <= until), day


def test_the_job_is_daily():
    assert {job.name: job.period for job in registered_jobs()}[JOB] == "daily"


# --- when it is told ---------------------------------------------------------------------------


def test_reminded_on_the_last_working_day_before_national_day_and_not_over_it(
    decided, owner, reviewer
):
    decided(D(2026, 9, 9))
    assert run(D(2026, 9, 29)) == "到期前提醒 0 个，逾期提醒 0 个"
    assert told(owner) == []
    assert run(D(2026, 9, 30)) == "到期前提醒 1 个，逾期提醒 0 个"
    assert (
        told(owner)
        == told(reviewer)
        == ["请于2026年10月13日前在本单位门户网站公示帮扶安排：鲅鱼圈区新材料项目"]
    )
    for day in range(1, 9):
        run(D(2026, 10, day))
    assert len(told(owner)) == 1


def test_a_reminder_missed_while_the_worker_was_down_is_told_on_the_next_working_day(
    decided, owner
):
    """The worker was down from 30 September: the reconciler runs the days it missed on
    8 October, oldest first; the older days tell nobody, the run for the day tells it once."""
    decided(D(2026, 9, 9))
    run(D(2026, 9, 29))
    job = {job.name: job for job in registered_jobs()}[JOB]
    with at(D(2026, 10, 8), hour=9):
        outcomes = [
            run_job(job, D(2026, 9, 30) + dt.timedelta(days=n), today=D(2026, 10, 8)).outcome
            for n in range(9)
        ]
    assert outcomes[:8] == ["非工作日或补跑以前的日期，不发提醒"] * 8
    assert outcomes[8] == "到期前提醒 1 个，逾期提醒 0 个"
    assert told(owner) == ["请于2026年10月13日前在本单位门户网站公示帮扶安排：鲅鱼圈区新材料项目"]
    assert ScheduledRun.objects.filter(job=JOB, status="succeeded").count() == 10


def test_a_reminder_day_on_a_day_off_never_happens_and_nothing_is_told_on_one(decided, owner):
    """Reminder days are working days; a case whose reminder fell due on a day the job was not
    run for (the National Day break) is told on the first working day after it."""
    decided(D(2026, 9, 10))  # reminded on 8 October
    decided(D(2026, 9, 9), "营口港冷链物流项目")  # reminded on 30 September, not run that day
    for day in range(1, 8):
        assert run(D(2026, 10, day)) == "非工作日或补跑以前的日期，不发提醒"
    assert told(owner) == []
    assert run(D(2026, 10, 8)) == "到期前提醒 2 个，逾期提醒 0 个"
    assert sorted(told(owner)) == [
        "请于2026年10月13日前在本单位门户网站公示帮扶安排：营口港冷链物流项目",
        "请于2026年10月14日前在本单位门户网站公示帮扶安排：鲅鱼圈区新材料项目",
    ]


def test_a_make_up_saturday_is_a_reminder_day_and_an_ordinary_one_is_not(decided, owner):
    decided(D(2026, 9, 14), "周六提醒的项目")  # reminded on Saturday 10 October, a working day
    decided(D(2026, 9, 15), "周一提醒的项目")  # reminded on Monday 12 October
    decided(D(2026, 9, 21), "下周一提醒的项目")  # reminded on Monday 19 October
    assert run(D(2026, 10, 9)) == "到期前提醒 0 个，逾期提醒 0 个"
    assert run(D(2026, 10, 10)) == "到期前提醒 1 个，逾期提醒 0 个"
    assert told(owner) == ["请于2026年10月16日前在本单位门户网站公示帮扶安排：周六提醒的项目"]
    run(D(2026, 10, 11))
    assert run(D(2026, 10, 12)) == "到期前提醒 1 个，逾期提醒 0 个"
    assert run(D(2026, 10, 17)) == "非工作日或补跑以前的日期，不发提醒"  # an ordinary Saturday
    # and the first, due on Friday 16 October, is overdue from the Saturday: told on Monday
    assert run(D(2026, 10, 19)) == "到期前提醒 1 个，逾期提醒 1 个"


def test_the_due_day_itself_is_in_time_and_the_day_after_is_overdue(decided, owner):
    decided(D(2026, 9, 1))  # reminded on 21 September, due on 29 September
    run(D(2026, 9, 21))
    assert run(D(2026, 9, 29)) == "到期前提醒 0 个，逾期提醒 0 个"
    assert run(D(2026, 9, 30)) == "到期前提醒 0 个，逾期提醒 1 个"
    assert told(owner) == [
        "请于2026年9月29日前在本单位门户网站公示帮扶安排：鲅鱼圈区新材料项目",
        "帮扶安排未按期在门户网站公示（2026年9月29日到期）：鲅鱼圈区新材料项目",
    ]
    run(D(2026, 10, 8))
    assert len(told(owner)) == 2


def test_overdue_from_the_first_day_of_a_holiday_is_told_after_it(decided, owner):
    decided(D(2026, 9, 2))  # due on 30 September, the last working day before National Day
    run(D(2026, 9, 22))
    assert run(D(2026, 9, 30)) == "到期前提醒 0 个，逾期提醒 0 个"
    assert run(D(2026, 10, 1)) == "非工作日或补跑以前的日期，不发提醒"
    assert run(D(2026, 10, 8)) == "到期前提醒 0 个，逾期提醒 1 个"
    assert (
        told(owner)[-1] == "帮扶安排未按期在门户网站公示（2026年9月30日到期）：鲅鱼圈区新材料项目"
    )


def test_a_case_missed_until_after_its_due_day_is_told_only_that_it_is_overdue(decided, owner):
    decided(D(2026, 9, 1))
    assert run(D(2026, 10, 8)) == "到期前提醒 0 个，逾期提醒 1 个"
    assert told(owner) == ["帮扶安排未按期在门户网站公示（2026年9月29日到期）：鲅鱼圈区新材料项目"]


def test_running_the_job_twice_the_same_day_tells_once(decided, owner, reviewer):
    decided(D(2026, 9, 9))
    run(D(2026, 9, 30))
    with at(D(2026, 9, 30), hour=15):
        (again,) = run_period("daily", D(2026, 9, 30), jobs=[JOB], manual=True)
        assert again.status == "skipped"
        # The job itself called again (a second worker, a person by hand): nothing to tell.
        assert (
            jobs.assistance_publication_reminders(D(2026, 9, 30))
            == "到期前提醒 0 个，逾期提醒 0 个"
        )
    assert len(told(owner)) == len(told(reviewer)) == 1
    assert PublicationReminder.objects.count() == 1


def test_only_the_lead_unit_is_told(decided, owner, teammate, outsider, drc):
    decided(D(2026, 9, 9))
    run(D(2026, 9, 30))
    assert len(told(owner)) == 1
    assert told(teammate) == told(outsider) == told(drc) == []
    [notice] = Notification.objects.filter(user=owner)
    assert notice.url.endswith(f"/assistance/{PublicationReminder.objects.get().case_id}/")
    assert "2026年9月9日确定" in notice.body and "公示后请在帮扶项目页面记录" in notice.body


def test_a_published_case_is_never_reminded(decided, owner):
    published = decided(D(2026, 9, 9))
    published.published_on = D(2026, 9, 15)
    published.save()
    for day in (D(2026, 9, 30), D(2026, 10, 14), D(2026, 11, 2)):
        assert run(day) == "到期前提醒 0 个，逾期提醒 0 个"
    assert told(owner) == []


def test_a_publication_of_an_earlier_arrangement_does_not_count(decided, owner):
    case = decided(D(2026, 9, 9))
    case.published_on = D(2026, 9, 8)  # it showed the list decided before
    case.save()
    assert run(D(2026, 9, 30)) == "到期前提醒 1 个，逾期提醒 0 个"


def test_a_later_decision_restarts_the_clock_and_is_reminded_again(decided, owner, principal):
    case = decided(D(2026, 9, 1))
    run(D(2026, 9, 21))
    with at(D(2026, 9, 22), hour=10):  # the area saves its team again: a new arrangement
        services.assistance_team_propose(
            case=case,
            user=owner,
            responsible_leader=None,
            assisting_leader=principal,
            project_liaison=owner,
        )
    case.refresh_from_db()
    assert case.arranged_on == D(2026, 9, 22)
    assert run(D(2026, 9, 30)) == "到期前提醒 0 个，逾期提醒 0 个"  # the old due day is gone
    assert run(D(2026, 10, 19)) == "到期前提醒 0 个，逾期提醒 0 个"
    assert run(D(2026, 10, 20)) == "到期前提醒 1 个，逾期提醒 0 个"
    assert told(owner) == [
        "请于2026年9月29日前在本单位门户网站公示帮扶安排：鲅鱼圈区新材料项目",
        "请于2026年10月27日前在本单位门户网站公示帮扶安排：鲅鱼圈区新材料项目",
    ]


def test_a_case_without_an_arrangement_is_not_reminded(area, owner):
    AssistanceCaseFactory(  # no leader: nothing decided to publish
        project=ProjectFactory(owner_unit=area, landing_unit=area),
        team__lead_unit=area,
        arranged_on=D(2026, 9, 1),
    )
    assert run(D(2026, 10, 8)) == "到期前提醒 0 个，逾期提醒 0 个"
    assert told(owner) == []
