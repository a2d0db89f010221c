"""A-5: an area's or department's yearly plan is written through the API as on its page — by its
own unit only, on the version read, adopted when saved as public (its 20 working days to publish
on the unit's portal start that day), every write kept in its history with who made it."""

import datetime as dt
import re

import pytest

from assistance.models import AssistancePlan
from tests.clock import at
from tests.conftest import api_as
from tests.factories import UserFactory
from yingkou.choices import Role

pytestmark = pytest.mark.django_db

D = dt.date
URL = "/api/v1/assistance/plans/"
# Adopted on Wednesday 9 September 2026: due on 13 October, after the National Day break.
ADOPTED, DUE = D(2026, 9, 9), D(2026, 10, 13)
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def _body(**changes) -> dict:
    return {
        "year": 2026,
        "title": "鲅鱼圈区2026年重点项目精准帮扶方案",
        "content": "一个项目、一位领导、一个团队、一抓到底。",
        "is_published": True,
        **changes,
    }


def _create(user, day=ADOPTED, **changes):
    with at(day):
        return api_as(user).post(URL, _body(**changes), format="json")


def _patch(user, plan, day, **body):
    with at(day):
        return api_as(user).patch(f"{URL}{plan.pk}/", body, format="json")


@pytest.fixture
def plan(owner):
    answer = _create(owner)
    assert answer.status_code == 201, answer.content
    return AssistancePlan.objects.get(pk=answer.json()["id"])


def test_its_own_unit_creates_it_and_the_history_names_who(owner, area):
    answer = _create(owner, is_published=False)
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert (body["unit"], body["year"], body["is_published"], body["version"]) == (
        area.pk,
        2026,
        False,
        1,
    )
    # A draft is not adopted and owes no publication.
    assert (body["adopted"], body["adopted_on"], body["publication"]) == (False, None, None)
    assert body["publication_due"] is None
    plan = AssistancePlan.objects.get(pk=body["id"])
    assert [(row.history_type, row.history_user) for row in plan.history.all()] == [("+", owner)]


def test_adopting_it_starts_its_20_working_days_as_on_its_page(plan, owner, reviewer):
    with at(ADOPTED):
        read = api_as(owner).get(f"{URL}{plan.pk}/").json()
        (row,) = api_as(owner).get(URL).json()["results"]
    assert (read["adopted_on"], read["publication"], read["publication_due"]) == (
        "2026-09-09",
        "pending",
        DUE.isoformat(),
    )
    assert row["publication_due"] == DUE.isoformat()
    # Still in time on the due day, 未公示 the day after.
    for day, state in ((DUE, "pending"), (DUE + dt.timedelta(days=1), "overdue")):
        with at(day):
            assert api_as(owner).get(f"{URL}{plan.pk}/").json()["publication"] == state

    # Saved unchanged it keeps its day; a new text is adopted again, and its clock restarts.
    same = _patch(reviewer, plan, D(2026, 9, 20), version=plan.version)
    assert same.status_code == 200, same.content
    assert (same.json()["adopted_on"], same.json()["publication_due"]) == (
        "2026-09-09",
        "2026-10-13",
    )
    changed = _patch(
        reviewer, plan, D(2026, 9, 21), content="问题清单化管理", version=same.json()["version"]
    )
    assert changed.status_code == 200, changed.content
    assert (changed.json()["adopted_on"], changed.json()["publication_due"]) == (
        "2026-09-21",
        "2026-10-26",
    )
    # Made a draft again, it owes nothing.
    draft = _patch(
        owner, plan, D(2026, 9, 22), is_published=False, version=changed.json()["version"]
    )
    assert (draft.json()["adopted"], draft.json()["publication_due"]) == (False, None)
    assert [row.history_user for row in plan.history.order_by("history_id")] == [
        owner,
        reviewer,
        reviewer,
        owner,
    ]


def test_no_other_unit_writes_it_and_the_drc_reads_it_only(plan, owner, outsider, drc, drc_unit):
    other_unit_plan = _create(owner, unit=outsider.unit_id, year=2027)
    assert other_unit_plan.status_code == 403
    assert _create(drc, unit=plan.unit_id, year=2027).status_code == 403
    assert _patch(drc, plan, D(2026, 9, 10), version=plan.version).status_code == 403
    with at(D(2026, 9, 10)):
        assert api_as(drc).get(f"{URL}{plan.pk}/").status_code == 200
        put = api_as(drc).put(f"{URL}{plan.pk}/", {**_body(), "version": plan.version}, "json")
        assert put.status_code == 403
    # Another unit does not even see it.
    assert _patch(outsider, plan, D(2026, 9, 10), version=plan.version).status_code == 404
    plan.refresh_from_db()
    assert (plan.version, plan.history.count()) == (1, 1)
    # The DRC writes its own plan, as on its page.
    own = _create(drc, title="市发展改革委2026年帮扶方案")
    assert own.status_code == 201 and own.json()["unit"] == drc_unit.pk


