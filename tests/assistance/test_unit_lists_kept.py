"""A unit's unfiltered assistance lists (page and API) are kept between writes, and every write
that changes which cases or problems the unit sees, or their order, shows on the next request:
a case opened, a team's units, a project's owner, an industry's competent department (A-3), a
problem. A write that changes none of them leaves the kept list in use."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from assistance import selectors
from tests.assistance.factories import AssistanceCaseFactory, ProblemFactory
from tests.conftest import api_as
from tests.factories import ProjectFactory
from yingkou.models import IndustryAuthority

pytestmark = pytest.mark.django_db


@pytest.fixture
def reads(monkeypatch):
    """How often a unit's cases were read from the database."""
    counted = []
    read = selectors.cases_of
    monkeypatch.setattr(selectors, "cases_of", lambda rows: counted.append(1) or read(rows))
    return counted


def _case(unit, amount, industry="F51"):
    return AssistanceCaseFactory(
        project=ProjectFactory(
            owner_unit=unit, landing_unit=unit, industry=industry, total_investment=Decimal(amount)
        ),
        team__lead_unit=unit,
    )


def _listed(client, query=""):
    page = client.get(reverse("assistance:list") + query)
    return [case.pk for case in page.context["page"]], page.context["page"].paginator.count


def test_a_units_case_list_follows_every_write_that_changes_what_it_sees(
    client, owner, area, other_area, department, reads
):
    mine = _case(area, 50000)
    theirs = _case(other_area, 90000)
    client.force_login(owner)

    assert _listed(client) == ([mine.pk], 1)
    assert _listed(client) == ([mine.pk], 1)
    assert len(reads) == 1  # kept

    # A project without a case, a case's problem: nothing the list shows moved.
    unassisted = ProjectFactory(owner_unit=area)
    unassisted.name = "改名的储备项目"
    unassisted.save()
    ProblemFactory(case=mine)
    assert _listed(client) == ([mine.pk], 1)
    assert len(reads) == 1

    # The area joins another area's team: that case is now the area's, first by amount.
    theirs.team.cooperating_units.add(area)
    assert _listed(client) == ([theirs.pk, mine.pk], 2)

    # A new case of the area's own project.
    new = _case(area, 70000)
    assert _listed(client) == ([theirs.pk, new.pk, mine.pk], 3)

    # A project's amount moves it in the list's order.
    mine.project.total_investment = Decimal(95000)
    mine.project.save()
    assert _listed(client) == ([mine.pk, theirs.pk, new.pk], 3)

    # The project passes to another owner and lands elsewhere: gone from the area's list.
    new.project.owner_unit = other_area
    new.project.landing_unit = other_area
    new.project.save()
    new.team.lead_unit = other_area
    new.team.save()
    assert _listed(client) == ([mine.pk, theirs.pk], 2)

    # Another order is kept on its own, and a filter reads afresh.
    assert _listed(client, "?ordering=total_investment") == ([theirs.pk, mine.pk], 2)
    assert _listed(client, f"?q={theirs.project.name}") == ([theirs.pk], 1)


def test_the_industry_departments_list_follows_the_reference_table(
    client, area, department, teammate, reads
):
    """A-3: the department sees the key projects of its industries; a row of the reference table
    given to it shows that industry's cases on its next request."""
    chemicals = _case(area, 50000, industry="C26")
    hotel = _case(area, 90000, industry="H61")
    client.force_login(teammate)
    assert _listed(client) == ([chemicals.pk], 1)

    row = IndustryAuthority.objects.get(industry="H")
    row.department_code = department.code
    row.department_name = department.name
    row.save()
    assert _listed(client) == ([hotel.pk, chemicals.pk], 2)
    assert len(reads) == 2


def test_the_api_lists_of_a_unit_follow_writes_too(owner, area, other_area):
    mine = _case(area, 50000)
    theirs = _case(other_area, 90000)
    late = ProblemFactory(case=mine, title="用地手续")
    api = api_as(owner)

    def ids(path, query=""):
        answer = api.get(f"/api/v1/assistance/{path}/{query}").json()
        return [row["id"] for row in answer["results"]], answer["count"]

    assert ids("projects") == ([mine.pk], 1)
    assert ids("problems") == ([late.pk], 1)

    theirs.team.cooperating_units.add(area)
    other = ProblemFactory(case=theirs, title="供电接入")
    assert ids("projects") == ([theirs.pk, mine.pk], 2)
    assert sorted(ids("problems")[0]) == sorted([late.pk, other.pk])

    # A problem handed to another unit on a case the area is not on leaves its list.
    other.case = _case(other_area, 10000)
    other.owner_unit = other_area
    other.save()
    assert ids("problems") == ([late.pk], 1)
    assert ids("problems", f"?case={theirs.pk}") == ([], 0)


def test_a_units_problem_page_and_its_summary_follow_writes(client, owner, area, other_area):
    """The unfiltered problem list of a unit and its per-category summary are kept; a problem
    saved, solved or moved to a case the unit is not on shows on the next request, and late
    is judged on the day of the request."""
    mine = _case(area, 50000)
    theirs = _case(other_area, 90000)
    first = ProblemFactory(case=mine, category="land", due_on=dt.date(2026, 12, 10))
    client.force_login(owner)

    def listed(query=""):
        page = client.get(reverse("assistance:problems") + query)
        summary = {
            row["category"]: (row["open"], row["late"], row["total"])
            for row in page.context["by_category"]
            if row["total"]
        }
        return [problem.pk for problem in page.context["page"]], summary

    with time_machine.travel(dt.datetime(2026, 12, 9, 2, tzinfo=dt.UTC), tick=False):
        assert listed() == ([first.pk], {"land": (1, 0, 1)})
        second = ProblemFactory(case=mine, category="power", due_on=dt.date(2026, 12, 8))
        assert listed() == ([second.pk, first.pk], {"land": (1, 0, 1), "power": (1, 1, 1)})
    with time_machine.travel(dt.datetime(2026, 12, 11, 2, tzinfo=dt.UTC), tick=False):
        # The next day: the first is late too.
        assert listed()[1] == {"land": (1, 1, 1), "power": (1, 1, 1)}
        second.case = theirs
        second.owner_unit = other_area
        second.save()
        assert listed() == ([first.pk], {"land": (1, 1, 1)})
        assert listed("?category=power") == ([], {})
