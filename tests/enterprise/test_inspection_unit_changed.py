"""E-5 after a unit is changed in the admin: an agency's jurisdiction, its place in its
enforcement system and its same-level government are read from the unit tree, so every open
inspection is judged again. One that no longer fits is marked on its page, in the list and in
the API — never cancelled — and its agency, those who answer for its approval and the
supervision bureau are told; one that fits again is cleared and they are told so."""

import datetime as dt

import pytest
from django.urls import reverse

from enterprise.choices import InspectionStatus
from enterprise.models import Inspection
from tests.conftest import api_as
from tests.enterprise.factories import EnterpriseFactory, InspectionFactory
from tests.factories import UnitFactory, UserFactory
from tests.negotiation.test_unit_changed import save_unit_in_admin
from tests.yingkou.admin_forms import admin_messages
from yingkou.choices import NotificationKind, Role, UnitKind
from yingkou.models import Notification

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

D = dt.date
PLAN_DAY = D(2026, 12, 10)


@pytest.fixture
def root(db):
    return UserFactory(username="root", role=Role.DRC_REVIEWER, is_superuser=True, is_staff=True)


@pytest.fixture
def admin_client(client, root):
    client.force_login(root)
    return client


def agency(code, name, level, system, parent=None):
    return UnitFactory(
        code=code,
        name=name,
        kind=UnitKind.MUNICIPAL_DEPARTMENT,
        level=level,
        enforcement_system=system,
        parent=parent,
    )


@pytest.fixture
def county_market(area):
    return agency("BYQ-SCJG", "鲅鱼圈区市场监督管理局", "county", "market", parent=area)


@pytest.fixture
def agency_staff(county_market):
    return UserFactory(username="scjg_staff", role=Role.UNIT_STAFF, unit=county_market)


def approved_plan(agency, enterprise, approver, day=PLAN_DAY):
    return InspectionFactory(
        enterprise=enterprise,
        agency=agency,
        planned_on=day,
        status=InspectionStatus.APPROVED,
        approved_by_unit=approver,
        approved_on=D(2026, 11, 20),
    )


def fresh(inspection):
    return Inspection.objects.get(pk=inspection.pk)


def told(kind=NotificationKind.UNIT_CHANGED):
    return sorted(
        Notification.objects.filter(kind=kind).values_list("user__username", "title"),
    )


