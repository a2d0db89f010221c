"""An edit in the admin is an edit like any other: what rests on a project's rule fields is
decided again there too (R-1, A-2), the stage and the declaring unit stay with their workflows,
and records whose writes the rules decide (teams, enterprises, the negotiation and assistance
records, the E-7 figures and results) are only read there."""

from decimal import Decimal

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse

from assistance.choices import Tier
from enterprise.rules import responsibility_tier
from reserve.models import Membership
from tests.assistance.factories import AssistanceCaseFactory
from tests.enterprise.factories import EnterpriseFactory
from tests.factories import ProjectFactory, UserFactory
from tests.reserve.conftest import pooled
from tests.yingkou.admin_forms import admin_messages, resave
from yingkou.choices import Role, Stage
from yingkou.models import Notification, Project

pytestmark = pytest.mark.django_db


@pytest.fixture
def root(db):
    return UserFactory(username="root", role=Role.DRC_REVIEWER, is_superuser=True, is_staff=True)


def _change(client, record, **changes):
    """POST the record's admin form with its current values (as saved, whatever the instance
    passed holds: the version the form carries is the one saved), some of them changed."""
    record = type(record)._default_manager.get(pk=record.pk)
    data = {}
    for name, value in model_to_dict(record).items():
        if isinstance(value, list):
            value = [getattr(item, "pk", item) for item in value]
        data[name] = "" if value is None else value
    data.update(changes)
    meta = record._meta
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[record.pk])
    return client.post(url, data)


@pytest.mark.parametrize(("amount", "tier"), [("49999.99", Tier.LOCAL), ("50000.00", Tier.CITY)])
def test_an_amount_changed_in_the_admin_decides_the_assistance_tier_again(
    client, root, area, owner, amount, tier
):
    project = ProjectFactory(owner_unit=area, total_investment=Decimal("40000.00"))
    case = AssistanceCaseFactory(project=project, tier=Tier.LOCAL)
    client.force_login(root)

    assert _change(client, project, total_investment=amount).status_code == 302

    project.refresh_from_db()
    case.refresh_from_db()
    assert project.total_investment == Decimal(amount)
    assert case.tier == tier
    told = Notification.objects.filter(user=owner, kind="project_reevaluated").exists()
    assert told is (tier == Tier.CITY)
    if tier == Tier.CITY:
        assert case.history.first().history_user == root


def test_a_project_s_change_in_the_admin_says_what_it_decided_again_and_who_was_told(
    client, root, area, owner
):
    project = ProjectFactory(owner_unit=area, total_investment=Decimal("40000.00"))
    AssistanceCaseFactory(project=project, tier=Tier.LOCAL)
    client.force_login(root)

    response = _change(client, project, total_investment="50000.00")

    told = Notification.objects.get(user=owner, kind="project_reevaluated")
    assert admin_messages(response) == [
        f"成功修改了 项目“{project.name}”。",
        f"已按 R-1、N-2、A-2、E-1 重新判定{project.name}的储备库、洽谈、帮扶和企业服务："
        f"共 1 项，已通知相关单位： （1）{told.title}（已通知：鲅鱼圈区）",
    ]


def test_a_project_s_change_in_the_admin_that_moved_nothing_says_so(client, root, area):
    project = ProjectFactory(owner_unit=area, total_investment=Decimal("40000.00"))
    client.force_login(root)

    moved = _change(client, project, total_investment="50000.00")
    renamed = _change(client, Project.objects.get(pk=project.pk), name="新名称")

    assert admin_messages(moved) == [
        f"成功修改了 项目“{project.name}”。",
        f"已按 R-1、N-2、A-2、E-1 重新判定{project.name}的储备库、洽谈、帮扶和企业服务："
        "均无变化，未发送通知。",
    ]
    # A change of no rule field decides nothing again.
    assert admin_messages(renamed) == ["成功修改了 项目“新名称”。"]


def test_a_project_restored_from_its_history_in_the_admin_is_decided_again_and_said_so(
    client, root, area, owner
):
    project = ProjectFactory(owner_unit=area, total_investment=Decimal("50000.00"))
    case = AssistanceCaseFactory(project=project, tier=Tier.CITY)
    client.force_login(root)
    _change(client, project, total_investment="40000.00")
    case.refresh_from_db()
    assert case.tier == Tier.LOCAL
    earlier = project.history.earliest("history_date").history_id
    url = reverse("admin:yingkou_project_simple_history", args=[project.pk, earlier])

    response = resave(client, url)

    case.refresh_from_db()
    assert case.tier == Tier.CITY
    assert admin_messages(response)[1].startswith(
        f"已按 R-1、N-2、A-2、E-1 重新判定{project.name}的储备库、洽谈、帮扶和企业服务：共 1 项"
    )


def test_a_project_added_in_the_admin_is_declared_as_on_its_page(client, root, area, monkeypatch):
    from yingkou import services

    declared = []
    project_create = services.project_create
    monkeypatch.setattr(
        services,
        "project_create",
        lambda **kwargs: declared.append(kwargs) or project_create(**kwargs),
    )
    client.force_login(root)
    add = reverse("admin:yingkou_project_add")

    response = resave(
        client,
        add,
        name="新建项目",
        owner_unit=area.pk,
        landing_unit=area.pk,
        industry="C26",
        total_investment="1500.00",
    )

    project = Project.objects.get(name="新建项目")
    assert response.status_code == 302
    assert [(kwargs["user"], kwargs["owner_unit"]) for kwargs in declared] == [(root, area)]
    assert (project.owner_unit, project.stage) == (area, Stage.PLANNING)
    assert project.history.get().history_user == root


