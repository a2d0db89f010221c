"""N-6: the year-end appraisal is computed from recorded data only."""

import datetime as dt
from decimal import Decimal

import pytest

from negotiation import services
from negotiation.choices import NegotiationStage, QuestionKind
from negotiation.rules import appraisal_score
from negotiation.selectors import appraisal

pytestmark = pytest.mark.django_db


def test_score_formula():
    perfect = appraisal_score(
        cases=2,
        signed=2,
        questions_due=0,
        questions_on_time=0,
        reports_expected=0,
        reports_on_time=0,
    )
    assert perfect == Decimal("100.00")
    half = appraisal_score(
        cases=2,
        signed=1,
        questions_due=4,
        questions_on_time=2,
        reports_expected=3,
        reports_on_time=0,
    )
    assert half == Decimal("35.00")  # 40 × 1/2 + 30 × 1/2 + 30 × 0


def test_appraisal_counts_cases_questions_and_reports(case, teammate, department):
    # opened 2026-10-08: October's report was due 2026-10-31 and is missing; November is not due yet
    question = services.investor_question_raise(
        case=case,
        user=teammate,
        kind=QuestionKind.POLICY,
        question="政策",
        owner_unit=department,
        asked_on=dt.date(2026, 11, 10),
    )
    services.investor_question_answer(
        question=question,
        user=teammate,
        outcome="答复",
        answered_on=dt.date(2026, 11, 12),
        done_on=dt.date(2026, 11, 13),
    )
    services.investor_question_raise(
        case=case,
        user=teammate,
        kind=QuestionKind.POLICY,
        question="政策2",
        owner_unit=department,
        asked_on=dt.date(2026, 11, 20),
    )
    [row] = appraisal(year=2026, today=dt.date(2026, 11, 26))
    assert row["unit"] == department.name
    assert row["cases"] == 1
    assert row["signed"] == 0
    assert row["questions_due"] == 2
    assert row["questions_on_time"] == 1
    assert row["reports_expected"] == 1
    assert row["reports_on_time"] == 0
    assert row["score"] == Decimal("15.00")
    services.negotiation_case_move(
        case=case, stage=NegotiationStage.ENDED, user=teammate, note="投资方放弃"
    )
    assert appraisal(year=2025, today=dt.date(2026, 11, 26)) == []
