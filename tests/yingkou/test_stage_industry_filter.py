"""The project list filtered by several stages and an industry prefix: the rows of any of the
stages in that industry, for a unit only what it sees; asked as one `IN`, which PostgreSQL reads
with the industry from one index (migration yingkou/0018)."""

import pytest
from django.db import connection
from django.urls import reverse

from tests.factories import ProjectFactory, TeamFactory
from yingkou.filters import ProjectFilterSet
from yingkou.models import Project

pytestmark = pytest.mark.django_db

FILTER = {"stage": ["reserve", "construction"], "industry": "C"}


@pytest.fixture
def listed(area, other_area):
    """Per stage and industry: one project of the area, one it is on the team of, one it
    does not see."""
    for stage in ("reserve", "construction", "planning"):
        for industry in ("C26", "D44"):
            ProjectFactory(
                owner_unit=area, stage=stage, industry=industry, name=f"own {stage} {industry}"
            )
            teamed = ProjectFactory(
                owner_unit=other_area,
                stage=stage,
                industry=industry,
                name=f"team {stage} {industry}",
            )
            TeamFactory(project=teamed, lead_unit=area)
            ProjectFactory(
                owner_unit=other_area,
                stage=stage,
                industry=industry,
                name=f"else {stage} {industry}",
            )


def _names(client, user, query) -> set[str]:
    client.force_login(user)
    response = client.get(reverse("projects:list"), query)
    assert response.status_code == 200
    return {project.name for project in response.context["page"].object_list}


def test_several_stages_list_each_stage_in_the_industry(client, drc, listed):
    assert _names(client, drc, FILTER) == {
        f"{who} {stage} C26"
        for who in ("own", "team", "else")
        for stage in ("reserve", "construction")
    }


def test_a_unit_sees_only_its_own_and_its_teams_of_them(client, owner, listed):
    assert _names(client, owner, FILTER) == {
        f"{who} {stage} C26" for who in ("own", "team") for stage in ("reserve", "construction")
    }
    assert _names(client, owner, {**FILTER, "stage": ["planning"]}) == {
        "own planning C26",
        "team planning C26",
    }


def test_several_stages_are_one_in_condition(drc, listed):
    rows = ProjectFilterSet(FILTER, queryset=Project.objects.all()).qs
    sql = str(rows.query)
    assert '"stage" IN (construction, reserve)' in sql
    assert '"stage" = ' not in sql


@pytest.mark.skipif(connection.vendor != "postgresql", reason="INCLUDE is PostgreSQL's")
def test_stage_and_industry_are_indexed_with_what_a_unit_tests():
    """At a city's size the filtered count reads this index alone: the stages as its first
    column's `= ANY`, the industry prefix as a range of its second (pattern operators), and a
    unit's visibility from the columns it carries."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'project_stage_industry'")
        (definition,) = cursor.fetchone()
    assert (
        "(stage, industry varchar_pattern_ops) INCLUDE (owner_unit_id, landing_unit_id, id)"
        in definition
    )
