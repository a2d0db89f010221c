"""Deadline boundaries: the 3-day answer (N-4) and the monthly report (N-6), exactly at and one
day past each."""

import datetime as dt

import pytest
import time_machine

from negotiation import services
from negotiation.choices import NegotiationStage, QuestionKind
from negotiation.rules import question_due_rule, question_is_late, question_on_time
from tests.clock import local
from yingkou.errors import RuleViolation

pytestmark = pytest.mark.django_db


def test_policy_answer_is_due_exactly_three_days_after_the_question():
    asked = dt.date(2026, 11, 20)
    assert question_due_rule(kind=QuestionKind.POLICY, asked_on=asked, due_on=None) == dt.date(
        2026, 11, 23
    )
    assert question_due_rule(
        kind=QuestionKind.POLICY, asked_on=asked, due_on=dt.date(2026, 11, 23)
    ) == dt.date(2026, 11, 23)
    assert question_due_rule(
        kind=QuestionKind.POLICY, asked_on=asked, due_on=dt.date(2026, 11, 21)
    ) == dt.date(2026, 11, 21)
    with pytest.raises(RuleViolation):
        question_due_rule(kind=QuestionKind.POLICY, asked_on=asked, due_on=dt.date(2026, 11, 24))


def test_a_policy_question_is_not_due_before_it_was_asked():
    """The 3 days are a latest date; an earlier one set by the team is still not before the
    question, or it would be late the moment it is recorded."""
    asked = dt.date(2026, 11, 20)
    assert question_due_rule(kind=QuestionKind.POLICY, asked_on=asked, due_on=asked) == asked
    with pytest.raises(RuleViolation) as excinfo:
        question_due_rule(kind=QuestionKind.POLICY, asked_on=asked, due_on=dt.date(2026, 11, 19))
    assert excinfo.value.rule == "N-4" and excinfo.value.field == "due_on"


def test_other_questions_need_a_due_date_not_before_the_question():
    asked = dt.date(2026, 11, 20)
    for kind in (QuestionKind.SUPERIOR, QuestionKind.CITY):
        with pytest.raises(RuleViolation):
            question_due_rule(kind=kind, asked_on=asked, due_on=None)
        with pytest.raises(RuleViolation):
            question_due_rule(kind=kind, asked_on=asked, due_on=dt.date(2026, 11, 19))
        assert question_due_rule(kind=kind, asked_on=asked, due_on=asked) == asked


def test_answer_on_time_up_to_and_including_the_due_date(case, owner, area):
    question = services.investor_question_raise(
        case=case,
        user=owner,
        kind=QuestionKind.POLICY,
        question="政策",
        owner_unit=area,
        asked_on=dt.date(2026, 11, 20),
    )
    assert not question_is_late(question, dt.date(2026, 11, 23))
    assert question_is_late(question, dt.date(2026, 11, 24))
    question.done_on = dt.date(2026, 11, 23)
    assert question_on_time(question) is True
    question.done_on = dt.date(2026, 11, 24)
    assert question_on_time(question) is False


@pytest.mark.parametrize(
    ("filed_at", "on_time"),
    [
        (local(dt.date(2026, 10, 31), 23, 0), True),
        (local(dt.date(2026, 11, 1), 0, 30), False),
    ],
)
def test_monthly_report_is_on_time_through_the_last_day_of_the_month(
    case, teammate, filed_at, on_time
):
    with time_machine.travel(filed_at, tick=False):
        report = services.progress_report_file(
            case=case, user=teammate, period="2026-10", progress="推进"
        )
    assert report.on_time is on_time


def test_no_report_for_months_after_the_case_closed(case, teammate):
    services.negotiation_case_move(
        case=case,
        stage=NegotiationStage.ENDED,
        user=teammate,
        on=dt.date(2026, 10, 20),
        note="投资方放弃",
    )
    case.refresh_from_db()
    services.progress_report_file(case=case, user=teammate, period="2026-10", progress="终止")
    with pytest.raises(RuleViolation, match="N-6"):
        services.progress_report_file(case=case, user=teammate, period="2026-11", progress="无")


def test_the_investment_bureau_leads_the_cases_it_negotiates(bureau, area):
    from tests.factories import ProjectFactory
    from tests.negotiation.factories import unit_leader
    from yingkou.choices import LeaderRank

    principal = unit_leader(bureau.unit, LeaderRank.PRINCIPAL)
    project = ProjectFactory(owner_unit=area, landing_unit=area, total_investment="30000.00")
    case = services.negotiation_case_open(
        project=project, negotiating_unit=bureau.unit, user=bureau
    )
    assert case.composition.rule == 4
    assert case.team.lead_leader == principal
    services.negotiation_case_move(case=case, stage=NegotiationStage.INSPECTION, user=bureau)
    team = services.negotiation_team_update(
        case=case,
        user=bureau,
        lead_leader=principal,
        cooperating_units=[area],
        main_negotiating_unit=None,
        service_liaison=bureau,
    )
    assert team.service_liaison == bureau


def test_a_question_left_open_when_the_negotiation_ended_says_it_is_owed_no_more(
    client, case, teammate
):
    from django.urls import reverse

    with time_machine.travel(dt.datetime(2026, 10, 10, 10, tzinfo=dt.UTC), tick=False):
        services.investor_question_raise(
            case=case,
            user=teammate,
            kind=QuestionKind.POLICY,
            question="用地指标",
            owner_unit=teammate.unit,
            asked_on=dt.date(2026, 10, 10),
        )
        services.negotiation_case_move(
            case=case, stage=NegotiationStage.ENDED, user=teammate, note="投资方放弃"
        )
    client.force_login(teammate)
    text = client.get(reverse("negotiation:questions")).content.decode()
    assert "洽谈已终止，无需答复" in text and ">逾期<" not in text