def test_an_agency_moved_to_another_county_marks_its_approved_plan_and_tells_who_decides(
    admin_client,
    root,
    county_market,
    enterprise,
    area,
    other_area,
    reviewer,
    agency_staff,
    supervisor,
    outsider,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    for user in (reviewer, agency_staff, supervisor, outsider):
        user.email = f"{user.username}@example.org"
        user.save()
    inspection = approved_plan(county_market, enterprise, area)
    assert not fresh(inspection).unfit

    with django_capture_on_commit_callbacks(execute=True):
        response = save_unit_in_admin(admin_client, county_market, parent=other_area.pk)

    inspection = fresh(inspection)
    assert inspection.status == InspectionStatus.APPROVED  # marked, not cancelled
    [reason] = inspection.unfit_reasons
    assert "只能对本辖区（盖州市）的企业执法检查" in reason
    title = "营口港精细化工有限公司的执法检查计划已不符合 E-5，请核实"
    # The agency that files, the government that approved it, the supervision bureau; no one else.
    assert told() == [
        ("alice_boss", title),
        ("scjg_staff", title),
        ("supervisor", title),
    ]
    notice = Notification.objects.get(user=agency_staff)
    assert notice.url == f"/enterprise/inspections/{inspection.pk}/"
    assert "鲅鱼圈区市场监督管理局2026年12月10日的检查计划" in notice.body
    assert "不会自动撤销" in notice.body
    assert {address for mail in mailoutbox for address in mail.to} == {
        "alice_boss@example.org",
        "scjg_staff@example.org",
        "supervisor@example.org",
    }
    # The administrator reads what the change set in motion, and whom it told.
    assert admin_messages(response)[1] == (
        "已按 N-2、E-1、E-5 重新判定鲅鱼圈区市场监督管理局洽谈中的项目、企业的对口服务部门和未实施的执法检查："
        f"共 1 项，已通知相关单位： （1）{title}"
        "（已通知：鲅鱼圈区、鲅鱼圈区市场监督管理局、营口市营商环境建设局）"
    )
    # The unit's history says who changed it.
    assert county_market.history.first().history_user == root

    # The page, the list and the API say so, to the agency and to the supervision bureau.
    admin_client.force_login(agency_staff)
    page = admin_client.get(inspection.get_absolute_url()).content.decode()
    assert "data-unfit" in page and "不在其辖区" in page and "不会自动撤销" in page
    listed = admin_client.get(reverse("enterprise:inspections")).content.decode()
    assert "已不符合E-5，待核实" in listed
    [row] = api_as(supervisor).get("/api/v1/enterprise/inspections/").json()["results"]
    assert row["unfit"] is True and row["unfit_reasons"] == [reason]
    detail = api_as(agency_staff).get(f"/api/v1/enterprise/inspections/{inspection.pk}/")
    assert detail.json()["unfit"] is True

    # Corrected back: the marker goes and the same people are told.
    Notification.objects.all().delete()
    admin_client.force_login(root)
    save_unit_in_admin(admin_client, county_market, parent=area.pk)
    assert not fresh(inspection).unfit
    again = "营口港精细化工有限公司的执法检查计划重新符合 E-5"
    assert told() == [("alice_boss", again), ("scjg_staff", again), ("supervisor", again)]
    admin_client.force_login(agency_staff)
    assert "data-unfit" not in admin_client.get(inspection.get_absolute_url()).content.decode()


def test_an_agency_made_city_level_is_no_longer_approved_by_its_county(
    admin_client, county_market, enterprise, area, reviewer, agency_staff
):
    """A city-level agency inspects the whole city, but its plans are the city government's to
    approve: the county government's approval no longer is the same level's."""
    inspection = approved_plan(county_market, enterprise, area)

    save_unit_in_admin(admin_client, county_market, level="city")

    [reason] = fresh(inspection).unfit_reasons
    assert (
        reason
        == "原批准机关鲅鱼圈区已不是鲅鱼圈区市场监督管理局的本级政府，须经本级政府批准。（E-5）"
    )
    assert [name for name, _title in told()] == ["alice_boss", "scjg_staff"]


def test_a_pending_plan_of_a_unit_no_longer_an_agency_is_marked_and_its_approvers_told(
    admin_client, county_market, enterprise, area, reviewer, agency_staff, other_area
):
    inspection = InspectionFactory(enterprise=enterprise, agency=county_market)
    UserFactory(username="gz_boss", role=Role.UNIT_REVIEWER, unit=other_area)

    save_unit_in_admin(admin_client, county_market, enforcement_system="")

    inspection = fresh(inspection)
    assert inspection.status == InspectionStatus.PLANNED
    assert inspection.unfit_reasons == ["鲅鱼圈区市场监督管理局已不是行政执法机关。（E-5）"]
    assert [name for name, _title in told()] == ["alice_boss", "scjg_staff"]


@pytest.mark.parametrize(
    ("planned_on", "unfit"),
    [
        (D(2026, 12, 9), True),  # 12 months after the upper level's inspection less a day
        (D(2026, 12, 10), False),  # exactly 12 months after it: allowed
    ],
)
def test_an_agency_put_in_the_same_system_as_an_upper_levels_inspection_within_12_months(
    admin_client, county_market, enterprise, area, agency_staff, planned_on, unfit
):
    """The city's ecology bureau inspected on 10 December 2025; made part of the market
    system, it becomes the upper level of the county's market bureau, whose approved plan may
    not follow within 12 months."""
    city_bureau = agency("STHJ", "营口市生态环境局", "city", "ecology")
    InspectionFactory(
        enterprise=enterprise,
        agency=city_bureau,
        planned_on=D(2025, 12, 1),
        status=InspectionStatus.DONE,
        carried_out_on=D(2025, 12, 10),
    )
    inspection = approved_plan(county_market, enterprise, area, day=planned_on)
    assert not fresh(inspection).unfit

    save_unit_in_admin(admin_client, city_bureau, enforcement_system="market")

    reasons = fresh(inspection).unfit_reasons
    assert bool(reasons) is unfit
    if unfit:
        assert "同一系统的上级行政执法机关（营口市生态环境局）已于2025年12月10日" in reasons[0]
    assert bool(told()) is unfit


def test_a_responsible_unit_moved_moves_an_enterprise_without_a_recorded_area(
    admin_client, county_market, area, other_area, agency_staff
):
    """An enterprise without a recorded area is in its responsible unit's county."""
    bureau = UnitFactory(
        code="BYQ-GXJ",
        name="鲅鱼圈区工业和信息化局",
        level="county",
        parent=area,
        kind=UnitKind.MUNICIPAL_DEPARTMENT,
    )
    enterprise = EnterpriseFactory(introducing_unit=bureau, area=None)
    inspection = approved_plan(county_market, enterprise, area)
    assert not fresh(inspection).unfit

    save_unit_in_admin(admin_client, bureau, parent=other_area.pk)

    assert "不在其辖区" in fresh(inspection).unfit_reasons[0]
    assert "scjg_staff" in [name for name, _title in told()]


def test_a_pending_plan_whose_enterprise_changed_county_tells_the_county_it_waited_for(
    admin_client, county_market, area, other_area, reviewer, agency_staff, supervisor
):
    """The enterprise (no recorded area) follows its responsible unit into 盖州市: the plan no
    longer fits, and both governments hear of it — 盖州市, whose approval it would now need,
    and 鲅鱼圈区, whose reviewers it was waiting for and who would otherwise still approve it."""
    bureau = UnitFactory(
        code="BYQ-GXJ",
        name="鲅鱼圈区工业和信息化局",
        level="county",
        parent=area,
        kind=UnitKind.MUNICIPAL_DEPARTMENT,
    )
    UserFactory(username="gz_boss", role=Role.UNIT_REVIEWER, unit=other_area)
    enterprise = EnterpriseFactory(
        name="营口港精细化工有限公司", introducing_unit=bureau, area=None
    )
    InspectionFactory(enterprise=enterprise, agency=county_market)

    save_unit_in_admin(admin_client, bureau, parent=other_area.pk)

    title = "营口港精细化工有限公司的执法检查计划已不符合 E-5，请核实"
    assert told() == [
        ("alice_boss", title),
        ("gz_boss", title),
        ("scjg_staff", title),
        ("supervisor", title),
    ]


def test_a_joint_inspection_is_marked_for_a_merged_agency_and_that_agency_is_told(
    admin_client, county_market, enterprise, area, other_area, agency_staff
):
    city_bureau = agency("STHJ", "营口市生态环境局", "city", "ecology")
    lead = approved_plan(
        city_bureau,
        enterprise,
        UnitFactory(code="SZF", name="营口市人民政府", kind=UnitKind.CITY_GOVERNMENT),
    )
    part = InspectionFactory(
        enterprise=enterprise,
        agency=county_market,
        status=InspectionStatus.MERGED,
        joint_with=lead,
    )

    save_unit_in_admin(admin_client, county_market, parent=other_area.pk)

    assert "鲅鱼圈区市场监督管理局只能对本辖区" in fresh(lead).unfit_reasons[0]
    assert fresh(part).unfit_reasons == fresh(lead).unfit_reasons  # judged with its joint one
    assert "scjg_staff" in [name for name, _title in told()]


def test_done_and_turned_down_inspections_are_not_judged_again(
    admin_client, county_market, enterprise, area, agency_staff, other_area
):
    done = InspectionFactory(
        enterprise=enterprise,
        agency=county_market,
        planned_on=D(2026, 11, 2),
        status=InspectionStatus.DONE,
        carried_out_on=D(2026, 11, 3),
    )
    rejected = InspectionFactory(
        enterprise=enterprise, agency=county_market, status=InspectionStatus.REJECTED
    )

    save_unit_in_admin(admin_client, county_market, parent=other_area.pk)

    assert not fresh(done).unfit and not fresh(rejected).unfit
    assert told() == []


def test_another_field_of_the_unit_judges_nothing_again(
    admin_client, county_market, enterprise, area, agency_staff
):
    inspection = approved_plan(county_market, enterprise, area)
    save_unit_in_admin(admin_client, county_market, name="鲅鱼圈区市场监管局")
    assert not fresh(inspection).unfit and told() == []


def test_the_schema_documents_the_marker(client):
    schema = client.get("/api/schema/?format=json").json()
    properties = schema["components"]["schemas"]["Inspection"]["properties"]
    assert properties["unfit"]["readOnly"] is True and "E-5" in properties["unfit"]["description"]
    assert properties["unfit_reasons"]["readOnly"] is True


def test_a_pending_plan_of_an_agency_made_city_level_goes_to_the_city_for_approval(
    admin_client, county_market, enterprise, area, reviewer, agency_staff, legal
):
    """Still in its jurisdiction (a city-level agency's is the whole city), the plan is not
    marked; but it now waits for the city's approval, and the city's legal affairs office, which
    examines city-level plans, is told, as are the agency and the county government it waited
    for until then."""
    inspection = InspectionFactory(enterprise=enterprise, agency=county_market)

    save_unit_in_admin(admin_client, county_market, level="city")

    assert not fresh(inspection).unfit
    title = "执法检查计划待市政府批准：鲅鱼圈区市场监督管理局检查营口港精细化工有限公司"
    assert told() == [("alice_boss", title), ("legal", title), ("scjg_staff", title)]
