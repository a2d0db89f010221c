"""No 500 for anything a user can type (the 2026 security audit): each case answers 400, 404 or
409 with a Chinese message."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from enterprise import services as enterprise_services
from enterprise.models import Complaint, Inspection
from reserve import services as reserve_services
from tests.conftest import api_as
from tests.enterprise.factories import ComplaintFactory, EnterpriseFactory
from tests.factories import ProjectFactory, UnitFactory, UserFactory
from yingkou.choices import Role, UnitKind
from yingkou.errors import RuleViolation
from yingkou.models import Project

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("year", ["0", "-1", "99999", "二〇二六"])
def test_an_impossible_year_on_the_inspections_list_is_a_filter_error(client, drc, year):
    client.force_login(drc)
    assert client.get(reverse("enterprise:inspections"), {"year": year}).status_code == 200
    response = api_as(drc).get("/api/v1/enterprise/inspections/", {"year": year})
    assert response.status_code == 400 and "year" in response.json()


def test_deleting_a_project_that_has_cases_is_a_conflict(owner, area):
    admin = UserFactory(is_superuser=True, is_staff=True, unit=None)
    project = ProjectFactory(owner_unit=area, landing_unit=area)
    reserve_services.entry_declare(project=project, user=owner)
    response = api_as(admin).delete(f"/api/v1/projects/{project.pk}/")
    assert response.status_code == 409
    assert "不能删除" in response.json()["detail"]
    assert Project.objects.filter(pk=project.pk).exists()


@pytest.mark.usefixtures("frozen_today")
def test_a_superuser_without_a_unit_planning_an_inspection_is_told_to_choose_an_agency(
    client, area
):
    """Only the missing agency is wrong: the plan is dated two weeks after the (frozen) today, so
    no date rule answers instead, whatever day the suite runs. A unit-less administrator is no
    agency: the page and the API refuse him (403, not a 500), and the service tells any other
    caller to choose the agency."""
    admin = UserFactory(is_superuser=True, is_staff=True, unit=None)
    enterprise = EnterpriseFactory(introducing_unit=area)
    planned_on = timezone.localdate() + dt.timedelta(days=14)
    response = api_as(admin).post(
        "/api/v1/enterprise/inspections/",
        {"enterprise": enterprise.pk, "planned_on": planned_on.isoformat(), "purpose": "检查"},
        format="json",
    )
    assert response.status_code == 403, response.content
    client.force_login(admin)
    assert client.get(reverse("enterprise:inspection_create")).status_code == 403
    with pytest.raises(RuleViolation) as error:
        enterprise_services.inspection_plan(
            user=admin, enterprise=enterprise, planned_on=planned_on, purpose="检查"
        )
    assert error.value.rule == "E-5" and error.value.field == "agency"
    assert "执法机关" in str(error.value)
    assert not Inspection.objects.exists()


def test_json_nested_a_thousand_deep_is_refused(owner):
    body = "[" * 1000 + "]" * 1000
    response = api_as(owner).generic(
        "POST", "/api/v1/projects/", body, content_type="application/json"
    )
    assert response.status_code == 400
    assert "嵌套" in response.json()["detail"]


def test_a_date_far_outside_the_business_range_is_refused(owner, area):
    response = api_as(owner).post(
        "/api/v1/projects/",
        {
            "name": "远古项目",
            "industry": "C26",
            "total_investment": "1000.00",
            "stage": "planning",
            "start_year": 2027,
        },
        format="json",
    )
    assert response.status_code in (201, 400)  # years are bounded by their own fields
    enterprise = EnterpriseFactory(introducing_unit=area)
    enterprise.registered_on = dt.date(1, 1, 1)
    with pytest.raises(Exception) as refused:  # noqa: PT011  django ValidationError
        enterprise.full_clean()
    assert "日期应在2000-01-01至2099-12-31之间" in str(refused.value)


def test_a_reply_dated_in_the_future_is_refused(time_machine):
    time_machine.move_to(dt.datetime(2026, 11, 26, 10, tzinfo=dt.UTC), tick=False)
    office = UnitFactory(name="营口市营商环境建设局", code="YSHJ", kind=UnitKind.SUPERVISION_BUREAU)
    staff = UserFactory(role=Role.SUPERVISOR, unit=office)
    complaint = ComplaintFactory(receiving_unit=office, received_on=dt.date(2026, 11, 2))
    with pytest.raises(RuleViolation) as refused:
        enterprise_services.complaint_reply(
            complaint=complaint, user=staff, outcome="已协调办理。", done_on=dt.date(2026, 11, 27)
        )
    assert refused.value.rule == "E-4" and "不能晚于今天" in refused.value.text
    enterprise_services.complaint_reply(
        complaint=complaint, user=staff, outcome="已协调办理。", done_on=dt.date(2026, 11, 26)
    )


def test_the_public_complaint_form_refuses_a_phone_number_that_is_not_one(client, area):
    response = client.post(
        reverse("enterprise:complaint_public"),
        {"complainant_name": "甲", "complainant_phone": "abc", "subject": "s", "content": "c"},
    )
    assert response.status_code == 200
    assert "有效的电话号码" in response.content.decode()
    assert not Complaint.objects.exists()
