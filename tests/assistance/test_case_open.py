"""The handover into assistance (A-1, A-2, R-8, N-1): scope, tier, idempotence, carried team."""

from decimal import Decimal

import pytest

from assistance.choices import TeamStatus, Tier
from assistance.forms import projects_to_assist
from assistance.models import AssistanceCase
from assistance.rules import assistance_lead_rule, assistance_scope_rule, assistance_tier_rule
from assistance.services import assistance_case_open
from tests.factories import LeaderFactory, ProjectFactory, TeamFactory, UserFactory
from yingkou.choices import LeaderRank
from yingkou.errors import RuleViolation
from yingkou.models import Team

pytestmark = pytest.mark.django_db


def _project(area, amount: str, industry: str = "C26"):
    return ProjectFactory(
        owner_unit=area, landing_unit=area, total_investment=Decimal(amount), industry=industry
    )


@pytest.mark.parametrize(
    ("amount", "industry", "tier"),
    [
        ("50000.00", "C26", Tier.CITY),  # exactly 5亿: 以上 includes the boundary
        ("49999.99", "C26", Tier.LOCAL),  # one cent below
        ("80000.00", "K70", Tier.LOCAL),  # real estate never goes to a city leader
        ("80000.00", "K", Tier.LOCAL),
        ("1000.00", "C26", Tier.LOCAL),
    ],
)
def test_tier_rule(area, amount, industry, tier):
    project = _project(area, amount, industry)
    project.refresh_from_db()  # is_real_estate is computed by the database
    assert assistance_tier_rule(project) == tier


def test_scope_refuses_projects_below_ten_million(area, drc):
    with pytest.raises(RuleViolation) as error:
        assistance_case_open(project=_project(area, "999.99"), user=drc, source="reserve")
    assert error.value.rule == "A-1"
    assert not AssistanceCase.objects.exists()


def test_scope_includes_exactly_ten_million(area, drc):
    case = assistance_case_open(project=_project(area, "1000.00"), user=drc, source="reserve")
    assert case.tier == Tier.LOCAL


def test_open_is_idempotent(area, drc):
    project = _project(area, "60000.00")
    first = assistance_case_open(project=project, user=drc, source="reserve")
    second = assistance_case_open(project=project, user=drc, source="negotiation")
    assert first.pk == second.pk
    assert AssistanceCase.objects.count() == 1
    assert Team.objects.filter(project=project, phase="assistance").count() == 1


def test_negotiation_team_is_carried_over(area, department, drc):
    project = _project(area, "120000.00")
    vice_mayor = LeaderFactory()
    member = UserFactory(unit=department)
    negotiation = TeamFactory(
        project=project, phase="negotiation", lead_unit=department, lead_leader=vice_mayor
    )
    negotiation.cooperating_units.set([area])
    negotiation.members.set([member])

    case = assistance_case_open(project=project, user=drc, source="negotiation")

    assert case.tier == Tier.CITY
    assert case.team.phase == "assistance"
    assert case.team.pk != negotiation.pk
    assert case.assisting_leader == vice_mayor
    assert case.team.lead_unit == department
    assert list(case.team.cooperating_units.all()) == [area]
    assert list(case.team.members.all()) == [member]
    assert case.source == "negotiation"


def test_reserve_team_is_carried_over(area, drc):
    project = _project(area, "3000.00")
    principal = LeaderFactory(rank=LeaderRank.PRINCIPAL, unit=area, title="区长")
    TeamFactory(project=project, phase="reserve", lead_unit=area, lead_leader=principal)
    case = assistance_case_open(project=project, user=drc, source="reserve")
    assert case.assisting_leader == principal
    assert case.responsible_unit == area


def test_city_tier_starts_as_a_proposal_local_does_not(area, drc):
    city = assistance_case_open(project=_project(area, "50000.00"), user=drc, source="reserve")
    local = assistance_case_open(project=_project(area, "49999.99"), user=drc, source="reserve")
    assert city.team_status == TeamStatus.PROPOSED
    assert city.team_is_proposal
    assert local.team_status == TeamStatus.APPROVED


