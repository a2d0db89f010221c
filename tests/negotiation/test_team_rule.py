"""N-2: the seven team rules, the tiers and their boundaries, and the refusal of a wrong lead."""

from decimal import Decimal
from types import SimpleNamespace

import pytest

from negotiation.choices import BodyKind, LeadRequirement, Tier
from negotiation.filters import NegotiationCaseFilterSet
from negotiation.forms import CaseOpenForm
from negotiation.rules import (
    negotiating_body_kind,
    negotiation_team_check,
    negotiation_team_rule,
    negotiation_tier,
)
from tests.factories import UnitFactory
from tests.negotiation.factories import area_department, city_leader, party_org, unit_leader
from yingkou.choices import LeaderRank, UnitKind
from yingkou.errors import RuleViolation


def _project(amount, landing=None, industry="C26"):
    return SimpleNamespace(
        total_investment=Decimal(amount),
        landing_unit=landing,
        landing_unit_id=landing.pk if landing else None,
        industry=industry,
    )


@pytest.mark.parametrize(
    ("amount", "tier"),
    [
        ("100000.00", Tier.A),  # exactly 10亿: shared boundary, the higher tier
        ("99999.99", Tier.B),
        ("10000.00", Tier.B),  # exactly 1亿: shared boundary, the higher tier
        ("9999.99", Tier.C),
        ("0.00", Tier.C),
        ("600000.00", Tier.A),
    ],
)
def test_tier_boundaries(amount, tier):
    assert negotiation_tier(Decimal(amount)) == tier


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "amount", "rule", "lead"),
    [
        (UnitKind.MUNICIPAL_DEPARTMENT, "100000.00", 1, LeadRequirement.VICE_MAYOR_OF_DEPARTMENT),
        (UnitKind.PARTY_ORG, "100000.00", 2, LeadRequirement.VICE_MAYOR_OF_INDUSTRY),
        (UnitKind.COUNTY, "100000.00", 3, LeadRequirement.VICE_MAYOR_OF_INDUSTRY),
        (UnitKind.PARK, "150000.00", 3, LeadRequirement.VICE_MAYOR_OF_INDUSTRY),
        (UnitKind.MUNICIPAL_DEPARTMENT, "99999.99", 4, LeadRequirement.PRINCIPAL),
        (UnitKind.MUNICIPAL_DEPARTMENT, "10000.00", 4, LeadRequirement.PRINCIPAL),
        (UnitKind.COUNTY, "99999.99", 5, LeadRequirement.PRINCIPAL),
        (UnitKind.COUNTY, "10000.00", 5, LeadRequirement.PRINCIPAL),
        (UnitKind.MUNICIPAL_DEPARTMENT, "9999.99", 6, LeadRequirement.PRINCIPAL_OR_IN_CHARGE),
        (UnitKind.COUNTY, "9999.99", 7, LeadRequirement.PRINCIPAL_OR_IN_CHARGE),
        # Decision: party organisations below 10亿 follow rules 4 and 6.
        (UnitKind.PARTY_ORG, "99999.99", 4, LeadRequirement.PRINCIPAL),
        (UnitKind.PARTY_ORG, "10000.00", 4, LeadRequirement.PRINCIPAL),
        (UnitKind.PARTY_ORG, "9999.99", 6, LeadRequirement.PRINCIPAL_OR_IN_CHARGE),
        # The DRC and the investment bureau are municipal government departments.
        (UnitKind.DRC, "100000.00", 1, LeadRequirement.VICE_MAYOR_OF_DEPARTMENT),
        (UnitKind.INVESTMENT_BUREAU, "50000.00", 4, LeadRequirement.PRINCIPAL),
        (UnitKind.INVESTMENT_BUREAU, "500.00", 6, LeadRequirement.PRINCIPAL_OR_IN_CHARGE),
    ],
)
def test_rule_and_tier_from_body_and_investment(kind, amount, rule, lead):
    body = UnitFactory(kind=kind)
    composition = negotiation_team_rule(
        negotiating_unit=body, project=_project(amount), with_candidates=False
    )
    assert composition.rule == rule
    assert composition.lead_requirement == lead
    assert composition.lead_unit == body


@pytest.mark.django_db
def test_landing_area_cooperates_except_where_an_area_leads():
    area = UnitFactory(kind=UnitKind.COUNTY)
    department = UnitFactory(kind=UnitKind.MUNICIPAL_DEPARTMENT)
    for amount in ("100000.00", "10000.00", "1.00"):
        dept_rule = negotiation_team_rule(
            negotiating_unit=department, project=_project(amount, area), with_candidates=False
        )
        area_rule = negotiation_team_rule(
            negotiating_unit=area, project=_project(amount, area), with_candidates=False
        )
        assert dept_rule.landing_area_cooperates
        assert not area_rule.landing_area_cooperates
    assert negotiation_team_rule(
        negotiating_unit=area, project=_project("1.00", area), with_candidates=False
    ).own_departments_only


