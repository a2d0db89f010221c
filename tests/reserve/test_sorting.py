"""Reserve lists: one ordering for page, API and export; the project's own filters."""

import pytest

from tests.conftest import api_as
from tests.queries import assert_constant_queries
from tests.reserve.conftest import bulk_pooled, pooled
from tests.sorting import api_order, export_order, page_order


@pytest.fixture
def entries(area, owner, reviewer):
    return [
        pooled(area, owner, reviewer, amount, name=name, industry=industry)
        for name, amount, industry in (
            ("乙储备", "3000.00", "C26"),
            ("甲储备", "1000.00", "E47"),
            ("丙储备", "3000.00", "C27"),
        )
    ]


@pytest.mark.parametrize(
    "ordering", ["name", "-total_investment", "industry,-name", "status,name", "bogus", ""]
)
def test_page_api_and_export_list_entries_in_the_same_order(client, drc, entries, ordering):
    client.force_login(drc)
    on_page = page_order(client, "/reserve/entries/", ordering, lambda e: e.project.name)
    api = api_as(drc)
    in_api = api_order(api, "/api/v1/reserve/entries/", ordering, lambda e: e["id"])
    assert on_page == [e.project.name for e in sorted(entries, key=lambda e: in_api.index(e.pk))]
    assert on_page == export_order(client, "/reserve/entries/", ordering, column=1)


def test_the_queues_keep_their_own_order_until_a_column_is_chosen(
    client, drc, area, owner, reviewer, level1
):
    from reserve.services import entry_recommend

    client.force_login(drc)
    older, newer = (
        entry_recommend(entry=pooled(area, owner, reviewer, amount, name=name), user=reviewer)
        for name, amount in (("先推荐", "1000.00"), ("后推荐", "9000.00"))
    )
    assert page_order(client, "/reserve/review/level-1/", "", lambda e: e) == [older, newer]
    by_amount = page_order(client, "/reserve/review/level-1/", "-total_investment", lambda e: e)
    assert by_amount == [newer, older]


def test_entries_are_filtered_by_the_project_filters(client, drc, entries):
    client.force_login(drc)
    api = api_as(drc)
    for query, names in (
        ({"q": "甲"}, ["甲储备"]),
        ({"industry": "C2"}, ["乙储备", "丙储备"]),
        ({"investment_min": "2000", "industry": "C27"}, ["丙储备"]),
        ({"stage": "reserve"}, ["乙储备", "丙储备", "甲储备"]),
    ):
        page = client.get("/reserve/entries/", {**query, "ordering": "-total_investment,name"})
        assert sorted(e.project.name for e in page.context["page"]) == sorted(names)
        listed = api.get("/api/v1/reserve/entries/", query).json()["results"]
        assert sorted(e["id"] for e in listed) == sorted(
            e.pk for e in entries if e.project.name in names
        )


def test_a_sorted_filtered_entry_list_runs_a_fixed_number_of_queries(client, drc, area, owner):
    client.force_login(drc)
    assert_constant_queries(
        lambda: client.get(
            "/reserve/entries/", {"ordering": "-owner_unit,name", "q": "批量", "industry": "C"}
        ),
        lambda n: bulk_pooled(area, owner, n),
    )
