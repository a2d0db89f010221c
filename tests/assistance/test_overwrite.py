"""A stale weekly report (A-8) is shown again on the current version, with what was reported
meanwhile beside what the person typed; saving again overwrites it knowingly."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from assistance.models import WeeklyProgress
from tests.assistance.factories import AssistanceCaseFactory
from tests.factories import ProjectFactory
from tests.refusals import OVERWRITE, refused_as_stale, stale_reasons

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(area):
    return AssistanceCaseFactory(
        project=ProjectFactory(owner_unit=area, landing_unit=area), team__lead_unit=area
    )


def on_friday():
    # 10 o'clock in Yingkou on Friday 9 October 2026, the week's due day.
    return time_machine.travel(dt.datetime(2026, 10, 9, 2, tzinfo=dt.UTC), tick=False)


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
