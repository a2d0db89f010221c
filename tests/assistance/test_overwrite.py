"""A stale weekly report (A-8) is shown again on the current version, with what was reported
meanwhile beside what the person typed; saving again overwrites it knowingly."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from assistance import services
from assistance.models import AssistanceCase, GeneralLiaison, PromotionGroup, WeeklyProgress
from tests.assistance.factories import AssistanceCaseFactory
from tests.clock import at
from tests.factories import LeaderFactory, ProjectFactory, UserFactory
from tests.refusals import OVERWRITE, refused_as_stale, stale_reasons
from yingkou.choices import LeaderRank, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(area):
    return AssistanceCaseFactory(
        project=ProjectFactory(owner_unit=area, landing_unit=area), team__lead_unit=area
    )


def on_friday():
    # 10 o'clock in Yingkou on Friday 9 October 2026, the week's due day.
    return at(dt.date(2026, 10, 9))


def test_a_stale_weekly_report_shows_the_others_text_and_saves_when_sent_again(
    client, site, owner, reviewer
):
    url = reverse("assistance:weekly_report", args=[site.pk])
    with on_friday():
        client.force_login(owner)
        first = {"progress": "设备安装", "investment": "120", "problems": "", "version": 0}
        assert client.post(url, first).status_code == 302
        # Both open the report at version 1; the owner corrects it first.
        corrected = {**first, "progress": "设备调试", "version": 1}
        typed = {"progress": "主体封顶", "investment": "120", "problems": "缺电", "version": 1}
        refused = refused_as_stale(client, url, owner, corrected, reviewer, typed)
        form = refused.context["form"]
        errors = stale_reasons(form.non_field_errors(), "已被他人报送或修改", owner)
        assert "「本周形象进度」现为 设备调试，您填写的是 主体封顶" in errors
        assert "「存在问题」现为 —，您填写的是 缺电" in errors
        # The investment was not changed meanwhile: no line for it.
        assert not any("本周完成投资" in error for error in errors)
        assert form["progress"].value() == "主体封顶"
        assert form["version"].value() == "2"
        assert 'name="version" value="2"' in refused.content.decode()

        again = client.post(url, {**typed, "version": form["version"].value()})
        assert again.status_code == 302
    report = WeeklyProgress.objects.get(case=site)
    assert (report.progress, report.problems, report.version) == ("主体封顶", "缺电", 3)
    rows = list(report.history.order_by("-history_id")[:2])
    assert [(row.history_user, row.progress) for row in rows] == [
        (reviewer, "主体封顶"),
        (owner, "设备调试"),
    ]


@time_machine.travel(dt.datetime(2026, 11, 26, 10, 0), tick=False)
def test_a_month_picked_on_a_form_opened_on_another_is_redrawn_on_that_months_report(
    client, case, owner, reviewer
):
    """The form opened on November; the month picked, October, was reported meanwhile: it is
    drawn again on October's report (its version and month), so saving again replaces it."""
    url = reverse("assistance:progress", args=[case.pk])
    october = {"month": "2026-10", "planned_investment": "1000", "actual_investment": "850"}
    typed = {**october, "actual_investment": "900", "version": 0, "version_month": "2026-11"}
    refused = refused_as_stale(client, url, owner, {**october, "version": 0}, reviewer, typed)
    form = refused.context["forms"]["progress"]
    errors = form.non_field_errors()
    assert "「完成投资（万元）」现为 850.00，您填写的是 900.00" in errors
    assert errors[-1] == OVERWRITE
    assert (form["version"].value(), form["version_month"].value()) == ("1", "2026-10")

    again = {**typed, "version": "1", "version_month": "2026-10"}
    assert client.post(url, again).status_code == 302
    report = case.progress_reports.get(month=dt.date(2026, 10, 1))
    assert (report.actual_investment, report.version) == (900, 2)
    assert [row.history_user for row in report.history.order_by("-history_id")[:2]] == [
        reviewer,
        owner,
    ]


