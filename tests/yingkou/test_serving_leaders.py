"""§1: a leader who retired no longer holds his unit's role. Only A-2 admits retired leaders, and
only city leaders (由副市级以上领导(包括部分退休副市级以上领导)牵头进行专项精准帮扶); every other rule
that names a unit's principal leader or leader in charge asks for a serving one: N-2's team
lead, A-2's local assisting leader, A-5's responsible leader, E-1's leaders, E-6's 一把手."""

from decimal import Decimal
from types import SimpleNamespace

import pytest

from assistance.choices import Tier as AssistanceTier
from assistance.rules import assistance_lead_rule, assistance_responsible_leader_rule
from enterprise import rules as enterprise_rules
from enterprise.forms import EnterpriseForm
from negotiation.rules import negotiation_team_check, negotiation_team_rule
from tests.factories import LeaderFactory, UnitFactory
from yingkou.choices import LeaderRank, UnitKind
from yingkou.errors import RuleViolation
from yingkou.models import Leader

pytestmark = pytest.mark.django_db


@pytest.fixture
def department():
    return UnitFactory(kind=UnitKind.MUNICIPAL_DEPARTMENT, code="SWJ", name="营口市商务局")


def _leader(unit, rank, *, retired=False, name="王立新"):
    return LeaderFactory(unit=unit, rank=rank, is_retired=retired, name=name, title="局长")


def _project(amount):
    return SimpleNamespace(
        total_investment=Decimal(amount), landing_unit=None, landing_unit_id=None, industry="C26"
    )


def test_serving_leaders_are_those_not_retired_of_the_ranks_asked(department):
    serving = _leader(department, LeaderRank.PRINCIPAL, name="在任")
    retired = _leader(department, LeaderRank.PRINCIPAL, retired=True, name="退休")
    deputy = _leader(department, LeaderRank.IN_CHARGE, name="分管")
    assert set(Leader.objects.serving(LeaderRank.PRINCIPAL)) == {serving}
    assert set(Leader.objects.serving()) == {serving, deputy}
    assert serving.serves_as(LeaderRank.PRINCIPAL) and not retired.serves_as()
    assert not deputy.serves_as(LeaderRank.PRINCIPAL)


@pytest.mark.parametrize(("amount", "rank"), [("10000.00", "principal"), ("9999.99", "in_charge")])
def test_n2_a_retired_leader_of_the_department_neither_proposed_nor_accepted(
    department, amount, rank
):
    retired = _leader(department, rank, retired=True, name="退休局长")
    serving = _leader(department, rank, name="在任局长")
    project = _project(amount)
    composition = negotiation_team_rule(negotiating_unit=department, project=project)
    assert composition.candidates == (serving,)
    negotiation_team_check(
        composition=composition,
        project=project,
        lead_leader=serving,
        lead_unit=department,
        cooperating_units=[],
    )
    with pytest.raises(RuleViolation) as refused:
        negotiation_team_check(
            composition=composition,
            project=project,
            lead_leader=retired,
            lead_unit=department,
            cooperating_units=[],
        )
    assert refused.value.rule == "N-2"


def test_a2_retired_city_leaders_may_assist_a_retired_unit_leader_may_not(department):
    retired_vice_mayor = LeaderFactory(rank=LeaderRank.CITY_LEADER, is_retired=True)
    for tier in (AssistanceTier.CITY, AssistanceTier.LOCAL):
        assistance_lead_rule(tier=tier, leader=retired_vice_mayor, lead_unit=department)
    retired = _leader(department, LeaderRank.IN_CHARGE, retired=True)
    with pytest.raises(RuleViolation) as refused:
        assistance_lead_rule(tier=AssistanceTier.LOCAL, leader=retired, lead_unit=department)
    assert refused.value.rule == "A-2"
    assert "已退休" in refused.value.text


def test_a5_the_responsible_leader_serves(department):
    assistance_responsible_leader_rule(
        leader=_leader(department, LeaderRank.IN_CHARGE), lead_unit=department
    )
    with pytest.raises(RuleViolation) as refused:
        assistance_responsible_leader_rule(
            leader=_leader(department, LeaderRank.IN_CHARGE, retired=True, name="退休"),
            lead_unit=department,
        )
    assert refused.value.rule == "A-5"


def test_e1_proposes_and_accepts_serving_leaders_of_the_unit(department):
    retired = _leader(department, LeaderRank.PRINCIPAL, retired=True, name="退休局长")
    serving = _leader(department, LeaderRank.PRINCIPAL, name="在任局长")
    retired_deputy = _leader(department, LeaderRank.IN_CHARGE, retired=True, name="退休副局长")

    def decide(amount, **leaders):
        return enterprise_rules.enterprise_responsibility_rule(
            total_investment=Decimal(amount),
            responsible_unit=department,
            introducing_unit=department,
            industry="C26",
            **leaders,
        )

    # The retired principal has the lower id: he was proposed before.
    assert retired.pk < serving.pk
    assert decide("20000.00").responsible_leader == serving
    assert decide("20000.00", carried_leader=retired).responsible_leader == serving
    for amount, given in (
        ("20000.00", {"responsible_leader": retired}),
        ("5000.00", {"responsible_leader": retired_deputy}),
        ("50000.00", {"leader_in_charge": retired_deputy}),
    ):
        with pytest.raises(RuleViolation) as refused:
            decide(amount, **given)
        assert refused.value.rule == "E-1"

    in_charge = EnterpriseForm().fields["leader_in_charge"].queryset
    assert retired_deputy not in in_charge
