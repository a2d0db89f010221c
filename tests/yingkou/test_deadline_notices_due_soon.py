"""Every kind of deadline item is told while due soon — within 3 working days on the official
calendar — not first on its due day: assistance problems and meeting tasks (A-3, A-7), enterprise
problems, coordinated actions, complaints and policy promises (E-3, E-4, E-6), team tasks and
investor questions (N-3, N-4). The unit that must act on it is told, on working days only, each
state once for its due date; a new due date is told again.

The calendar of 2026 (chinese_calendar): 1-7 October off (National Day and Mid-Autumn), Saturday
10 October a make-up working day."""

import datetime as dt

import pytest
import time_machine

from assistance.models import ActionItem
from assistance.notices import deadline_notices as assistance_notices
from enterprise.models import Problem as EnterpriseProblem
from enterprise.models import ProblemAction
from enterprise.notices import deadline_notices as enterprise_notices
from negotiation.choices import NegotiationStage, QuestionKind
from negotiation.models import InvestorQuestion, TeamTask
from negotiation.notices import deadline_notices as negotiation_notices
from tests.assistance.factories import AssistanceCaseFactory, JointMeetingFactory, ProblemFactory
from tests.enterprise.factories import ComplaintFactory, EnterpriseFactory, PromiseFactory
from tests.factories import LeaderFactory, ProjectFactory, UnitFactory
from tests.negotiation.factories import open_case
from yingkou.choices import NotificationKind
from yingkou.dates import month_day
from yingkou.models import Notification

pytestmark = pytest.mark.django_db

SET_ON = dt.date(2026, 9, 1)


# Each builder makes an item that `user`'s unit must act on, due on `due_on`, with no other
# user in that unit.


def _assistance_problem(user, due_on):
    return ProblemFactory(owner_unit=user.unit, due_on=due_on, raised_on=SET_ON)


def _meeting_task(user, due_on):
    meeting = JointMeetingFactory(
        case=AssistanceCaseFactory(), convened_by=LeaderFactory(), held_on=SET_ON
    )
    return ActionItem.objects.create(
        meeting=meeting, description="完成供电线路接入", owner_unit=user.unit, due_on=due_on
    )


def _enterprise_problem(user, due_on, *, first_unit=None):
    return EnterpriseProblem.objects.create(
        enterprise=EnterpriseFactory(),
        category="funds",
        description="流动资金贷款难",
        raised_on=SET_ON,
        first_unit=first_unit or user.unit,
        owner_unit=user.unit,
        due_on=due_on,
    )


def _coordinated_action(user, due_on):
    # The problem is another unit's and due much later: only the action is told here.
    problem = EnterpriseProblem.objects.create(
        enterprise=EnterpriseFactory(),
        category="land",
        description="用地规划调整",
        raised_on=SET_ON,
        first_unit=UnitFactory(),
        owner_unit=UnitFactory(),
        due_on=dt.date(2027, 3, 31),
    )
    return ProblemAction.objects.create(
        problem=problem, unit=user.unit, task="出具用地意见", due_on=due_on
    )


def _complaint(user, due_on, *, receiving_unit=None):
    return ComplaintFactory(
        receiving_unit=receiving_unit or UnitFactory(),
        handling_unit=user.unit,
        received_on=SET_ON,
        due_on=due_on,
    )


def _promise(user, due_on):
    return PromiseFactory(responsible_unit=user.unit, due_on=due_on)


def _case(user):
    project = ProjectFactory(owner_unit=user.unit)
    return open_case(negotiating_unit=user.unit, project=project, user=user)


def _team_task(user, due_on):
    return TeamTask.objects.create(
        case=_case(user),
        title="协调用地预审",
        owner_unit=user.unit,
        due_on=due_on,
        assigned_by=user,
        assigned_on=SET_ON,
    )


def _investor_question(user, due_on):
    return InvestorQuestion.objects.create(
        case=_case(user),
        kind=QuestionKind.POLICY,
        question="土地指标如何落实",
        owner_unit=user.unit,
        asked_on=SET_ON,
        due_on=due_on,
        raised_by=user,
    )


# rule: (builder, how the notice names the kind, the kind's key)
KINDS = {
    "A-3": (_assistance_problem, "帮扶问题", "assistance:problem"),
    "A-7": (_meeting_task, "联席会议任务", "assistance:action"),
    "E-3": (_enterprise_problem, "企业问题", "enterprise:problem"),
    "E-3 action": (_coordinated_action, "企业问题协办事项", "enterprise:action"),
    "E-4": (_complaint, "投诉举报答复", "enterprise:complaint"),
    "E-6": (_promise, "政策承诺兑现", "enterprise:promise"),
    "N-3": (_team_task, "交办任务", "negotiation:task"),
    "N-4": (_investor_question, "投资方问题", "negotiation:question"),
}


def _run(day: dt.date) -> list[Notification]:
    """The three apps' daily deadline notices, run at 08:30 on `day` (Asia/Shanghai)."""
    with time_machine.travel(dt.datetime.combine(day, dt.time(0, 30), tzinfo=dt.UTC), tick=False):
        before = set(Notification.objects.values_list("pk", flat=True))
        for notices in (assistance_notices, enterprise_notices, negotiation_notices):
            notices(day)
        return list(Notification.objects.exclude(pk__in=before).order_by("pk"))


def _keys(told, prefix):
    """(who, key) of the notices of one kind (`prefix`: its key, or an app's name)."""
    return [(n.user.username, n.key) for n in told if n.key.startswith(f"{prefix}:")]


