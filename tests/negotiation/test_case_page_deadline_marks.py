"""The case page marks its questions' due dates as the questions page does (N-4)."""

import datetime as dt

import pytest
from django.urls import reverse

from negotiation import services
from negotiation.choices import NegotiationStage, QuestionKind
from tests.negotiation.conftest import TODAY

pytestmark = pytest.mark.django_db

DUE_TODAY = '<span class="bad">今日到期</span>'
MOOT = '<span class="muted">洽谈已终止，无需答复</span>'


def _raise(case, teammate, area, due_on):
    return services.investor_question_raise(
        case=case,
        user=teammate,
        kind=QuestionKind.POLICY,
        question="用地指标何时下达",
        owner_unit=area,
        asked_on=dt.date(2026, 11, 24),
        due_on=due_on,
    )


def _pages(client, case):
    return [
        client.get(url).content.decode()
        for url in (
            reverse("negotiation:detail", args=[case.pk]),
            reverse("negotiation:questions"),
        )
    ]


def test_a_question_due_today_is_marked_on_the_case_page(client, case, teammate, area):
    _raise(case, teammate, area, TODAY)
    client.force_login(teammate)
    for page in _pages(client, case):
        assert DUE_TODAY in page
        assert MOOT not in page


def test_a_question_of_an_ended_negotiation_is_marked_owed_no_more(client, case, teammate, area):
    _raise(case, teammate, area, TODAY)
    services.negotiation_case_move(
        case=case, stage=NegotiationStage.ENDED, user=teammate, note="投资方放弃"
    )
    client.force_login(teammate)
    for page in _pages(client, case):
        assert MOOT in page
        assert DUE_TODAY not in page


def test_an_answered_question_due_today_is_not_marked(client, case, teammate, area):
    question = _raise(case, teammate, area, TODAY)
    services.investor_question_answer(
        question=question,
        user=teammate,
        outcome="本月下达",
        answered_on=TODAY,
        done_on=TODAY,
        expected_version=question.version,
    )
    client.force_login(teammate)
    for page in _pages(client, case):
        assert DUE_TODAY not in page
