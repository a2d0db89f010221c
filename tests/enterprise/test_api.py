"""The API under /api/v1/ (SPEC §8): stable field names, remit (404), forbidden actions (403),
rules (400 naming the rule), personal data of complainants, fixed query counts."""

import datetime as dt
from decimal import Decimal

import pytest

from enterprise import services
from enterprise.choices import ComplaintStatus
from enterprise.models import Enterprise
from tests.conftest import api_as
from tests.enterprise.factories import (
    ComplaintFactory,
    EnterpriseFactory,
    InspectionFactory,
    PromiseFactory,
    VisitFactory,
)
from tests.factories import ProjectFactory, TeamFactory, UnitFactory, UserFactory
from tests.queries import assert_constant_queries
from yingkou.choices import Role, UnitKind

D = dt.date


@pytest.fixture
def enterprise(area):
    return EnterpriseFactory(name="营口某新材料有限公司", introducing_unit=area)


@pytest.mark.django_db
class TestEnterprises:
    def test_fields_and_remit(self, enterprise, owner, outsider, city_leader_user):
        response = api_as(owner).get("/api/v1/enterprises/")
        assert response.status_code == 200
        row = response.json()["results"][0]
        for field in ("id", "name", "project", "responsible_unit", "total_investment"):
            assert field in row
        assert row["total_investment"] == "20000.00"
        assert api_as(outsider).get("/api/v1/enterprises/").json()["count"] == 0
        assert api_as(outsider).get(f"/api/v1/enterprises/{enterprise.pk}/").status_code == 404
        assert api_as(city_leader_user).get("/api/v1/enterprises/").json()["count"] == 1

    def test_only_the_responsible_unit_edits(self, enterprise, owner, city_leader_user):
        url = f"/api/v1/enterprises/{enterprise.pk}/"
        assert api_as(city_leader_user).patch(url, {"address": "x"}).status_code == 403
        response = api_as(owner).patch(url, {"address": "鲅鱼圈区新港大路8号", "version": 1})
        assert response.status_code == 200, response.json()
        enterprise.refresh_from_db()
        assert enterprise.address == "鲅鱼圈区新港大路8号"

    def test_register_from_a_completed_project(self, area, drc, owner):
        project = ProjectFactory(owner_unit=area, stage="completed")
        response = api_as(drc).post("/api/v1/enterprises/from-project/", {"project": project.pk})
        assert response.status_code == 201, response.json()
        again = api_as(drc).post("/api/v1/enterprises/from-project/", {"project": project.pk})
        assert again.json()["id"] == response.json()["id"]
        building = ProjectFactory(owner_unit=area, stage="construction")
        refused = api_as(drc).post("/api/v1/enterprises/from-project/", {"project": building.pk})
        assert refused.status_code == 400 and refused.json()["rule"] == "E-1"

    def test_register_directly(self, owner, area):
        response = api_as(owner).post(
            "/api/v1/enterprises/",
            {
                "name": "营口某港机制造公司",
                "introducing_unit": area.pk,
                "total_investment": "50000.00",
            },
        )
        assert response.status_code == 201, response.json()
        assert response.json()["tier"] == "city"
        assert response.json()["responsible_unit"] == area.pk
        elsewhere = api_as(owner).post(
            "/api/v1/enterprises/",
            {
                "name": "他单位企业",
                "introducing_unit": area.pk,
                "responsible_unit": UnitFactory(code="GZ").pk,
                "total_investment": "100.00",
            },
        )
        assert elsewhere.status_code == 403

    def test_constant_queries(self, drc, area):
        client = api_as(drc)

        def add(n):
            for _ in range(n):
                VisitFactory(enterprise=EnterpriseFactory(introducing_unit=area))

        assert_constant_queries(lambda: client.get("/api/v1/enterprises/?page_size=500"), add)


@pytest.mark.django_db
class TestVisits:
    def test_record_and_list(self, enterprise, owner, outsider):
        response = api_as(owner).post(
            "/api/v1/enterprise/visits/",
            {
                "enterprise": enterprise.pk,
                "visited_on": "2026-11-20",
                "visitors": "周录入",
                "topics": "用工需求",
                "problems_raised": "缺少熟练技工",
            },
        )
        assert response.status_code == 201, response.json()
        assert response.json()["visiting_unit"] == owner.unit_id
        refused = api_as(outsider).post(
            "/api/v1/enterprise/visits/",
            {
                "enterprise": enterprise.pk,
                "visited_on": "2026-11-20",
                "visitors": "x",
                "topics": "y",
            },
        )
        assert refused.status_code == 400  # an enterprise outside the remit is unknown

    def test_constant_queries(self, drc, enterprise):
        client = api_as(drc)
        assert_constant_queries(
            lambda: client.get("/api/v1/enterprise/visits/?page_size=500"),
            lambda n: VisitFactory.create_batch(n, enterprise=enterprise),
        )


