"""A stale task report (N-3) is shown again on the current version, with what was reported
meanwhile beside what the person typed; saving again overwrites it knowingly."""

import datetime as dt

import pytest
from django.urls import reverse

from negotiation import services
from negotiation.models import TeamTask
from tests.refusals import OVERWRITE, field_value, form_reasons, forms_of

pytestmark = pytest.mark.django_db


def test_a_stale_task_report_shows_the_others_and_saves_when_sent_again(
    client, case, teammate, owner, area
):
    task = services.team_task_assign(
        case=case,
        user=teammate,
        title="出具规划条件",
        owner_unit=area,
        due_on=dt.date(2026, 12, 10),
    )
    url = reverse("negotiation:task_update", args=[task.pk])
    client.force_login(teammate)
    done = {"status": "done", "outcome": "已出具", "done_on": "2026-11-26", "version": 1}
    assert client.post(url, done).status_code == 302

    client.force_login(owner)
    typed = {"status": "done", "outcome": "已出具规划条件函", "done_on": "2026-11-25", "version": 1}
    refused = client.post(url, typed)
    assert refused.status_code == 200
    # The page's one form that edits the record (it posts to its own address).
    (form,) = [f for f in forms_of(refused.content.decode()) if 'name="version"' in str(f)]
    reasons = form_reasons(form)
    assert any("已被他人更新" in reason for reason in reasons)
    assert f"最近一次由{teammate.display_name}于" in reasons[0]
    assert "「办理结果」现为 已出具，您填写的是 已出具规划条件函" in reasons, reasons
    assert "「完成日期」现为 2026年11月26日，您填写的是 2026年11月25日" in reasons, reasons
    assert reasons[-1] == OVERWRITE
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
