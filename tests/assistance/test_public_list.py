"""A-5: a unit's public page shows its published cases a page at a time; its feed gives them
all, in the same order, at a fixed number of queries."""

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.assistance.factories import AssistanceCaseFactory
from tests.factories import LeaderFactory, ProjectFactory, UnitFactory, UserFactory
from tests.queries import assert_constant_queries
from yingkou.choices import LeaderRank


@pytest.fixture
def principal(area):
    return LeaderFactory(rank=LeaderRank.PRINCIPAL, unit=area, name="王区长", title="区长")


def _published(area, principal, name, investment):
    return AssistanceCaseFactory(
        project=ProjectFactory(name=name, owner_unit=area, total_investment=Decimal(investment)),
        team__lead_unit=area,
        team__lead_leader=principal,
    )


def test_public_feed_gives_every_case_with_its_team(client, area, principal):
    responsible = LeaderFactory(rank=LeaderRank.IN_CHARGE, unit=area, name="李局长", title="局长")
    small = _published(area, principal, "小项目", 100)
    large = _published(area, principal, "大项目", 90000)
    large.responsible_leader = responsible
    large.save()
    large.team.cooperating_units.set(
        [UnitFactory(name="乙单位", code="Z2"), UnitFactory(name="甲单位", code="Z1")]
    )
    large.team.members.set([UserFactory(first_name="晓", last_name="林", unit=area)])
    small.team.members.set([UserFactory(username="zhou", first_name="", last_name="", unit=area)])

    projects = client.get(reverse("assistance:public_feed", args=[area.code])).json()["projects"]

    assert len(projects) == 2
    assert projects[0] == {
        "project": "大项目",
        "total_investment": "90000.00",
        "tier": large.tier,
        "assisting_leader": "王区长（区长）",
        "responsible_leader": "李局长（局长）",
        "team_units": [area.name, "甲单位", "乙单位"],
        "team_members": ["林晓"],
    }
    assert projects[-1]["project"] == "小项目"
    assert projects[-1]["responsible_leader"] is None
    assert projects[-1]["team_units"] == [area.name]
    assert projects[-1]["team_members"] == ["zhou"]


def test_public_feed_runs_constant_queries(client, area, principal):
    url = reverse("assistance:public_feed", args=[area.code])

    def add(n):
        for _ in range(n):
            case = _published(area, principal, "项目", 1000)
            case.team.members.add(UserFactory(unit=area))
            case.team.cooperating_units.add(UnitFactory())

    assert_constant_queries(lambda: client.get(url), add, 3, 40)
