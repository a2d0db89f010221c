"""N-2 after a project change: rule and tier decided again at exactly 10亿; a lead who no
longer fits is flagged on the case and in the lead unit's queue."""

from decimal import Decimal

import pytest
from django.urls import reverse

from yingkou import services as shared

pytestmark = pytest.mark.django_db


def _edit(project, user, **fields):
    project.refresh_from_db()
    shared.project_update(project=project, user=user, expected_version=project.version, **fields)


@pytest.mark.parametrize(
    ("amount", "rule", "unfit"), [("99999.99", 4, False), ("100000.00", 1, True)]
)
def test_growing_past_10yi_flags_a_lead_who_no_longer_fits(
    case, drc, client, teammate, amount, rule, unfit
):
    assert case.team.lead_leader is not None and not case.lead_unfit

    _edit(case.project, drc, total_investment=Decimal(amount))

    case.refresh_from_db()
    assert case.lead_unfit is unfit
    assert f"第{rule}条" in case.rule_note
    client.force_login(teammate)
    home = client.get(reverse("home")).content.decode()
    assert "牵头领导待调整（调整前不能签约）" in home
    listed = client.get(reverse("negotiation:list"), {"lead_unfit": "true"}).content.decode()
    assert (case.project.name in listed) is unfit
    if unfit:
        assert "牵头领导郭局长（局长）不再符合" in case.rule_note
        page = client.get(reverse("negotiation:detail", args=[case.pk])).content.decode()
        assert "牵头领导待调整" in page


def test_falling_back_under_10yi_clears_the_flag(case, drc):
    _edit(case.project, drc, total_investment=Decimal("100000.00"))
    _edit(case.project, drc, total_investment=Decimal("20000.00"))
    case.refresh_from_db()
    assert not case.lead_unfit and "第4条" in case.rule_note


def test_signing_stays_refused_until_a_fitting_lead_is_set(
    case, drc, teammate, area, principal, department
):
    from negotiation import services
    from negotiation.choices import NegotiationStage
    from tests.factories import LeaderFactory
    from yingkou.errors import RuleViolation

    for stage in (NegotiationStage.INSPECTION, NegotiationStage.NEGOTIATION):
        services.negotiation_case_move(case=case, stage=stage, user=teammate)
    team = {"cooperating_units": [area], "main_negotiating_unit": None, "service_liaison": teammate}
    services.negotiation_team_update(case=case, user=teammate, lead_leader=principal, **team)
    _edit(case.project, drc, total_investment=Decimal("100000.00"))
    case.refresh_from_db()
    assert case.lead_unfit

    with pytest.raises(RuleViolation) as error:
        services.negotiation_case_sign(case=case, user=teammate)
    assert error.value.rule == "N-2"

    vice_mayor = LeaderFactory(name="分管副市长")
    vice_mayor.portfolio_units.set([department])
    services.negotiation_team_update(case=case, user=teammate, lead_leader=vice_mayor, **team)
    case.refresh_from_db()
    assert not case.lead_unfit
    services.negotiation_case_sign(case=case, user=teammate)
    case.refresh_from_db()
    assert case.stage == NegotiationStage.SIGNED


def test_a_new_landing_area_joins_the_case_and_is_told(case, drc, area, other_area, department):
    """N-2 rules 1, 2, 4, 6: the landing area cooperates. When the project's landing area
    changes, the case lands there too, the new area joins the team (a team edit would otherwise
    be refused for lacking it) and learns of it, and the lead unit and the old area are told."""
    from negotiation.models import NegotiationCase
    from tests.factories import UserFactory
    from yingkou.models import Notification

    old_staff = UserFactory(unit=area)
    new_staff = UserFactory(unit=other_area)
    lead_staff = UserFactory(unit=department)
    assert case.landing_unit == area and case.composition.rule == 4

    _edit(case.project, drc, landing_unit=other_area)

    case.refresh_from_db()
    assert case.landing_unit == other_area
    assert other_area in case.team.cooperating_units.all()
    assert NegotiationCase.objects.visible_to(new_staff).filter(pk=case.pk).exists()
    assert "盖州市" in case.history.first().history_change_reason
    url = reverse("negotiation:detail", args=[case.pk])
    told = set(Notification.objects.filter(url=url).values_list("user_id", flat=True))
    assert {old_staff.pk, new_staff.pk, lead_staff.pk} <= told
