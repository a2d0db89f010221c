from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from reserve import services
from reserve.choices import StepAction
from reserve.models import Candidate, ReserveFund
from tests.reserve.conftest import make_project, pooled
from yingkou.errors import RuleViolation

pytestmark = pytest.mark.django_db


def test_handover_needs_clear_investor_intent(area, owner, reviewer):
    entry = pooled(area, owner, reviewer, amount="60000", investor_intent_clear=False)
    with pytest.raises(RuleViolation) as exc:
        services.entry_hand_over(entry=entry, user=reviewer)
    assert exc.value.rule == "R-8"


def test_handover_needs_pooled_project(entry, reviewer, project):
    project.investor_intent_clear = True
    project.save()
    with pytest.raises(RuleViolation) as exc:
        services.entry_hand_over(entry=entry, user=reviewer)
    assert exc.value.rule == "R-8"


@pytest.mark.parametrize("amount,tier", [("50000.00", "city"), ("49999.99", "local")])
def test_handover_opens_one_assistance_case(area, owner, reviewer, amount, tier):
    entry = pooled(area, owner, reviewer, amount=amount, investor_intent_clear=True)
    case = services.entry_hand_over(entry=entry, user=reviewer)
    assert case.project == entry.project
    assert case.tier == tier
    again = services.entry_hand_over(entry=entry, user=reviewer)
    assert again.pk == case.pk
    assert entry.steps.filter(action=StepAction.HANDOVER).count() == 1
    step = entry.steps.get(action=StepAction.HANDOVER)
    assert ("市级领导帮扶" in step.comment) == (tier == "city")


def test_handover_page_and_permissions(client, area, owner, reviewer, outsider):
    entry = pooled(area, owner, reviewer, amount="2000", investor_intent_clear=True)
    with pytest.raises(PermissionDenied):
        services.entry_hand_over(entry=entry, user=owner)
    client.force_login(outsider)
    url = reverse("reserve:entry_action", args=[entry.pk, "handover"])
    assert client.post(url).status_code == 404
    client.force_login(reviewer)
    assert (
        "转入精准帮扶"
        in client.get(reverse("reserve:entry_detail", args=[entry.pk])).content.decode()
    )
    client.post(url)
    entry.refresh_from_db()
    assert entry.handed_over_at is not None


def test_candidate_from_pool_and_outside_with_reason(area, owner, reviewer, drc, bureau):
    inside = pooled(area, owner, reviewer).project
    services.candidate_add(channel="national_bonds", year=2026, project=inside, user=drc)
    outside = make_project(area, "3000")
    with pytest.raises(RuleViolation) as exc:
        services.candidate_add(channel="national_bonds", year=2026, project=outside, user=drc)
    assert exc.value.rule == "R-9"
    reason = "省级重大项目，经市政府常务会议研究同意纳入。"
    candidate = services.candidate_add(
        channel="foreign_loans", year=2026, project=outside, user=bureau, override_reason=reason
    )
    assert candidate.in_pool is False and candidate.override_reason == reason
    with pytest.raises(PermissionDenied):
        services.candidate_add(channel="policy_loans", year=2026, project=inside, user=owner)


def test_candidate_page_warns_and_requires_reason(client, drc, area):
    outside = make_project(area, "3000", name="库外项目")
    client.force_login(drc)
    data = {"channel": "government_investment", "year": 2026, "project": outside.pk}
    page = client.post(reverse("reserve:candidates"), data).content.decode()
    assert "不在任何项目储备库中" in page and "R-9" in page
    assert not Candidate.objects.exists()
    data["override_reason"] = "市委市政府确定的民生重点工程，必须列入。"
    assert client.post(reverse("reserve:candidates"), data).status_code == 302
    assert Candidate.objects.get().override_reason.startswith("市委")


def test_reserve_fund_per_unit_per_year(area, drc, owner, bureau):
    services.reserve_fund_set(unit=area, year=2026, amount=Decimal("500"), user=drc)
    services.reserve_fund_set(unit=area, year=2026, amount=Decimal("650"), user=drc)
    services.reserve_fund_set(unit=area, year=2027, amount=Decimal("700"), user=drc)
    assert list(ReserveFund.objects.filter(unit=area).values_list("year", "amount")) == [
        (2027, Decimal("700")),
        (2026, Decimal("650")),
    ]
    with pytest.raises(PermissionDenied):
        services.reserve_fund_set(unit=area, year=2026, amount=Decimal("1"), user=owner)
    with pytest.raises(RuleViolation) as exc:
        services.reserve_fund_set(unit=bureau.unit, year=2026, amount=Decimal("1"), user=drc)
    assert exc.value.rule == "R-10"
