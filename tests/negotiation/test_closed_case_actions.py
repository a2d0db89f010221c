"""N-1: a signed or ended case takes nothing new; its page offers only what the services accept,
decided by the same rule functions. N-6: a report stays owed for the months it was negotiated."""

import datetime as dt

import pytest
from django.urls import reverse

from negotiation import rules, services
from negotiation.choices import NegotiationStage
from tests.clock import at
from yingkou.errors import RuleViolation

pytestmark = pytest.mark.django_db

BUTTONS = {
    "team": "调整服务团队",
    "add_unit": "指定相关单位加入服务团队",
    "task_create": "交办任务</a>",
    "question_create": "登记问题",
    "meeting_create": "记录会议",
    "report_create": "上报推进情况</a>",
}


def _end(case, teammate, on=dt.date(2026, 11, 20)):
    services.negotiation_case_move(
        case=case, stage=NegotiationStage.ENDED, user=teammate, on=on, note="投资方放弃"
    )
    case.refresh_from_db()


def _page(client, case) -> str:
    return client.get(reverse("negotiation:detail", args=[case.pk])).content.decode()


def test_an_open_case_offers_every_action_to_its_lead_unit(client, case, teammate):
    client.force_login(teammate)
    page = _page(client, case)
    for text in BUTTONS.values():
        assert text in page


def test_an_ended_case_offers_no_action_but_the_report_still_owed(client, case, teammate):
    _end(case, teammate)
    client.force_login(teammate)
    page = _page(client, case)
    for name in ("team", "add_unit", "task_create", "question_create", "meeting_create"):
        assert BUTTONS[name] not in page, name
    # November, the month it ended in, is still reported (N-6); the form opens on it.
    assert BUTTONS["report_create"] in page
    assert rules.progress_report_months(case=case, filed=set(), today=dt.date(2026, 11, 26)) == [
        "2026-11",
        "2026-10",
    ]
    form = client.get(reverse("negotiation:report_create", args=[case.pk])).content.decode()
    assert 'value="2026-11"' in form
    for period in ("2026-11", "2026-10"):
        services.progress_report_file(case=case, user=teammate, period=period, progress="终止")
    assert BUTTONS["report_create"] not in _page(client, case)


def test_a_case_ended_last_month_owes_no_report_for_this_month(client, case, teammate):
    _end(case, teammate, on=dt.date(2026, 10, 20))
    services.progress_report_file(case=case, user=teammate, period="2026-10", progress="终止")
    client.force_login(teammate)
    assert BUTTONS["report_create"] not in _page(client, case)
    with pytest.raises(RuleViolation, match="N-6"):
        services.progress_report_file(case=case, user=teammate, period="2026-11", progress="无")


def test_a_meeting_is_not_recorded_on_an_ended_case(case, teammate):
    _end(case, teammate)
    assert not rules.case_recording_possible(case)
    with pytest.raises(RuleViolation, match="N-1"):
        services.team_meeting_record(
            case=case, user=teammate, held_on=dt.date(2026, 11, 25), attendees="-", minutes="-"
        )
    assert not case.meetings.exists()


def test_the_page_offers_no_report_when_every_month_is_filed(client, case, teammate):
    for period in ("2026-10", "2026-11"):
        services.progress_report_file(case=case, user=teammate, period=period, progress="洽谈")
    client.force_login(teammate)
    page = _page(client, case)
    assert BUTTONS["report_create"] not in page and BUTTONS["meeting_create"] in page


def test_a_month_past_due_without_a_report_reads_as_not_reported(client, case, teammate):
    """N-6: the case page lists the progress reports by month; a month whose report is past due
    and was never filed reads 未报送 with its due day in its place — it read as a gap (11月,
    9月…) — while the running month, not yet due, is not called missing."""
    with at(dt.date(2026, 12, 2)):
        services.progress_report_file(case=case, user=teammate, period="2026-10", progress="推进")
    with at(dt.date(2027, 1, 3)):
        services.progress_report_file(case=case, user=teammate, period="2026-12", progress="推进")
        client.force_login(teammate)
        page = _page(client, case)
    rows = page.split("推进情况报告")[1].split("</table>")[0]
    months = [cell.split("</td>")[0] for cell in rows.split("<tr><td>")[1:]]
    assert months == ["2026年12月", "2026年11月", "2026年10月"]
    november = rows.split("<tr><td>2026年11月</td>")[1].split("</tr>")[0]
    assert "未报送" in november and "应于2026年11月30日前报送" in november
    assert "2027年1月" not in rows
