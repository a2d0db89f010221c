"""What lists draw on each row (`{% load rows %}`) reads exactly as Django's own tags and filters."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.template import engines
from django.urls import NoReverseMatch, reverse

from reserve.choices import EntryStatus, PoolLevel
from reserve.models import Entry
from yingkou.choices import Stage
from yingkou.models import Project


def draw(source: str, **context) -> str:
    return engines["django"].from_string("{% load i18n humanize rows %}" + source).render(context)


@pytest.mark.parametrize(
    "route, args",
    [
        ("reserve:entry_detail", []),
        ("reserve:entry_action", ["approve"]),
        ("reserve:entry_action", ["return"]),
        ("projects:detail", []),
    ],
)
@pytest.mark.parametrize("pk", [1, 7, 42, 987654, 2**31 - 1])
def test_record_url_is_the_reversed_route(route, args, pk):
    extra = "".join(f" '{arg}'" for arg in args)
    assert draw(f"{{% record_url '{route}' pk{extra} %}}", pk=pk) == reverse(
        route, args=[pk, *args]
    )


def test_record_url_refuses_a_route_without_a_key():
    with pytest.raises(NoReverseMatch):
        draw("{% record_url 'projects:list' 1 %}")


@pytest.mark.parametrize(
    "value",
    [
        Decimal("0"),
        Decimal("0.00"),
        Decimal("0.5"),
        Decimal("999.99"),
        Decimal("1000"),
        Decimal("1234567.89"),
        Decimal("123456789012.34"),
        Decimal("1E+3"),
        Decimal("12.345"),
        Decimal("-1234.5"),
        1234.565,
        1000,
        None,
        "",
    ],
)
def test_amount_is_floatformat_2_intcomma(value):
    assert draw("{{ v|amount }}", v=value) == draw("{{ v|floatformat:2|intcomma }}", v=value)


@pytest.mark.parametrize(
    "value",
    [
        dt.datetime(2026, 3, 1, 16, 5, tzinfo=dt.UTC),  # 00:05 the next day in Yingkou
        dt.datetime(2025, 12, 31, 23, 59, 59, tzinfo=ZoneInfo("Asia/Shanghai")),
        None,
    ],
)
def test_minute_is_the_date_filter(value):
    assert draw("{{ v|minute }}", v=value) == draw('{{ v|date:"Y-m-d H:i" }}', v=value)


def test_minute_reads_local_time():
    assert draw("{{ v|minute }}", v=dt.datetime(2026, 3, 1, 16, 5, tzinfo=dt.UTC)) == (
        "2026-03-02 00:05"
    )


@pytest.mark.parametrize("stage", [*Stage.values, "unknown"])
def test_display_is_get_display(stage):
    project = Project(stage=stage)
    assert draw('{{ p|display:"stage" }}', p=project) == draw(
        "{{ p.get_stage_display }}", p=project
    )


@pytest.mark.parametrize("level", PoolLevel.values)
@pytest.mark.parametrize("status", EntryStatus.values)
def test_entry_state_label_reads_level_and_status(level, status):
    entry = Entry(level=level, status=status)
    assert entry.state_label == f"{entry.get_level_display()}{entry.get_status_display()}"