def test_a_stale_team_shows_the_others_people_and_saves_when_sent_again(client, area, drc):
    """A-5, A-6: the team's own fields (its people, liaisons and units) are kept on the case's
    team, not the case the stale save is refused on: each that differs is named too, a list of
    people as the team's history lists them."""
    zhou = UserFactory(username="zhou", last_name="周", first_name="一", unit=area)
    wu = UserFactory(username="wu", last_name="吴", first_name="二", unit=area)
    zheng = UserFactory(username="zheng", last_name="郑", first_name="三", unit=area)
    head = LeaderFactory(rank=LeaderRank.IN_CHARGE, unit=area, name="王区长", title="副区长")
    project = ProjectFactory(owner_unit=area, landing_unit=area, total_investment=Decimal("80000"))
    case = services.assistance_case_open(project=project, user=drc, source="reserve")
    url = reverse("assistance:team", args=[case.pk])
    seen = {"responsible_leader": head.pk, "version": case.version}
    client.force_login(wu)
    liaisons = {"service_liaison": wu.pk, "project_liaison": wu.pk}
    saved = {**seen, **liaisons, "members": [zhou.pk, wu.pk], "plan": "每周调度"}
    assert client.post(url, saved).status_code == 302

    client.force_login(zheng)
    liaisons = {"service_liaison": zheng.pk, "project_liaison": wu.pk}
    typed = {**seen, **liaisons, "members": [zheng.pk, zhou.pk], "plan": ""}
    refused = client.post(url, typed)
    assert refused.status_code == 200
    form = refused.context["form"]
    errors = form.non_field_errors()
    assert any("已被他人修改" in error for error in errors)
    assert "「团队成员」现为 周一、吴二，您填写的是 周一、郑三" in errors, errors
    assert "「服务联络员」现为 吴二，您填写的是 郑三" in errors
    assert "「帮扶方案」现为 每周调度，您填写的是 —" in errors
    # Neither the leader, the project liaison nor the (empty) team units were changed
    # meanwhile: no line for them.
    assert not any(
        label in error for label in ("责任领导", "项目联络员", "团队单位") for error in errors
    )
    assert errors[-1] == OVERWRITE
    assert form["members"].value() == [str(zheng.pk), str(zhou.pk)]
    current = AssistanceCase.objects.get(pk=case.pk).version
    assert form["version"].value() == str(current)
    assert "「团队成员」现为 周一、吴二，您填写的是 周一、郑三" in refused.content.decode()

    assert client.post(url, {**typed, "version": current}).status_code == 302
    case.refresh_from_db()
    assert set(case.team.members.all()) == {zheng, zhou}
    assert case.team.service_liaison == zheng
    assert [row.history_user for row in case.history.order_by("-history_id")[:2]] == [zheng, wu]
    assert case.team.history.order_by("-history_id").first().history_user == zheng


def test_a_stale_general_liaison_names_who_holds_it_and_saves_when_sent_again(client, area, drc):
    """A-6: a liaison named meanwhile was named again by a message above a form drawn anew;
    now the form is drawn on the unit's record like any stale edit, and a second save
    replaces the liaison."""
    zhou = UserFactory(username="zhou", last_name="周", first_name="一", unit=area)
    wu = UserFactory(username="wu", last_name="吴", first_name="二", unit=area)
    colleague = UserFactory(username="drc2", role=Role.DRC_REVIEWER, unit=drc.unit)
    url = reverse("assistance:liaison")
    opened = {"unit": area.pk, "version": 0, "version_unit": area.pk}
    client.force_login(colleague)
    assert client.post(url, {**opened, "liaison": zhou.pk}).status_code == 302

    client.force_login(drc)
    typed = {**opened, "liaison": wu.pk}
    refused = client.post(url, typed)
    assert refused.status_code == 200
    form = refused.context["form"]
    errors = list(form.non_field_errors())
    assert errors[0].startswith("该单位的总联络员已被他人指定或修改")
    assert f"最近一次由{colleague.display_name}于" in errors[0]
    assert errors[1:] == ["「总联络员」现为 周一，您填写的是 吴二", OVERWRITE]
    assert form["liaison"].value() == str(wu.pk)
    assert (form["version"].value(), form["version_unit"].value()) == ("1", str(area.pk))

    assert client.post(url, {**typed, "version": 1}).status_code == 302
    liaison = GeneralLiaison.objects.get(unit=area)
    assert (liaison.user, liaison.version) == (wu, 2)
    rows = list(liaison.history.order_by("-history_id")[:2])
    assert [(row.history_user, row.user) for row in rows] == [(drc, wu), (colleague, zhou)]


def test_a_stale_promotion_group_shows_the_others_and_saves_when_sent_again(client, area, drc):
    """A-4: a group edited meanwhile is shown again with what was saved beside what was typed,
    its members and areas as lists; a second save replaces them."""
    colleague = UserFactory(username="drc2", role=Role.DRC_REVIEWER, unit=drc.unit)
    group = services.promotion_group_save(user=drc, name="第一推进组", areas=[area])
    url = reverse("assistance:group_edit", args=[group.pk])
    opened = {"name": "第一推进组", "areas": [area.pk], "version": 1}
    client.force_login(colleague)
    saved = {**opened, "name": "第一推进组（调整）", "head": colleague.pk}
    assert client.post(url, saved).status_code == 302

    client.force_login(drc)
    typed = {**opened, "head": drc.pk, "members": [colleague.pk]}
    refused = client.post(url, typed)
    assert refused.status_code == 200
    form = refused.context["form"]
    errors = list(form.non_field_errors())
    assert "已被他人" in errors[0]
    assert errors[1:] == [
        "「名称」现为 第一推进组（调整），您填写的是 第一推进组",
        f"「组长」现为 {colleague}，您填写的是 {drc}",
        f"「成员」现为 —，您填写的是 {colleague}",
        OVERWRITE,
    ]
    assert form["version"].value() == "2"

    assert client.post(url, {**typed, "version": 2}).status_code == 302
    group = PromotionGroup.objects.get(pk=group.pk)
    assert (group.name, group.head, list(group.members.all())) == ("第一推进组", drc, [colleague])
    # Newest first; a save that sets the lists may be more than one row.
    rows = [(row.history_user, row.name) for row in group.history.order_by("-history_id")]
    assert rows[0] == (drc, "第一推进组")
    assert rows.index((colleague, "第一推进组（调整）")) > rows.index((drc, "第一推进组"))
