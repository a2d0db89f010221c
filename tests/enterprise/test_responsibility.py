"""E-1: responsibility by investment, counterpart by introducer, and the handover from assistance."""

from decimal import Decimal

import pytest

from enterprise import rules, services
from enterprise.choices import ResponsibilityTier
from enterprise.models import Enterprise
from tests.factories import LeaderFactory, ProjectFactory, TeamFactory, UnitFactory
from yingkou.choices import LeaderRank, UnitKind
from yingkou.errors import RuleViolation
from yingkou.models import Team


@pytest.mark.parametrize(
    ("amount", "tier"),
    [
        ("50000.00", ResponsibilityTier.CITY),
        ("49999.99", ResponsibilityTier.PRINCIPAL),
        ("10000.00", ResponsibilityTier.PRINCIPAL),
        ("9999.99", ResponsibilityTier.LOCAL),
    ],
)
def test_tier_boundaries_include_the_number(amount, tier):
    assert rules.responsibility_tier(Decimal(amount)) == tier


def decide(amount, unit, introducer=None, **leaders):
    return rules.enterprise_responsibility_rule(
        total_investment=Decimal(amount),
        responsible_unit=unit,
        introducing_unit=introducer or unit,
        industry="C26",
        **leaders,
    )


@pytest.mark.django_db
def test_city_tier_gets_a_city_leader_and_the_areas_leader_in_charge(
    area, area_authority, vice_mayor, area_principal, area_in_charge
):
    decided = decide("50000.00", area)
    assert decided.tier == ResponsibilityTier.CITY
    assert decided.responsible_leader == vice_mayor
    assert decided.leader_in_charge == area_in_charge


@pytest.mark.django_db
def test_principal_tier_gets_the_areas_principal_leader(
    area, area_authority, vice_mayor, area_principal, area_in_charge
):
    decided = decide("49999.99", area)
    assert decided.tier == ResponsibilityTier.PRINCIPAL
    assert decided.responsible_leader == area_principal
    assert decided.leader_in_charge is None


@pytest.mark.django_db
def test_a_leader_who_does_not_fit_the_tier_is_refused(
    area, area_authority, vice_mayor, area_principal, area_in_charge
):
    with pytest.raises(RuleViolation) as error:
        decide("10000.00", area, responsible_leader=vice_mayor)
    assert error.value.rule == "E-1"
    with pytest.raises(RuleViolation):
        decide("50000.00", area, responsible_leader=area_principal)
    with pytest.raises(RuleViolation):
        decide("50000.00", area, leader_in_charge=area_principal)
    other = LeaderFactory(rank=LeaderRank.PRINCIPAL, unit=UnitFactory(code="GZ"))
    with pytest.raises(RuleViolation):
        decide("20000.00", area, responsible_leader=other)


@pytest.mark.django_db
def test_counterpart_by_introducer(area, area_authority, department):
    assert decide("20000.00", area).counterpart_unit == area_authority
    assert decide("20000.00", area, introducer=department).counterpart_unit == department
    county_bureau = UnitFactory(
        code="BYQ-SCJG", kind=UnitKind.MUNICIPAL_DEPARTMENT, level="county", parent=area
    )
    assert decide("20000.00", area, introducer=county_bureau).counterpart_unit == area_authority


@pytest.fixture
def completed_project(area, department):
    return ProjectFactory(
        name="鲅鱼圈区锂电池正极材料项目",
        owner_unit=area,
        landing_unit=area,
        total_investment=Decimal("60000.00"),
        stage="completed",
    )


@pytest.mark.django_db
def test_handover_keeps_leader_department_and_team(
    completed_project, area, area_authority, department, vice_mayor, area_in_charge, drc
):
    retired = LeaderFactory(rank=LeaderRank.CITY_LEADER, is_retired=True, title="原副市长")
    team = TeamFactory(
        project=completed_project, phase="assistance", lead_unit=area, lead_leader=retired
    )
    team.cooperating_units.set([department])

    enterprise = services.enterprise_register_from_project(project=completed_project, user=drc)

    assert enterprise.tier == ResponsibilityTier.CITY
    assert enterprise.responsible_leader == retired  # the assisting leader stays
    assert enterprise.leader_in_charge == area_in_charge
    assert enterprise.responsible_unit == area
    assert enterprise.counterpart_unit == area_authority
    assert enterprise.total_investment == Decimal("60000.00")
    carried = Team.objects.get(project=completed_project, phase="enterprise")
    assert enterprise.team == carried
    assert carried.lead_leader == retired
    assert set(carried.cooperating_units.all()) == {department}
    assert enterprise.history.first().history_user == drc


@pytest.mark.django_db
def test_handover_is_idempotent(completed_project, area, area_authority, vice_mayor, drc):
    first = services.enterprise_register_from_project(project=completed_project, user=drc)
    again = services.enterprise_register_from_project(project=completed_project, user=drc)
    assert first.pk == again.pk
    assert Enterprise.objects.count() == 1
    assert Team.objects.filter(project=completed_project).count() == 0  # no assistance team


@pytest.mark.django_db
def test_handover_without_team_answers_by_owner_unit(
    area, area_authority, area_principal, department, drc
):
    project = ProjectFactory(
        owner_unit=department,
        landing_unit=area,
        total_investment=Decimal("10000.00"),
        stage="operating",
    )
    principal = LeaderFactory(rank=LeaderRank.PRINCIPAL, unit=department)
    enterprise = services.enterprise_register_from_project(project=project, user=drc)
    assert enterprise.responsible_unit == department
    assert enterprise.responsible_leader == principal
    assert enterprise.counterpart_unit == department
    assert enterprise.area == area