@pytest.fixture
def office(db):
    return UnitFactory(name="营口市营商环境建设局", code="YSHJ", kind=UnitKind.SUPERVISION_BUREAU)


@pytest.mark.django_db
class TestComplaints:
    def test_fields_and_deadline(self, supervisor):
        response = api_as(supervisor).post(
            "/api/v1/enterprise/complaints/",
            {
                "channel": "phone",
                "complainant_name": "王某",
                "complainant_phone": "13800000000",
                "subject": "办证难",
                "content": "多次往返。",
                "received_on": "2026-09-30",
            },
        )
        assert response.status_code == 201, response.json()
        body = response.json()
        for field in (
            "id",
            "enterprise",
            "received_on",
            "statutory_days",
            "reply_due",
            "replied_on",
            "status",
        ):
            assert field in body
        assert body["reply_due"] == "2026-10-15"
        assert body["statutory_days"] is None
        assert body["complainant_phone"] == "13800000000"

    def test_staff_cannot_record_an_online_complaint(self, supervisor):
        response = api_as(supervisor).post(
            "/api/v1/enterprise/complaints/",
            {
                "channel": "online",
                "complainant_name": "王某",
                "complainant_phone": "13800000000",
                "subject": "办证难",
                "content": "多次往返。",
                "received_on": "2026-09-30",
            },
        )
        assert response.status_code == 400
        assert response.json()["rule"] == "E-4"
        assert "投诉平台" in response.json()["detail"]

    def test_personal_data_only_for_handlers(self, supervisor, area, drc, city_leader_user, owner):
        complaint = ComplaintFactory(receiving_unit=supervisor.unit)
        url = f"/api/v1/enterprise/complaints/{complaint.pk}/"
        handler = api_as(supervisor).get(url).json()
        assert handler["complainant_name"] == "赵投诉"
        for reader in (drc, city_leader_user):
            data = api_as(reader).get(url).json()
            assert data["subject"] == "审批拖延"
            assert "complainant_name" not in data
            assert "complainant_phone" not in data
            assert "complainant_address" not in data
        assert api_as(owner).get(url).status_code == 404
        api_as(supervisor).post(f"{url}transfer/", {"to_unit": area.pk})
        # Now the area handles it and sees who complained; the list shows the same.
        assert api_as(owner).get(url).json()["complainant_phone"] == "13900001111"
        listed = api_as(drc).get("/api/v1/enterprise/complaints/").json()["results"][0]
        assert "complainant_phone" not in listed

    def test_only_the_handling_unit_acts(self, supervisor, area, owner, drc):
        complaint = ComplaintFactory(receiving_unit=supervisor.unit)
        url = f"/api/v1/enterprise/complaints/{complaint.pk}/"
        assert api_as(drc).post(f"{url}reply/", {"reply": "x"}).status_code == 403
        assert api_as(owner).post(f"{url}reply/", {"reply": "x"}).status_code == 404
        response = api_as(supervisor).post(
            f"{url}reply/", {"reply": "已书面答复。", "replied_on": "2026-11-05"}
        )
        assert response.status_code == 200
        assert response.json()["status"] == ComplaintStatus.REPLIED
        again = api_as(supervisor).post(f"{url}reply/", {"reply": "再次"})
        assert again.status_code == 400 and again.json()["rule"] == "E-4"

    def test_constant_queries(self, supervisor, area):
        client = api_as(supervisor)

        def add(n):
            for _ in range(n):
                complaint = ComplaintFactory(receiving_unit=supervisor.unit)
                complaint.transfers.create(
                    from_unit=supervisor.unit, to_unit=area, transferred_on=D(2026, 11, 3)
                )

        assert_constant_queries(
            lambda: client.get("/api/v1/enterprise/complaints/?page_size=500"), add
        )


