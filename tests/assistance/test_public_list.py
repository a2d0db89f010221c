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


def test_public_page_pages_the_cases_in_the_order_of_investment(client, area, principal):
    # 21 cases, the largest first: 公示项目00 (21,000 万元) … 公示项目20 (1,000 万元).
    names = [f"公示项目{i:02d}" for i in range(21)]
    for i, name in enumerate(names):
        _published(area, principal, name, 21000 - 1000 * i)
    url = reverse("assistance:public_unit", args=[area.code])

    first = client.get(url + "?per_page=20")  # anonymous
    page = first.content.decode()
    assert [row["project"] for row in first.context["page"]] == names[:20]
    assert "公示项目20" not in page
    assert 'rel="next"' in page and "共 21 条" in page

    second = client.get(url + "?per_page=20&page=2")
    assert [row["project"] for row in second.context["page"]] == names[20:]
    assert "公示项目20" in second.content.decode() and "公示项目00" not in second.content.decode()


def test_public_page_offers_every_page(client, area, principal, monkeypatch):
    # Every published case must be reachable: the pager is not cut at the bound that
    # keeps the working lists' deep pages cheap.
    monkeypatch.setattr("yingkou.paging.MAX_ROWS_PAGED", 20)
    for i in range(21):
        _published(area, principal, f"公示项目{i:02d}", 21000 - 1000 * i)
    url = reverse("assistance:public_unit", args=[area.code])
    last = client.get(url + "?per_page=20&page=2")
    assert last.status_code == 200
    assert [row["project"] for row in last.context["page"]] == ["公示项目20"]


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


@pytest.fixture
def add_published(area, principal):
    """Publishes `n` more cases of the area, each with a member and a cooperating unit to list."""

    def add(n):
        for _ in range(n):
            case = _published(area, principal, "项目", 1000)
            case.team.members.add(UserFactory(unit=area))
            case.team.cooperating_units.add(UnitFactory())

    return add


def test_public_feed_runs_constant_queries(client, area, add_published):
    url = reverse("assistance:public_feed", args=[area.code])
    assert_constant_queries(lambda: client.get(url), add_published, 3, 40)


def test_public_page_runs_constant_queries_past_a_page(client, area, add_published):
    url = reverse("assistance:public_unit", args=[area.code]) + "?per_page=20&page=2"
    assert_constant_queries(lambda: client.get(url), add_published, 21, 30)
