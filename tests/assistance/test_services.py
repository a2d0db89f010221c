"""Problems (A-3), progress, promotion groups (A-4), joint meetings (A-7), stage moves and the
handover to enterprise help (E-1)."""

import datetime as dt
import sys
import types
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from assistance import services
from assistance.choices import (
    ActionStatus,
    CaseStatus,
    ConstructionStatus,
    DeadlineState,
    ProblemStatus,
)
from assistance.models import PromotionGroup
from assistance.rules import construction_status_rule, problem_deadline_state
from tests.assistance.factories import AssistanceCaseFactory, ProblemFactory
from tests.factories import LeaderFactory, ProjectFactory, UnitFactory, UserFactory
from yingkou.choices import Role, Stage, UnitKind
from yingkou.errors import RuleViolation
from yingkou.models.deadlines import due_soon_until

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(area, department):
    case = AssistanceCaseFactory(
        project=ProjectFactory(owner_unit=area, landing_unit=area, stage=Stage.SIGNED),
        team__lead_unit=area,
    )
    case.team.cooperating_units.set([department])
    return case


# --- A-3 problems -----------------------------------------------------------------------------


@time_machine.travel(dt.datetime(2026, 11, 26, 10, 0), tick=False)
def test_team_records_and_solves_a_problem(case, owner, teammate):
    problem = services.problem_create(
        case=case,
        user=owner,
        category="power",
        title="临时用电接入",
        owner_unit=teammate.unit,
        due_on=dt.date(2026, 12, 10),
    )
    assert problem.raised_on == dt.date(2026, 11, 26)
    assert problem.status == ProblemStatus.OPEN
    services.problem_solve(problem=problem, user=teammate, outcome="已接入临时电源")
    assert problem.status == ProblemStatus.SOLVED
    assert problem.done_on == dt.date(2026, 11, 26)
    with pytest.raises(RuleViolation):
        services.problem_solve(problem=problem, user=teammate, outcome="again")


def test_due_date_not_before_raised(case, owner, area):
    with pytest.raises(RuleViolation) as error:
        services.problem_create(
            case=case,
            user=owner,
            category="land",
            title="x",
            owner_unit=area,
            due_on=dt.date(2026, 11, 1),
            raised_on=dt.date(2026, 11, 2),
        )
    assert error.value.rule == "A-3"


def test_outsider_cannot_record_problems(case, outsider, area):
    with pytest.raises(PermissionDenied):
        services.problem_create(
            case=case,
            user=outsider,
            category="land",
            title="x",
            owner_unit=area,
            due_on=dt.date(2026, 12, 1),
        )


def test_owner_unit_outside_the_team_may_solve(case, outsider):
    problem = ProblemFactory(case=case, owner_unit=outsider.unit)
    services.problem_solve(problem=problem, user=outsider, outcome="已办结")


def test_escalation(case, owner, city_leader_user):
    problem = ProblemFactory(case=case)
    with pytest.raises(RuleViolation) as error:
        services.problem_escalate(problem=problem, user=owner, reason="  ")
    assert error.value.rule == "A-3"
    services.problem_escalate(problem=problem, user=owner, reason="涉及省级用地指标")
    assert problem.escalated and problem.escalated_on
    with pytest.raises(RuleViolation):
        services.problem_escalate(problem=problem, user=owner, reason="again")
    services.problem_instruct(
        problem=problem, user=city_leader_user, instruction="市自然资源局牵头"
    )
    assert problem.city_instruction == "市自然资源局牵头"
    with pytest.raises(PermissionDenied):
        services.problem_instruct(problem=problem, user=owner, instruction="x")


def test_solved_problem_cannot_be_escalated(case, owner):
    problem = ProblemFactory(case=case, status=ProblemStatus.SOLVED, done_on=dt.date(2026, 11, 3))
    with pytest.raises(RuleViolation):
        services.problem_escalate(problem=problem, user=owner, reason="x")


@pytest.mark.parametrize(
    ("due_on", "state"),
    [
        (dt.date(2026, 11, 25), DeadlineState.LATE),  # one day past
        (dt.date(2026, 11, 26), DeadlineState.DUE),  # today
        (dt.date(2026, 11, 29), DeadlineState.DUE),  # a Sunday inside the window
        (dt.date(2026, 12, 1), DeadlineState.DUE),  # the third working day: Fri, Mon, Tue
        (dt.date(2026, 12, 2), DeadlineState.OK),  # the fourth
    ],
)
def test_deadline_state(due_on, state):
    today = dt.date(2026, 11, 26)
    soon_until = due_soon_until(today)
    assert soon_until == dt.date(2026, 12, 1)
    state_of = problem_deadline_state
    assert state_of(status="open", due_on=due_on, today=today, soon_until=soon_until) == state
    assert state_of(status="solved", due_on=due_on, today=today, soon_until=soon_until) == "done"


