"""A unit answers for rows of cases it does not work on — a problem it has to solve (A-3), a
line of a proposal list involving it (A-5) — and sees those rows, not the case: the project is
named there, and links to the case only for a reader who may open it."""

import pytest
from django.urls import reverse

from assistance import services
from tests.assistance.factories import AssistanceCaseFactory, ProblemFactory
from tests.factories import ProjectFactory, UnitFactory, UserFactory
from yingkou.choices import Role, UnitKind

pytestmark = pytest.mark.django_db

NAME = "鲅鱼圈区港口物流项目"


@pytest.fixture
def case(area):
    return AssistanceCaseFactory(
        project=ProjectFactory(name=NAME, owner_unit=area, landing_unit=area, industry="G55"),
        team__lead_unit=area,
    )


@pytest.fixture
def finance(db):
    """营口市财政局: no team of the case, not the competent department of its industry."""
    unit = UnitFactory(code="CZJ", name="营口市财政局", kind=UnitKind.MUNICIPAL_DEPARTMENT)
    return UserFactory(role=Role.UNIT_STAFF, unit=unit)


def _page(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _links_case(body, case) -> bool:
    return f'href="{reverse("assistance:detail", args=[case.pk])}"' in body


def test_the_unit_solving_a_problem_sees_the_project_named_not_linked(client, case, owner, finance):
    problem = ProblemFactory(case=case, owner_unit=finance.unit, title="土地出让金返还")
    for url in (reverse("assistance:problems"), reverse("assistance:problem", args=[problem.pk])):
        body = _page(client, finance, url)
        assert NAME in body and "土地出让金返还" in body
        assert not _links_case(body, case)
        assert client.get(reverse("assistance:detail", args=[case.pk])).status_code == 404
        assert _links_case(_page(client, owner, url), case)


def test_a_unit_involved_in_a_line_sees_the_project_named_not_linked(
    client, case, owner, finance, drc
):
    services.coordination_propose(
        case=case, user=owner, involved_unit=finance.unit, matter="协调专项资金"
    )
    report = services.coordination_compile(user=drc, note="")
    for url in (
        reverse("assistance:coordination"),
        reverse("assistance:coordination_report", args=[report.pk]),
    ):
        body = _page(client, finance, url)
        assert NAME in body and "协调专项资金" in body
        assert not _links_case(body, case)
        assert _links_case(_page(client, owner, url), case)
        assert _links_case(_page(client, drc, url), case)
