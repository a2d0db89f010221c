"""The demo data: built on the foundation's, and idempotent."""

import pytest

from assistance import demo
from assistance.models import (
    ActionItem,
    AssistanceCase,
    CoordinationEntry,
    CoordinationReport,
    JointMeeting,
    Problem,
    ProgressReport,
    PromotionGroup,
    SupervisionReport,
    WeeklyDispatch,
    WeeklyProgress,
)
from yingkou import demo as foundation

pytestmark = pytest.mark.django_db


def _counts():
    return [
        model.objects.count()
        for model in (
            AssistanceCase,
            Problem,
            ProgressReport,
            PromotionGroup,
            JointMeeting,
            ActionItem,
            SupervisionReport,
            WeeklyProgress,
            WeeklyDispatch,
            CoordinationEntry,
            CoordinationReport,
        )
    ]


def test_seed_is_idempotent_and_covers_every_feature():
    foundation.seed(projects=300)
    demo.seed()
    foundation.run_closed_periods()  # the reports come from the closed periods' jobs
    first = _counts()
    assert all(first), first
    assert AssistanceCase.objects.filter(team_status="approved", tier="city").exists()
    assert AssistanceCase.objects.filter(team_status="compiled").exists()
    assert Problem.objects.filter(escalated=True).exists()
    demo.seed()
    foundation.run_closed_periods()
    assert _counts() == first
