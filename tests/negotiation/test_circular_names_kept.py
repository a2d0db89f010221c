"""N-6: a circular built late (a catch-up, a retry) names the units and the lead leader as they
were named at the month's end, as the on-time circular did: a unit or a leader renamed in the
admin afterwards does not change a closed month's circular."""

import datetime as dt

import pytest

from negotiation.choices import ArchiveKind
from negotiation.jobs import monthly_circular
from negotiation.models import NegotiationArchive
from negotiation.selectors import circular_payload
from tests.clock import at
from tests.factories import UnitFactory, UserFactory
from yingkou.choices import UnitKind
from yingkou.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def area(frozen_today):
    with at(dt.date(2026, 9, 1), 18):
        return UnitFactory(name="鲅鱼圈区", code="BYQ", kind=UnitKind.COUNTY)


@pytest.fixture
def department(frozen_today):
    with at(dt.date(2026, 9, 1), 18):
        return UnitFactory(
            name="营口市工业和信息化局", code="GXJ", kind=UnitKind.MUNICIPAL_DEPARTMENT
        )


@pytest.fixture
def case(dept_project, department, teammate, principal):
    from negotiation.services import negotiation_case_open

    with at(dt.date(2026, 10, 8), 18):
        return negotiation_case_open(
            project=dept_project,
            negotiating_unit=department,
            user=teammate,
            opened_on=dt.date(2026, 10, 8),
            investor="万华化学",
        )


def test_a_circular_built_late_keeps_the_names_of_the_month_end(case, department, area):
    staff = UserFactory(unit=department)
    with at(dt.date(2026, 11, 1), 18):
        on_time = circular_payload(dt.date(2026, 10, 31))
    [row] = on_time["rows"]
    assert (row["negotiating_unit"], row["lead_unit"], row["landing_unit"]) == (
        "营口市工业和信息化局",
        "营口市工业和信息化局",
        "鲅鱼圈区",
    )
    with at(dt.date(2026, 11, 5), 18):
        department.name = "营口市工业和信息化局（更名）"
        department.save()
        area.name = "鲅鱼圈经济技术开发区"
        area.save()
    with at(dt.date(2026, 11, 26), 18):
        monthly_circular(dt.date(2026, 10, 31))
    archived = NegotiationArchive.objects.get(kind=ArchiveKind.CIRCULAR, period="2026-10")
    assert archived.payload == on_time
    # The renamed lead unit is told of the circular all the same.
    assert Notification.objects.filter(user=staff, title="2026年10月洽谈项目通报已发布").exists()


def test_a_circular_built_late_keeps_the_rule_of_the_month_end(case, department):
    """N-2's rule rests on the negotiating unit's kind and level: a unit re-classed after the
    month does not change the month's rule."""
    with at(dt.date(2026, 11, 1), 18):
        on_time = circular_payload(dt.date(2026, 10, 31))
    [row] = on_time["rows"]
    assert (row["rule"], row["tier"]) == (4, "B")
    with at(dt.date(2026, 11, 5), 18):
        department.kind = UnitKind.PARK
        department.save()
    with at(dt.date(2026, 11, 26), 18):
        assert circular_payload(dt.date(2026, 11, 30))["rows"][0]["rule"] == 5
        monthly_circular(dt.date(2026, 10, 31))
    archived = NegotiationArchive.objects.get(kind=ArchiveKind.CIRCULAR, period="2026-10")
    assert archived.payload == on_time
