"""A stale project edit is shown again on the current version, with what changed meanwhile
beside what the person typed; saving again overwrites it knowingly, through the service."""

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories import UserFactory
from tests.refusals import OVERWRITE, refused_as_stale, stale_reasons
from tests.yingkou.admin_forms import resave, shown_values
from yingkou.choices import Role
from yingkou.models import Project

pytestmark = pytest.mark.django_db


def test_a_stale_project_edit_shows_what_changed_and_saves_when_sent_again(
    client, project, owner, drc
):
    url = reverse("projects:edit", args=[project.pk])
    typed = {
        "name": "录入员改的名称",
        "industry": "C26",
        "capital_origin": "domestic",
        "capacity_kind": "new",
        "size_class": "medium",
        "total_investment": "15000.00",
        "stage": "planning",
        "version": str(project.version),
    }
    saved = {**typed, "name": "发改委改的名称", "total_investment": "12000.00"}
    refused = refused_as_stale(client, url, drc, saved, owner, typed)
    form = refused.context["form"]
    errors = stale_reasons(form.non_field_errors(), "该项目已被他人修改", drc)
    assert "「总投资（万元）」现为 12,000.00，您填写的是 15,000.00" in errors
    assert "「项目名称」现为 发改委改的名称，您填写的是 录入员改的名称" in errors
    # What the person typed stays; the version is the one now saved.
    assert form["name"].value() == "录入员改的名称"
    assert form["total_investment"].value() == "15000.00"
    current = Project.objects.get(pk=project.pk).version
    assert form["version"].value() == str(current)
    page = refused.content.decode()
    assert f'name="version" value="{current}"' in page
    assert "「总投资（万元）」现为 12,000.00，您填写的是 15,000.00" in page

    again = client.post(url, {**typed, "version": form["version"].value()})
    assert again.status_code == 302
    project.refresh_from_db()
    assert project.name == "录入员改的名称"
    rows = list(project.history.order_by("-history_id")[:2])
    assert [row.history_user for row in rows] == [owner, drc]
    assert [row.name for row in rows] == ["录入员改的名称", "发改委改的名称"]


def test_a_stale_project_edit_in_the_admin_shows_what_changed_and_saves_when_sent_again(
    client, project
):
    """The admin's project form is an edit like the page's: saved on an older version it was
    a message above an emptied form, or saved over the other's edit; it is drawn again on the
    current version with what the administrator typed, and a second save overwrites."""
    first = UserFactory(username="root", role=Role.DRC_REVIEWER, is_superuser=True, is_staff=True)
    second = UserFactory(
        username="admin2", role=Role.DRC_REVIEWER, is_superuser=True, is_staff=True
    )
    url = reverse("admin:yingkou_project_change", args=[project.pk])
    client.force_login(first)
    typed = shown_values(client, url, name="管理员改的名称", total_investment="15000.00")

    client.force_login(second)
    assert (
        resave(client, url, name="另一管理员改的名称", total_investment="12000.00").status_code
        == 302
    )

    client.force_login(first)
    refused = client.post(url, typed)
    assert refused.status_code == 200
    form = refused.context["adminform"].form
    errors = form.non_field_errors()
    assert any("该项目已被他人修改" in error for error in errors), errors
    assert "「总投资（万元）」现为 12,000.00，您填写的是 15,000.00" in errors
    assert "「项目名称」现为 另一管理员改的名称，您填写的是 管理员改的名称" in errors
    assert errors[-1] == OVERWRITE
    assert form["name"].value() == "管理员改的名称"
    current = Project.objects.get(pk=project.pk).version
    assert form["version"].value() == str(current)
    page = refused.content.decode()
    assert f'name="version" value="{current}"' in page
    assert "「项目名称」现为 另一管理员改的名称，您填写的是 管理员改的名称" in page

    again = client.post(url, {**typed, "version": form["version"].value()})
    assert again.status_code == 302
    project.refresh_from_db()
    assert (project.name, project.total_investment) == ("管理员改的名称", Decimal("15000.00"))
    rows = list(project.history.order_by("-history_id")[:2])
    assert [(row.history_user, row.name) for row in rows] == [
        (first, "管理员改的名称"),
        (second, "另一管理员改的名称"),
    ]
