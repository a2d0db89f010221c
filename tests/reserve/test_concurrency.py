"""Two requests released together on one reserve record: one acts, the other is refused on what
the first left (or, where the action is idempotent, finds it done), and nothing is lost
(issue 15)."""

from decimal import Decimal

from reserve import services
from reserve.models import Entry, Pool, ReserveFund, Step, WeeklyUpdate
from tests.concurrency import codes, postgres_only, race, together
from tests.reserve.conftest import make_project, pooled
from yingkou.errors import StaleVersion

pytestmark = postgres_only


def test_declaring_one_project_twice_together(owner, area, pool):
    project = make_project(area, "1000.00")
    body = {"project": project.pk}
    first, second = race(
        (owner, "post", "/api/v1/reserve/entries/", body),
        (owner, "post", "/api/v1/reserve/entries/", body),
    )
    assert codes([first, second]) == [201, 400]
    refused = first if first.status_code == 400 else second
    assert refused.json()["rule"] == "R-2" and "只能在一个项目库" in refused.json()["detail"]
    assert Entry.objects.filter(project=project).count() == 1


def test_a_years_first_fund_entered_twice_together(drc, area, pool):
    """Both DRC reviewers saw no fund for the year (version 0): one entry is kept, the other is
    told (409), never a database error."""
    outcomes = together(
        *[
            (
                lambda amount=amount: services.reserve_fund_set(
                    unit=area, year=2026, amount=Decimal(amount), user=drc, expected_version=0
                )
            )
            for amount in ("300", "500")
        ]
    )
    refused = [o for o in outcomes if isinstance(o, Exception)]
    assert len(refused) == 1 and isinstance(refused[0], StaleVersion), outcomes
    kept = next(o for o in outcomes if not isinstance(o, Exception))
    fund = ReserveFund.objects.get(unit=area, year=2026)
    assert (fund.amount, fund.version) == (kept.amount, 1)


def test_two_responsible_choices_on_one_version_together(reviewer, owner, pool):
    outcomes = together(
        *[
            (
                lambda person=person: services.pool_responsible_set(
                    pool=pool, responsible=person, user=reviewer, seen_responsible_id=None
                )
            )
            for person in (owner, reviewer)
        ]
    )
    refused = [o for o in outcomes if isinstance(o, Exception)]
    assert len(refused) == 1 and isinstance(refused[0], StaleVersion), outcomes
    kept = next(o for o in outcomes if not isinstance(o, Exception))
    pool.refresh_from_db()
    assert (pool.responsible, pool.version) == (kept.responsible, 2)


def test_a_plan_and_a_responsible_choice_together(drc, reviewer, owner, pool):
    """R-5: the DRC's plan and the reviewer's choice, both made on the pool as opened, land on
    one record: the choice is saved whichever goes first, since nobody changed the person."""
    planned, chosen = Pool.objects.get(pk=pool.pk), Pool.objects.get(pk=pool.pk)
    outcomes = together(
        lambda: services.pool_set_plan(
            pool=planned,
            plan_period="十五五",
            plan_investment=Decimal("100"),
            user=drc,
            expected_version=1,
        ),
        lambda: services.pool_responsible_set(
            pool=chosen, responsible=owner, user=reviewer, seen_responsible_id=None
        ),
    )
    assert not isinstance(outcomes[1], Exception), outcomes
    pool.refresh_from_db()
    assert pool.responsible == owner


def test_two_plan_edits_on_one_plan_together(drc, pool):
    """R-4: two DRC reviewers save the plan they both saw: the second waits on the row, finds
    the first one's plan and is refused (409), not saved over it."""
    outcomes = together(
        *[
            (
                lambda amount=amount: services.pool_set_plan(
                    pool=Pool.objects.get(pk=pool.pk),
                    plan_period="十五五",
                    plan_investment=Decimal(amount),
                    user=drc,
                    seen_plan=(pool.plan_period, None),
                )
            )
            for amount in ("100", "200")
        ]
    )
    refused = [o for o in outcomes if isinstance(o, Exception)]
    assert len(refused) == 1 and isinstance(refused[0], StaleVersion), outcomes
    kept = next(o for o in outcomes if not isinstance(o, Exception))
    pool.refresh_from_db()
    assert (pool.plan_investment, pool.version) == (kept.plan_investment, 2)


def test_handing_one_entry_over_twice_together(area, owner, reviewer):
    entry = pooled(area, owner, reviewer, amount="2000", investor_intent_clear=True)
    url = f"/api/v1/reserve/entries/{entry.pk}/hand-over/"
    first, second = race((reviewer, "post", url, {}), (reviewer, "post", url, {}))
    assert codes([first, second]) == [200, 200]
    assert first.json()["assistance_case"] == second.json()["assistance_case"]
    assert Step.objects.filter(entry=entry, action="handover").count() == 1


def test_confirming_one_week_twice_together(owner, reviewer, pool):
    url = f"/api/v1/reserve/pools/{pool.pk}/weekly-update/"
    first, second = race(
        (owner, "post", url, {"note": "新增2个项目"}),
        (reviewer, "post", url, {"note": "更新3个项目进展"}),
    )
    assert codes([first, second]) == [200, 200]
    assert WeeklyUpdate.objects.filter(pool=pool).count() == 1


def test_approving_and_returning_one_entry_together(submitted, reviewer):
    base = f"/api/v1/reserve/entries/{submitted.pk}"
    approved, returned = race(
        (reviewer, "post", f"{base}/approve/", {}),
        (reviewer, "post", f"{base}/return/", {"comment": "请补充用地手续"}),
    )
    assert codes([approved, returned]) == [200, 400]
    submitted.refresh_from_db()
    winner = "approve" if approved.status_code == 200 else "return"
    assert Step.objects.filter(entry=submitted, action__in=["approve", "return"]).count() == 1
    assert Step.objects.get(entry=submitted, action__in=["approve", "return"]).action == winner