def test_city_tier_drops_a_carried_lead_who_is_not_a_city_leader(area, department, drc):
    project = _project(area, "60000.00")
    principal = LeaderFactory(rank=LeaderRank.PRINCIPAL, unit=department, title="局长")
    TeamFactory(project=project, phase="negotiation", lead_unit=department, lead_leader=principal)
    case = assistance_case_open(project=project, user=drc, source="negotiation")
    assert case.assisting_leader is None
    assert case.team.lead_unit == department  # the lead unit stays


def test_direct_case_without_earlier_team_is_led_by_the_landing_area(department, area, drc):
    project = ProjectFactory(
        owner_unit=department, landing_unit=area, total_investment=Decimal("5000")
    )
    case = assistance_case_open(project=project, user=drc, source="direct")
    assert case.team.lead_unit == area
    assert case.assisting_leader is None


def test_history_records_who_opened_the_case(area, drc):
    case = assistance_case_open(project=_project(area, "5000"), user=drc, source="reserve")
    assert case.history.first().history_user == drc


def test_city_tier_lead_must_be_a_city_leader(area):
    principal = LeaderFactory(rank=LeaderRank.PRINCIPAL, unit=area, title="区长")
    with pytest.raises(RuleViolation) as error:
        assistance_lead_rule(tier=Tier.CITY, leader=principal, lead_unit=area)
    assert error.value.rule == "A-2"


def test_retired_city_leader_may_lead_city_tier(area):
    retired = LeaderFactory(is_retired=True, title="原副市长")
    assistance_lead_rule(tier=Tier.CITY, leader=retired, lead_unit=area)


def test_local_lead_must_belong_to_the_area(area, other_area):
    outsider_leader = LeaderFactory(rank=LeaderRank.PRINCIPAL, unit=other_area, title="市长")
    with pytest.raises(RuleViolation) as error:
        assistance_lead_rule(tier=Tier.LOCAL, leader=outsider_leader, lead_unit=area)
    assert error.value.rule == "A-2"
    own = LeaderFactory(rank=LeaderRank.IN_CHARGE, unit=area, title="副区长")
    assistance_lead_rule(tier=Tier.LOCAL, leader=own, lead_unit=area)


@pytest.mark.parametrize("stage", ["stopped", "operating"])
def test_stopped_or_operating_projects_are_not_taken_in(area, drc, stage):
    project = ProjectFactory(
        owner_unit=area, landing_unit=area, total_investment=Decimal("5000"), stage=stage
    )
    with pytest.raises(RuleViolation) as error:
        assistance_case_open(project=project, user=drc, source="direct")
    assert error.value.rule == "A-1"


def test_tier_follows_the_saved_industry_not_a_stale_flag(area, drc):
    project = _project(area, "80000.00", industry="K70")
    project.industry = "C26"  # corrected from real estate to manufacturing, then saved
    project.save()
    case = assistance_case_open(project=project, user=drc, source="direct")
    assert case.tier == Tier.CITY


def test_the_picker_offers_what_the_scope_rule_takes_in(area, drc):
    """A-1 decided once: the projects offered for opening a case are those the rule accepts —
    exactly 1,000 万元 in, one cent below out, stopped and operating projects out."""
    exact = _project(area, "1000.00")
    below = _project(area, "999.99")
    stopped = ProjectFactory(owner_unit=area, total_investment=Decimal("5000"), stage="stopped")
    operating = ProjectFactory(owner_unit=area, total_investment=Decimal("5000"), stage="operating")
    offered = set(projects_to_assist(drc))
    assert exact in offered
    assert not offered & {below, stopped, operating}
    for project in (exact, below, stopped, operating):
        try:
            assistance_scope_rule(project)
        except RuleViolation:
            accepted = False
        else:
            accepted = True
        assert accepted == (project in offered)
