"""Deadline notices (A-3, E-3, E-4, N-3, N-4) reach people on working days, once per state of an
item: a unit is not told eight times over the National Day break that an item is overdue, nor by
email on a Sunday, and hears of it on the first working day after."""

import datetime as dt

import pytest
import time_machine

from assistance.notices import deadline_notices as assistance_notices
from enterprise.notices import deadline_notices as enterprise_notices
from tests.assistance.factories import ProblemFactory
from tests.enterprise.factories import ComplaintFactory
from tests.factories import UserFactory
from yingkou.models import Notification

pytestmark = pytest.mark.django_db


def _run_days(first: dt.date, last: dt.date) -> dict[dt.date, list[str]]:
    told = {}
    day = first
    while day <= last:
        with time_machine.travel(dt.datetime.combine(day, dt.time(0, 30), tzinfo=dt.UTC)):
            before = set(Notification.objects.values_list("pk", flat=True))
            assistance_notices(day)
            enterprise_notices(day)
            told[day] = list(
                Notification.objects.exclude(pk__in=before).values_list("title", flat=True)
            )
        day += dt.timedelta(days=1)
    return told


def test_an_item_late_over_national_day_is_told_once_on_the_first_working_day():
    problem = ProblemFactory(due_on=dt.date(2026, 9, 30), raised_on=dt.date(2026, 9, 1))
    UserFactory(unit=problem.owner_unit)

    told = _run_days(dt.date(2026, 9, 30), dt.date(2026, 10, 12))

    assert told[dt.date(2026, 9, 30)] == [f"帮扶问题今日到期：{problem.title}"]
    for day in (dt.date(2026, 10, d) for d in range(1, 8)):  # 国庆节、中秋节 1-8 October off
        assert told[day] == [], day
    assert told[dt.date(2026, 10, 8)] == [f"帮扶问题已逾期（9月30日到期）：{problem.title}"]
    for day in (dt.date(2026, 10, 9), dt.date(2026, 10, 10), dt.date(2026, 10, 12)):
        assert told[day] == [], day


def test_a_reply_due_on_the_make_up_saturday_is_told_that_day():
    complaint = ComplaintFactory(received_on=dt.date(2026, 9, 29), due_on=dt.date(2026, 10, 10))
    UserFactory(unit=complaint.handling_unit)

    told = _run_days(dt.date(2026, 10, 9), dt.date(2026, 10, 13))

    assert told[dt.date(2026, 10, 10)] == [f"投诉举报答复今日到期：{complaint.subject}"]
    assert told[dt.date(2026, 10, 11)] == []  # Sunday
    assert told[dt.date(2026, 10, 12)] == [
        f"投诉举报答复已逾期（10月10日到期）：{complaint.subject}"
    ]
    assert told[dt.date(2026, 10, 13)] == []


def test_a_new_due_date_is_told_again():
    problem = ProblemFactory(due_on=dt.date(2026, 11, 25), raised_on=dt.date(2026, 11, 2))
    UserFactory(unit=problem.owner_unit)
    _run_days(dt.date(2026, 11, 26), dt.date(2026, 11, 26))
    type(problem).objects.filter(pk=problem.pk).update(due_on=dt.date(2026, 11, 26))

    told = _run_days(dt.date(2026, 11, 27), dt.date(2026, 11, 27))

    assert told[dt.date(2026, 11, 27)] == [f"帮扶问题已逾期（11月26日到期）：{problem.title}"]
