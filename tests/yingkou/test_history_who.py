"""SPEC §0: every change to a business record is kept in its history with who made it and
when, also when the record changes as a consequence of a write to another one."""

import re

import pytest
from django.urls import reverse

from reserve.models import Pool
from tests.enterprise.factories import VisitFactory
from tests.factories import ProjectFactory, UserFactory
from yingkou.choices import Role, UnitKind
from yingkou.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def root(db):
    return UserFactory(username="root", role=Role.DRC_REVIEWER, is_superuser=True, is_staff=True)


def test_the_pool_of_a_unit_added_in_the_admin_names_the_administrator(client, root):
    """R-2: a county added in the admin runs a level-2 pool from then on; the pool's history
    says the administrator who added the county made it, not 系统."""
    client.force_login(root)

    response = client.post(
        reverse("admin:yingkou_unit_add"),
        {
            "code": "210899",
            "name": "新区",
            "kind": UnitKind.COUNTY,
            "level": "county",
            "is_active": "on",
        },
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    pool = Pool.objects.get(unit=Unit.objects.get(code="210899"))
    created = pool.history.get()
    assert created.history_type == "+"
    assert created.history_user == root
    assert created.history_date is not None


def test_a_visit_whose_recorder_is_deleted_in_the_admin_keeps_the_change_in_history(client, root):
    """A user deleted in the admin is no longer the visit's 录入人: that change of the visit is a
    row in its history, naming the administrator, when, and which user was deleted."""
    clerk = UserFactory(username="clerk")
    visit = VisitFactory(recorded_by=clerk)
    client.force_login(root)

    response = client.post(reverse("admin:yingkou_user_delete", args=[clerk.pk]), {"post": "yes"})

    assert response.status_code == 302, response.content.decode()[:3000]
    visit.refresh_from_db()
    assert visit.recorded_by is None
    emptied = visit.history.order_by("-history_id").first()
    assert emptied.history_type == "~"
    assert emptied.recorded_by_id is None
    assert emptied.history_user == root
    assert emptied.history_date is not None
    assert "clerk" in emptied.history_change_reason


@pytest.mark.parametrize("how", ["page", "batch"])
def test_a_user_who_made_changes_is_kept_so_history_keeps_his_name(client, root, how):
    """Deleting a user empties the author of every history row he wrote: his changes would read
    系统. The admin refuses, on the delete page and in the batch action alike, and says to
    deactivate him instead; a user who changed nothing may still be deleted."""
    from yingkou.models import Project, User

    clerk = UserFactory(username="clerk", last_name="周", first_name="晓琳")
    unused = UserFactory(username="unused")
    project = ProjectFactory()
    project.name = "营口港新材料项目"
    project._history_user = clerk
    project.save()
    client.force_login(root)

    if how == "page":
        url = reverse("admin:yingkou_user_delete", args=[clerk.pk])
        response = client.post(url, {"post": "yes"})
    else:
        response = client.post(
            reverse("admin:yingkou_user_changelist"),
            {"action": "delete_selected", "_selected_action": [clerk.pk, unused.pk], "post": "yes"},
        )

    assert User.objects.filter(pk=clerk.pk).exists()
    page = response.content.decode()
    assert "已有修改记录" in page and "取消勾选“有效”停用该账户" in page
    assert Project.history.filter(history_user=clerk).exists()

    response = client.post(reverse("admin:yingkou_user_delete", args=[unused.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=unused.pk).exists()


@pytest.mark.parametrize("serves_as", ["team", "general liaison"])
@pytest.mark.parametrize("how", ["page", "batch"])
def test_a_user_who_made_changes_and_serves_is_told_to_be_deactivated_too(
    client, root, area, how, serves_as
):
    """A user who wrote history and also serves a team (its liaison and a member) or is his
    unit's general liaison: Django showed the kinds of record the administrator may not delete
    in place of the protected ones, and the sentence saying to deactivate him instead was not
    shown. It is, beside the records that stand in the way."""
    from assistance.models import GeneralLiaison
    from yingkou.models import Team, User

    clerk = UserFactory(username="clerk", last_name="周", first_name="晓琳", unit=area)
    project = ProjectFactory()
    project.name = "营口港新材料项目"
    project._history_user = clerk
    project.save()
    if serves_as == "team":
        team = Team.objects.create(project=project, lead_unit=area, service_liaison=clerk)
        team.members.add(clerk)
    else:
        GeneralLiaison.objects.create(unit=area, user=clerk)
    client.force_login(root)

    if how == "page":
        response = client.post(
            reverse("admin:yingkou_user_delete", args=[clerk.pk]), {"post": "yes"}
        )
    else:
        response = client.post(
            reverse("admin:yingkou_user_changelist"),
            {"action": "delete_selected", "_selected_action": [clerk.pk], "post": "yes"},
        )

    assert User.objects.filter(pk=clerk.pk).exists()
    page = response.content.decode()
    assert "已有修改记录" in page and "取消勾选“有效”停用该账户" in page
    assert "将要求删除以下受保护的相关对象" in page
    held = "服务团队: " if serves_as == "team" else "总联络员: "
    assert held in " ".join(re.sub(r"<[^>]+>", " ", page).split())
