"""E-5: who is told when an inspection plan is filed — the same-level government that approves it
and, when a second agency plans the same enterprise, the legal affairs office that merges them;
nobody else."""

import datetime as dt

import pytest

from tests.enterprise.inspections import agency, legal_office, plan
from tests.factories import UserFactory
from yingkou.choices import NotificationKind, Role
from yingkou.errors import RuleViolation
from yingkou.models import Notification

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


@pytest.fixture
def people(area, other_area, reviewer, owner, outsider, legal, city_gov):
    """Everyone who might be told: the area's reviewer and staff, the city's, this county's and
    another county's legal affairs offices, a city leader, another area's reviewer."""
    return {
        "county_legal": legal_office("BYQ-SFJ", "county", parent=area),
        "other_legal": legal_office("GZ-SFJ", "county", parent=other_area),
        "leader": UserFactory(username="mayor", role=Role.CITY_LEADER, unit=city_gov),
        "other_reviewer": UserFactory(username="gz_boss", role=Role.UNIT_REVIEWER, unit=other_area),
    }


def told(suffix):
    return sorted(
        Notification.objects.filter(
            kind=NotificationKind.INSPECTION_PLAN, key__endswith=suffix
        ).values_list("user__username", flat=True)
    )


def merge_told():
    """Who was asked to merge plans into one joint inspection."""
    return sorted(
        Notification.objects.filter(
            kind=NotificationKind.INSPECTION_PLAN, key__startswith="enterprise:inspection-merge:"
        ).values_list("user__username", flat=True)
    )


def merge_body():
    return Notification.objects.get(key__startswith="enterprise:inspection-merge:").body


def test_a_county_agencys_plan_goes_to_its_county_governments_reviewers(people, enterprise):
    inspection = plan(agency("BYQ-SCJG", "county", "market"), enterprise)
    assert told(":approve") == ["alice_boss"]
    assert merge_told() == []
    notice = Notification.objects.get(user__username="alice_boss")
    assert notice.url == f"/enterprise/inspections/{inspection.pk}/"
    assert "营口港精细化工有限公司" in notice.title
    assert notice.body.startswith("计划检查日期：2026年12月10日\n")


def test_a_city_agencys_plan_goes_to_the_city_legal_affairs_office(people, enterprise):
    plan(agency("STHJ", "city", "ecology"), enterprise)
    assert told(":approve") == ["legal"]
    assert merge_told() == []


def test_a_second_agencys_plan_asks_the_county_legal_office_to_merge(people, enterprise):
    plan(agency("BYQ-SCJG", "county", "market"), enterprise)
    second = plan(agency("BYQ-STHJ", "county", "ecology"), enterprise, dt.date(2026, 12, 14))
    assert merge_told() == ["legal_BYQ-SFJ"]
    assert told(f"{second.pk}:approve") == ["alice_boss"]
    body = merge_body()
    assert "BYQ-SCJG执法机关：2026年12月10日" in body and "BYQ-STHJ执法机关：2026年12月14日" in body


def test_two_city_agencies_plans_are_the_city_legal_offices_to_merge(people, enterprise):
    plan(agency("SCJG", "city", "market"), enterprise)
    plan(agency("STHJ", "city", "ecology"), enterprise, dt.date(2026, 12, 14))
    assert merge_told() == ["legal"]


def test_a_city_agencys_plan_next_to_a_county_agencys_is_merged_by_nobody(people, enterprise):
    """由同级政府法制部门协调: a city-level and a county-level agency's plans are of two
    governments, each approved by its own; neither office is asked to merge them."""
    plan(agency("BYQ-SCJG", "county", "market"), enterprise)
    plan(agency("STHJ", "city", "ecology"), enterprise, dt.date(2026, 12, 14))
    assert merge_told() == []


def test_plans_across_the_turn_of_the_year_are_to_be_merged_too(people, enterprise):
    """合并 sets no period: 30 December and 4 January are pending together, as two in a month."""
    plan(agency("BYQ-SCJG", "county", "market"), enterprise, dt.date(2026, 12, 30))
    plan(agency("BYQ-STHJ", "county", "ecology"), enterprise, dt.date(2027, 1, 4))
    assert merge_told() == ["legal_BYQ-SFJ"]
    body = merge_body()
    assert "BYQ-SCJG执法机关：2026年12月30日" in body and "BYQ-STHJ执法机关：2027年1月4日" in body


def test_a_refused_plan_tells_nobody(people, enterprise):
    scjg = agency("BYQ-SCJG", "county", "market")
    plan(scjg, enterprise)
    Notification.objects.all().delete()
    with pytest.raises(RuleViolation):
        plan(scjg, enterprise, dt.date(2026, 12, 20))
    assert not Notification.objects.exists()


def test_email_goes_out_after_commit(
    people, enterprise, mailoutbox, django_capture_on_commit_callbacks
):
    UserFactory._meta.model.objects.filter(username="alice_boss").update(email="boss@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        plan(agency("BYQ-SCJG", "county", "market"), enterprise)
        assert mailoutbox == []
    assert [m.to for m in mailoutbox] == [["boss@example.com"]]
    assert "执法检查计划待批准" in mailoutbox[0].subject
