"""A page of projects after the first is read as its ids, then its rows: the same rows in the
same order as the list read whole, for a unit (its own, its area's and its teams' projects, and
no other) as for the city, filtered and sorted as asked, in as many queries as the first page."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import ProjectFactory, TeamFactory
from tests.queries import count_queries
from yingkou.models import Project

pytestmark = pytest.mark.django_db


@pytest.fixture
def city(area, other_area, department):
    """Projects the area owns, hosts for a department, is on the team of, and does not see;
    amounts repeat, so the id breaks ties."""
    amounts = [Decimal(a) for a in ("5000.00", "1200.00", "1200.00", "80000.00", "1000.00")]
    for n in range(30):
        amount = amounts[n % len(amounts)]
        ProjectFactory(owner_unit=area, total_investment=amount, stage="reserve")
        ProjectFactory(owner_unit=department, landing_unit=area, total_investment=amount)
        teamed = ProjectFactory(owner_unit=other_area, total_investment=amount)
        if n % 2:
            TeamFactory(project=teamed, lead_unit=area)
        else:
            TeamFactory(project=teamed, lead_unit=other_area).cooperating_units.add(area)
        ProjectFactory(owner_unit=other_area, total_investment=amount)


def _names(response) -> list[str]:
    return [project.name for project in response.context["page"].object_list]


@pytest.mark.parametrize("who", ["owner", "drc"])
@pytest.mark.parametrize("query", [{}, {"ordering": "name"}, {"stage": "reserve"}])
def test_every_page_holds_the_rows_of_the_whole_list_in_its_order(
    client, request, city, who, query
):
    user = request.getfixturevalue(who)
    client.force_login(user)
    everything = _names(client.get(reverse("projects:list"), {**query, "per_page": "200"}))
    assert len(everything) == {"owner": 90, "drc": 120}[who] if not query else len(everything) > 20
    pages = []
    for number in range(1, -(-len(everything) // 20) + 1):
        response = client.get(reverse("projects:list"), {**query, "per_page": "20", "page": number})
        assert response.status_code == 200
        pages += _names(response)
    assert pages == everything


def test_a_unit_sees_no_other_units_projects_on_a_deep_page(client, owner, city):
    client.force_login(owner)
    response = client.get(reverse("projects:list"), {"per_page": "20", "page": "4"})
    shown = Project.objects.filter(name__in=_names(response))
    assert len(shown) == 20  # rows 61-80 of the 90 it sees
    assert set(shown) <= set(Project.objects.visible_to(owner))


def test_a_deep_page_picks_its_ids_first_in_the_same_number_of_queries(client, owner, city):
    """One statement still: the page's rows where id is in the page's ids (LIMIT and OFFSET
    inside), which PostgreSQL reads from the order index alone."""
    client.force_login(owner)
    url = reverse("projects:list")
    first = count_queries(lambda: client.get(url, {"per_page": "20"}))
    deep = count_queries(lambda: client.get(url, {"per_page": "20", "page": "4"}))
    assert deep == first
    with CaptureQueriesContext(connection) as queries:
        client.get(url, {"per_page": "20", "page": "4"})
    page = [q["sql"] for q in queries if "OFFSET 60" in q["sql"]]
    assert len(page) == 1
    assert IDS_FIRST.search(page[0])
    # the rows are read by id alone: the unit's conditions are asked once, inside
    assert page[0].count('"lead_unit_id" =') == 1


IDS_FIRST = re.compile(
    r'"yingkou_project"\."id" IN \(SELECT \w+\."id" (AS "pk" )?FROM "yingkou_project"'
)


def test_a_first_page_is_read_as_before(owner, city):
    rows = Project.objects.visible_to(owner)[:20]
    assert not IDS_FIRST.search(str(rows.query))
    assert len(list(rows)) == 20


@pytest.mark.skipif(connection.vendor != "postgresql", reason="INCLUDE is PostgreSQL's")
def test_the_order_index_carries_the_unit_columns():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'project_order_with_units'"
        )
        (definition,) = cursor.fetchone()
    assert "(total_investment DESC, id) INCLUDE (owner_unit_id, landing_unit_id)" in definition
