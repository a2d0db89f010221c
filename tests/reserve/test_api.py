import pytest

from reserve.models import Entry
from tests.conftest import api_as
from tests.factories import UnitFactory
from tests.queries import assert_constant_queries
from tests.reserve.conftest import bulk_pooled, make_project, pooled
from yingkou import freshness
from yingkou.choices import UnitKind

pytestmark = pytest.mark.django_db

ENTRY_FIELDS = {"id", "project", "pool", "status", "comment"}


def test_entry_fields_and_workflow_actions(owner, reviewer, drc, area, pool, level1):
    project = make_project(area, "1000.00")
    response = api_as(owner).post("/api/v1/reserve/entries/", {"project": project.pk})
    assert response.status_code == 201, response.json()
    body = response.json()
    assert set(body) >= ENTRY_FIELDS
    assert body["status"] == "draft" and body["pool"] == pool.pk
    entry = f"/api/v1/reserve/entries/{body['id']}"
    assert api_as(owner).post(f"{entry}/submit/").json()["status"] == "submitted"
    returned = api_as(reviewer).post(f"{entry}/return/", {"comment": "请补充投资方"})
    assert returned.json()["status"] == "returned"
    assert returned.json()["comment"] == "请补充投资方"
    api_as(owner).post(f"{entry}/submit/")
    assert api_as(reviewer).post(f"{entry}/approve/").json()["status"] == "approved"
    recommended = api_as(reviewer).post(f"{entry}/recommend/").json()
    assert (recommended["level"], recommended["status"]) == (1, "submitted")
    done = api_as(drc).post(f"{entry}/approve/", {"comment": "同意"}).json()
    assert (done["level"], done["status"]) == (1, "approved")
    assert [s["action"] for s in done["steps"]] == [
        "declare",
        "submit",
        "return",
        "submit",
        "approve",
        "recommend",
        "approve",
    ]


def test_999_99_is_400_naming_r1(owner, area):
    project = make_project(area, "999.99")
    response = api_as(owner).post("/api/v1/reserve/entries/", {"project": project.pk})
    assert response.status_code == 400
    assert response.json()["rule"] == "R-1"
    assert "R-1" in response.json()["detail"]


def test_return_without_comment_is_400_r3(submitted, reviewer):
    response = api_as(reviewer).post(f"/api/v1/reserve/entries/{submitted.pk}/return/")
    assert response.status_code == 400 and response.json()["rule"] == "R-3"


def test_outsider_404_forbidden_action_403(submitted, outsider, owner, drc):
    url = f"/api/v1/reserve/entries/{submitted.pk}/approve/"
    assert api_as(outsider).post(url).status_code == 404
    assert api_as(outsider).get(f"/api/v1/reserve/entries/{submitted.pk}/").status_code == 404
    assert api_as(owner).post(url).status_code == 403
    assert api_as(drc).post(url).status_code == 403
    assert api_as(outsider).get("/api/v1/reserve/entries/").json()["count"] == 0


def test_pool_health_figures_hand_computed(owner, reviewer, area, pool, drc):
    # 60,000 (large) + 30,000 real estate + 10,000 = 100,000; plan 50,000
    pooled(area, owner, reviewer, amount="60000")
    pooled(area, owner, reviewer, amount="30000", industry="K70")
    pooled(area, owner, reviewer, amount="10000")
    api_as(drc).patch(
        f"/api/v1/reserve/pools/{pool.pk}/", {"plan_investment": "50000", "version": 1}
    )
    health = api_as(owner).get(f"/api/v1/reserve/pools/{pool.pk}/").json()["health"]
    assert health["project_count"] == 3
    assert health["total_investment"] == "100000.00"
    assert health["plan_ratio"] == "2.0000" and health["plan_met"] is True
    assert health["plan_set"] is True
    assert health["non_real_estate_share"] == "0.7000" and health["non_real_estate_met"] is False
    assert health["large_share"] == "0.6000" and health["large_met"] is True
    assert health["all_met"] is False


def test_empty_pool_health(drc, pool):
    health = api_as(drc).get(f"/api/v1/reserve/pools/{pool.pk}/").json()["health"]
    assert health["project_count"] == 0
    assert health["total_investment"] == "0.00"
    assert health["non_real_estate_share"] is None
    # No plan total set: the plan rule is undecided (plan_set false), and not met.
    assert health["plan_set"] is False and health["plan_met"] is False


def test_only_drc_sets_plan(owner, pool):
    response = api_as(owner).patch(
        f"/api/v1/reserve/pools/{pool.pk}/", {"plan_investment": "1", "version": 1}
    )
    assert response.status_code == 403
    pool.refresh_from_db()
    assert pool.plan_investment is None


def test_a_stale_plan_edit_is_refused_with_409(drc, pool):
    """Two DRC reviewers edit the plan loaded at version 1: the second is told, not saved over
    the first."""
    url = f"/api/v1/reserve/pools/{pool.pk}/"
    first = api_as(drc).patch(url, {"plan_investment": "50000", "version": 1})
    assert first.status_code == 200 and first.json()["version"] == 2
    second = api_as(drc).patch(url, {"plan_investment": "1", "version": 1})
    assert second.status_code == 409
    assert "已被他人修改" in second.json()["detail"]
    pool.refresh_from_db()
    assert (pool.plan_investment, pool.version) == (50000, 2)
    assert pool.history.count() == 2  # created, then the one edit that won