# --- progress ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("planned", "actual", "status"),
    [
        ("1000.00", "1100.00", ConstructionStatus.AHEAD),  # exactly 110 %
        ("1000.00", "1099.99", ConstructionStatus.ON_SCHEDULE),
        ("1000.00", "900.00", ConstructionStatus.ON_SCHEDULE),  # exactly 90 %
        ("1000.00", "899.99", ConstructionStatus.BEHIND),
        ("0.00", "0.00", ConstructionStatus.ON_SCHEDULE),
        ("0.00", "10.00", ConstructionStatus.AHEAD),
    ],
)
def test_construction_status(planned, actual, status):
    assert construction_status_rule(Decimal(planned), Decimal(actual)) == status


def test_progress_one_row_per_month(case, owner):
    services.progress_record(
        case=case,
        user=owner,
        month=dt.date(2026, 10, 17),
        planned_investment=Decimal("500"),
        actual_investment=Decimal("300"),
    )
    report = services.progress_record(
        case=case,
        user=owner,
        month=dt.date(2026, 10, 1),
        planned_investment=Decimal("500"),
        actual_investment=Decimal("560"),
    )
    assert case.progress_reports.count() == 1
    assert report.month == dt.date(2026, 10, 1)
    assert report.construction_status == ConstructionStatus.AHEAD


@time_machine.travel(dt.datetime(2026, 11, 26, 10, 0), tick=False)
def test_progress_of_a_month_not_begun_is_refused(case, owner):
    with pytest.raises(RuleViolation) as refused:
        services.progress_record(
            case=case,
            user=owner,
            month=dt.date(2026, 12, 1),
            planned_investment=Decimal("500"),
            actual_investment=Decimal("300"),
        )
    assert refused.value.rule == "A-8"
    assert "2026年12月尚未开始" in str(refused.value)
    services.progress_record(
        case=case,
        user=owner,
        month=dt.date(2026, 11, 1),
        planned_investment=Decimal("500"),
        actual_investment=Decimal("300"),
    )
    assert case.progress_reports.count() == 1


def test_outsider_cannot_report_progress(case, outsider):
    with pytest.raises(PermissionDenied):
        services.progress_record(
            case=case,
            user=outsider,
            month=dt.date(2026, 10, 1),
            planned_investment=Decimal("1"),
            actual_investment=Decimal("1"),
        )


# --- A-4 promotion groups ---------------------------------------------------------------------


def test_promotion_group_areas_are_covered_once(drc, area, other_area, department):
    group = services.promotion_group_save(user=drc, name="第一推进组", areas=[area], head=drc)
    with pytest.raises(RuleViolation) as error:
        services.promotion_group_save(user=drc, name="第二推进组", areas=[area, other_area])
    assert error.value.rule == "A-4"
    with pytest.raises(RuleViolation):
        services.promotion_group_save(user=drc, name="第二推进组", areas=[department])
    services.promotion_group_save(
        user=drc, name="第一推进组", areas=[area, other_area], group=group
    )
    assert set(group.areas.all()) == {area, other_area}
    assert PromotionGroup.objects.count() == 1


def test_only_drc_forms_groups(owner, area):
    with pytest.raises(PermissionDenied):
        services.promotion_group_save(user=owner, name="x", areas=[area])


# --- A-7 joint meetings -----------------------------------------------------------------------


@pytest.fixture
def led_case(case, city_leader_user):
    leader = LeaderFactory(user=city_leader_user, unit=city_leader_user.unit)
    case.team.lead_leader = leader
    case.team.save()
    return case


def test_meeting_with_action_items_in_owners_queue(led_case, owner, city_leader_user):
    from assistance.selectors import unit_queue

    power = UnitFactory(name="国网营口供电公司", code="GD", kind=UnitKind.UTILITY)
    meeting = services.meeting_create(
        case=led_case,
        user=city_leader_user,
        held_on=dt.date(2026, 11, 20),
        attendees=[power],
        minutes="研究供电接入",
    )
    assert meeting.convened_by == led_case.assisting_leader
    with pytest.raises(RuleViolation) as error:
        services.action_item_add(
            meeting=meeting,
            user=city_leader_user,
            description="x",
            owner_unit=power,
            due_on=dt.date(2026, 11, 19),
        )
    assert error.value.rule == "A-7"
    item = services.action_item_add(
        meeting=meeting,
        user=city_leader_user,
        description="完成66千伏线路接入",
        owner_unit=power,
        due_on=dt.date(2026, 12, 15),
    )
    _, actions = unit_queue(unit_id=power.pk)
    assert list(actions) == [item]
    with pytest.raises(PermissionDenied):
        services.action_item_complete(item=item, user=owner, outcome="x")


def test_meeting_is_convened_by_the_assisting_leader(led_case, owner, area):
    other = LeaderFactory()
    with pytest.raises(RuleViolation) as error:
        services.meeting_create(
            case=led_case,
            user=owner,
            held_on=dt.date(2026, 11, 20),
            attendees=[area],
            convened_by=other,
        )
    assert error.value.rule == "A-7"


