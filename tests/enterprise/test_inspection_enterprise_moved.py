"""E-5 after an enterprise moves to another county: the county-level agencies that may inspect it
and the government that approves their plans follow its area, so its open inspections are judged
again through the same rule and marker as after a unit change, whether the move is made on the
enterprise (page, API) or follows its project's landing area (E-1) — and the same people told."""

import datetime as dt
from decimal import Decimal

import pytest

from enterprise import services
from enterprise.choices import InspectionStatus
from enterprise.models import Enterprise, Inspection
from tests.conftest import api_as
from tests.enterprise.factories import EnterpriseFactory, InspectionFactory
from tests.factories import ProjectFactory, UnitFactory, UserFactory
from yingkou import services as shared
from yingkou.choices import NotificationKind, Role, UnitKind
from yingkou.models import Notification

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

D = dt.date
OUT = "营口港精细化工有限公司的执法检查计划已不符合 E-5，请核实"
BACK = "营口港精细化工有限公司的执法检查计划重新符合 E-5"


@pytest.fixture
def county_market(area):
    return UnitFactory(
        code="BYQ-SCJG",
        name="鲅鱼圈区市场监督管理局",
        kind=UnitKind.MUNICIPAL_DEPARTMENT,
        level="county",
        enforcement_system="market",
        parent=area,
    )


@pytest.fixture
def people(county_market, other_area, reviewer, supervisor, outsider):
    """Who may be told: the agency's staff, each county's reviewers, the supervision bureau."""
    return {
        "agency": UserFactory(username="scjg_staff", role=Role.UNIT_STAFF, unit=county_market),
        "gz_reviewer": UserFactory(username="gz_boss", role=Role.UNIT_REVIEWER, unit=other_area),
    }


def fresh(inspection):
    return Inspection.objects.get(pk=inspection.pk)


def told(kind):
    return sorted(Notification.objects.filter(kind=kind).values_list("user__username", "title"))


def move(enterprise, user, to):
    """The enterprise's own edit, as the page and the API make it."""
    enterprise = Enterprise.objects.get(pk=enterprise.pk)
    return services.enterprise_update(
        enterprise=enterprise, user=user, expected_version=enterprise.version, area=to
    )


@pytest.mark.parametrize("status", [InspectionStatus.APPROVED, InspectionStatus.PLANNED])
def test_moved_out_of_the_agencys_county_and_back(
    area, other_area, county_market, people, drc, status
):
    enterprise = EnterpriseFactory(name="营口港精细化工有限公司", introducing_unit=area, area=area)
    inspection = InspectionFactory(
        enterprise=enterprise,
        agency=county_market,
        status=status,
        approved_by_unit=area if status == InspectionStatus.APPROVED else None,
    )

    move(enterprise, drc, other_area)

    inspection = fresh(inspection)
    assert inspection.status == status  # marked, neither cancelled nor turned down
    assert inspection.unfit_reasons == [
        "鲅鱼圈区市场监督管理局只能对本辖区（鲅鱼圈区）的企业执法检查，营口港精细化工有限公司不在其辖区。（E-5）"
    ]
    # Approved: the county that approved it; pending: those who approved it before the move and
    # those who would now (the new county's government may turn it down).
    approvers = ["alice_boss"] if status == InspectionStatus.APPROVED else ["alice_boss", "gz_boss"]
    assert told(NotificationKind.ENTERPRISE_MOVED) == sorted(
        (name, OUT) for name in [*approvers, "scjg_staff", "supervisor"]
    )
    body = Notification.objects.get(user=people["agency"]).body
    assert "营口港精细化工有限公司所在地区由鲅鱼圈区变更为盖州市后" in body

    Notification.objects.all().delete()
    move(enterprise, drc, area)

    assert not fresh(inspection).unfit
    assert ("scjg_staff", BACK) in told(NotificationKind.ENTERPRISE_MOVED)


def test_moved_into_the_agencys_county_clears_a_plan_that_did_not_fit(
    area, other_area, county_market, people, drc
):
    """A plan recorded before the enterprise's area was corrected: once the enterprise is in the
    agency's county, the plan fits."""
    enterprise = EnterpriseFactory(
        name="营口港精细化工有限公司", introducing_unit=other_area, area=other_area
    )
    inspection = InspectionFactory(enterprise=enterprise, agency=county_market)
    assert fresh(inspection).unfit

    move(enterprise, drc, area)

    assert not fresh(inspection).unfit
    assert ("scjg_staff", BACK) in told(NotificationKind.ENTERPRISE_MOVED)


def test_a_move_through_the_api_is_judged_the_same(area, other_area, county_market, people, drc):
    enterprise = EnterpriseFactory(name="营口港精细化工有限公司", introducing_unit=area, area=area)
    inspection = InspectionFactory(enterprise=enterprise, agency=county_market)

    answer = api_as(drc).patch(
        f"/api/v1/enterprises/{enterprise.pk}/",
        {"area": other_area.pk, "version": enterprise.version},
        format="json",
    )

    assert answer.status_code == 200, answer.content
    assert fresh(inspection).unfit
    assert ("scjg_staff", OUT) in told(NotificationKind.ENTERPRISE_MOVED)


def test_a_project_landing_elsewhere_moves_its_enterprise_and_judges_its_plans(
    area, other_area, county_market, people, drc
):
    project = ProjectFactory(
        owner_unit=area, landing_unit=area, total_investment=Decimal("20000.00"), stage="operating"
    )
    enterprise = EnterpriseFactory(
        name="营口港精细化工有限公司", project=project, introducing_unit=area, area=area
    )
    inspection = InspectionFactory(
        enterprise=enterprise,
        agency=county_market,
        status=InspectionStatus.APPROVED,
        approved_by_unit=area,
    )

    shared.project_update(
        project=project, user=drc, expected_version=project.version, landing_unit=other_area
    )

    assert fresh(inspection).unfit
    told_now = told(NotificationKind.PROJECT_REEVALUATED)
    assert ("scjg_staff", OUT) in told_now and ("supervisor", OUT) in told_now
    assert ("charlie", OUT) not in told_now  # another county's staff: only the E-1 notice


def test_a_city_agencys_plan_follows_the_enterprise_anywhere_in_the_city(
    area, other_area, people, drc, city_gov
):
    city_bureau = UnitFactory(
        code="STHJ",
        name="营口市生态环境局",
        kind=UnitKind.MUNICIPAL_DEPARTMENT,
        enforcement_system="ecology",
    )
    enterprise = EnterpriseFactory(name="营口港精细化工有限公司", introducing_unit=area, area=area)
    inspection = InspectionFactory(
        enterprise=enterprise,
        agency=city_bureau,
        status=InspectionStatus.APPROVED,
        approved_by_unit=city_gov,
    )

    move(enterprise, drc, other_area)

    assert not fresh(inspection).unfit
    assert told(NotificationKind.ENTERPRISE_MOVED) == []


def test_an_edit_that_keeps_the_area_judges_nothing_again(area, county_market, people, drc):
    enterprise = EnterpriseFactory(introducing_unit=area, area=area)
    InspectionFactory(enterprise=enterprise, agency=county_market)
    fresh_enterprise = Enterprise.objects.get(pk=enterprise.pk)
    services.enterprise_update(
        enterprise=fresh_enterprise,
        user=drc,
        expected_version=fresh_enterprise.version,
        address="鲅鱼圈区新港大路1号",
    )
    assert told(NotificationKind.ENTERPRISE_MOVED) == []
