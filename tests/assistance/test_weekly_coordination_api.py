"""The API of the weekly dispatch (帮扶机制二(一)) and of the proposal lists (帮扶机制二(二)), so
another system can do every step: 400 citing the rule, 404 outside the caller's remit, 403 for a
step that is not the caller's."""

import datetime as dt

import pytest
import time_machine

from assistance.models import CoordinationEntry, WeeklyProgress
from tests.assistance.factories import AssistanceCaseFactory
from tests.clock import at
from tests.conftest import api_as
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(area):
    # in assistance since June: the week's list reads the cases as recorded by then
    with time_machine.travel(dt.datetime(2026, 6, 1, 2, tzinfo=dt.UTC), tick=False):
        return AssistanceCaseFactory(
            project=ProjectFactory(owner_unit=area, landing_unit=area, stage="construction"),
            team__lead_unit=area,
        )


def saturday_10_october():
    # the make-up working Saturday after National Day 2026, 10:00 in Yingkou
    return at(dt.date(2026, 10, 10))


def test_weekly_progress_through_the_api(site, owner, outsider, drc):
    url = f"/api/v1/assistance/projects/{site.pk}/weekly/"
    body = {"progress": "钢结构安装完成60%", "investment": "300.00"}
    with saturday_10_october():
        assert api_as(outsider).post(url, body, format="json").status_code == 404
        refused = api_as(owner).post(url, {**body, "progress": "电话13800000000"}, format="json")
        assert refused.status_code == 400 and refused.json()["rule"] == "A-8"
        assert api_as(owner).post(url, body, format="json").status_code == 200
        week = api_as(drc).get("/api/v1/assistance/weekly/", {"week": "2026-10-10"}).json()
    assert WeeklyProgress.objects.get(case=site).week == dt.date(2026, 10, 5)
    assert week["due_on"] == "2026-10-09" and not week["archived"]
    assert [(r["case"], r["state"], r["version"]) for r in week["projects"]] == [
        (site.pk, "late", 1)
    ]
    with saturday_10_october():
        assert api_as(outsider).get("/api/v1/assistance/weekly/").json()["projects"] == []
        later = api_as(drc).get("/api/v1/assistance/weekly/", {"week": "2026-10-12"})
        assert later.status_code == 404
        assert api_as(drc).get("/api/v1/assistance/weekly/", {"week": "x"}).status_code == 400


def test_a_stale_weekly_correction_through_the_api_is_409(site, owner, reviewer):
    url = f"/api/v1/assistance/projects/{site.pk}/weekly/"

    def version_read(user):
        week = api_as(user).get("/api/v1/assistance/weekly/").json()
        return {row["case"]: row["version"] for row in week["projects"]}[site.pk]

    body = {"progress": "钢结构安装完成60%", "investment": "300.00"}
    with saturday_10_october():
        unreported = version_read(owner)
        read_before = version_read(reviewer)
        mine = {**body, "version": unreported}
        assert api_as(owner).post(url, mine, format="json").status_code == 200
        theirs = {**body, "progress": "覆盖", "version": read_before}
        stale = api_as(reviewer).post(url, theirs, format="json")
        assert stale.status_code == 409 and "已被他人报送或修改" in stale.json()["detail"]
        fresh = {**theirs, "version": version_read(reviewer)}
        assert api_as(reviewer).post(url, fresh, format="json").status_code == 200
    report = WeeklyProgress.objects.get(case=site)
    assert (unreported, report.progress, report.version) == (0, "覆盖", 2)


def test_the_proposal_list_through_the_api(
    site, owner, outsider, other_area, drc, city_leader_user
):
    url = f"/api/v1/assistance/projects/{site.pk}/coordination/"
    own = api_as(owner).post(url, {"involved_unit": owner.unit_id, "matter": "x"}, format="json")
    assert own.status_code == 400 and own.json()["rule"] == "A-5"
    body = {"involved_unit": other_area.pk, "matter": "需盖州市协调施工便道"}
    created = api_as(owner).post(url, body, format="json")
    assert created.status_code == 201 and created.json()["status"] == "proposed"
    assert api_as(owner).post("/api/v1/assistance/coordination/compile/", {}).status_code == 403
    compiled = api_as(drc).post("/api/v1/assistance/coordination/compile/", {"note": "第一期"})
    assert compiled.status_code == 201 and compiled.json()[0]["status"] == "reported"
    entry = CoordinationEntry.objects.get()
    decide = f"/api/v1/assistance/coordination/{entry.pk}/decide/"
    answer = {"agreed": False, "decision": "由鲅鱼圈区自行解决"}
    assert api_as(owner).post(decide, answer, format="json").status_code == 403
    decided = api_as(city_leader_user).post(decide, answer, format="json")
    assert decided.status_code == 200 and decided.json()["status"] == "declined"
    # the involved unit reads its line; a unit with nothing to do with it does not
    assert api_as(outsider).get(f"/api/v1/assistance/coordination/{entry.pk}/").status_code == 200
    from tests.factories import UnitFactory, UserFactory
    from yingkou.choices import Role

    stranger = UserFactory(role=Role.UNIT_STAFF, unit=UnitFactory(code="LB", name="老边区"))
    listed = api_as(stranger).get("/api/v1/assistance/coordination/").json()
    assert (listed.get("results", listed) if isinstance(listed, dict) else listed) == []
