"""A-2 after a project change: the tier is decided again across 5亿 and section K."""

from decimal import Decimal

import pytest

from assistance.choices import TeamStatus, Tier
from tests.assistance.factories import AssistanceCaseFactory
from tests.factories import LeaderFactory, ProjectFactory
from yingkou import services as shared
from yingkou.choices import LeaderRank
from yingkou.models import Notification

pytestmark = pytest.mark.django_db


def _edit(project, user, **fields):
    project.refresh_from_db()
    shared.project_update(project=project, user=user, expected_version=project.version, **fields)


@pytest.fixture
def local_case(area, reviewer):
    project = ProjectFactory(owner_unit=area, total_investment=Decimal("40000.00"))
    case = AssistanceCaseFactory(project=project, tier=Tier.LOCAL)
    case.team.lead_leader = LeaderFactory(rank=LeaderRank.PRINCIPAL, unit=area, name="区长")
    case.team.save()
    return case


@pytest.mark.parametrize(("amount", "tier"), [("49999.99", Tier.LOCAL), ("50000.00", Tier.CITY)])
def test_raising_the_investment_across_5yi_makes_it_city_tier(local_case, drc, owner, amount, tier):
    _edit(local_case.project, drc, total_investment=Decimal(amount))
    local_case.refresh_from_db()
    assert local_case.tier == tier
    if tier == Tier.LOCAL:
        assert local_case.tier_note == "" and local_case.team.lead_leader is not None
        return
    # A city-tier case needs an assisting city leader and goes back through A-5.
    assert local_case.team.lead_leader is None
    assert local_case.team_status == TeamStatus.PROPOSED
    assert "市级领导帮扶" in local_case.tier_note
    assert "A-2" in local_case.history.first().history_change_reason
    assert Notification.objects.filter(user=owner, kind="project_reevaluated").exists()


def test_section_k_in_and_out_at_8yi(area, drc):
    project = ProjectFactory(owner_unit=area, total_investment=Decimal("80000.00"), industry="C26")
    vice_mayor = LeaderFactory(name="副市长")
    head = LeaderFactory(rank=LeaderRank.IN_CHARGE, unit=area, title="副区长")
    case = AssistanceCaseFactory(project=project, tier=Tier.CITY, responsible_leader=head)
    case.team.lead_leader = vice_mayor
    case.team.save()

    _edit(project, drc, industry="K70")  # real estate: falls to local, keeps its team
    case.refresh_from_db()
    assert case.tier == Tier.LOCAL
    assert case.team.lead_leader == vice_mayor
    assert case.team_status == TeamStatus.APPROVED
    assert "转为地区、部门帮扶" in case.tier_note

    _edit(project, drc, industry="C26")  # back out of section K: city tier again
    case.refresh_from_db()
    assert case.tier == Tier.CITY
    assert case.team.lead_leader == vice_mayor  # a city leader may stay
    assert case.team_status == TeamStatus.PROPOSED
    # ... but the area proposes its responsible leader again before the DRC compiles.
    assert case.responsible_leader is None
    assert case.team_status_label == "待地区、部门提出"


def test_a_case_made_city_tier_is_to_compile_only_once_its_area_has_proposed(
    client, local_case, drc, owner, area
):
    """A-2 → A-5: a project change makes the case city tier and its team PROPOSED before anyone
    proposed it; its page says 待地区、部门提出, so the DRC's dashboard, its link and its menu do
    not count it as a list to compile until the area has proposed its responsible leader."""
    from assistance import rules, services
    from assistance.dashboard import panels

    def to_compile() -> int:
        [panel] = [p for p in panels(drc) if p["title"] == "精准帮扶 · 督办"]
        return {label: value for label, value, _url in panel["rows"]}["待汇总的团队名单"]

    # A responsible leader the area named while the case was local is not a proposal for the
    # city leader's team: the DRC still waits for the area.
    local_case.responsible_leader = LeaderFactory(rank=LeaderRank.IN_CHARGE, unit=area)
    local_case.save()
    _edit(local_case.project, drc, total_investment=Decimal("50000.00"))
    local_case.refresh_from_db()
    assert local_case.tier == Tier.CITY and local_case.team_status == TeamStatus.PROPOSED
    assert local_case.responsible_leader is None
    assert local_case.team_status_label == "待地区、部门提出"
    assert to_compile() == 0
    assert not rules.team_step_possible(local_case, rules.TeamStep.COMPILE)
    client.force_login(drc)
    listed = client.get("/assistance/?awaiting_compile=true").content.decode()
    assert local_case.project.name not in listed

    head = LeaderFactory(rank=LeaderRank.IN_CHARGE, unit=area, title="副区长")
    services.assistance_team_propose(
        case=local_case,
        user=owner,
        responsible_leader=head,
        service_liaison=owner,
        project_liaison=owner,
    )
    local_case.refresh_from_db()
    assert local_case.team_status_label == "地区、部门已提出，待发改委汇总"
    assert to_compile() == 1
    listed = client.get("/assistance/?awaiting_compile=true").content.decode()
    assert local_case.project.name in listed