@pytest.mark.parametrize(("amount", "stays"), [("1000.00", True), ("999.99", False)])
def test_an_amount_changed_in_the_admin_takes_a_project_out_of_its_pool_under_1000_wan(
    client, root, area, owner, reviewer, amount, stays
):
    entry = pooled(area, owner, reviewer, amount="3000")
    client.force_login(root)

    _change(client, entry.project, total_investment=amount)

    assert Membership.objects.current().filter(project=entry.project).exists() is stays


def test_the_admin_moves_no_stage_and_hands_no_project_to_another_unit(
    client, root, area, other_area
):
    project = ProjectFactory(owner_unit=area, stage=Stage.PLANNING)
    client.force_login(root)

    _change(client, project, stage=Stage.OPERATING, owner_unit=other_area.pk, name="新名称")

    project = Project.objects.get(pk=project.pk)
    assert project.name == "新名称"
    assert (project.stage, project.owner_unit) == (Stage.PLANNING, area)


def test_unit_staff_s_change_in_the_admin_waits_for_review_like_on_the_page(
    client, area, owner, reviewer
):
    from django.contrib.auth.models import Permission

    entry = pooled(area, owner, reviewer, amount="3000")
    owner.is_staff = True
    owner.save()
    owner.user_permissions.add(Permission.objects.get(codename="change_project"))
    client.force_login(owner)

    _change(client, entry.project, total_investment="999.99")

    entry.project.refresh_from_db()
    assert entry.project.total_investment == Decimal("3000.00")
    assert entry.project.change_requests.get().proposed == {"total_investment": "999.99"}
    assert Membership.objects.current().filter(project=entry.project).exists()


def test_an_enterprise_s_responsibility_is_not_edited_past_e1_in_the_admin(client, root, area):
    enterprise = EnterpriseFactory(introducing_unit=area, total_investment=Decimal("20000.00"))
    client.force_login(root)

    response = _change(client, enterprise, total_investment="50000.00")

    enterprise.refresh_from_db()
    assert response.status_code == 403
    assert enterprise.tier == responsibility_tier(enterprise.total_investment)
    page = reverse("admin:enterprise_enterprise_change", args=[enterprise.pk])
    assert client.get(page).status_code == 200  # still read there


def test_a_team_is_not_edited_past_its_rules_in_the_admin(client, root, area):
    case = AssistanceCaseFactory(project=ProjectFactory(owner_unit=area))
    client.force_login(root)

    response = _change(client, case.team, lead_unit=area.pk)

    assert response.status_code == 403


# The records whose writes a service decides under the rules: only read in the admin.
RULED = [
    "negotiation.negotiationcase",
    "negotiation.investorquestion",
    "negotiation.teamtask",
    "negotiation.teammeeting",
    "negotiation.progressreport",
    "negotiation.negotiationarchive",
    "assistance.assistancecase",
    "assistance.problem",
    "assistance.promotiongroup",
    "assistance.generalliaison",
    "assistance.assistanceplan",
    "enterprise.enterprise",
    "enterprise.assessmentfigures",
    "enterprise.assessmentresult",
    "enterprise.accountability",
    "enterprise.archive",
    "yingkou.team",
]


@pytest.mark.parametrize("label", RULED)
def test_records_the_rules_decide_are_only_read_in_the_admin(client, root, label):
    from django.apps import apps
    from django.contrib import admin
    from django.test import RequestFactory

    app, model = label.split(".")
    client.force_login(root)
    assert client.get(reverse(f"admin:{app}_{model}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:{app}_{model}_add")).status_code == 403
    request = RequestFactory().get("/")
    request.user = root
    model_admin = admin.site._registry[apps.get_model(label)]
    assert model_admin.has_view_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


def test_a_negotiation_task_is_not_edited_past_n3_in_the_admin(client, root, area, owner):
    """N-3: a task is assigned by the lead unit to a team unit with a due date; the admin shows
    it and changes nothing."""
    import datetime as dt

    from negotiation.models import TeamTask
    from tests.negotiation.factories import open_case

    case = open_case(negotiating_unit=area, project=ProjectFactory(owner_unit=area), user=owner)
    task = TeamTask.objects.create(
        case=case,
        title="落实用地指标",
        owner_unit=area,
        due_on=dt.date(2026, 11, 30),
        assigned_by=owner,
        assigned_on=dt.date(2026, 11, 2),
    )
    client.force_login(root)

    response = _change(client, task, due_on="2027-01-31", title="改过的任务")

    task.refresh_from_db()
    assert response.status_code == 403
    assert (task.title, task.due_on) == ("落实用地指标", dt.date(2026, 11, 30))
    page = reverse("admin:negotiation_teamtask_change", args=[task.pk])
    assert client.get(page).status_code == 200  # still read there


@pytest.mark.parametrize(("count", "more"), [(10, ""), (11, "另有 1 项，见各单位的消息。")])
def test_what_a_change_set_in_motion_is_named_ten_at_a_time(area, count, more):
    """The message under "saved" names ten of the records decided again; the inboxes have all."""
    from yingkou.notifications import Notice
    from yingkou.told import told_summary

    told = [
        Notice(kind="deadline_moved", title=f"事项{n}", key=str(n), unit_ids=(area.pk,))
        for n in range(1, count + 1)
    ]
    shown = told_summary("已重新计算：", told, none="无变更。")
    assert shown.startswith(
        f"已重新计算：共 {count} 项，已通知相关单位：<br>（1）事项1（已通知：鲅鱼圈区）"
    )
    assert "（10）事项10（已通知：鲅鱼圈区）" in shown and "事项11" not in shown
    assert shown.endswith(more or "（10）事项10（已通知：鲅鱼圈区）")
    assert told_summary("已重新计算：", [], none="无变更。") == "已重新计算：无变更。"