def test_only_the_convener_edits_minutes_and_tasks(led_case, owner, teammate, city_leader_user):
    """A-7: county staff on the team read a vice-mayor's meeting but do not rewrite its
    议定事项 or add tasks to it; the assisting leader and his own unit do."""
    meeting = services.meeting_create(
        case=led_case, user=owner, held_on=dt.date(2026, 11, 20), attendees=[teammate.unit]
    )
    with pytest.raises(PermissionDenied):
        services.meeting_update_minutes(meeting=meeting, user=owner, minutes="改", decisions="改")
    with pytest.raises(PermissionDenied):
        services.action_item_add(
            meeting=meeting,
            user=owner,
            description="x",
            owner_unit=owner.unit,
            due_on=dt.date(2026, 12, 1),
        )
    services.meeting_update_minutes(
        meeting=meeting, user=city_leader_user, minutes="纪要", decisions="议定"
    )
    office_staff = UserFactory(role=Role.UNIT_STAFF, unit=city_leader_user.unit)
    services.meeting_update_minutes(
        meeting=meeting, user=office_staff, minutes="纪要二", decisions="议定"
    )
    meeting.refresh_from_db()
    assert meeting.minutes == "纪要二"


def test_action_item_done_by_owner(led_case, owner, teammate, city_leader_user):
    meeting = services.meeting_create(
        case=led_case, user=owner, held_on=dt.date(2026, 11, 20), attendees=[teammate.unit]
    )
    item = services.action_item_add(
        meeting=meeting,
        user=city_leader_user,
        description="出具意见",
        owner_unit=teammate.unit,
        due_on=dt.date(2026, 12, 1),
    )
    services.action_item_complete(item=item, user=teammate, outcome="已出具")
    assert item.status == ActionStatus.DONE


# --- stages and handover to enterprise help (E-1) ---------------------------------------------


@pytest.fixture
def enterprise_spy(monkeypatch):
    calls = []
    module = types.ModuleType("enterprise.services")
    module.enterprise_register_from_project = lambda *, project, user: calls.append((project, user))
    module.enterprise_project_changed = lambda *, project, changed, user: []
    monkeypatch.setitem(sys.modules, "enterprise.services", module)
    return calls


def test_case_follows_the_project_and_hands_over_on_completion(case, owner, enterprise_spy):
    services.assistance_case_advance(case=case, stage=Stage.CONSTRUCTION, user=owner)
    assert case.project.stage == Stage.CONSTRUCTION
    assert enterprise_spy == []
    services.assistance_case_advance(case=case, stage=Stage.COMPLETED, user=owner)
    case.refresh_from_db()
    assert case.status == CaseStatus.HANDED_OVER
    assert case.handed_over_on is not None
    assert enterprise_spy == [(case.project, owner)]
    services.assistance_case_advance(case=case, stage=Stage.OPERATING, user=owner)
    assert case.project.stage == Stage.OPERATING
    assert len(enterprise_spy) == 2  # the enterprise service is idempotent


def test_stage_rule_of_the_project_applies(case, owner, enterprise_spy):
    with pytest.raises(RuleViolation):
        services.assistance_case_advance(case=case, stage=Stage.OPERATING, user=owner)


def test_stopped_project_closes_the_case(case, owner):
    services.assistance_case_advance(case=case, stage=Stage.STOPPED, user=owner)
    assert case.status == CaseStatus.CLOSED


def test_teammate_cannot_move_the_project(case, teammate):
    with pytest.raises(PermissionDenied):
        services.assistance_case_advance(case=case, stage=Stage.CONSTRUCTION, user=teammate)


def test_daily_job_follows_stage_changes_made_elsewhere(case, enterprise_spy):
    from assistance import jobs

    stopped = AssistanceCaseFactory(project=ProjectFactory(stage=Stage.STOPPED))
    case.project.stage = Stage.COMPLETED
    case.project.save()
    for _ in range(2):
        jobs.assistance_follow_project(dt.date(2026, 11, 26))
    case.refresh_from_db()
    stopped.refresh_from_db()
    assert case.status == CaseStatus.HANDED_OVER
    assert stopped.status == CaseStatus.CLOSED
    assert enterprise_spy == [(case.project, None)]  # handed over once


def test_meeting_needs_an_approval_department_or_utility(led_case, owner, area, department):
    with pytest.raises(RuleViolation) as error:
        services.meeting_create(
            case=led_case, user=owner, held_on=dt.date(2026, 11, 20), attendees=[area]
        )
    assert error.value.rule == "A-7"
    services.meeting_create(
        case=led_case, user=owner, held_on=dt.date(2026, 11, 20), attendees=[area, department]
    )


def test_database_deadline_filters_agree_with_the_rule(case):
    from assistance.models import Problem
    from assistance.rules import due_soon_q, late_q

    today = dt.date(2026, 11, 26)
    soon_until = due_soon_until(today)
    for offset in range(-2, 9):
        ProblemFactory(case=case, due_on=today + dt.timedelta(days=offset))
    ProblemFactory(case=case, due_on=today - dt.timedelta(days=1), status="solved", done_on=today)
    for state, q in (("late", late_q(today)), ("due", due_soon_q(today))):
        expected = {
            p.pk
            for p in Problem.objects.all()
            if problem_deadline_state(
                status=p.status, due_on=p.due_on, today=today, soon_until=soon_until
            )
            == state
        }
        assert set(Problem.objects.filter(q).values_list("pk", flat=True)) == expected
        assert expected
