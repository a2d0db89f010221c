"""§1: stages move only through the workflows that own them; a unit opens a project only in
the planning or negotiating stage. Direct jumps are refused with 400 naming the rule."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.conftest import api_as
from yingkou import services
from yingkou.choices import Stage
from yingkou.errors import RuleViolation

pytestmark = pytest.mark.django_db

FORM = {
    "industry": "C26",
    "capital_origin": "domestic",
    "capacity_kind": "new",
    "size_class": "medium",
    "total_investment": "1000.00",
}


@pytest.mark.parametrize("target", ["reserve", "signed", "construction", "operating", "stopped"])
def test_a_direct_stage_change_in_the_api_is_refused(owner, drc, project, target):
    for user in (owner, drc):
        response = api_as(user).patch(
            f"/api/v1/projects/{project.pk}/", {"stage": target, "version": 1}, format="json"
        )
        assert response.status_code == 400
        assert response.json()["rule"] == "§1"
        assert "项目阶段不能直接修改" in response.json()["stage"][0]
    project.refresh_from_db()
    assert (project.stage, project.version) == (Stage.PLANNING, 1)


def test_the_same_stage_sent_back_is_no_change(owner, project):
    response = api_as(owner).patch(
        f"/api/v1/projects/{project.pk}/",
        {"stage": "planning", "name": "新名称", "version": 1},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["name"] == "新名称"


def test_the_edit_form_shows_the_stage_without_offering_to_change_it(client, owner, project):
    client.force_login(owner)
    page = client.get(reverse("projects:edit", args=[project.pk])).content.decode()
    assert re.search(r'<select name="stage"[^>]* disabled', page)
    response = client.post(
        reverse("projects:edit", args=[project.pk]),
        {**FORM, "name": "改名", "stage": "construction", "version": "1"},
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.name, project.stage) == ("改名", Stage.PLANNING)


@pytest.mark.parametrize(
    ("stage", "allowed"),
    [
        ("planning", True),
        ("negotiating", True),
        ("reserve", False),
        ("signed", False),
        ("construction", False),
        ("completed", False),
        ("operating", False),
        ("stopped", False),
    ],
)
def test_a_unit_creates_projects_only_in_planning_or_negotiating(owner, stage, allowed):
    response = api_as(owner).post(
        "/api/v1/projects/",
        {"name": "新项目", "industry": "C", "total_investment": "1000", "stage": stage},
        format="json",
    )
    if allowed:
        assert response.status_code == 201
        assert response.json()["stage"] == stage
    else:
        assert response.status_code == 400
        assert response.json()["rule"] == "§1"


def test_the_create_form_offers_only_the_opening_stages_and_refuses_others(client, owner):
    client.force_login(owner)
    page = client.get(reverse("projects:create")).content.decode()
    assert 'value="planning"' in page and 'value="negotiating"' in page
    assert 'value="operating"' not in page
    response = client.post(reverse("projects:create"), {**FORM, "name": "甲", "stage": "operating"})
    assert response.status_code == 200  # not a choice of the form
    assert "请从列表中选择，所填的值不在可选范围内。" in response.content.decode()


def test_the_service_refuses_a_later_stage_at_creation(owner):
    with pytest.raises(RuleViolation) as error:
        services.project_create(
            user=owner, name="甲", industry="C", total_investment=Decimal("1"), stage="operating"
        )
    assert error.value.rule == "§1"
