"""A-3 (帮扶机制二(二): 各行业主管部门…为每个重点项目配备分管领导和服务人员): the city's competent
department for a key project's industry is told that the project awaits its leader in charge and
service staff — when the case opens, and when a change of the project's industry makes another
department competent. Once per case and department; not while it has people serving the case."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from assistance import notices, services
from assistance.models import IndustryService
from tests.assistance.factories import AssistanceCaseFactory
from tests.factories import LeaderFactory, ProjectFactory, UnitFactory, UserFactory
from yingkou import services as shared
from yingkou.choices import LeaderRank, NotificationKind, UnitKind
from yingkou.models import Notification

pytestmark = pytest.mark.django_db

# 10 o'clock in Yingkou (UTC+8) on Tuesday 10 November 2026, and the day after.
TUESDAY = dt.datetime(2026, 11, 10, 2, tzinfo=dt.UTC)
WEDNESDAY = dt.datetime(2026, 11, 11, 2, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _tuesday():
    with time_machine.travel(TUESDAY, tick=False):
        yield


@pytest.fixture
def tourism():
    """营口市文化旅游局: the competent department of hotels (H61), not of chemicals (C26)."""
    return UnitFactory(code="WHLY", name="营口市文化旅游局", kind=UnitKind.MUNICIPAL_DEPARTMENT)


@pytest.fixture
def tourism_staff(tourism):
    return UserFactory(username="dave", unit=tourism)


@pytest.fixture
def deputy(department):
    return LeaderFactory(rank=LeaderRank.IN_CHARGE, unit=department, title="副局长")


def _told(user):
    return list(Notification.objects.filter(user=user, kind=NotificationKind.INDUSTRY_SERVICE))


def _project(area, industry="C26"):
    return ProjectFactory(
        name="精细化工项目",
        owner_unit=area,
        landing_unit=area,
        industry=industry,
        total_investment=Decimal("20000.00"),
    )


def _edit(project, user, **fields):
    project.refresh_from_db()
    shared.project_update(project=project, user=user, expected_version=project.version, **fields)


def test_a_case_opened_tells_its_industrys_department_once(
    area, drc, department, teammate, tourism_staff, owner
):
    inactive = UserFactory(username="gone", unit=department, is_active=False)

    case = services.assistance_case_open(project=_project(area), user=drc, source="direct")

    (notice,) = _told(teammate)
    assert notice.title == "本行业重点项目待配备分管领导和服务人员：精细化工项目"
    assert "C26" in notice.body and "A-3" in notice.body
    assert notice.url == reverse("assistance:detail", args=[case.pk]) + "#industry-service"
    # Only the industry's department, and only its active staff.
    assert _told(tourism_staff) == [] and _told(owner) == [] and _told(inactive) == []
    # Once per case and department, not once a day.
    with time_machine.travel(WEDNESDAY, tick=False):
        assert notices.industry_service_awaited(case) == 0
    assert len(_told(teammate)) == 1


def test_a_city_without_the_industrys_department_tells_no_one(area, drc, teammate):
    services.assistance_case_open(project=_project(area, "H61"), user=drc, source="direct")

    assert not Notification.objects.filter(kind=NotificationKind.INDUSTRY_SERVICE).exists()


def test_an_industry_change_tells_the_department_now_competent(
    area, drc, department, teammate, tourism_staff
):
    case = services.assistance_case_open(project=_project(area), user=drc, source="direct")

    _edit(case.project, drc, industry="H61")

    (notice,) = _told(tourism_staff)
    assert "H61" in notice.body
    assert notice.url == reverse("assistance:detail", args=[case.pk]) + "#industry-service"
    assert len(_told(teammate)) == 1  # told when the case opened, not again


def test_an_industry_change_within_the_same_department_tells_no_one(area, drc, teammate):
    """C26 → C27 stays with 工信; a case opened before the department was told of its cases is
    not announced by a change that does not move it."""
    case = AssistanceCaseFactory(project=_project(area), team__lead_unit=area)

    _edit(case.project, drc, industry="C27")

    assert _told(teammate) == []


def test_a_department_serving_the_case_already_is_not_told(
    area, drc, department, teammate, deputy, tourism_staff
):
    """Back to an industry whose department still serves the case: nothing awaits it."""
    case = AssistanceCaseFactory(project=_project(area), team__lead_unit=area)
    IndustryService.objects.create(
        case=case, department=department, leader_in_charge=deputy, service_staff=teammate
    )

    _edit(case.project, drc, industry="H61")
    _edit(case.project, drc, industry="C26")

    assert len(_told(tourism_staff)) == 1
    assert _told(teammate) == []


def test_a_department_whose_staff_named_left_is_told(area, drc, department, deputy, teammate):
    """Named people who no longer serve (`IndustryService.serving_q`) serve no one."""
    left = UserFactory(username="left", unit=department)
    case = AssistanceCaseFactory(project=_project(area, "H61"), team__lead_unit=area)
    IndustryService.objects.create(
        case=case, department=department, leader_in_charge=deputy, service_staff=left
    )
    left.is_active = False
    left.save()

    _edit(case.project, drc, industry="C26")

    assert len(_told(teammate)) == 1


def test_a_closed_case_awaits_no_one(area, drc, teammate):
    case = AssistanceCaseFactory(
        project=_project(area, "H61"), team__lead_unit=area, status="closed"
    )

    _edit(case.project, drc, industry="C26")

    assert notices.industry_service_awaited(case) == 0
    assert _told(teammate) == []


def test_a_row_of_the_reference_table_changed_in_the_admin_tells_the_department_now_competent(
    admin_client, area, drc, department, teammate, tourism_staff
):
    """The table is read live (who sees and serves the case moves at once); the department it
    now gives the case to learns that the project awaits its people, as after an industry
    change."""
    from tests.yingkou.admin_forms import resave
    from yingkou.models import IndustryAuthority

    case = services.assistance_case_open(project=_project(area), user=drc, source="direct")
    row = IndustryAuthority.objects.get(industry="C")

    response = resave(
        admin_client,
        reverse("admin:yingkou_industryauthority_change", args=[row.pk]),
        department_code="WHLY",
        department_name="文化旅游局",
    )

    assert response.status_code == 302
    (notice,) = _told(tourism_staff)
    assert notice.url == reverse("assistance:detail", args=[case.pk]) + "#industry-service"
    assert len(_told(teammate)) == 1  # told when the case opened, not again