@pytest.mark.django_db
def test_a_project_under_construction_is_not_handed_over(project, drc):
    project.stage = "construction"
    project.save()
    with pytest.raises(RuleViolation) as error:
        services.enterprise_register_from_project(project=project, user=drc)
    assert error.value.rule == "E-1"


@pytest.mark.django_db
def test_direct_registration(owner, area, area_authority, area_principal):
    enterprise = services.enterprise_register(
        user=owner,
        name="营口某镁制品有限公司",
        introducing_unit=area,
        total_investment=Decimal("12000.00"),
        industry="C30",
    )
    assert enterprise.project is None
    assert enterprise.responsible_unit == area
    assert enterprise.responsible_leader == area_principal
    assert enterprise.counterpart_unit == area_authority


@pytest.fixture
def city_departments(department):
    """The city's departments of the reference table's kinds (工信 is `department`, GXJ)."""
    return {
        "GXJ": department,
        **{
            code: UnitFactory(code=code, name=f"营口市{name}", kind=UnitKind.MUNICIPAL_DEPARTMENT)
            for code, name in [("SWJ", "商务局"), ("WHLY", "文化旅游局"), ("JTYS", "交通运输局")]
        },
    }


def counterpart_of(introducer, industry):
    return rules._counterpart_unit(introducer, industry)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("industry", "code"),
    [("C26", "GXJ"), ("F52", "SWJ"), ("H61", "WHLY"), ("G55", "JTYS"), ("T97", "GXJ")],
)
def test_a_city_departments_project_is_served_by_the_city_authority_of_its_industry(
    city_departments, industry, code
):
    """E-1 "市直部门引进的项目，由市行政主管部门对口服务": the city's department in charge of what
    the enterprise does (the same reference table as an area's 行业主管部门), not the department
    that happened to introduce it — the commerce bureau's chemical plant goes to 工信."""
    commerce = city_departments["SWJ"]
    assert counterpart_of(commerce, industry) == city_departments[code]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "kind",
    [
        UnitKind.MUNICIPAL_DEPARTMENT,
        UnitKind.DRC,
        UnitKind.INVESTMENT_BUREAU,
        UnitKind.PARTY_ORG,
        UnitKind.CITY_GOVERNMENT,
    ],
)
def test_every_city_level_introducer_follows_one_rule(city_departments, kind):
    """A project the investment bureau or the DRC introduced is served as one a municipal
    department introduced: by the city authority of its industry."""
    introducer = UnitFactory(code=f"X-{kind}", kind=kind)
    assert counterpart_of(introducer, "H61") == city_departments["WHLY"]
    assert counterpart_of(introducer, "C26") == city_departments["GXJ"]


@pytest.mark.django_db
def test_without_that_city_authority_the_introducing_department_serves(department):
    commerce = UnitFactory(code="SWJ", kind=UnitKind.MUNICIPAL_DEPARTMENT)
    assert counterpart_of(commerce, "H61") == commerce  # no 文化旅游局 in the system


@pytest.mark.django_db
def test_counterpart_for_a_party_organisation_is_the_city_industry_authority(area, department):
    union = UnitFactory(code="ZGH", kind=UnitKind.PARTY_ORG)
    assert decide("20000.00", area, introducer=union).counterpart_unit == department  # code GXJ


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("industry", "code"),
    [
        ("H61", "BYQ-WHLY"),  # a hotel: culture and tourism, not industry and IT
        ("C26", "BYQ-GXJ"),
        ("F52", "BYQ-SWJ"),
        ("G54", "BYQ-JTYS"),
        ("A01", "BYQ-NYNC"),
        ("E47", "BYQ-ZJJ"),
    ],
)
def test_counterpart_is_the_competent_department_for_the_industry(area, industry, code):
    for suffix, name in [
        ("GXJ", "工业和信息化局"),
        ("WHLY", "文化旅游局"),
        ("SWJ", "商务局"),
        ("JTYS", "交通运输局"),
        ("NYNC", "农业农村局"),
        ("ZJJ", "住房和城乡建设局"),
    ]:
        UnitFactory(
            code=f"BYQ-{suffix}",
            name=f"鲅鱼圈区{name}",
            kind=UnitKind.MUNICIPAL_DEPARTMENT,
            level="county",
            parent=area,
        )
    decided = rules.enterprise_responsibility_rule(
        total_investment=Decimal("20000.00"),
        responsible_unit=area,
        introducing_unit=area,
        industry=industry,
    )
    assert decided.counterpart_unit.code == code


@pytest.mark.django_db
def test_administrators_edit_the_reference_table(area, area_authority):
    from yingkou.industries import industry_authority_rule
    from yingkou.models import IndustryAuthority

    tourism = UnitFactory(
        code="BYQ-WHLY",
        name="鲅鱼圈区文化旅游局",
        kind=UnitKind.MUNICIPAL_DEPARTMENT,
        level="county",
        parent=area,
    )
    assert industry_authority_rule("H61").department_code == "WHLY"
    IndustryAuthority.objects.filter(industry="H").update(
        department_code="GXJ", department_name="工业和信息化局"
    )
    IndustryAuthority.objects.create(
        industry="H61", department_code="WHLY", department_name="文化旅游局"
    )
    assert rules._counterpart_unit(area, "H61") == tourism  # the division's row wins
    assert rules._counterpart_unit(area, "H62") == area_authority
