"""Forms on a case's page and on a meeting's page: a refused one is shown again in its place with
what was typed and each reason beside its field. They sent their refusals as messages to the top
of the page the browser was sent back to, and everything typed was gone."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from assistance import services
from assistance.choices import TeamStatus
from tests.assistance.factories import JointMeetingFactory
from tests.factories import LeaderFactory, ProjectFactory
from tests.refusals import field_reasons, field_value, form_reasons, shown_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(area, drc):
    project = ProjectFactory(
        name="鲅鱼圈区精细化工项目",
        owner_unit=area,
        landing_unit=area,
        total_investment=Decimal("80000"),
    )
    return services.assistance_case_open(project=project, user=drc, source="reserve")


@time_machine.travel(dt.datetime(2026, 11, 26, 10, 0), tick=False)
def test_a_refused_monthly_progress_keeps_the_figures_typed(client, case, owner):
    client.force_login(owner)
    url = reverse("assistance:progress", args=[case.pk])
    data = {
        "month": "2026-10",
        "planned_investment": "1000",
        "actual_investment": "八百五十",
        "note": "主体结构封顶",
        "version": "0",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    form = shown_form(response.content.decode(), url)
    assert field_reasons(form, "actual_investment") == [
        "请填写数字（如 1234.56），不要带单位或逗号。"
    ]
    assert [field_value(form, name) for name in data] == list(data.values())
    # A month not begun is the rule's refusal, shown at the month.
    data = {**data, "month": "2026-12", "actual_investment": "850"}
    form = shown_form(client.post(url, data).content.decode(), url)
    assert field_reasons(form, "month") == ["2026年12月尚未开始，不能填报该月的完成投资。（A-8）"]
    assert [field_value(form, name) for name in data] == list(data.values())
    assert not case.progress_reports.exists()


def test_a_refused_return_keeps_the_comments(client, case, owner, drc, city_leader_user, area):
    leader = LeaderFactory(user=city_leader_user, unit=city_leader_user.unit)
    services.assistance_team_propose(
        case=case,
        user=owner,
        responsible_leader=LeaderFactory(unit=area, title="副区长"),
        service_liaison=owner,
        project_liaison=owner,
    )
    services.assistance_team_compile(case=case, user=drc, assisting_leader=leader)
    client.force_login(city_leader_user)
    url = reverse("assistance:team_return", args=[case.pk])
    form = shown_form(client.post(url, {"comment": "  "}).content.decode(), url)
    assert field_reasons(form, "comment") == ["此项必须填写。"]
    # Approved meanwhile (by the DRC on the leader's behalf, say): the comments are not lost
    # with the form no longer offered, and the reason is shown with them.
    services.assistance_team_approve(case=case, user=city_leader_user)
    response = client.post(url, {"comment": "请增加供电公司"})
    assert response.status_code == 200
    form = shown_form(response.content.decode(), url)
    assert form_reasons(form) == ["只能退回发改委已汇总上报的团队名单。（A-5）"]
    assert field_value(form, "comment") == "请增加供电公司"
    case.refresh_from_db()
    assert case.team_status == TeamStatus.APPROVED


def test_a_refused_task_report_stays_in_its_own_row(client, case, teammate, city_leader_user):
    leader = LeaderFactory(user=city_leader_user, unit=city_leader_user.unit)
    meeting = JointMeetingFactory(case=case, convened_by=leader, held_on=dt.date(2026, 11, 20))
    first, second = (
        services.action_item_add(
            meeting=meeting,
            user=city_leader_user,
            description=description,
            owner_unit=teammate.unit,
            due_on=dt.date(2026, 12, 20),
        )
        for description in ("出具接入方案", "完成管线迁改")
    )
    client.force_login(teammate)
    url = reverse("assistance:meeting_item_done", args=[meeting.pk, first.pk])
    response = client.post(url, {"outcome": "   "})
    assert response.status_code == 200
    page = response.content.decode()
    form = shown_form(page, url)
    assert field_reasons(form, "outcome") == ["此项必须填写。"]
    other = shown_form(page, reverse("assistance:meeting_item_done", args=[meeting.pk, second.pk]))
    assert field_reasons(other, "outcome") == []
    # Carried out meanwhile: the outcome typed stays, beside the reason.
    services.action_item_complete(item=first, user=teammate, outcome="已出具")
    form = shown_form(client.post(url, {"outcome": "已出具接入方案"}).content.decode(), url)
    assert form_reasons(form) == ["该任务已落实。（A-7）"]
    assert field_value(form, "outcome") == "已出具接入方案"


def test_a_refused_stage_change_keeps_the_stage_chosen(client, case, drc):
    """The stage select's refusal was a message at the top of the case sent back to ("请选择项目
    阶段", or the rule's), the stage chosen gone; the case is drawn again with it and why."""
    client.force_login(drc)
    url = reverse("assistance:stage", args=[case.pk])
    response = client.post(url, {"stage": ""})
    assert response.status_code == 200
    form = shown_form(response.content.decode(), url)
    assert field_reasons(form, "stage") == ["此项必须填写。"]
    for stage in ("reserve", "construction", "completed"):
        services.assistance_case_advance(case=case, stage=stage, user=drc)
    # Handed over to enterprise help (E-1): it is not stopped here any more.
    response = client.post(url, {"stage": "stopped"})
    assert response.status_code == 200
    form = shown_form(response.content.decode(), url)
    assert field_value(form, "stage") == "stopped"
    assert field_reasons(form, "stage") == ["该帮扶项目已移交或终止。（A-1）"]
    response = client.post(url, {"stage": "operating"}, follow=True)
    detail = reverse("assistance:detail", args=[case.pk])
    assert response.redirect_chain == [(detail + "#messages", 302)]
    assert "项目阶段已更新。" in response.content.decode()
    case.project.refresh_from_db()
    assert case.project.stage == "operating"


