"""The demo data: built on the foundation's, and idempotent."""

import pytest

from assistance import demo
from assistance.models import (
    ActionItem,
    AssistanceCase,
    AssistancePlan,
    CoordinationEntry,
    CoordinationReport,
    IndustryService,
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
            IndustryService,
            AssistancePlan,
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
    # each area's plan is adopted by its own people, whom its history names.
    for plan in AssistancePlan.objects.all():
        assert plan.adopted and plan.history.earliest().history_user.unit_id == plan.unit_id
    _staff_gxj_serves_its_industry()
    demo.seed()
    foundation.run_closed_periods()
    assert _counts() == first


def _staff_gxj_serves_its_industry():
    """A-3: the industry bureau sees the city's manufacturing key projects, not only those whose
    team it is on, has named its service for them, and one still waits for it."""
    from assistance.rules import industry_service_missing_q
    from yingkou.industries import city_authority_industries_q
    from yingkou.models import User

    staff = User.objects.get(username="staff_gxj")
    seen = AssistanceCase.objects.visible_to(staff)
    manufacturing = seen.filter(project__industry__startswith="C")
    assert (
        manufacturing.exclude(team__cooperating_units=staff.unit)
        .exclude(team__lead_unit=staff.unit)
        .exists()
    )
    industries = city_authority_industries_q(staff.unit, prefix="project__")
    waiting = seen.filter(industries).filter(industry_service_missing_q())
    assert waiting.count() == 1
    assert IndustryService.objects.filter(department=staff.unit, service_staff=staff).exists()
