"""N-1 from a new lead: the project is entered in the registration form itself, created through
the project service (its checks and history) together with the case, or not at all."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from negotiation import services
from negotiation.models import NegotiationCase
from tests.conftest import api_as
from yingkou.choices import Stage
from yingkou.models import Project

NEW = {
    "source": "new",
    "new_name": "鲅鱼圈区冷链物流园项目",
    "new_industry": "G59",
    "new_total_investment": "30000.00",
    "new_capital_origin": "domestic",
    "investor": "辽宁港口集团",
    "opened_on": "2026-11-20",
}


def _post(client, area, **changes):
    data = {**NEW, "negotiating_unit": area.pk, "landing_unit": area.pk, **changes}
    return client.post(reverse("negotiation:create"), data)


def test_the_page_registers_a_new_projects_negotiation_in_one_step(client, owner, area):
    client.force_login(owner)
    page = client.get(reverse("negotiation:create")).content.decode()
    assert "新项目（同时录入项目库）" in page and 'name="new_name"' in page
    assert "项目名称 *" in page  # required once a new project is chosen
    response = _post(client, area)
    assert response.status_code == 302
    project = Project.objects.get(name=NEW["new_name"])
    assert project.stage == Stage.NEGOTIATING
    assert project.owner_unit == area and project.landing_unit == area
    assert project.investor == "辽宁港口集团"
    assert project.history.get().history_user == owner
    case = NegotiationCase.objects.get(project=project)
    assert response.url == reverse("negotiation:detail", args=[case.pk])
    assert case.investor == "辽宁港口集团"


def test_the_new_projects_missing_and_wrong_fields_show_on_the_one_form(client, owner, area):
    client.force_login(owner)
    response = _post(client, area, new_name="", new_total_investment="12.345")
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["new_name"] == ["此项必须填写。"]
    assert errors["new_total_investment"] == ["最多保留 2 位小数。"]
    assert 'href="#id_new_name"' in response.content.decode()  # the summary links to it
    assert not Project.objects.filter(name=NEW["new_name"]).exists()


def test_a_case_refused_leaves_no_project_behind(client, owner, area):
    client.force_login(owner)
    response = _post(client, area, opened_on="2026-12-01")  # after today: N-1 refuses
    assert response.status_code == 200
    assert "首次接触日期不能晚于今天" in str(response.context["form"].errors["opened_on"])
    assert not Project.objects.filter(name=NEW["new_name"]).exists()
    assert not NegotiationCase.objects.exists()


def test_an_existing_project_or_a_new_one_must_be_given(client, owner, area):
    client.force_login(owner)
    response = _post(client, area, source="existing")
    assert "请选择项目库中的项目" in str(response.context["form"].errors["project"])
    assert not Project.objects.exists()


def test_only_for_the_users_own_unit(owner, other_area):
    with pytest.raises(PermissionDenied):
        services.negotiation_case_open_with_new_project(
            new_project={"name": "甲", "industry": "C26", "total_investment": "5000"},
            negotiating_unit=other_area,
            user=owner,
        )
    assert not Project.objects.exists()


def test_the_api_takes_a_nested_new_project(owner, area):
    client = api_as(owner)
    new_project = {"name": "冷链项目", "industry": "G59", "total_investment": "30000.00"}
    both = client.post(
        "/api/v1/negotiations/",
        {"project": 1, "new_project": new_project, "negotiating_unit": area.pk},
        format="json",
    )
    assert both.status_code == 400
    response = client.post(
        "/api/v1/negotiations/",
        {"new_project": new_project, "negotiating_unit": area.pk, "opened_on": "2026-11-20"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    project = Project.objects.get(name="冷链项目")
    assert response.json()["project"] == project.pk
    assert project.stage == Stage.NEGOTIATING
