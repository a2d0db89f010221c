"""One decision of "has this period begun?" and "is it one of the service's periods?", used by
every rule that reads a period asked for (A-8, E-2, E-7, N-6, R-6) under its own number."""

import datetime as dt

import pytest

from assistance.rules import progress_month_rule, weekly_dispatch_rule, weekly_week_rule
from enterprise.rules import assessment_period_rule, visit_month_rule
from negotiation.rules import appraisal_year_closed_rule, appraisal_year_rule, circular_month_rule
from reserve.rules import month_archive_rule, month_asked_rule
from yingkou.errors import PeriodBeforeService, RuleViolation
from yingkou.rules import service_period_rule
from yingkou.scheduling.periods import (
    SERVICE_BEGAN,
    first_period_key,
    period_begun,
    period_in_service,
)

D = dt.date


@pytest.mark.parametrize(
    ("period", "day", "today", "begun"),
    [
        ("monthly", D(2026, 12, 15), D(2026, 12, 1), True),  # the month's first day
        ("monthly", D(2026, 12, 15), D(2026, 11, 30), False),  # the day before
        ("monthly", D(2026, 11, 30), D(2026, 12, 1), True),  # a past month
        ("weekly", D(2026, 12, 3), D(2026, 11, 30), True),  # Monday, the week across Nov/Dec
        ("weekly", D(2026, 12, 3), D(2026, 11, 29), False),  # the Sunday before
        ("weekly", D(2027, 1, 3), D(2026, 12, 28), True),  # 2026-W53 begins in December
        ("weekly", D(2027, 1, 3), D(2026, 12, 27), False),
        ("weekly", D(2027, 1, 4), D(2027, 1, 3), False),  # 2027-W01 begins on 4 January
        ("quarterly", D(2027, 3, 31), D(2027, 1, 1), True),
        ("quarterly", D(2027, 3, 31), D(2026, 12, 31), False),
        ("yearly", D(2027, 6, 1), D(2027, 1, 1), True),
        ("yearly", D(2027, 6, 1), D(2026, 12, 31), False),
    ],
)
def test_period_begun_at_its_first_day(period, day, today, begun):
    assert period_begun(period, day, today) is begun


@pytest.mark.parametrize(
    ("period", "day", "kept"),
    [
        ("monthly", D(2017, 8, 1), True),  # the month the norms were issued in
        ("monthly", D(2017, 7, 31), False),
        ("weekly", D(2017, 8, 7), True),  # 2017-W32, Monday 7 August, holds 11 August
        ("weekly", D(2017, 8, 6), False),
        ("quarterly", D(2017, 7, 1), True),
        ("quarterly", D(2017, 6, 30), False),
        ("yearly", D(2017, 1, 1), True),
        ("yearly", D(2016, 12, 31), False),
        ("monthly", D(1999, 1, 1), False),
    ],
)
def test_the_service_begins_with_the_period_holding_the_norms_issue(period, day, kept):
    assert D(2017, 8, 11) == SERVICE_BEGAN
    assert period_in_service(period, day) is kept


def test_the_first_period_of_each_kind():
    assert [first_period_key(p) for p in ("weekly", "monthly", "quarterly", "yearly")] == [
        "2017-W32",
        "2017-08",
        "2017-Q3",
        "2017",
    ]


def test_a_period_before_the_service_is_refused_under_the_asking_rule():
    with pytest.raises(PeriodBeforeService) as refused:
        service_period_rule("R-6", "monthly", D(1999, 1, 1))
    assert refused.value.rule == "R-6"
    assert "1999-01早于本系统的第一个期间2017-08（服务规范于2017年8月11日印发）" in str(
        refused.value
    )
    service_period_rule("R-6", "monthly", D(2017, 8, 1))


TODAY = D(2026, 12, 1)


@pytest.mark.parametrize(
    ("check", "code"),
    [
        (lambda day: weekly_week_rule(day, TODAY), "A-8"),
        (lambda day: weekly_dispatch_rule(week=day, today=TODAY, remarks="x"), "A-8"),
        (lambda day: progress_month_rule(month=day, today=TODAY), "A-8"),
        (lambda day: visit_month_rule(day, TODAY), "E-2"),
        (
            lambda day: assessment_period_rule(f"{day.year}-Q{(day.month - 1) // 3 + 1}", TODAY),
            "E-7",
        ),
        (lambda day: month_asked_rule(year=day.year, month=day.month, today=TODAY), "R-6"),
        (lambda day: month_archive_rule(year=day.year, month=day.month, today=TODAY), "R-6"),
        (lambda day: circular_month_rule(period=f"{day:%Y-%m}", today=TODAY), "N-6"),
        (lambda day: appraisal_year_rule(year=day.year, today=TODAY), "N-6"),
        (lambda day: appraisal_year_closed_rule(year=day.year, today=TODAY), "N-6"),
    ],
)
def test_every_period_rule_refuses_a_period_before_the_service(check, code):
    with pytest.raises(PeriodBeforeService) as refused:
        check(D(2016, 12, 31))  # before every kind's first period, the year 2017 included
    assert refused.value.rule == code
    check(D(2017, 8, 11))  # the first period of each kind is the service's


@pytest.mark.parametrize(
    ("check", "today", "begun_on"),
    [
        (lambda day, today: weekly_week_rule(day, today), D(2026, 11, 30), D(2026, 12, 3)),
        (
            lambda day, today: progress_month_rule(month=day, today=today),
            D(2026, 12, 1),
            D(2026, 12, 31),
        ),
        (lambda day, today: visit_month_rule(day, today), D(2026, 12, 1), D(2026, 12, 31)),
        (
            lambda day, today: month_asked_rule(year=day.year, month=day.month, today=today),
            D(2026, 12, 1),
            D(2026, 12, 31),
        ),
        (
            lambda day, today: circular_month_rule(period=f"{day:%Y-%m}", today=today),
            D(2026, 12, 1),
            D(2026, 12, 31),
        ),
        (
            lambda day, today: appraisal_year_rule(year=day.year, today=today),
            D(2027, 1, 1),
            D(2027, 12, 31),
        ),
        (
            lambda day, today: assessment_period_rule("2027-Q1", today),
            D(2027, 1, 1),
            D(2027, 3, 31),
        ),
    ],
)
def test_every_period_rule_refuses_a_period_not_begun_from_its_first_day_on(check, today, begun_on):
    check(begun_on, today)  # the period's first day: begun
    with pytest.raises(RuleViolation) as refused:
        check(begun_on, today - dt.timedelta(days=1))  # the day before: not begun
    assert not isinstance(refused.value, PeriodBeforeService)
