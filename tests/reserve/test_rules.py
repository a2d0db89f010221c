import datetime as dt
from decimal import Decimal

import pytest

from reserve import rules
from yingkou.errors import RuleViolation


@pytest.mark.parametrize("stage", ["planning", "reserve"])
def test_r1_accepts_exactly_1000(stage):
    rules.reserve_scope_rule(total_investment=Decimal("1000.00"), stage=stage)


def test_r1_refuses_one_cent_below():
    with pytest.raises(RuleViolation) as exc:
        rules.reserve_scope_rule(total_investment=Decimal("999.99"), stage="planning")
    assert exc.value.rule == "R-1"
    assert "R-1" in str(exc.value)
    assert exc.value.field == "total_investment"


@pytest.mark.parametrize("stage", ["negotiating", "signed", "construction", "stopped"])
def test_r1_refuses_later_stages(stage):
    with pytest.raises(RuleViolation) as exc:
        rules.reserve_scope_rule(total_investment=Decimal("5000"), stage=stage)
    assert exc.value.field == "stage"


def health(total, plan, non_re, large, count=1):
    return rules.pool_health_rule(
        project_count=count,
        total_investment=total,
        plan_investment=plan,
        non_real_estate_investment=non_re,
        large_investment=large,
    )


def test_r4_boundaries_met_exactly():
    h = health(Decimal("200"), Decimal("100"), Decimal("160"), Decimal("60"))
    assert h.plan_ratio == 2
    assert h.non_real_estate_share == Decimal("0.8")
    assert h.large_share == Decimal("0.3")
    assert h.plan_met and h.non_real_estate_met and h.large_met and h.all_met


def test_r4_one_cent_below_each_threshold():
    h = health(Decimal("199.99"), Decimal("100"), Decimal("159.99"), Decimal("59.99"))
    assert not h.plan_met
    assert not h.non_real_estate_met
    assert not h.large_met


def test_r4_empty_pool_has_no_shares_and_no_division_by_zero():
    h = health(None, Decimal("100"), None, None, count=0)
    assert h.total_investment == 0
    assert h.plan_ratio == 0
    assert h.non_real_estate_share is None and h.large_share is None
    assert not (h.plan_met or h.non_real_estate_met or h.large_met)
    assert h.as_dict()["non_real_estate_share"] is None


@pytest.mark.parametrize("plan", [None, Decimal("0")])
def test_r4_pool_without_plan_is_undecided_on_the_plan_rule(plan):
    """Neither failed nor met: `plan_set` says the plan rule could not be judged, and the pool
    is not counted as meeting everything."""
    h = health(Decimal("500"), plan, Decimal("500"), Decimal("500"))
    assert h.plan_ratio is None and not h.plan_set and not h.plan_met
    assert h.non_real_estate_met and h.large_met and not h.all_met
    assert h.as_dict()["plan_set"] is False
    assert health(Decimal("500"), Decimal("1"), Decimal("500"), Decimal("500")).plan_set


def test_r5_friday_of_the_week():
    assert rules.weekly_update_friday_rule(dt.date(2026, 11, 23)) == dt.date(2026, 11, 27)
    assert rules.weekly_update_friday_rule(dt.date(2026, 11, 29)) == dt.date(2026, 11, 27)


# R-5 now: late only once the due day has ended (it used to be from Friday 00:00), so on
# Friday itself last week's update is what counts.
@pytest.mark.django_db
def test_r5_late_only_after_the_due_day_has_ended():
    friday, saturday = dt.date(2026, 11, 27), dt.date(2026, 11, 28)
    last_week = dt.date(2026, 11, 20)

    def late(confirmed, today):
        owed = rules.weekly_update_owed_friday_rule(today)
        return rules.weekly_update_late_rule(last_friday_confirmed=confirmed, owed_friday=owed)

    assert not late(last_week, dt.date(2026, 11, 26))
    assert not late(last_week, friday)
    assert late(last_week, saturday)
    assert not late(friday, saturday)
    assert late(None, friday)


def test_r6_month_closed_only_after_it_ends():
    today = dt.date(2026, 11, 26)
    assert rules.month_closed_rule(year=2026, month=10, today=today)
    assert not rules.month_closed_rule(year=2026, month=11, today=today)
    assert rules.month_closed_rule(year=2025, month=12, today=today)


def test_r9_outside_pool_needs_written_reason():
    rules.candidate_rule(in_pool=True, reason="")
    with pytest.raises(RuleViolation) as exc:
        rules.candidate_rule(in_pool=False, reason="  ")
    assert exc.value.rule == "R-9"
    rules.candidate_rule(in_pool=False, reason="省重点项目，市政府专题会议确定纳入。")


def test_r4_health_bars_are_green_when_met_and_red_when_not():
    import re
    from types import SimpleNamespace

    from django.template.loader import render_to_string

    def bars(h):
        html = render_to_string(
            "reserve/_health.html", {"health": h, "pool": SimpleNamespace(plan_period="十五五")}
        )
        return re.findall(r'<div class="(bar[^"]*)"', html)

    assert (
        bars(health(Decimal("200"), Decimal("100"), Decimal("160"), Decimal("60")))
        == ["bar ok-bar"] * 3
    )
    below = health(Decimal("199.99"), Decimal("100"), Decimal("159.99"), Decimal("59.99"))
    assert bars(below) == ["bar"] * 3


@pytest.mark.django_db
def test_r5_weeks_owed_in_a_month_leave_out_a_week_without_working_days():
    """The circular counts a pool's weeks by their Fridays in the month; the Spring Festival
    week (16-20 February 2026, all off) owes none, a National Day Friday's week still owes."""
    owed = rules.weekly_update_weeks_owed_rule
    february = owed(dt.date(2026, 2, 1), dt.date(2026, 2, 28))
    assert february == [dt.date(2026, 2, 6), dt.date(2026, 2, 13), dt.date(2026, 2, 27)]
    october = owed(dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    assert october == [dt.date(2026, 10, day) for day in (2, 9, 16, 23, 30)]
    assert owed(dt.date(2026, 10, 3), dt.date(2026, 10, 8)) == []  # Saturday to Thursday
    assert owed(dt.date(2026, 10, 2), dt.date(2026, 10, 2)) == [dt.date(2026, 10, 2)]
