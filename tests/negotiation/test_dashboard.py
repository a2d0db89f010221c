"""The home-page panels run a fixed number of queries and count what the user must do."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from negotiation import services
from negotiation.choices import QuestionKind
from negotiation.dashboard import panels

pytestmark = pytest.mark.django_db


def _raise(case, user, unit, asked_on, n):
    for _ in range(n):
        services.investor_question_raise(
            case=case,
            user=user,
            kind=QuestionKind.POLICY,
            question="政策",
            owner_unit=unit,
            asked_on=asked_on,
        )


def _queries(user) -> tuple[int, list]:
    with CaptureQueriesContext(connection) as context:
        result = panels(user)
    return len(context.captured_queries), result


def test_unit_panel_counts_late_due_and_soon_questions(case, owner, area):
    _raise(case, owner, area, dt.date(2026, 11, 20), 1)  # due 11-23: late
    _raise(case, owner, area, dt.date(2026, 11, 23), 2)  # due 11-26: today
    _raise(case, owner, area, dt.date(2026, 11, 24), 3)  # due 11-27: within 3 working days
    few, result = _queries(owner)
    rows = {label: value for label, value, _ in result[0]["rows"]}
    assert rows == {"已逾期": 1, "今日到期": 2, "3个工作日内到期": 3, "逾期升级至本单位": 0}
    _raise(case, owner, area, dt.date(2026, 11, 25), 10)
    many, _ = _queries(owner)
    assert few == many


def test_city_leader_panel_counts_reported_questions(case, teammate, department, city_leader_user):
    services.investor_question_raise(
        case=case,
        user=teammate,
        kind=QuestionKind.CITY,
        question="需市政府协调",
        owner_unit=department,
        asked_on=dt.date(2026, 11, 25),
        due_on=dt.date(2026, 12, 5),
    )
    _, result = _queries(city_leader_user)
    rows = {label: value for panel in result for label, value, _ in panel["rows"]}
    assert rows["提请市政府解决的问题"] == 1
    assert rows["在谈项目数"] == 1
