"""N-6: the pool's summary by stage and by tier, for unit staff (read once with the page) and for
the whole city (kept between the writes it rests on)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from negotiation import selectors, services
from negotiation.choices import NegotiationStage, Tier
from negotiation.models import NegotiationCase
from tests.factories import ProjectFactory
from tests.negotiation.factories import open_case

pytestmark = pytest.mark.django_db


def opened(unit, amount: str, *, user=None, on=dt.date(2026, 11, 2)) -> NegotiationCase:
    project = ProjectFactory(owner_unit=unit, total_investment=Decimal(amount))
    return open_case(negotiating_unit=unit, project=project, user=user, opened_on=on)


def tiers(response) -> dict:
    return {
        row["value"]: (row["count"], row["investment"])
        for row in response.context["summary"]["tiers"]
    }


def stages(response) -> dict:
    return {row["value"]: row["count"] for row in response.context["summary"]["stages"]}


def test_a_units_pool_sums_its_own_open_cases_by_tier_at_the_boundaries(
    client, owner, area, other_area
):
    """Exactly 1亿 (10,000 万元) is tier B and exactly 10亿 tier A (N-2: the higher tier on a
    shared boundary); a case the unit does not see, or one that ended, is not counted."""
    amounts = ["9999.99", "10000.00", "99999.99", "100000.00"]
    mine = [
        opened(area, amount, user=owner, on=dt.date(2026, 10, 1 + n))
        for n, amount in enumerate(amounts)
    ]
    services.negotiation_case_move(
        case=opened(area, "500.00", user=owner),
        stage=NegotiationStage.ENDED,
        user=owner,
        note="投资方撤资",
    )
    opened(other_area, "30000.00")
    client.force_login(owner)

    response = client.get(reverse("negotiation:pool") + "?per_page=20")

    assert tiers(response) == {
        Tier.A: (1, Decimal("100000.00")),
        Tier.B: (2, Decimal("109999.99")),
        Tier.C: (1, Decimal("9999.99")),
    }
    summary = response.context["summary"]
    assert (summary["total"], summary["investment"]) == (4, Decimal("219999.98"))
    # The same figures the database groups for any other reader of these cases.
    visible = NegotiationCase.objects.visible_to(owner).open()
    assert {key: value for key, value in summary.items() if key != "stages"} == {
        key: value for key, value in selectors.pool_summary(visible).items() if key != "stages"
    }
    assert response.context["page"].paginator.count == 4
    # Newest first contact first, the list's own order.
    assert [case.pk for case, *_rule in response.context["rows"]] == [
        case.pk for case in reversed(mine)
    ]


def test_a_units_filtered_and_sorted_pool_pages_the_cases_it_summarises(client, owner, area):
    cases = [opened(area, amount, user=owner) for amount in ["5000.00", "20000.00", "60000.00"]]
    client.force_login(owner)

    response = client.get(
        reverse("negotiation:pool") + f"?tier={Tier.B}&ordering=total_investment&per_page=20"
    )

    assert [case.pk for case, *_rule in response.context["rows"]] == [cases[1].pk, cases[2].pk]
    assert response.context["page"].paginator.count == response.context["summary"]["total"] == 2
    assert tiers(response)[Tier.C] == (0, Decimal(0))


def test_the_city_pool_summary_is_kept_until_a_case_or_its_project_is_written(
    client, bureau, area, owner
):
    """The investment bureau's unfiltered pool keeps its summary between writes: a new case, a
    case moving on and a project's investment crossing 1亿 each show on the next request; a
    filtered pool is summed afresh."""
    first = opened(area, "9000.00", user=owner)
    client.force_login(bureau)
    pool = reverse("negotiation:pool")

    assert tiers(client.get(pool))[Tier.C] == (1, Decimal("9000.00"))
    assert tiers(client.get(pool))[Tier.C] == (1, Decimal("9000.00"))  # kept: the same answer

    second = opened(area, "20000.00", user=owner)
    response = client.get(pool)
    assert (tiers(response)[Tier.B], response.context["page"].paginator.count) == (
        (1, Decimal("20000.00")),
        2,
    )

    services.negotiation_case_move(case=second, stage=NegotiationStage.INSPECTION, user=owner)
    assert stages(client.get(pool))[NegotiationStage.INSPECTION] == 1

    project = first.project
    project.total_investment = Decimal("10000.00")
    project.save()
    assert tiers(client.get(pool))[Tier.B] == (2, Decimal("30000.00"))

    assert tiers(client.get(pool + f"?tier={Tier.C}"))[Tier.B] == (0, Decimal(0))