@pytest.mark.django_db
def test_bodies_outside_the_table_are_refused():
    utility = UnitFactory(kind=UnitKind.UTILITY, name="供电公司")
    with pytest.raises(RuleViolation) as excinfo:
        negotiating_body_kind(utility)
    assert excinfo.value.rule == "N-2"
    area = UnitFactory(kind=UnitKind.COUNTY)
    with pytest.raises(RuleViolation):
        negotiating_body_kind(area_department(area))
    assert negotiating_body_kind(party_org()) == BodyKind.PARTY_ORG


@pytest.mark.django_db
def test_a_county_level_organisation_negotiates_through_its_county(admin_user):
    """Rule 2 names the city's party, congress, CPPCC and mass organisations (市委、市人大、市政协
    及群团组织); a county's own organisation is part of the county, which negotiates under rules
    3, 5 and 7 — as a county's own bureau does. Neither the rule nor the registration form nor
    the list's filter takes it as a negotiating body."""
    area = UnitFactory(kind=UnitKind.COUNTY)
    county_org = UnitFactory(kind=UnitKind.PARTY_ORG, level="county", parent=area)
    with pytest.raises(RuleViolation) as excinfo:
        negotiation_team_rule(
            negotiating_unit=county_org, project=_project("100000.00"), with_candidates=False
        )
    assert excinfo.value.rule == "N-2"
    city_org = party_org()
    offered = set(CaseOpenForm(user=admin_user).fields["negotiating_unit"].queryset)
    assert city_org in offered and area in offered and county_org not in offered
    filtered = set(NegotiationCaseFilterSet().filters["negotiating_unit"].queryset)
    assert city_org in filtered and county_org not in filtered


@pytest.mark.django_db
class TestCandidates:
    def test_rule_1_proposes_the_vice_mayor_in_charge_of_the_department(self):
        department = UnitFactory(kind=UnitKind.MUNICIPAL_DEPARTMENT)
        in_charge = city_leader(units=[department], name="张海峰")
        city_leader(units=[UnitFactory(kind=UnitKind.MUNICIPAL_DEPARTMENT)], name="刘振宇")
        city_leader(units=[department], name="孙立德", retired=True)
        composition = negotiation_team_rule(
            negotiating_unit=department, project=_project("100000.00")
        )
        assert composition.candidates == (in_charge,)

    def test_rules_2_and_3_propose_the_vice_mayor_in_charge_of_the_industry(self):
        chemicals = city_leader(industries=["C"], name="张海峰")
        city_leader(industries=["G", "K"], name="刘振宇")
        ports = city_leader(industries=["G55"], name="王港")
        area = UnitFactory(kind=UnitKind.COUNTY)
        assert negotiation_team_rule(
            negotiating_unit=area, project=_project("200000.00", industry="C26")
        ).candidates == (chemicals,)
        candidates = negotiation_team_rule(
            negotiating_unit=party_org(), project=_project("200000.00", industry="G55")
        ).candidates
        assert set(candidates) == {ports} | {c for c in candidates if c.name == "刘振宇"}
        assert len(candidates) == 2

    def test_rules_4_to_7_propose_the_bodys_own_leaders(self):
        area = UnitFactory(kind=UnitKind.COUNTY)
        principal = unit_leader(area, LeaderRank.PRINCIPAL)
        deputy = unit_leader(area, LeaderRank.IN_CHARGE)
        unit_leader(UnitFactory(kind=UnitKind.COUNTY), LeaderRank.PRINCIPAL)
        assert negotiation_team_rule(
            negotiating_unit=area, project=_project("10000.00")
        ).candidates == (principal,)
        assert set(
            negotiation_team_rule(negotiating_unit=area, project=_project("9999.99")).candidates
        ) == {principal, deputy}