@pytest.mark.django_db
class TestInspections:
    @pytest.fixture
    def agency(self):
        return UnitFactory(
            code="STHJ",
            kind=UnitKind.MUNICIPAL_DEPARTMENT,
            level="city",
            enforcement_system="ecology",
        )

    def test_plan_approve_and_refusals(
        self, agency, enterprise, legal, owner, reviewer, frozen_today
    ):
        staff = UserFactory(role=Role.UNIT_STAFF, unit=agency)
        body = {"enterprise": enterprise.pk, "planned_on": "2026-12-10", "purpose": "环保检查"}
        response = api_as(staff).post("/api/v1/enterprise/inspections/", body)
        assert response.status_code == 201, response.json()
        data = response.json()
        for field in ("id", "enterprise", "agency", "planned_on", "approved", "joint_with"):
            assert field in data
        assert data["approved"] is False and data["agency"] == agency.pk
        second = api_as(staff).post("/api/v1/enterprise/inspections/", body)
        assert second.status_code == 400
        assert second.json()["rule"] == "E-5"
        assert "E-5" in second.json()["detail"]

        url = f"/api/v1/enterprise/inspections/{data['id']}/"
        assert api_as(staff).post(f"{url}approve/").status_code == 403
        assert api_as(owner).post(f"{url}approve/").status_code == 403
        wrong_level = api_as(reviewer).post(f"{url}approve/")  # county government, city agency
        assert wrong_level.status_code == 400 and wrong_level.json()["rule"] == "E-5"
        approved = api_as(legal).post(f"{url}approve/")
        assert approved.status_code == 200 and approved.json()["approved"] is True
        assert api_as(owner).post(f"{url}carry-out/").status_code == 403
        done = api_as(staff).post(
            f"{url}carry-out/", {"findings": "合格", "carried_out_on": "2026-11-26"}
        )
        assert done.status_code == 200 and done.json()["status"] == "done"

    def test_merge_by_legal_affairs(self, agency, enterprise, legal, drc):
        market = UnitFactory(code="SCJG", level="city", enforcement_system="market")
        first = InspectionFactory(enterprise=enterprise, agency=agency)
        second = InspectionFactory(enterprise=enterprise, agency=market)
        body = {"inspections": [first.pk, second.pk], "lead": first.pk}
        assert api_as(drc).post("/api/v1/enterprise/inspections/merge/", body).status_code == 403
        response = api_as(legal).post("/api/v1/enterprise/inspections/merge/", body)
        assert response.status_code == 200
        merged = api_as(legal).get(f"/api/v1/enterprise/inspections/{second.pk}/").json()
        assert merged["joint_with"] == first.pk

    def test_constant_queries(self, legal, agency, area):
        client = api_as(legal)
        market = UnitFactory(code="SCJG", enforcement_system="market")

        def add(n):
            for _ in range(n):
                lead = InspectionFactory(
                    agency=agency, enterprise=EnterpriseFactory(introducing_unit=area)
                )
                InspectionFactory(
                    enterprise=lead.enterprise, agency=market, status="merged", joint_with=lead
                )

        assert_constant_queries(
            lambda: client.get("/api/v1/enterprise/inspections/?page_size=500"), add, large=80
        )


@pytest.mark.django_db
class TestProblemsAndPromises:
    def test_first_inquiry_ownership(self, enterprise, owner, teammate, department):
        response = api_as(owner).post(
            "/api/v1/enterprise/problems/",
            {
                "enterprise": enterprise.pk,
                "category": "land",
                "description": "扩建用地指标不足",
                "raised_on": "2026-11-02",
            },
        )
        assert response.status_code == 201, response.json()
        problem = response.json()
        assert problem["first_unit"] == problem["owner_unit"] == owner.unit_id
        assert problem["due_on"] == "2026-11-16"  # 10 working days
        url = f"/api/v1/enterprise/problems/{problem['id']}/"
        handed = api_as(owner).post(
            f"{url}hand-on/", {"to_unit": department.pk, "reason": "属工信部门职责"}
        )
        assert handed.status_code == 200
        assert handed.json()["owner_unit"] == department.pk
        # Ownership has passed: the first unit no longer acts, the new owner does.
        assert api_as(owner).post(f"{url}solve/", {"solution": "x"}).status_code == 403
        solved = api_as(teammate).post(f"{url}solve/", {"solution": "已协调用地指标"})
        assert solved.status_code == 200 and solved.json()["status"] == "solved"

    def test_promise_close(self, enterprise, owner):
        promise = PromiseFactory(enterprise=enterprise)
        url = f"/api/v1/enterprise/promises/{promise.pk}/close/"
        refused = api_as(owner).post(url, {"status": "compensated", "version": 1})
        assert refused.status_code == 400 and refused.json()["rule"] == "E-6"
        done = api_as(owner).post(
            url,
            {
                "status": "compensated",
                "compensation": "按合同赔偿",
                "compensation_amount": "12.50",
                "version": 1,
            },
        )
        assert done.status_code == 200 and done.json()["compensation_amount"] == "12.50"
        assert done.json()["version"] == 2

    def test_a_stale_promise_close_is_refused_with_409(self, enterprise, owner):
        promise = PromiseFactory(enterprise=enterprise)
        url = f"/api/v1/enterprise/promises/{promise.pk}/close/"
        body = {"status": "compensated", "compensation": "按合同赔偿", "compensation_amount": "5"}
        assert api_as(owner).post(url, {**body, "version": 1}).status_code == 200
        stale = api_as(owner).post(url, {**body, "compensation_amount": "99", "version": 1})
        assert stale.status_code == 409
        assert "已被他人修改" in stale.json()["detail"]
        promise.refresh_from_db()
        assert (promise.compensation_amount, promise.version) == (5, 2)
        assert promise.history.count() == 2

    def test_a_promise_close_names_its_version(self, enterprise, owner):
        promise = PromiseFactory(enterprise=enterprise)
        url = f"/api/v1/enterprise/promises/{promise.pk}/close/"
        missing = api_as(owner).post(url, {"status": "compensated", "compensation": "赔偿"})
        assert missing.status_code == 400 and "version" in missing.json()
        promise.refresh_from_db()
        assert (promise.status, promise.version) == ("pending", 1)


