"""E-2: only the enterprise's own responsibility chain's visits count; a newly registered
enterprise owes its first visit the month after."""

import datetime as dt

import pytest
import time_machine

from enterprise import selectors
from tests.enterprise.factories import EnterpriseFactory, VisitFactory
from tests.factories import LeaderFactory, TeamFactory, UnitFactory
from yingkou.choices import LeaderRank, UnitKind

pytestmark = pytest.mark.django_db
NOVEMBER = dt.date(2026, 11, 15)


@pytest.fixture(autouse=True)
def during_november():
    """The records are made during November: E-2 reads the month as recorded by its end, so
    records made on a later real day would not exist for it yet."""
    with time_machine.travel(dt.datetime(2026, 11, 20, 2, tzinfo=dt.UTC), tick=False):
        yield


def missing(month=NOVEMBER):
    return {e.name for e in selectors.enterprises_without_visit(month=month)}


def test_visits_outside_the_chain_do_not_count(area, other_area):
    enterprise = EnterpriseFactory(name="甲企业", introducing_unit=area)
    utility = UnitFactory(name="国网营口供电公司", code="GD", kind=UnitKind.UTILITY)
    party = UnitFactory(name="营口市总工会", code="ZGH", kind=UnitKind.PARTY_ORG)
    for unit in (utility, party, other_area):
        VisitFactory(enterprise=enterprise, visiting_unit=unit, visited_on=dt.date(2026, 11, 3))
    assert "甲企业" in missing()
    coverage = selectors.visit_coverage_by_unit(month=NOVEMBER)
    assert [(c.key, c.visited) for c in coverage] == [(1, 0)]


def test_visits_by_the_chain_count(area, department):
    counterpart = UnitFactory(name="鲅鱼圈区文化旅游局", code="BYQ-WHLY", parent=area)
    on_team = UnitFactory(name="营口市商务局", code="SWJ")
    team = TeamFactory(lead_unit=area)
    team.cooperating_units.set([on_team])
    city_leader = LeaderFactory(rank=LeaderRank.CITY_LEADER)
    by_unit = EnterpriseFactory(
        name="对口单位走访", introducing_unit=area, counterpart_unit=counterpart
    )
    by_team = EnterpriseFactory(name="团队单位走访", introducing_unit=area, team=team)
    by_leader = EnterpriseFactory(
        name="负责领导走访", introducing_unit=area, responsible_leader=city_leader
    )
    by_responsible = EnterpriseFactory(name="责任单位走访", introducing_unit=area)
    day = dt.date(2026, 11, 3)
    VisitFactory(enterprise=by_unit, visiting_unit=counterpart, visited_on=day)
    VisitFactory(enterprise=by_team, visiting_unit=on_team, visited_on=day)
    VisitFactory(enterprise=by_leader, visiting_unit=department, leader=city_leader, visited_on=day)
    VisitFactory(enterprise=by_responsible, visiting_unit=area, visited_on=day)
    assert missing() == set()


def test_registered_during_a_month_owes_its_first_visit_next_month(area):
    EnterpriseFactory(name="新纳入企业", introducing_unit=area, registered_on=dt.date(2026, 11, 1))
    EnterpriseFactory(
        name="月底纳入企业", introducing_unit=area, registered_on=dt.date(2026, 10, 31)
    )
    assert missing() == {"月底纳入企业"}
    assert missing(dt.date(2026, 12, 1)) == {"新纳入企业", "月底纳入企业"}


def test_bank_matchmaking_and_job_fairs_are_recorded_service_activities(area):
    from enterprise import services
    from enterprise.choices import VisitKind
    from tests.factories import UserFactory
    from yingkou.choices import Role

    enterprise = EnterpriseFactory(name="乙企业", introducing_unit=area)
    staff = UserFactory(role=Role.UNIT_STAFF, unit=area)
    for kind in (VisitKind.BANK_MATCHMAKING, VisitKind.JOB_FAIR):
        visit = services.visit_record(
            enterprise=enterprise,
            user=staff,
            visited_on=dt.date(2026, 11, 3),
            visitors="金融办、人社局",
            topics="银企对接会" if kind == VisitKind.BANK_MATCHMAKING else "企业用工招聘会",
            kind=kind,
        )
        assert visit.get_kind_display() in ("银企对接", "人才、用工招聘会")


def test_the_clerk_is_told_when_a_recorded_visit_does_not_count(client, area, owner, drc):
    from django.urls import reverse

    enterprise = EnterpriseFactory(name="甲企业", introducing_unit=area)
    url = reverse("enterprise:visit_create", args=[enterprise.pk])
    data = {"visited_on": "2026-11-19", "kind": "service", "visitors": "王科长", "topics": "走访"}
    page = reverse("enterprise:detail", args=[enterprise.pk])

    client.force_login(drc)  # the DRC is not on this enterprise's chain
    response = client.post(url, data, follow=True)
    shown = response.content.decode()
    assert "不计入每月走访（E-2）" in shown and "走访记录已保存" in shown
    assert shown.count("不计入每月走访") == 2  # the warning and the visit's row

    client.force_login(owner)  # the responsible area's visit counts
    response = client.post(url, data, follow=True)
    assert "不计入每月走访（E-2）" not in response.content.decode()
    assert client.get(page).content.decode().count("不计入每月走访") == 1


def test_a_suspended_key_enterprise_still_owes_its_monthly_visit(area):
    """E-2: "对重点企业每月至少开展1次对口服务" names key enterprises, not only those producing: a
    suspended (停产) one is still owed its monthly service, one closed or moved away is not."""
    EnterpriseFactory(name="在产企业", introducing_unit=area)
    EnterpriseFactory(name="停产企业", introducing_unit=area, status="suspended")
    EnterpriseFactory(name="注销企业", introducing_unit=area, status="closed")
    EnterpriseFactory(
        name="非重点停产企业", introducing_unit=area, status="suspended", is_key=False
    )
    assert missing() == {"在产企业", "停产企业"}
    coverage = selectors.visit_coverage_by_unit(month=NOVEMBER)
    assert [(c.key, c.visited) for c in coverage] == [(2, 0)]


def test_a_visit_to_a_suspended_key_enterprise_counts(area):
    suspended = EnterpriseFactory(name="停产企业", introducing_unit=area, status="suspended")
    VisitFactory(enterprise=suspended, visiting_unit=area, visited_on=dt.date(2026, 11, 3))
    assert missing() == set()
    coverage = selectors.visit_coverage_by_unit(month=NOVEMBER)
    assert [(c.key, c.visited) for c in coverage] == [(1, 1)]