def test_a_plan_edit_on_a_version_raised_only_by_the_responsible_choice_is_saved(
    drc, reviewer, owner, pool
):
    """R-4/R-5: the version read stands for the plan it held; the unit naming its person since
    raised the version without changing the plan, so the edit is saved. A plan changed since is
    still 409."""
    from reserve.services import pool_responsible_set

    url = f"/api/v1/reserve/pools/{pool.pk}/"
    pool_responsible_set(pool=pool, responsible=owner, user=reviewer)
    first = api_as(drc).patch(url, {"plan_investment": "50000", "version": 1})
    assert first.status_code == 200 and first.json()["version"] == 3
    assert api_as(drc).patch(url, {"plan_investment": "1", "version": 2}).status_code == 409
    assert api_as(drc).patch(url, {"plan_investment": "1", "version": 9}).status_code == 409
    pool.refresh_from_db()
    assert (pool.plan_investment, pool.responsible) == (50000, owner)


def test_a_plan_edit_names_its_version(drc, pool):
    response = api_as(drc).patch(f"/api/v1/reserve/pools/{pool.pk}/", {"plan_investment": "5"})
    assert response.status_code == 400 and "version" in response.json()


def test_unit_sees_only_its_pool(owner, pool, other_area, drc):
    ids = [p["id"] for p in api_as(owner).get("/api/v1/reserve/pools/").json()["results"]]
    assert ids == [pool.pk]
    assert len(api_as(drc).get("/api/v1/reserve/pools/").json()["results"]) >= 2


def test_pool_list_one_aggregate_query_whatever_the_pools(drc, owner, reviewer, area):
    pooled(area, owner, reviewer, amount="60000")
    api = api_as(drc)

    def add(n):
        for _ in range(n):
            UnitFactory(kind=UnitKind.PARK)

    def summed_afresh():
        freshness.forget()
        return api.get("/api/v1/reserve/pools/?page_size=500")

    assert_constant_queries(summed_afresh, add, 10, 60)
    assert_constant_queries(lambda: api.get("/api/v1/reserve/pools/?page_size=500"), add, 10, 60)


def test_entry_list_constant_queries(drc, owner, reviewer, area):
    api = api_as(drc)
    assert_constant_queries(
        lambda: api.get("/api/v1/reserve/entries/?page_size=500"),
        lambda n: bulk_pooled(area, owner, n),
    )


def test_entry_filters(drc, owner, reviewer, area):
    pooled(area, owner, reviewer, amount="60000", industry="K70")
    pooled(area, owner, reviewer, amount="1000")
    api = api_as(drc)
    assert api.get("/api/v1/reserve/entries/?is_real_estate=true").json()["count"] == 1
    assert api.get("/api/v1/reserve/entries/?investment_min=50000").json()["count"] == 1
    assert api.get("/api/v1/reserve/entries/?status=approved").json()["count"] == 2
    assert Entry.objects.count() == 2


def test_weekly_update_publish_and_handover_actions(owner, reviewer, outsider, area, pool):
    url = f"/api/v1/reserve/pools/{pool.pk}/weekly-update/"
    response = api_as(owner).post(url, {"note": "新增1个"})
    assert response.status_code == 200 and response.json()["note"] == "新增1个"
    assert api_as(outsider).post(url).status_code == 404
    entry = pooled(area, owner, reviewer, amount="60000", investor_intent_clear=True)
    base = f"/api/v1/reserve/entries/{entry.pk}"
    assert api_as(owner).post(f"{base}/publish/").json()["is_published"] is True
    assert api_as(owner).post(f"{base}/hand-over/").status_code == 403
    handed = api_as(reviewer).post(f"{base}/hand-over/")
    assert handed.status_code == 200 and handed.json()["tier"] == "city"


def test_declaring_another_units_project_is_404_like_any_record_out_of_reach(
    owner, outsider, area, pool
):
    """No oracle: whether another unit's project exists or is declared is not told (issue 15)."""
    project = make_project(area, "1000.00")
    api_as(owner).post("/api/v1/reserve/entries/", {"project": project.pk})
    declared = api_as(outsider).post("/api/v1/reserve/entries/", {"project": project.pk})
    missing = api_as(outsider).post("/api/v1/reserve/entries/", {"project": 999999})
    assert declared.status_code == missing.status_code == 404
    again = api_as(owner).post("/api/v1/reserve/entries/", {"project": project.pk})
    assert again.status_code == 400 and again.json()["rule"] == "R-2"


def test_a_draft_stays_within_its_unit_until_submitted(owner, drc, bureau, area, pool):
    project = make_project(area, "1000.00")
    entry = api_as(owner).post("/api/v1/reserve/entries/", {"project": project.pk}).json()
    url = f"/api/v1/reserve/entries/{entry['id']}/"
    for reader in (drc, bureau):
        assert api_as(reader).get(url).status_code == 404
        assert api_as(reader).get("/api/v1/reserve/entries/").json()["count"] == 0
    assert api_as(owner).get(url).status_code == 200
    api_as(owner).post(f"{url}submit/")
    assert api_as(drc).get(url).status_code == 200


def test_a_plan_edit_keeps_what_another_writer_changed_meanwhile(drc, owner, pool):
    """The plan is saved on the row as claimed: the responsible person named by the unit while
    the DRC's copy was open is not put back."""
    from reserve.models import Pool
    from reserve.services import pool_set_plan

    stale_copy = Pool.objects.get(pk=pool.pk)
    Pool.objects.filter(pk=pool.pk).update(responsible=owner)
    pool_set_plan(
        pool=stale_copy,
        plan_period="2026-2028",
        plan_investment=50000,
        user=drc,
        expected_version=1,
    )
    pool.refresh_from_db()
    assert (pool.responsible, pool.plan_investment, pool.version) == (owner, 50000, 2)