@pytest.mark.django_db
class TestLeadCheck:
    """Saving a team whose lead breaks its rule is refused, naming the rule (第N条)."""

    def _check(self, body, amount, leader, cooperating=(), landing=None, industry="C26"):
        project = _project(amount, landing, industry)
        composition = negotiation_team_rule(
            negotiating_unit=body, project=project, with_candidates=False
        )
        negotiation_team_check(
            composition=composition,
            project=project,
            lead_leader=leader,
            lead_unit=body,
            cooperating_units=cooperating,
        )

    def _refused(self, rule_number, *args, **kwargs):
        with pytest.raises(RuleViolation) as excinfo:
            self._check(*args, **kwargs)
        assert excinfo.value.rule == "N-2"
        assert f"第{rule_number}条" in excinfo.value.text
        return excinfo.value

    def test_rule_1(self):
        department = UnitFactory(kind=UnitKind.MUNICIPAL_DEPARTMENT)
        right = city_leader(units=[department])
        wrong = city_leader(units=[UnitFactory(kind=UnitKind.MUNICIPAL_DEPARTMENT)])
        self._check(department, "100000.00", right)
        self._refused(1, department, "100000.00", wrong)
        self._refused(1, department, "100000.00", unit_leader(department))
        retired = city_leader(units=[department], retired=True)
        self._refused(1, department, "100000.00", retired)

    def test_rule_1_requires_the_landing_area_as_cooperating_unit(self):
        department = UnitFactory(kind=UnitKind.MUNICIPAL_DEPARTMENT)
        area = UnitFactory(kind=UnitKind.COUNTY, name="鲅鱼圈区")
        leader = city_leader(units=[department])
        error = self._refused(1, department, "100000.00", leader, landing=area)
        assert "鲅鱼圈区" in error.text
        self._check(department, "100000.00", leader, cooperating=[area], landing=area)

    def test_rule_2(self):
        body = party_org()
        self._check(body, "100000.00", city_leader(industries=["C"]))
        self._refused(2, body, "100000.00", city_leader(industries=["G"]))

    def test_rule_3(self):
        area = UnitFactory(kind=UnitKind.PARK)
        self._check(area, "100000.00", city_leader(industries=["C26"]), landing=area)
        self._refused(3, area, "100000.00", unit_leader(area), landing=area)

    def test_rule_4(self):
        department = UnitFactory(kind=UnitKind.MUNICIPAL_DEPARTMENT)
        self._check(department, "99999.99", unit_leader(department, LeaderRank.PRINCIPAL))
        self._refused(4, department, "99999.99", unit_leader(department, LeaderRank.IN_CHARGE))
        self._refused(4, department, "10000.00", city_leader(units=[department]))

    def test_rule_4_for_party_organisations_in_tier_b(self):
        body = party_org()
        self._check(body, "10000.00", unit_leader(body, LeaderRank.PRINCIPAL))
        self._refused(4, body, "10000.00", unit_leader(body, LeaderRank.IN_CHARGE))

    def test_rule_5(self):
        area = UnitFactory(kind=UnitKind.COUNTY)
        self._check(area, "10000.00", unit_leader(area, LeaderRank.PRINCIPAL))
        self._refused(5, area, "10000.00", unit_leader(area, LeaderRank.IN_CHARGE))
        other = UnitFactory(kind=UnitKind.COUNTY)
        self._refused(5, area, "10000.00", unit_leader(other, LeaderRank.PRINCIPAL))

    def test_rule_6_including_party_organisations_in_tier_c(self):
        for body in (UnitFactory(kind=UnitKind.MUNICIPAL_DEPARTMENT), party_org()):
            self._check(body, "9999.99", unit_leader(body, LeaderRank.IN_CHARGE))
            self._check(body, "9999.99", unit_leader(body, LeaderRank.PRINCIPAL))
            self._refused(6, body, "9999.99", unit_leader(UnitFactory(kind=UnitKind.COUNTY)))

    def test_rule_7_and_its_own_departments(self):
        area = UnitFactory(kind=UnitKind.COUNTY, code="GZ", name="盖州市")
        deputy = unit_leader(area, LeaderRank.IN_CHARGE)
        own = area_department(area)
        self._check(area, "9999.99", deputy, cooperating=[own])
        self._refused(7, area, "9999.99", city_leader(industries=["C"]))
        city_dept = UnitFactory(kind=UnitKind.MUNICIPAL_DEPARTMENT, name="营口市商务局")
        error = self._refused(7, area, "9999.99", deputy, cooperating=[city_dept])
        assert "营口市商务局" in error.text

    def test_lead_unit_must_be_the_negotiating_body(self):
        department = UnitFactory(kind=UnitKind.MUNICIPAL_DEPARTMENT)
        project = _project("100.00")
        composition = negotiation_team_rule(
            negotiating_unit=department, project=project, with_candidates=False
        )
        with pytest.raises(RuleViolation, match="第6条"):
            negotiation_team_check(
                composition=composition,
                project=project,
                lead_leader=unit_leader(department),
                lead_unit=UnitFactory(kind=UnitKind.COUNTY),
                cooperating_units=[],
            )
