"""Scheduled jobs: the daily deadline list (N-4) and the monthly circular (N-6), idempotent. The
circular is as of the month's end: what is recorded after it does not count for it, so the
records of a month are entered while it runs (time_machine)."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from negotiation import services
from negotiation.choices import ArchiveKind, NegotiationStage, QuestionKind
from negotiation.jobs import monthly_circular, question_deadlines
from negotiation.models import NegotiationArchive
from tests.clock import at
from yingkou.scheduling import run_period

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(dept_project, department, teammate, principal):
    """The conftest's case, recorded on the day it was opened."""
    from negotiation.services import negotiation_case_open

    with at(dt.date(2026, 10, 8), 18):
        return negotiation_case_open(
            project=dept_project,
            negotiating_unit=department,
            user=teammate,
            opened_on=dt.date(2026, 10, 8),
            investor="万华化学",
        )


def _question(case, user, unit, asked_on, **kwargs):
    return services.investor_question_raise(
        case=case,
        user=user,
        kind=QuestionKind.POLICY,
        question="政策问题",
        owner_unit=unit,
        asked_on=asked_on,
        **kwargs,
    )


def test_daily_job_lists_due_and_late_questions_once(case, owner, area):
    # The day's list is that morning's (07:30): its questions are recorded the day before.
    with at(dt.date(2026, 11, 25), 18):
        due_today = _question(case, owner, area, dt.date(2026, 11, 23))
        late = _question(case, owner, area, dt.date(2026, 11, 20))
        answered = _question(case, owner, area, dt.date(2026, 11, 19))
        services.investor_question_answer(
            question=answered,
            user=owner,
            outcome="已答复",
            answered_on=dt.date(2026, 11, 20),
            done_on=dt.date(2026, 11, 21),
        )
    outcome = question_deadlines(dt.date(2026, 11, 26))
    assert outcome.startswith("今日到期 1 项，已超期 1 项")
    archive = NegotiationArchive.objects.get(kind=ArchiveKind.QUESTION_DEADLINES)
    assert [q["id"] for q in archive.payload["due"]] == [due_today.pk]
    assert [q["id"] for q in archive.payload["late"]] == [late.pk]
    question_deadlines(dt.date(2026, 11, 26))
    assert NegotiationArchive.objects.filter(kind=ArchiveKind.QUESTION_DEADLINES).count() == 1


def test_monthly_circular_is_archived_once_and_served_as_page_and_excel(
    client, case, teammate, bureau
):
    with at(dt.date(2026, 10, 20), 18):
        services.negotiation_case_move(
            case=case, stage=NegotiationStage.INSPECTION, user=teammate, on=dt.date(2026, 10, 20)
        )
    services.progress_report_file(case=case, user=teammate, period="2026-10", progress="考察")
    monthly_circular(dt.date(2026, 10, 31))
    monthly_circular(dt.date(2026, 10, 15))
    archives = NegotiationArchive.objects.filter(kind=ArchiveKind.CIRCULAR)
    assert archives.count() == 1
    payload = archives.get().payload
    assert payload["period"] == "2026-10"
    [row] = payload["rows"]
    assert row["stage"] == NegotiationStage.INSPECTION
    # Filed in November for October: on 31 October it was missing, and the archive says so.
    assert row["report"] == "missing"
    assert row["rule"] == 4
    client.force_login(bureau)
    page = client.get(reverse("negotiation:circular", args=["2026-10"]))
    assert page.status_code == 200
    assert "精细化工新材料项目" in page.content.decode()
    first = client.get(reverse("negotiation:circular", args=["2026-10"]) + "?export=xlsx")
    second = client.get(reverse("negotiation:circular", args=["2026-10"]) + "?export=xlsx")
    assert first.status_code == 200
    content = b"".join(first.streaming_content)
    assert content[:2] == b"PK"
    assert second.status_code == 200
    # Archived on 26 November, the October circular holds October's data: so says its file.
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet["A2"].value == "统计期：2026年10月　范围：全市　数据截至：2026-10-31"


def test_circular_uses_the_stage_at_the_end_of_the_month(case, teammate):
    services.negotiation_case_move(
        case=case, stage=NegotiationStage.INSPECTION, user=teammate, on=dt.date(2026, 11, 3)
    )
    from negotiation.selectors import circular_payload

    october = circular_payload(dt.date(2026, 10, 31))
    assert october["rows"][0]["stage"] == NegotiationStage.CONTACT
    assert october["rows"][0]["report"] == "missing"
    assert october["totals"]["reports_missing"] == 1
    september = circular_payload(dt.date(2026, 9, 30))
    assert september["rows"] == []


def test_jobs_run_through_the_scheduler_without_duplicates(case):
    for _ in range(2):
        run_period("daily", dt.date(2026, 11, 26))
        run_period("monthly", dt.date(2026, 10, 31))
    assert NegotiationArchive.objects.filter(kind=ArchiveKind.CIRCULAR).count() == 1
    assert NegotiationArchive.objects.filter(kind=ArchiveKind.QUESTION_DEADLINES).count() == 1


def test_a_circular_built_late_equals_the_one_built_on_time(case, teammate, owner, area):
    from negotiation.selectors import circular_payload

    with at(dt.date(2026, 10, 20), 18):
        services.negotiation_case_move(
            case=case, stage=NegotiationStage.INSPECTION, user=teammate, on=dt.date(2026, 10, 20)
        )
        services.progress_report_file(case=case, user=teammate, period="2026-10", progress="考察")
    with at(dt.date(2026, 11, 1), 18):
        on_time = circular_payload(dt.date(2026, 10, 31))
    with at(dt.date(2026, 11, 5), 18):
        services.negotiation_case_move(
            case=case, stage=NegotiationStage.NEGOTIATION, user=teammate, on=dt.date(2026, 11, 5)
        )
        project = case.project
        project.total_investment = project.total_investment * 3
        project.save()
    with at(dt.date(2026, 11, 26), 18):
        monthly_circular(dt.date(2026, 10, 31))
    archived = NegotiationArchive.objects.get(kind=ArchiveKind.CIRCULAR, period="2026-10")
    assert archived.payload == on_time
    assert archived.payload["rows"][0]["stage"] == NegotiationStage.INSPECTION
    assert archived.payload["rows"][0]["report"] == "on_time"
