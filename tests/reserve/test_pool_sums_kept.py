"""R-4: the pool list keeps every pool's sums between writes, and shows every write that changes
a pool's health at once: a project joining or leaving, its investment, its industry."""

from decimal import Decimal

import pytest
from django.db import transaction
from django.urls import reverse

from reserve import selectors, services
from reserve.models import Pool
from tests.reserve.conftest import make_project, pooled
from yingkou import services as shared

pytestmark = pytest.mark.django_db


@pytest.fixture
def sums_read(monkeypatch):
    """The pools each reading of sums asked for: "all", or the set of pools summed again."""
    calls = []
    read = selectors._pool_sums_live

    def counting(pool_ids=None):
        calls.append("all" if pool_ids is None else set(pool_ids))
        return read(pool_ids)

    monkeypatch.setattr(selectors, "_pool_sums_live", counting)
    return calls


def listed(client, pool):
    """The pool's row of the DRC's pool list: (projects, total, non-real-estate, large)."""
    page = client.get(reverse("reserve:pool_list"))
    assert page.status_code == 200
    (shown,) = [p for p in page.context["pools"] if p.pk == pool.pk]
    health = shown.health
    return (
        health.project_count,
        health.total_investment,
        health.non_real_estate_investment,
        health.large_investment,
    )


def edit(project, user, **fields):
    project.refresh_from_db()
    shared.project_update(project=project, user=user, expected_version=project.version, **fields)


def test_the_sums_are_read_once_between_writes(client, drc, area, owner, reviewer, pool, sums_read):
    pooled(area, owner, reviewer, amount="60000")
    client.force_login(drc)
    assert listed(client, pool) == (1, Decimal("60000"), Decimal("60000"), Decimal("60000"))
    assert listed(client, pool) == (1, Decimal("60000"), Decimal("60000"), Decimal("60000"))
    api = client.get("/api/v1/reserve/pools/?page_size=500").json()["results"]
    assert [row["health"]["project_count"] for row in api if row["id"] == pool.pk] == [1]
    assert sums_read == ["all"]


def test_a_project_joining_and_leaving_shows_at_once_summing_its_pool_alone(
    client, drc, area, owner, reviewer, pool, level1, sums_read
):
    client.force_login(drc)
    first = pooled(area, owner, reviewer, amount="60000")
    assert listed(client, pool) == (1, Decimal("60000"), Decimal("60000"), Decimal("60000"))

    pooled(area, owner, reviewer, amount="1000", industry="K70")
    assert listed(client, pool) == (2, Decimal("61000"), Decimal("60000"), Decimal("60000"))

    services.entry_recommend(entry=first, user=reviewer)
    services.entry_approve(entry=first, user=drc)
    assert listed(client, level1)[0] == 1

    # Past planning, the project leaves both pools.
    first.project.refresh_from_db()
    shared.project_move_stage(project=first.project, stage="signed", user=reviewer)
    assert listed(client, pool) == (1, Decimal("1000"), Decimal("0"), Decimal("0"))
    assert listed(client, level1) == (0, Decimal("0"), Decimal("0"), Decimal("0"))
    assert sums_read[0] == "all"
    assert all(read in ({pool.pk}, {level1.pk}, {pool.pk, level1.pk}) for read in sums_read[1:])


@pytest.mark.parametrize(
    ("amount", "large"),
    [("50000", Decimal("50000")), ("49999.99", Decimal("0"))],
)
def test_an_investment_changed_shows_at_once_at_the_5_yi_boundary(
    amount, large, client, drc, area, owner, reviewer, pool
):
    entry = pooled(area, owner, reviewer, amount="60000")
    client.force_login(drc)
    assert listed(client, pool)[3] == Decimal("60000")
    edit(entry.project, drc, total_investment=Decimal(amount))
    assert listed(client, pool) == (1, Decimal(amount), Decimal(amount), large)
    assert selectors.pool_health(pool).large_met == (large > 0)


def test_an_industry_changed_to_real_estate_shows_at_once(
    client, drc, area, owner, reviewer, pool, sums_read
):
    entry = pooled(area, owner, reviewer, amount="60000")
    client.force_login(drc)
    assert listed(client, pool)[2] == Decimal("60000")
    edit(entry.project, drc, industry="K70")
    assert listed(client, pool) == (1, Decimal("60000"), Decimal("0"), Decimal("60000"))
    assert sums_read == ["all", {pool.pk}]


def test_a_project_edit_that_leaves_the_sums_alone_keeps_them(
    client, drc, area, owner, reviewer, pool, sums_read
):
    entry = pooled(area, owner, reviewer, amount="60000")
    outside = make_project(area, "3000")
    client.force_login(drc)
    listed(client, pool)
    edit(entry.project, drc, name="更名后的项目")
    edit(outside, drc, total_investment=Decimal("4000"))
    assert listed(client, pool) == (1, Decimal("60000"), Decimal("60000"), Decimal("60000"))
    # The project outside every pool raised its item; summing its pools found none.
    assert sums_read in (["all"], ["all", set()])


def test_a_plan_set_shows_at_once_with_the_sums_kept(
    client, drc, area, owner, reviewer, pool, sums_read
):
    pooled(area, owner, reviewer, amount="60000")
    client.force_login(drc)
    listed(client, pool)
    services.pool_set_plan(
        pool=pool, plan_period="2026-2030", plan_investment=Decimal("30000"), user=drc
    )
    page = client.get(reverse("reserve:pool_list"))
    (shown,) = [p for p in page.context["pools"] if p.pk == pool.pk]
    assert shown.health.plan_met and shown.health.plan_investment == Decimal("30000")
    assert sums_read == ["all"]


def test_the_kept_list_agrees_with_every_pool_summed_afresh(client, drc, area, owner, reviewer):
    entries = [pooled(area, owner, reviewer, amount=a) for a in ("60000", "1000", "2500")]
    client.force_login(drc)
    client.get(reverse("reserve:pool_list"))
    edit(entries[1].project, drc, total_investment=Decimal("70000"), industry="K70")
    kept = {p.pk: p.health for p in client.get(reverse("reserve:pool_list")).context["pools"]}
    assert kept == {pool.pk: selectors.pool_health(pool) for pool in Pool.objects.all()}


def test_an_edit_rolled_back_leaves_the_list_as_it_was(client, drc, area, owner, reviewer, pool):
    """A service that reads the list after its write and then fails: the list it read in its
    transaction is not what the next reader gets."""
    entry = pooled(area, owner, reviewer, amount="60000")
    client.force_login(drc)
    assert listed(client, pool)[1] == Decimal("60000")
    with pytest.raises(RuntimeError), transaction.atomic():
        edit(entry.project, drc, total_investment=Decimal("2000"))
        (inside,) = [p for p in selectors.pools_with_health() if p.pk == pool.pk]
        assert inside.health.total_investment == Decimal("2000")
        raise RuntimeError
    assert listed(client, pool) == (1, Decimal("60000"), Decimal("60000"), Decimal("60000"))
