"""E-2: the month's visit check, built late (the machine was off, a retry, a catch-up), archives
and tells what an on-time run would have: every enterprise as it was recorded at the month's end
— its name, its responsible unit and that unit's name then — whatever was renamed, moved or
deleted afterwards."""

import datetime as dt

import pytest

from enterprise import jobs
from enterprise.models import Archive, Enterprise
from tests.clock import at
from tests.enterprise.factories import EnterpriseFactory, VisitFactory
from tests.factories import UnitFactory, UserFactory
from yingkou.choices import UnitKind
from yingkou.models import Notification, ScheduledRun
from yingkou.scheduling import run_period

pytestmark = pytest.mark.django_db
D = dt.date
E2 = "enterprise_visit_compliance"
TOLD = "重点企业未走访"


@pytest.fixture
def area(db):
    with at(D(2026, 10, 1)):
        return UnitFactory(name="鲅鱼圈区", code="BYQ", kind=UnitKind.COUNTY)


@pytest.fixture
def other_area(db):
    with at(D(2026, 10, 1)):
        return UnitFactory(name="盖州市", code="GZ", kind=UnitKind.COUNTY)


@pytest.fixture
def october(area):
    with at(D(2026, 10, 20)):
        behind = EnterpriseFactory(name="落后企业", introducing_unit=area)
        visited = EnterpriseFactory(name="已走访企业", introducing_unit=area)
        VisitFactory(enterprise=visited, visited_on=D(2026, 10, 9))
    return behind


def test_a_late_check_names_the_enterprise_and_unit_as_they_were_at_the_month_end(
    october, area, other_area
):
    area_name = area.name
    staff, new_staff = UserFactory(unit=area), UserFactory(unit=other_area)
    with at(D(2026, 11, 3)):
        october.name = "更名后的企业"
        october.responsible_unit = other_area
        october.save()
        area.name = "更名后的地区"
        area.save()
    with at(D(2026, 11, 20)):  # the machine was off on the 1st: the reconciler's catch-up
        run_period("monthly", D(2026, 10, 31), jobs=[E2])

    [row] = Archive.objects.get(kind=jobs.VISIT_CHECK, period="2026-10").data["missing"]
    assert (row["enterprise"], row["name"], row["responsible_unit"]) == (
        october.pk,
        "落后企业",
        area_name,
    )
    # The unit that answered for it in October is told, not the one it moved to since.
    [told] = Notification.objects.filter(title__contains=TOLD)
    assert told.user == staff and "落后企业" in told.body
    assert not Notification.objects.filter(user=new_staff, title__contains=TOLD).exists()


def test_an_enterprise_deleted_after_the_month_end_stays_in_the_months_check(october, area):
    with at(D(2026, 11, 3)):
        Enterprise.objects.get(pk=october.pk).delete()
    with at(D(2026, 11, 20)):
        run_period("monthly", D(2026, 10, 31), jobs=[E2])

    data = Archive.objects.get(kind=jobs.VISIT_CHECK, period="2026-10").data
    assert [row["name"] for row in data["missing"]] == ["落后企业"]
    assert (data["key_enterprises"], data["visited"]) == (2, 1)


def test_the_check_built_late_equals_the_one_built_on_time(october, area):
    unit = UnitFactory(name="新设部门")
    with at(D(2026, 11, 1)):
        run_period("monthly", D(2026, 10, 31), jobs=[E2])
    on_time = Archive.objects.get(kind=jobs.VISIT_CHECK).data
    Archive.objects.all().delete()
    ScheduledRun.objects.all().delete()
    with at(D(2026, 11, 3)):
        october.name = "更名后的企业"
        october.responsible_unit = unit
        october.counterpart_unit = unit
        october.save()
    with at(D(2026, 11, 20)):
        run_period("monthly", D(2026, 10, 31), jobs=[E2])
    assert Archive.objects.get(kind=jobs.VISIT_CHECK).data == on_time