@pytest.mark.django_db
def test_enterprise_count_unchanged_by_reads(enterprise, drc):
    api_as(drc).get("/api/v1/enterprises/")
    assert Enterprise.objects.count() == 1
    assert Decimal(
        api_as(drc).get(f"/api/v1/enterprises/{enterprise.pk}/").json()["total_investment"]
    ) == Decimal("20000.00")


@pytest.mark.django_db
def test_the_responsible_department_stays(enterprise, owner, department):
    response = api_as(owner).patch(
        f"/api/v1/enterprises/{enterprise.pk}/", {"responsible_unit": department.pk, "version": 1}
    )
    assert response.status_code == 400 and response.json()["rule"] == "E-1"


@pytest.mark.django_db
def test_teammate_sees_the_enterprise_of_its_team(area, department, teammate, outsider, drc):
    project = ProjectFactory(owner_unit=area, stage="completed", total_investment=Decimal("60000"))
    team = TeamFactory(project=project, phase="assistance", lead_unit=area)
    team.cooperating_units.set([department])
    enterprise = services.enterprise_register_from_project(project=project, user=drc)
    url = f"/api/v1/enterprises/{enterprise.pk}/"
    assert api_as(teammate).get(url).status_code == 200
    assert api_as(teammate).patch(url, {"address": "x"}).status_code == 403
    assert api_as(outsider).get(url).status_code == 404


@pytest.mark.django_db
def test_a_new_tier_proposes_new_leaders(enterprise, owner, area_principal, vice_mayor):
    services.enterprise_update(enterprise=enterprise, user=owner, expected_version=1)
    assert enterprise.responsible_leader == area_principal
    response = api_as(owner).patch(
        f"/api/v1/enterprises/{enterprise.pk}/", {"total_investment": "50000.00", "version": 2}
    )
    assert response.status_code == 200, response.json()
    assert response.json()["tier"] == "city"
    assert response.json()["responsible_leader"] == vice_mayor.pk


@pytest.mark.django_db
def test_problem_and_promise_lists_constant_queries(drc, enterprise, owner, department):
    client = api_as(drc)

    def add_problems(n):
        for _ in range(n):
            problem = services.problem_raise(
                enterprise=enterprise,
                user=owner,
                category="land",
                description="x",
                raised_on=D(2026, 11, 2),
                due_on=D(2026, 11, 20),
            )
            problem.actions.create(unit=department, task="协办", due_on=D(2026, 12, 1))
            problem.handovers.create(
                from_unit=owner.unit, to_unit=department, reason="职责", handed_on=D(2026, 11, 3)
            )

    assert_constant_queries(
        lambda: client.get("/api/v1/enterprise/problems/?page_size=500"), add_problems, large=60
    )
    assert_constant_queries(
        lambda: client.get("/api/v1/enterprise/promises/?page_size=500"),
        lambda n: PromiseFactory.create_batch(n, enterprise=enterprise),
        large=60,
    )


@pytest.mark.django_db
def test_a_stale_enterprise_edit_is_refused_not_lost(enterprise, owner):
    """Two people edit the same version: the second is told (409) instead of overwriting."""
    url = f"/api/v1/enterprises/{enterprise.pk}/"
    first = api_as(owner).patch(url, {"address": "新港大路8号", "version": 1})
    assert first.status_code == 200 and first.json()["version"] == 2
    second = api_as(owner).patch(url, {"contact_name": "王经理", "version": 1})
    assert second.status_code == 409 and "他人修改" in second.json()["detail"]
    enterprise.refresh_from_db()
    assert enterprise.address == "新港大路8号" and enterprise.contact_name != "王经理"
    assert api_as(owner).patch(url, {"address": "x"}).status_code == 400
