"""Negotiation lists: one ordering for page, API and export, at a fixed number of queries."""

import datetime as dt

import pytest

from negotiation import services
from negotiation.choices import QuestionKind
from tests.conftest import api_as
from tests.factories import ProjectFactory
from tests.negotiation.factories import open_case
from tests.queries import assert_constant_queries
from tests.sorting import api_order, export_order, page_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(department, area, teammate):
    return [
        open_case(
            negotiating_unit=department,
            project=ProjectFactory(
                name=name, owner_unit=department, landing_unit=area, total_investment=amount
            ),
            user=teammate,
            opened_on=opened_on,
        )
        for name, amount, opened_on in (
            ("乙洽谈", "30000.00", dt.date(2026, 11, 2)),
            ("甲洽谈", "10000.00", dt.date(2026, 11, 2)),
            ("丙洽谈", "20000.00", dt.date(2026, 10, 9)),
        )
    ]


@pytest.mark.parametrize(
    "ordering", ["name", "-total_investment", "opened_on", "-opened_on,name", "lead_leader", ""]
)
def test_page_api_and_export_list_cases_in_the_same_order(client, teammate, cases, ordering):
    client.force_login(teammate)
    on_page = page_order(client, "/negotiation/", ordering, lambda c: c.project.name)
    by_id = {c.pk: c.project.name for c in cases}
    api = api_as(teammate)
    assert on_page == api_order(api, "/api/v1/negotiations/", ordering, lambda c: by_id[c["id"]])
    assert on_page == export_order(client, "/negotiation/", ordering, column=1)
    assert sorted(on_page) == sorted(by_id.values())


def test_the_case_list_sorts_by_the_clicked_column(client, teammate, cases):
    client.force_login(teammate)
    second, first, third = cases
    assert page_order(client, "/negotiation/", "total_investment", lambda c: c) == [
        first,
        third,
        second,
    ]
    # The default: the most recent first contact first, then the newest record.
    assert page_order(client, "/negotiation/", "", lambda c: c) == [first, second, third]


@pytest.fixture
def questions(cases, teammate, department):
    return [
        services.investor_question_raise(
            case=cases[index % 3],
            user=teammate,
            kind=kind,
            question=f"问题{index}",
            owner_unit=department,
            asked_on=asked_on,
        )
        for index, (kind, asked_on) in enumerate(
            (
                (QuestionKind.POLICY, dt.date(2026, 11, 20)),
                (QuestionKind.POLICY, dt.date(2026, 11, 18)),
                (QuestionKind.POLICY, dt.date(2026, 11, 24)),
            )
        )
    ]


@pytest.mark.parametrize("ordering", ["project", "-asked_on", "kind,-due_on", ""])
def test_page_api_and_export_list_questions_in_the_same_order(
    client, teammate, questions, ordering
):
    client.force_login(teammate)
    url = "/negotiation/questions/"
    on_page = page_order(client, url, ordering, lambda q: q.pk)
    api = api_as(teammate)
    assert on_page == api_order(api, "/api/v1/negotiations/questions/", ordering, lambda q: q["id"])
    texts = {q.pk: q.question for q in questions}
    assert [texts[pk] for pk in on_page] == export_order(client, url, ordering, column=3)


def test_a_sorted_case_list_runs_a_fixed_number_of_queries(client, teammate, department, area):
    client.force_login(teammate)

    def add_cases(n):
        for _ in range(n):
            project = ProjectFactory(owner_unit=department, landing_unit=area)
            open_case(negotiating_unit=department, project=project, user=teammate)

    assert_constant_queries(
        lambda: client.get("/negotiation/", {"ordering": "-lead_leader,landing_unit"}),
        add_cases,
        small=2,
        large=12,
    )
