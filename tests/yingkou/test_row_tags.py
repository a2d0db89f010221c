"""What lists draw on each row (`{% load rows %}`) reads exactly as Django's own tags and filters."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.template import engines
from django.urls import NoReverseMatch, reverse

from reserve.choices import EntryStatus, PoolLevel
from reserve.models import Entry
from tests.factories import ProjectFactory
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


# The project list's row as `projects/list.html` drew it before `{% project_row %}`.
PROJECT_ROW = """
    <tr><td><a href="{% record_url 'projects:detail' project.pk %}">{{ project.name }}</a></td><td>{{ project.owner_unit }}</td><td>{{ project.landing_unit|default:"—" }}</td>
      <td>{{ project.industry_name }}</td><td class="num">{{ project.total_investment|amount }}</td><td>{{ project|display:"stage" }}</td></tr>"""  # noqa: E501


@pytest.mark.django_db
@pytest.mark.parametrize("landing", [True, False])
@pytest.mark.parametrize(
    "name, amount",
    [("<b>\"甲&乙\"</b> '项目'", Decimal("12345.6")), ("大石桥项目", Decimal("0.5"))],
)
def test_project_row_is_the_markup_the_template_drew(area, name, amount, landing):
    ProjectFactory(
        name=name,
        owner_unit=area,
        landing_unit=area if landing else None,
        industry="C26",
        total_investment=amount,
        stage=Stage.CONSTRUCTION,
    )
    project = Project.objects.with_related().get()
    mine = draw("{% project_row project %}", project=project)
    assert mine == draw(PROJECT_ROW, project=project)
    assert ("—" in mine) is not landing
