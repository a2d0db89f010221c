"""Records people edit after creating them carry a version: an edit made on an older version
(someone saved in between) is refused with a message instead of overwriting the other's work."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from assistance import services
from assistance.models import AssistancePlan, GeneralLiaison, PromotionGroup
from tests.assistance.factories import AssistanceCaseFactory, JointMeetingFactory
from tests.factories import LeaderFactory, ProjectFactory, UserFactory
from tests.refusals import OVERWRITE, field_reasons, field_value, form_reasons, shown_form
from yingkou.choices import LeaderRank, Role
from yingkou.errors import RecordExists, StaleVersion

pytestmark = pytest.mark.django_db

STALE = "已被他人"


@pytest.fixture
def case(area, department):
    case = AssistanceCaseFactory(
        project=ProjectFactory(owner_unit=area, landing_unit=area), team__lead_unit=area
    )
    case.team.cooperating_units.set([department])
    return case


@time_machine.travel(dt.datetime(2026, 11, 26, 10, 0), tick=False)
def test_a_stale_plan_edit_is_refused(client, owner, area):
    client.force_login(owner)
    url = reverse("assistance:plan")
    assert 'name="version" value="0"' in client.get(url).content.decode()
    data = {"year": 2026, "title": "2026年帮扶方案", "content": "第一版", "version": 0}
    assert client.post(url, data).status_code == 302
    assert 'name="version" value="1"' in client.get(url).content.decode()
    # A second editor who opened the page before the plan existed does not overwrite it.
    stale = client.post(url, {**data, "content": "覆盖"})
    assert stale.status_code == 200 and STALE in stale.content.decode()
    assert client.post(url, {**data, "content": "第二版", "version": 1}).status_code == 302
    plan = AssistancePlan.objects.get()
    assert (plan.content, plan.version) == ("第二版", 2)


@time_machine.travel(dt.datetime(2026, 11, 26, 10, 0), tick=False)
def test_a_plan_created_meanwhile_is_not_overwritten(owner, area):
    services.assistance_plan_save(
        unit=area, year=2026, title="t", content="先存", is_published=False, user=owner
    )
    with pytest.raises(StaleVersion):
        services.assistance_plan_save(
            unit=area,
            year=2026,
            title="t",
            content="后存",
            is_published=False,
            user=owner,
            expected_version=0,
        )
    assert AssistancePlan.objects.get().content == "先存"


@time_machine.travel(dt.datetime(2026, 11, 26, 10, 0), tick=False)
def test_an_edit_made_on_no_plan_of_one_there_is_refused_as_existing(owner, area):
    """One typed refusal whoever asks: a stale edit in the page's words, which a caller that
    only creates (the API's POST, a 409 saying the plan exists) words as it needs."""
    services.assistance_plan_save(
        unit=area, year=2026, title="t", content="先存", is_published=False, user=owner
    )
    with pytest.raises(RecordExists) as refused:
        services.assistance_plan_save(
            unit=area,
            year=2026,
            title="t",
            content="后存",
            is_published=False,
            user=owner,
            expected_version=0,
        )
    assert str(refused.value).startswith(
        "2026年度帮扶方案已被他人修改或新建，请刷新页面后在最新版本上重新填写。"
        f"（最近一次由{owner.display_name}于"
    )
    assert AssistancePlan.objects.get().content == "先存"


def test_a_stale_promotion_group_edit_is_refused(client, drc, area):
    group = services.promotion_group_save(user=drc, name="第一推进组", areas=[area])
    client.force_login(drc)
    url = reverse("assistance:group_edit", args=[group.pk])
    assert 'name="version" value="1"' in client.get(url).content.decode()
    data = {"name": "第一推进组（调整）", "areas": [area.pk], "version": 1}
    assert client.post(url, data).status_code == 302
    stale = client.post(url, {**data, "name": "覆盖"})
    assert stale.status_code == 200 and STALE in stale.content.decode()
    group.refresh_from_db()
    assert (group.name, group.version) == ("第一推进组（调整）", 2)


def test_a_new_promotion_group_needs_no_version(client, drc, area):
    client.force_login(drc)
    response = client.post(
        reverse("assistance:group_create"), {"name": "第二推进组", "areas": [area.pk]}
    )
    assert response.status_code == 302
    assert PromotionGroup.objects.get().version == 1


def test_a_stale_general_liaison_choice_is_refused(client, drc, area):
    first, second = (UserFactory(role=Role.UNIT_STAFF, unit=area) for _ in range(2))
    client.force_login(drc)
    url = reverse("assistance:liaison")
    assert client.post(url, {"unit": area.pk, "liaison": first.pk, "version": 0}).status_code == 302
    # Opened before the first choice was saved: refused, the first choice stays.
    stale = client.post(url, {"unit": area.pk, "liaison": second.pk, "version": 0})
    assert stale.status_code == 200 and STALE in stale.content.decode()
    assert first.display_name in stale.content.decode()  # who holds the post now
    assert 'name="version" value="1"' in stale.content.decode()
    assert GeneralLiaison.objects.get(unit=area).user == first
    page = client.get(url + f"?unit={area.pk}").content.decode()
    assert 'name="version" value="1"' in page
    assert (
        client.post(url, {"unit": area.pk, "liaison": second.pk, "version": 1}).status_code == 302
    )
    liaison = GeneralLiaison.objects.get(unit=area)
    assert (liaison.user, liaison.version) == (second, 2)


def test_stale_minutes_are_refused(client, case, city_leader_user):
    leader = LeaderFactory(user=city_leader_user, unit=city_leader_user.unit)
    case.team.lead_leader = leader
    case.team.save()
    meeting = JointMeetingFactory(case=case, convened_by=leader, held_on=dt.date.today())
    client.force_login(city_leader_user)
    page = client.get(reverse("assistance:meeting", args=[meeting.pk])).content.decode()
    assert 'name="version" value="1"' in page
    url = reverse("assistance:meeting_minutes", args=[meeting.pk])
    data = {"minutes": "研究供电接入", "decisions": "供电公司出具方案", "version": 1}
    assert client.post(url, data).status_code == 302
    stale = client.post(url, {**data, "decisions": "覆盖的议定事项"})
    assert stale.status_code == 200 and STALE in stale.content.decode()
    meeting.refresh_from_db()
    assert (meeting.decisions, meeting.version) == ("供电公司出具方案", 2)


def test_a_stale_industry_service_is_refused_keeping_the_people_chosen(
    client, case, department, teammate
):
    """The refusal was a message at the top of the case sent back to, the leader and staff
    chosen gone; the case is drawn again with them and why."""
    deputy = LeaderFactory(rank=LeaderRank.IN_CHARGE, unit=department, title="副局长")
    other_staff = UserFactory(role=Role.UNIT_STAFF, unit=department)
    client.force_login(teammate)
    page = client.get(reverse("assistance:detail", args=[case.pk])).content.decode()
    assert 'name="version" value="0"' in page
    url = reverse("assistance:industry_service", args=[case.pk])
    data = {"leader_in_charge": deputy.pk, "service_staff": teammate.pk, "version": 0}
    assert client.post(url, data).status_code == 302
    response = client.post(url, {**data, "service_staff": other_staff.pk})
    assert response.status_code == 200
    form = shown_form(response.content.decode(), url)
    reason, *changed = form_reasons(form)
    assert reason.startswith(
        f"本部门的服务配备已被他人修改，请刷新页面后重新配备。（最近一次由{teammate.display_name}于"
    )
    # Shown on the version now saved, with who serves now beside the one chosen.
    assert changed == [
        f"「服务人员」现为 {teammate}，您填写的是 {other_staff}",
        OVERWRITE,
    ]
    assert field_value(form, "version") == "1"
    assert (field_value(form, "leader_in_charge"), field_value(form, "service_staff")) == (
        str(deputy.pk),
        str(other_staff.pk),
    )
    service = case.industry_services.get()
    assert (service.service_staff, service.version) == (teammate, 1)
    # Nobody chosen is said beside each field, where one message said it at the top.
    form = shown_form(client.post(url, {"version": 1}).content.decode(), url)
    assert field_reasons(form, "leader_in_charge") == ["此项必须填写。"]
    assert field_reasons(form, "service_staff") == ["此项必须填写。"]


@time_machine.travel(dt.datetime(2026, 11, 26, 10, 0), tick=False)
def test_a_save_without_a_version_still_moves_it_on(owner, area):
    """A write that is no editor's (the demo, a script) claims whatever version is there, so
    an editor who opened the record before it is still refused."""
    for content in ("一", "二"):
        services.assistance_plan_save(
            unit=area, year=2026, title="t", content=content, is_published=False, user=owner
        )
    assert AssistancePlan.objects.get(unit=area).version == 2


def test_a_second_group_of_the_same_name_is_a_form_error(client, drc, area, other_area):
    services.promotion_group_save(user=drc, name="第一推进组", areas=[area])
    client.force_login(drc)
    response = client.post(
        reverse("assistance:group_create"), {"name": "第一推进组", "areas": [other_area.pk]}
    )
    assert response.status_code == 200 and "已有名为第一推进组的推进组" in response.content.decode()
    assert PromotionGroup.objects.count() == 1


@time_machine.travel(dt.datetime(2026, 11, 26, 10, 0), tick=False)
def test_progress_of_another_month_than_the_form_opened_on_is_saved(client, case, owner):
    # The form opens on this month, already reported (version 1); the clerk picks last month,
    # never reported: the version seen belongs to November, not October, so it is saved.
    url = reverse("assistance:progress", args=[case.pk])
    data = {"planned_investment": "1000", "actual_investment": "850"}
    client.force_login(owner)
    client.post(url, {**data, "month": "2026-11", "version": 0})
    page = client.get(reverse("assistance:detail", args=[case.pk])).content.decode()
    assert 'name="version" value="1"' in page
    assert 'name="version_month" value="2026-11"' in page
    response = client.post(
        url, {**data, "month": "2026-10", "version": 1, "version_month": "2026-11"}, follow=True
    )
    assert "月度进展已保存" in response.content.decode()
    assert sorted(r.month.month for r in case.progress_reports.all()) == [10, 11]
    # A month already reported that the clerk has not opened is not overwritten.
    again = client.post(
        url,
        {
            **data,
            "actual_investment": "1",
            "month": "2026-10",
            "version": 1,
            "version_month": "2026-11",
        },
        follow=True,
    )
    assert "该月进展已有填报" in again.content.decode()
    assert case.progress_reports.get(month=dt.date(2026, 10, 1)).actual_investment == 850


def test_a_stale_monthly_progress_correction_is_refused(client, case, owner, reviewer):
    url = reverse("assistance:progress", args=[case.pk])
    data = {"month": "2026-10", "planned_investment": "1000", "actual_investment": "850"}
    client.force_login(owner)
    client.post(url, {**data, "version": 0})
    # Opened before the month was entered: refused, the figures entered stay.
    client.force_login(reviewer)
    stale = client.post(url, {**data, "actual_investment": "1", "version": 0}, follow=True)
    assert "该月进展已有填报或已被他人修改" in stale.content.decode()
    page = client.get(reverse("assistance:detail", args=[case.pk]) + "?progress_month=2026-10")
    assert 'name="version" value="1"' in page.content.decode()
    assert 'value="850.00"' in page.content.decode()
    client.post(url, {**data, "actual_investment": "900", "version": 1})
    report = case.progress_reports.get()
    assert (str(report.actual_investment), report.version) == ("900.00", 2)
