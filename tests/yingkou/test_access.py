"""Role × action matrix on the shared project: pages, API and admin use one access rule."""

import pytest
from django.urls import reverse

from tests.conftest import api_as
from tests.factories import ProjectFactory, TeamFactory
from yingkou.choices import Role

pytestmark = pytest.mark.django_db


def test_charlie_should_have_no_access_to_alices_project(client, project, outsider):
    client.force_login(outsider)
    assert client.get(reverse("projects:detail", args=[project.pk])).status_code == 404
    assert client.get(reverse("projects:edit", args=[project.pk])).status_code == 404
    api = api_as(outsider)
    assert api.get(f"/api/v1/projects/{project.pk}/").status_code == 404
    assert (
        api.patch(f"/api/v1/projects/{project.pk}/", {"name": "x", "version": 1}).status_code == 404
    )
    assert project.pk not in [row["id"] for row in api.get("/api/v1/projects/").json()["results"]]


def test_a_team_unit_sees_the_project_but_may_not_edit_it(client, project, teammate):
    team = TeamFactory(project=project, lead_unit=project.owner_unit)
    team.cooperating_units.add(teammate.unit)
    client.force_login(teammate)
    assert client.get(reverse("projects:detail", args=[project.pk])).status_code == 200
    assert client.get(reverse("projects:edit", args=[project.pk])).status_code == 403
    response = api_as(teammate).patch(
        f"/api/v1/projects/{project.pk}/", {"name": "x", "version": 1}, format="json"
    )
    assert response.status_code == 403


def test_the_owner_unit_staff_edits_through_page_and_api(client, project, owner):
    client.force_login(owner)
    assert client.get(reverse("projects:edit", args=[project.pk])).status_code == 200
    response = api_as(owner).patch(
        f"/api/v1/projects/{project.pk}/", {"name": "新名称", "version": 1}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["version"] == 2


def test_the_unit_reviewer_sees_but_does_not_edit(client, project, reviewer):
    client.force_login(reviewer)
    assert client.get(reverse("projects:detail", args=[project.pk])).status_code == 200
    assert client.get(reverse("projects:edit", args=[project.pk])).status_code == 403


@pytest.mark.parametrize(
    "role",
    [
        Role.DRC_REVIEWER,
        Role.INVESTMENT_BUREAU,
        Role.CITY_LEADER,
        Role.SUPERVISOR,
        Role.LEGAL_AFFAIRS,
    ],
)
def test_city_level_roles_see_every_project(role, project, django_user_model, drc_unit):
    user = django_user_model.objects.create_user("city", role=role, unit=drc_unit)
    api = api_as(user)
    assert api.get(f"/api/v1/projects/{project.pk}/").status_code == 200
    expected = 200 if role == Role.DRC_REVIEWER else 403
    response = api.patch(
        f"/api/v1/projects/{project.pk}/", {"name": "x", "version": 1}, format="json"
    )
    assert response.status_code == expected


def test_only_the_drc_deletes(project, owner, drc):
    assert api_as(owner).delete(f"/api/v1/projects/{project.pk}/").status_code == 403
    assert api_as(drc).delete(f"/api/v1/projects/{project.pk}/").status_code == 204


def test_who_may_create(owner, reviewer, bureau):
    payload = {"name": "新项目", "industry": "C26", "total_investment": "1200.00"}
    response = api_as(owner).post("/api/v1/projects/", payload, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["owner_unit"] == owner.unit_id
    assert api_as(reviewer).post("/api/v1/projects/", payload, format="json").status_code == 403
    assert api_as(bureau).post("/api/v1/projects/", payload, format="json").status_code == 403


def test_anonymous_gets_the_login_page_and_401(client, project):
    response = client.get(reverse("projects:list"))
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert api_as(None).get("/api/v1/projects/").status_code == 401


def test_admin_lists_only_visible_projects(client, area, other_area, django_user_model):
    ProjectFactory(name="本单位项目", owner_unit=area)
    ProjectFactory(name="外单位项目", owner_unit=other_area)
    staff = django_user_model.objects.create_user(
        "staff_admin", role=Role.UNIT_STAFF, unit=area, is_staff=True
    )
    from django.contrib.auth.models import Permission

    staff.user_permissions.add(Permission.objects.get(codename="view_project"))
    client.force_login(staff)
    page = client.get("/admin/yingkou/project/").content.decode()
    assert "本单位项目" in page
    assert "外单位项目" not in page