@pytest.mark.parametrize("rule", KINDS)
@pytest.mark.parametrize(
    ("day", "third", "fourth"),
    [
        # Thursday: Friday, Monday, Tuesday.
        pytest.param(dt.date(2026, 11, 26), dt.date(2026, 12, 1), dt.date(2026, 12, 2), id="week"),
        # The last working day before the break: 8, 9 and 10 October (the make-up Saturday).
        pytest.param(
            dt.date(2026, 9, 30), dt.date(2026, 10, 10), dt.date(2026, 10, 12), id="national-day"
        ),
        # On the make-up Saturday itself, a working day: Monday 12 to Wednesday 14.
        pytest.param(
            dt.date(2026, 10, 10), dt.date(2026, 10, 14), dt.date(2026, 10, 15), id="make-up-day"
        ),
    ],
)
def test_due_three_working_days_ahead_is_told_four_is_not(
    rule, day, third, fourth, owner, outsider
):
    make, what, prefix = KINDS[rule]
    soon = make(owner, third)
    make(owner, fourth)

    told = _run(day)

    key = f"{prefix}:{soon.pk}:coming:{third.isoformat()}"
    assert _keys(told, prefix) == [("alice", key)]
    [notice] = [n for n in told if n.key == key]
    assert notice.kind == NotificationKind.ITEM_DUE
    assert notice.title.startswith(f"{what}将于{month_day(third)}到期：")
    assert notice.url


@pytest.mark.parametrize("rule", KINDS)
def test_each_state_is_told_once_and_a_new_due_date_again(rule, owner):
    make, what, prefix = KINDS[rule]
    item = make(owner, dt.date(2026, 10, 10))
    key = f"{prefix}:{item.pk}"

    assert _keys(_run(dt.date(2026, 9, 30)), prefix) == [("alice", f"{key}:coming:2026-10-10")]
    for day in (dt.date(2026, 10, 8), dt.date(2026, 10, 9)):  # still due soon: told already
        assert _keys(_run(day), prefix) == [], day
    assert _keys(_run(dt.date(2026, 10, 10)), prefix) == [("alice", f"{key}:today:2026-10-10")]

    type(item).objects.filter(pk=item.pk).update(due_on=dt.date(2026, 10, 16))
    assert _keys(_run(dt.date(2026, 10, 12)), prefix) == []  # 4 working days ahead
    assert _keys(_run(dt.date(2026, 10, 13)), prefix) == [("alice", f"{key}:coming:2026-10-16")]
    assert _keys(_run(dt.date(2026, 10, 14)), prefix) == []


@pytest.mark.parametrize("rule", KINDS)
def test_a_weekend_or_holiday_run_tells_nothing(rule, owner):
    make, what, prefix = KINDS[rule]
    make(owner, dt.date(2026, 10, 8))  # the first working day after the break
    make(owner, dt.date(2026, 9, 29))  # late all through it
    make(owner, dt.date(2026, 10, 12))  # due soon from 8 October

    for offset in range(7):
        assert _run(dt.date(2026, 10, 1) + dt.timedelta(days=offset)) == []
    assert _run(dt.date(2026, 10, 11)) == []  # Sunday

    states = sorted(key.split(":")[-2] for _, key in _keys(_run(dt.date(2026, 10, 8)), prefix))
    assert states == ["coming", "overdue", "today"]


@pytest.mark.parametrize("rule", KINDS)
def test_an_item_done_is_not_told(rule, owner):
    make, what, prefix = KINDS[rule]
    item = make(owner, dt.date(2026, 12, 1))
    done = {
        "A-3": {"status": "solved", "done_on": SET_ON},
        "A-7": {"status": "done", "done_on": SET_ON},
        "E-3": {"status": "solved", "done_on": SET_ON},
        "E-3 action": {"done_on": SET_ON},
        "E-4": {"done_on": SET_ON},
        "E-6": {"status": "honoured", "honoured_on": SET_ON},
        "N-3": {"status": "done", "done_on": SET_ON},
        "N-4": {"done_on": SET_ON},
    }[rule]
    type(item).objects.filter(pk=item.pk).update(**done)
    assert _keys(_run(dt.date(2026, 11, 26)), prefix) == []


def test_an_ended_negotiation_owes_nothing_more(owner):
    """N-3, N-4: a question or task of a case that ended is owed no more (`selectors.owed`)."""
    question = _investor_question(owner, dt.date(2026, 12, 1))
    TeamTask.objects.create(
        case=question.case,
        title="提供用地规划条件",
        owner_unit=owner.unit,
        due_on=dt.date(2026, 12, 1),
        assigned_by=owner,
        assigned_on=SET_ON,
    )
    type(question.case).objects.filter(pk=question.case_id).update(stage=NegotiationStage.ENDED)
    told = _run(dt.date(2026, 11, 26))
    assert _keys(told, "negotiation") == []


def test_the_unit_that_must_act_is_told_not_the_one_first_asked(owner, teammate, outsider):
    """E-3: a problem handed on is told to its current owner, not to the unit first asked (首问);
    E-4: a complaint to its handling unit, not to the one that received it."""
    problem = _enterprise_problem(teammate, dt.date(2026, 12, 1), first_unit=owner.unit)
    complaint = _complaint(teammate, dt.date(2026, 12, 1), receiving_unit=outsider.unit)
    told = _run(dt.date(2026, 11, 26))
    assert sorted(_keys(told, "enterprise")) == [
        ("bob", f"enterprise:complaint:{complaint.pk}:coming:2026-12-01"),
        ("bob", f"enterprise:problem:{problem.pk}:coming:2026-12-01"),
    ]
