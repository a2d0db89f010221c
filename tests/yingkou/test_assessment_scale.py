"""One scale for assessing the areas and departments (E-7, and A-8's quarterly assessment): 85
points or more commended, below 60 criticised; listed best first, equal scores sharing a rank."""

from decimal import Decimal

import pytest

from yingkou.choices import AssessmentVerdict
from yingkou.rules import score_order, score_ranks, score_verdict_rule


@pytest.mark.parametrize(
    ("score", "verdict"),
    [
        ("100", AssessmentVerdict.COMMENDED),
        ("85.00", AssessmentVerdict.COMMENDED),  # 85分以上 includes 85
        ("84.99", AssessmentVerdict.NORMAL),
        ("60.00", AssessmentVerdict.NORMAL),  # 60分以下 criticised: 60 itself is not
        ("59.99", AssessmentVerdict.CRITICISED),
        ("0", AssessmentVerdict.CRITICISED),
    ],
)
def test_the_verdict_of_a_score_at_its_boundaries(score, verdict):
    assert score_verdict_rule(Decimal(score)) == verdict


def test_equal_scores_share_a_rank_and_the_next_skips():
    scores = [Decimal("90"), None, Decimal("80"), Decimal("90"), Decimal("70"), Decimal("80")]
    ordered = sorted(zip(scores, "ABCDEF", strict=True), key=lambda p: score_order(*p))
    assert [code for _score, code in ordered] == ["A", "D", "C", "F", "E", "B"]
    assert score_ranks([score for score, _code in ordered]) == [1, 1, 3, 3, 5, None]


def test_the_e7_assessment_reads_the_shared_scale():
    from enterprise import rules as e7
    from enterprise.choices import AssessmentVerdict as E7Verdict

    assert E7Verdict is AssessmentVerdict
    assert e7.score_verdict_rule is score_verdict_rule
