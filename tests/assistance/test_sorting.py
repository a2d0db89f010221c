"""Assistance lists: one ordering for page, API and export, at a fixed number of queries."""

import datetime as dt
from decimal import Decimal

import pytest

from tests.assistance.factories import AssistanceCaseFactory, ProblemFactory
from tests.conftest import api_as
from tests.factories import ProjectFactory
from tests.queries import assert_constant_queries
from tests.sorting import api_order, export_order, page_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(area):
    return [
        AssistanceCaseFactory(
            project=ProjectFactory(
                name=name, owner_unit=area, landing_unit=area, total_investment=Decimal(amount)
            ),
            team__lead_unit=area,
            opened_on=opened_on,
        )
        for name, amount, opened_on in (
            ("乙帮扶", "30000", dt.date(2026, 3, 1)),
            ("甲帮扶", "10000", dt.date(2026, 1, 1)),
            ("丙帮扶", "30000", dt.date(2026, 2, 1)),
        )
    ]


@pytest.mark.parametrize("ordering", ["name", "-total_investment", "opened_on", "tier,-name", ""])
def test_page_api_and_export_list_cases_in_the_same_order(client, drc, cases, ordering):
    client.force_login(drc)
    on_page = page_order(client, "/assistance/", ordering, lambda c: c.project.name)
    names = {c.pk: c.project.name for c in cases}
    api = api_as(drc)
    assert on_page == api_order(
        api, "/api/v1/assistance/projects/", ordering, lambda c: names[c["id"]]
    )
    assert on_page == export_order(client, "/assistance/", ordering, column=1)


def test_the_case_list_still_opens_with_the_largest_investment_first(client, drc, cases):
    client.force_login(drc)
    second, first, third = cases
    assert page_order(client, "/assistance/", "", lambda c: c) == [second, third, first]


@pytest.fixture
def problems(cases):
    return [
        ProblemFactory(case=cases[index], title=title, due_on=due_on)
        for index, (title, due_on) in enumerate(
            (
                ("乙问题", dt.date(2026, 12, 9)),
                ("甲问题", dt.date(2026, 12, 1)),
                ("丙问题", dt.date(2026, 12, 5)),
            )
        )
    ]


@pytest.mark.parametrize("ordering", ["title", "-due_on", "project,title", ""])
def test_page_api_and_export_list_problems_in_the_same_order(client, drc, problems, ordering):
    client.force_login(drc)
    url = "/assistance/problems/"
    on_page = page_order(client, url, ordering, lambda p: p.title)
    titles = {p.pk: p.title for p in problems}
    api = api_as(drc)
    in_api = api_order(api, "/api/v1/assistance/problems/", ordering, lambda p: titles[p["id"]])
    assert on_page == in_api
    assert on_page == export_order(client, url, ordering, column=3)


def test_a_sorted_case_list_runs_a_fixed_number_of_queries(client, drc, area):
    client.force_login(drc)
    assert_constant_queries(
        lambda: client.get("/assistance/", {"ordering": "-lead_leader,name"}),
        lambda n: AssistanceCaseFactory.create_batch(n, team__lead_unit=area),
    )
