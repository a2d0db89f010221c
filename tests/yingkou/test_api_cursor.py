"""The API's keyset pages (`?cursor=`): the same rows in the same order as the numbered pages,
whatever the list's order and filters, with the page-number contract left as it was."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ProjectFactory
from tests.yingkou.test_api import api_as

pytestmark = pytest.mark.django_db


@pytest.fixture
def projects(area):
    # Ties on the investment (three of each amount) so positions repeat across page boundaries.
    return [
        ProjectFactory(owner_unit=area, total_investment=Decimal(1000 + n // 3), stage=stage)
        for n, stage in zip(range(75), ["planning", "reserve", "signed"] * 25, strict=True)
    ]


def walk(api, url):
    rows, pages = [], 0
    while url:
        body = api.get(url).json()
        assert "count" not in body
        rows += [row["id"] for row in body["results"]]
        url, pages = body["next"], pages + 1
    return rows, pages


@pytest.mark.parametrize(
    "query",
    ["", "&ordering=total_investment", "&ordering=-name", "&stage=reserve&stage=signed"],
)
def test_cursor_pages_hold_every_row_once_in_the_list_order(drc, projects, query):
    api = api_as(drc)
    expected = [
        row["id"] for row in api.get(f"/api/v1/projects/?page_size=500{query}").json()["results"]
    ]
    rows, pages = walk(api, f"/api/v1/projects/?cursor=&page_size=20{query}")
    assert rows == expected and pages == -(-len(expected) // 20)


def test_previous_goes_back_to_the_same_rows(drc, projects):
    api = api_as(drc)
    first = api.get("/api/v1/projects/?cursor=&page_size=20").json()
    second = api.get(first["next"]).json()
    assert first["previous"] is None
    back = api.get(second["previous"]).json()
    assert [r["id"] for r in back["results"]] == [r["id"] for r in first["results"]]


def test_a_deep_cursor_page_runs_the_queries_of_the_first(drc, projects):
    api = api_as(drc)
    url, counts = "/api/v1/projects/?cursor=&page_size=5", []
    for _ in range(10):
        with CaptureQueriesContext(connection) as queries:
            body = api.get(url).json()
        counts.append(len(queries))
        url = body["next"]
    assert len(set(counts)) == 1


def test_a_related_order_is_refused_with_cursor_paging(drc, projects):
    response = api_as(drc).get("/api/v1/projects/?cursor=&ordering=owner_unit")
    assert response.status_code == 400 and "cursor" in response.json()


def test_numbered_pages_are_unchanged(drc, projects):
    body = api_as(drc).get("/api/v1/projects/?page=2").json()
    assert body["count"] == 75 and len(body["results"]) == 25
    assert body["next"] is None and body["previous"].endswith("/api/v1/projects/")


def test_the_schema_does_not_promise_a_count_that_a_cursor_page_leaves_out(client):
    schema = client.get("/api/schema/?format=json").json()["components"]["schemas"]
    pages = {name: body for name, body in schema.items() if name.startswith("Paginated")}
    assert pages
    for name, body in pages.items():
        assert "count" in body["properties"], name
        assert "count" not in body["required"], name
        assert "results" in body["required"], name