def test_a_stage_chosen_before_the_project_moved_on_stays_chosen_with_where_it_is_now(
    client, case, drc
):
    """Someone else moved the project on after the page was opened: the stage chosen was no
    longer among the form's choices, so it was refused as "not one of the available choices"
    with the next stage shown chosen instead. It stays chosen, and the rule names the stage the
    project is at now."""
    for stage in ("reserve", "construction"):
        services.assistance_case_advance(case=case, stage=stage, user=drc)
    client.force_login(drc)
    url = reverse("assistance:stage", args=[case.pk])
    services.assistance_case_advance(case=case, stage="completed", user=drc)
    response = client.post(url, {"stage": "completed"})
    assert response.status_code == 200
    form = shown_form(response.content.decode(), url)
    assert field_value(form, "stage") == "completed"
    assert field_reasons(form, "stage") == ["项目阶段不能从“竣工”变更为“竣工”。（§1）"]
    # A value that is no stage at all is still not one of the choices.
    form = shown_form(client.post(url, {"stage": "finished"}).content.decode(), url)
    assert field_reasons(form, "stage") == ["请从列表中选择，所填的值不在可选范围内。"]


def test_a_compilation_made_meanwhile_is_refused_as_compiled(
    client, case, owner, drc, city_leader_user, area
):
    """Two at the DRC compile the same list: the second was told the area must first propose
    its leader and team, which it had; it is told the list is already compiled."""
    leader = LeaderFactory(user=city_leader_user, unit=city_leader_user.unit)
    services.assistance_team_propose(
        case=case,
        user=owner,
        responsible_leader=LeaderFactory(unit=area, title="副区长"),
        service_liaison=owner,
        project_liaison=owner,
    )
    services.assistance_team_compile(case=case, user=drc, assisting_leader=leader)
    client.force_login(drc)
    url = reverse("assistance:team_compile", args=[case.pk])
    form = shown_form(client.post(url, {"assisting_leader": leader.pk}).content.decode(), url)
    assert field_value(form, "assisting_leader") == str(leader.pk)
    assert form_reasons(form) == ["团队名单已由发改委汇总报帮扶市领导，待其同意或退回。（A-5）"]


def test_a_refused_compilation_keeps_the_city_leader_chosen(
    client, case, owner, drc, city_leader_user, area
):
    """The DRC's choice of the assisting city leader was lost with the refusal's message; the
    case is drawn again with the leader chosen, the form still there though not offered yet."""
    leader = LeaderFactory(user=city_leader_user, unit=city_leader_user.unit)
    client.force_login(drc)
    url = reverse("assistance:team_compile", args=[case.pk])
    response = client.post(url, {"assisting_leader": leader.pk})
    assert response.status_code == 200
    form = shown_form(response.content.decode(), url)
    assert field_value(form, "assisting_leader") == str(leader.pk)
    assert form_reasons(form) == ["须由所在地区、部门先提出责任领导和团队成员。（A-5）"]
    services.assistance_team_propose(
        case=case,
        user=owner,
        responsible_leader=LeaderFactory(unit=area, title="副区长"),
        service_liaison=owner,
        project_liaison=owner,
    )
    form = shown_form(client.post(url, {"assisting_leader": ""}).content.decode(), url)
    assert field_reasons(form, "assisting_leader") == ["请指定帮扶的市级领导。（A-2）"]
    response = client.post(url, {"assisting_leader": leader.pk})
    # At the message saying so: the form it was posted to is no longer offered.
    assert response.url == reverse("assistance:detail", args=[case.pk]) + "#messages"
    case.refresh_from_db()
    assert (case.team_status, case.team.lead_leader) == (TeamStatus.COMPILED, leader)
