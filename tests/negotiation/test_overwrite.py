"""A stale task report (N-3) is shown again on the current version, with what was reported
meanwhile beside what the person typed; saving again overwrites it knowingly."""

import datetime as dt

import pytest
from django.urls import reverse

from negotiation.models import NegotiationCase, TeamTask
from tests.factories import UserFactory
from tests.refusals import (
    OVERWRITE,
    field_value,
    form_reasons,
    refused_as_stale,
    stale_reasons,
    version_form,
)
from yingkou.models import Team

pytestmark = pytest.mark.django_db


def test_a_stale_task_report_shows_the_others_and_saves_when_sent_again(
    client, task, teammate, owner
):
    url = reverse("negotiation:task_update", args=[task.pk])
    done = {"status": "done", "outcome": "已出具", "done_on": "2026-11-26", "version": 1}
    typed = {"status": "done", "outcome": "已出具规划条件函", "done_on": "2026-11-25", "version": 1}
    refused = refused_as_stale(client, url, teammate, done, owner, typed)
    form = version_form(refused.content.decode())
    reasons = stale_reasons(form_reasons(form), "已被他人更新", teammate)
    assert "「办理结果」现为 已出具，您填写的是 已出具规划条件函" in reasons, reasons
    assert "「完成日期」现为 2026年11月26日，您填写的是 2026年11月25日" in reasons, reasons
    assert field_value(form, "outcome") == "已出具规划条件函"
    assert field_value(form, "version") == "2"

    again = client.post(url, {**typed, "version": field_value(form, "version")})
    assert again.status_code == 302
    task = TeamTask.objects.get(pk=task.pk)
    assert (task.outcome, task.done_on, task.version) == (
        "已出具规划条件函",
        dt.date(2026, 11, 25),
        3,
    )
    rows = list(task.history.order_by("-history_id")[:2])
    assert [(row.history_user, row.outcome) for row in rows] == [
        (owner, "已出具规划条件函"),
        (teammate, "已出具"),
    ]


def test_a_stale_team_shows_the_others_people_and_saves_when_sent_again(
    client, case, teammate, owner, area, department, principal
):
    """N-3, N-5: the team's own fields are kept on the case's team, not the case the stale save
    is refused on: each that differs is named too, a list of people as history lists them."""
    colleague = UserFactory(username="zhou", last_name="周", first_name="一", unit=department)
    url = reverse("negotiation:team", args=[case.pk])
    seen = {
        "lead_leader": principal.pk,
        "cooperating_units": [area.pk],
        "main_negotiating_unit": department.pk,
        "version": case.version,
    }
    client.force_login(colleague)
    saved = {**seen, "service_liaison": colleague.pk, "members": [colleague.pk]}
    assert client.post(url, saved).status_code == 302

    client.force_login(teammate)
    typed = {**seen, "service_liaison": teammate.pk, "members": [owner.pk, teammate.pk]}
    refused = client.post(url, typed)
    assert refused.status_code == 200
    form = version_form(refused.content.decode())
    reasons = form_reasons(form)
    assert any("已被他人修改" in reason for reason in reasons)
    assert f"「服务联络员」现为 周一，您填写的是 {teammate}" in reasons, reasons
    # The people as the team's history lists them: in the order they were entered.
    listed = "、".join(str(person) for person in sorted([owner, teammate], key=lambda p: p.pk))
    assert f"「团队成员」现为 周一，您填写的是 {listed}" in reasons, reasons
    # The lead, its units and the main negotiating unit were not changed meanwhile.
    assert not any(
        label in reason for label in ("牵头领导", "配合单位", "主谈单位") for reason in reasons
    )
    assert reasons[-1] == OVERWRITE
    assert field_value(form, "service_liaison") == str(teammate.pk)
    current = NegotiationCase.objects.get(pk=case.pk).version
    assert field_value(form, "version") == str(current)

    assert client.post(url, {**typed, "version": current}).status_code == 302
    team = Team.objects.get(pk=case.team_id)
    assert team.service_liaison == teammate
    assert set(team.members.all()) == {owner, teammate}
    rows = NegotiationCase.objects.get(pk=case.pk).history.order_by("-history_id")[:2]
    assert [row.history_user for row in rows] == [teammate, colleague]