def test_a_role_that_writes_no_plan_is_refused_before_its_body_is_read(bureau):
    with at(ADOPTED):
        assert api_as(bureau).post(URL, {}, format="json").status_code == 403


def test_a_stale_version_is_a_409_and_changes_nothing(plan, owner, reviewer):
    first = _patch(reviewer, plan, D(2026, 9, 10), content="甲的修改", version=plan.version)
    assert first.status_code == 200
    stale = _patch(owner, plan, D(2026, 9, 10), content="乙的修改", version=plan.version)
    assert stale.status_code == 409 and CHINESE.search(stale.json()["detail"])
    plan.refresh_from_db()
    assert (plan.content, plan.version) == ("甲的修改", 2)


def test_a_second_plan_of_its_unit_and_year_is_a_409_saying_it_exists(plan, owner):
    """Not "changed by someone else": the caller read no version, the plan was there before."""
    second = _create(owner, content="另一份")
    assert second.status_code == 409
    assert second.json()["detail"] == (
        "鲅鱼圈区2026年度帮扶方案已存在，不能再新建；请读取该方案，在其最新版本上修改。"
    )
    plan.refresh_from_db()
    assert (plan.content, plan.version, AssistancePlan.objects.count()) == (
        "一个项目、一位领导、一个团队、一抓到底。",
        1,
        1,
    )


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({}, {"year", "title", "content"}),
        (_body(year=2016), {"year"}),
        (_body(year=2101), {"year"}),
        (_body(title="方" * 201), {"title"}),
        (_body(content="  "), {"content"}),
    ],
)
def test_a_refused_create_is_a_400_by_field_in_chinese(owner, body, fields):
    with at(ADOPTED):
        answer = api_as(owner).post(URL, body, format="json")
    assert answer.status_code == 400
    assert set(answer.json()) == fields
    assert all(CHINESE.search(message) for field in fields for message in answer.json()[field])
    assert not AssistancePlan.objects.exists()


def test_a_change_names_its_version_and_a_put_every_field(plan, owner):
    without = _patch(owner, plan, D(2026, 9, 10), content="新内容")
    assert without.status_code == 400
    assert without.json() == {"version": ["修改帮扶方案时必须提供版本号。"]}
    with at(D(2026, 9, 10)):
        put = api_as(owner).put(f"{URL}{plan.pk}/", {"version": plan.version}, format="json")
    assert put.status_code == 400 and set(put.json()) == {"title", "content", "is_published"}


def test_the_years_of_the_page_are_accepted_and_others_refused_by_its_rule(owner):
    """Last year, this year and next year (`rules.plan_years_open`; its New Year's Day in
    test_plan_years.py), as the plan's page offers them."""
    assert [_create(owner, year=year).status_code for year in (2024, 2025, 2027, 2028)] == [
        400,
        201,
        201,
        400,
    ]


def test_its_unit_writes_what_its_page_writes(owner, reviewer, area):
    """The same people: a unit's staff and reviewers, not its city-wide readers."""
    leader = UserFactory(role=Role.CITY_LEADER, unit=area)
    assert _create(leader).status_code == 403
    assert _create(reviewer).status_code == 201


def test_the_schema_describes_the_writes(client):
    schema = client.get("/api/schema/?format=json").json()
    components = schema["components"]["schemas"]
    listed, one = schema["paths"][URL], schema["paths"][URL + "{id}/"]
    assert set(listed) == {"get", "post"} and set(one) == {"get", "put", "patch"}

    def request(operation) -> dict:
        ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        return components[ref.rsplit("/", 1)[1]]

    assert set(request(listed["post"])["required"]) == {"year", "title", "content"}
    assert set(request(listed["post"])["properties"]) == {
        "unit",
        "year",
        "title",
        "content",
        "is_published",
    }
    assert set(request(one["put"])["required"]) == {"title", "content", "is_published", "version"}
    assert set(request(one["patch"])["properties"]) == {
        "title",
        "content",
        "is_published",
        "version",
    }
    created = listed["post"]["responses"]["201"]["content"]["application/json"]["schema"]
    assert created["$ref"].endswith("/AssistancePlan")
    due = components["AssistancePlan"]["properties"]["publication_due"]
    assert (due["format"], due.get("nullable")) == ("date", True)
