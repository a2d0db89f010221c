"""A stale task report (N-3) is shown again on the current version, with what was reported
meanwhile beside what the person typed; saving again overwrites it knowingly."""

import datetime as dt

import pytest
from django.urls import reverse

from negotiation.models import TeamTask
from tests.refusals import field_value, form_reasons, refused_as_stale, stale_reasons, version_form

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
