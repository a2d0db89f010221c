"""Two requests released together on one negotiation record: one acts, the other is refused on
what the first left, and nothing is lost (issue 15)."""

import datetime as dt

from negotiation import services
from negotiation.choices import QuestionKind
from negotiation.models import ProgressReport
from tests.concurrency import codes, postgres_only, race, together
from tests.factories import UnitFactory
from yingkou.choices import UnitKind
from yingkou.errors import RuleViolation

pytestmark = postgres_only


def test_two_reports_on_one_task_version_together(task, teammate, owner):
    url = f"/api/v1/negotiations/tasks/{task.pk}/report/"
    done, other = race(
        (owner, "post", url, {"status": "done", "result": "已出具", "version": 1}),
        (teammate, "post", url, {"status": "in_progress", "result": "办理中", "version": 1}),
    )
    assert codes([done, other]) == [200, 409]
    winner = done if done.status_code == 200 else other
    task.refresh_from_db()
    assert (task.status, task.version) == (winner.json()["status"], 2)
    assert task.history.count() == 2


def test_two_answers_to_one_question_together(case, teammate, owner, area):
    question = services.investor_question_raise(
        case=case,
        user=teammate,
        kind=QuestionKind.POLICY,
        question="能否享受土地出让金返还？",
        owner_unit=area,
        asked_on=dt.date(2026, 11, 25),
    )
    url = f"/api/v1/negotiations/questions/{question.pk}/answer/"
    body = {"answered_on": "2026-11-26", "version": 1}
    first, second = race(
        (owner, "post", url, {**body, "answer": "符合条件"}),
        (teammate, "post", url, {**body, "answer": "不符合条件"}),
    )
    assert codes([first, second]) == [200, 409]
    winner = first if first.status_code == 200 else second
    question.refresh_from_db()
    assert question.outcome == winner.json()["answer"] and question.version == 2


def test_two_units_added_to_a_team_together_are_both_kept(case, teammate):
    """Each addition reads the team and writes it back: without the lock one of them was lost."""
    utility = UnitFactory(name="营口供电公司", code="GDGS", kind=UnitKind.UTILITY)
    water = UnitFactory(name="营口市自来水公司", code="ZLS", kind=UnitKind.UTILITY)
    outcomes = together(
        lambda: services.negotiation_team_add_unit(case=case, unit=utility, user=teammate),
        lambda: services.negotiation_team_add_unit(case=case, unit=water, user=teammate),
    )
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    case.refresh_from_db()
    assert {utility, water} <= set(case.team.cooperating_units.all())
    assert case.version == 3  # each addition raised it once


def test_one_month_filed_twice_together(case, teammate):
    outcomes = together(
        *[
            lambda: services.progress_report_file(
                case=case, user=teammate, period="2026-11", progress="协商合同条款"
            )
        ]
        * 2
    )
    refused = [o for o in outcomes if isinstance(o, Exception)]
    assert len(refused) == 1 and isinstance(refused[0], RuleViolation), outcomes
    assert refused[0].rule == "N-6"
    assert ProgressReport.objects.filter(case=case, period="2026-11").count() == 1


def test_moving_a_case_twice_together(case, teammate):
    """Both moves read the case in 接触: one is made, the other is refused on the stage the first
    left instead of recording the move twice."""
    url = f"/api/v1/negotiations/{case.pk}/move/"
    first, second = race(
        (teammate, "post", url, {"stage": "inspection"}),
        (teammate, "post", url, {"stage": "inspection"}),
    )
    assert codes([first, second]) == [200, 400]
    case.refresh_from_db()
    assert case.stage == "inspection"
    assert case.transitions.filter(to_stage="inspection").count() == 1
