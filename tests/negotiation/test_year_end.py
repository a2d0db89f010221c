"""N-6: the year-end appraisal is frozen by the yearly job as of 31 December, and the page reads
the frozen table for a closed year."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from negotiation import services
from negotiation.choices import ArchiveKind, QuestionKind
from negotiation.models import NegotiationArchive
from negotiation.services import negotiation_case_open
from tests.clock import at
from yingkou.errors import RuleViolation
from yingkou.models import ScheduledRun
from yingkou.scheduling import run_period

pytestmark = pytest.mark.django_db


def negotiated_in_2025(project, department, teammate):
    """A case opened on 3 November 2025, its November report filed on time and a question
    raised on 28 November (both recorded that day); returns the case and the question."""
    with at(dt.date(2025, 11, 3), 18):
        case = negotiation_case_open(
            project=project,
            negotiating_unit=department,
            user=teammate,
            opened_on=dt.date(2025, 11, 3),
            investor="万华化学",
        )
    with at(dt.date(2025, 11, 28), 18):
        services.progress_report_file(case=case, user=teammate, period="2025-11", progress="考察")
        question = services.investor_question_raise(
            case=case,
            user=teammate,
            kind=QuestionKind.POLICY,
            question="政策",
            owner_unit=department,
            asked_on=dt.date(2025, 11, 28),
        )
    return case, question


@pytest.fixture
def case_2025(dept_project, department, teammate, principal):
    return negotiated_in_2025(dept_project, department, teammate)[0]


def test_the_yearly_job_freezes_the_appraisal_as_of_31_december(
    case_2025, teammate, bureau, client
):
    with at(dt.date(2026, 1, 1), 18):
        on_time = services.appraisal_freeze(year=2025).payload
        NegotiationArchive.objects.all().delete()
    with at(dt.date(2026, 1, 20), 18):
        # Filed after the year's end: does not count for 2025.
        services.progress_report_file(case=case_2025, user=teammate, period="2025-12", progress="x")
        results = {r.job: r.status for r in run_period("yearly", dt.date(2025, 12, 31))}
    assert results["negotiation_appraisal"] == "succeeded"
    archive = NegotiationArchive.objects.get(kind=ArchiveKind.APPRAISAL, period="2025")
    assert archive.payload == on_time
    [row] = archive.payload["rows"]
    # November's report on time, December's missing on 31 December; the question is late.
    assert (row["reports_on_time"], row["reports_expected"]) == (1, 2)
    assert (row["questions_on_time"], row["questions_due"]) == (0, 1)
    assert ScheduledRun.objects.get(job="negotiation_appraisal").period_key == "2025"

    with at(dt.date(2026, 3, 2), 18):
        client.force_login(bureau)
        page = client.get(reverse("negotiation:appraisal"), {"year": 2025}).content.decode()
    assert "已于12月31日冻结" in page and row["score"] in page


def test_a_closed_years_appraisal_file_is_dated_31_december(case_2025, bureau, client):
    """The Excel of a frozen year says its data is as of 31 December, as the page does, not
    the moment it was downloaded."""
    with at(dt.date(2026, 3, 2), 18):
        client.force_login(bureau)
        response = client.get(reverse("negotiation:appraisal"), {"year": 2025, "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet["A2"].value == "统计期：2025年　范围：全市　数据截至：2025-12-31"


def test_a_running_year_is_previewed_not_frozen(case_2025):
    with at(dt.date(2025, 12, 15), 18), pytest.raises(RuleViolation):
        services.appraisal_freeze(year=2025)
    assert not NegotiationArchive.objects.filter(kind=ArchiveKind.APPRAISAL).exists()


def test_the_preview_on_new_years_eve_is_the_table_frozen_after_january_changes(
    area, department, teammate, principal, monkeypatch
):
    from negotiation import selectors
    from negotiation.selectors import APPRAISAL_DECIMALS, appraisal
    from tests.factories import ProjectFactory

    history_reads = []
    history = selectors._appraisal_as_of

    def spy(*args):
        history_reads.append(args)
        return history(*args)

    monkeypatch.setattr(selectors, "_appraisal_as_of", spy)
    with at(dt.date(2025, 11, 3), 18):  # everything it reads recorded in the year
        project = ProjectFactory(
            owner_unit=department, landing_unit=area, total_investment="20000.00", industry="C26"
        )
    case, question = negotiated_in_2025(project, department, teammate)
    with at(dt.date(2025, 12, 31), 18):
        preview = appraisal(year=2025, today=dt.date(2026, 1, 1))
    assert history_reads == []  # nothing recorded after now: the current tables
    with at(dt.date(2026, 1, 5), 18):
        # Recorded after the year's end, an answer dated in time among them: none counts.
        services.progress_report_file(case=case, user=teammate, period="2025-12", progress="x")
        services.investor_question_answer(
            question=question,
            user=teammate,
            outcome="答复",
            answered_on=dt.date(2025, 12, 1),
            done_on=dt.date(2025, 12, 1),
        )
        frozen = services.appraisal_freeze(year=2025).payload["rows"]
    assert len(history_reads) == 1
    [row] = preview
    assert (row["reports_on_time"], row["reports_expected"]) == (1, 2)
    assert (row["questions_on_time"], row["questions_due"]) == (0, 1)
    assert frozen == [{**row, **{key: str(row[key]) for key in APPRAISAL_DECIMALS}}]
