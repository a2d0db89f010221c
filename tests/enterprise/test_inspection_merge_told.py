"""E-5 多个行政执法机关对同一企业提出执法检查计划的，由同级政府法制部门协调: those who merge a group of
plans are told when it may be merged — not only when a plan is filed or set on another day, but
whenever the group turns mergeable: the inspection that blocked it withdrawn, a unit changed in
the admin or the enterprise moved (told on the save, not by the next morning's job). Told once
for each state of the group, by the same notices whatever made it.

The ecology bureau inspects on 1 December 2026. The market regulator plans 15 December 2026 and
the ecology bureau 10 December 2027: led by the market regulator the ecology bureau would inspect
14 days after its inspection, so the ecology bureau leads. An inspection of the market regulator
on 20 December 2027 blocks that lead too: then no agency may lead (stuck)."""

import datetime as dt
from decimal import Decimal

import pytest

from enterprise import jobs, notices, rules, services
from enterprise.choices import InspectionStatus
from enterprise.models import Enterprise
from tests.enterprise.factories import EnterpriseFactory, InspectionFactory
from tests.enterprise.inspections import agency, plan, staff
from tests.factories import ProjectFactory, UserFactory
from tests.negotiation.test_unit_changed import save_unit_in_admin
from tests.queries import assert_constant_queries
from tests.yingkou.admin_forms import admin_messages
from yingkou import services as shared
from yingkou.choices import NotificationKind, Role
from yingkou.models import Notification

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

OFFICE = "legal_BYQ-SFJ"
REASON = "企业已停产整顿，本次检查不再实施"


def told(title: str) -> dict[str, int]:
    """How many notices whose title says `title` each user has had."""
    counts: dict[str, int] = {}
    for name in Notification.objects.filter(
        kind=NotificationKind.INSPECTION_PLAN, title__contains=title
    ).values_list("user__username", flat=True):
        counts[name] = counts.get(name, 0) + 1
    return counts


def merge_told() -> dict[str, int]:
    """Who was asked to merge the plans, how many times."""
    return told("请协调合并为联合检查")


def stuck_told() -> dict[str, int]:
    """Who was told that no agency may lead them, how many times."""
    return told("无法合并")


def approved(unit, enterprise, day, reviewer):
    return services.inspection_approve(inspection=plan(unit, enterprise, day), user=reviewer)


def withdraw(inspection):
    return services.inspection_withdraw(
        inspection=inspection, user=staff(inspection.agency), reason=REASON
    )


def test_a_group_unstuck_by_a_withdrawal_is_offered_to_those_who_merge_it(
    enterprise, market, ecology, office, reviewer, mailoutbox, django_capture_on_commit_callbacks
):
    approved(ecology, enterprise, dt.date(2026, 12, 1), reviewer)
    blocker = approved(market, enterprise, dt.date(2027, 12, 20), reviewer)
    plan(market, enterprise, dt.date(2026, 12, 15))
    plan(ecology, enterprise, dt.date(2027, 12, 10))
    [group] = rules.merge_groups()
    assert group.stuck
    assert stuck_told()[OFFICE] == 1 and merge_told() == {}

    office.email = "fazhi@example.com"
    office.save()
    # The market regulator withdraws its inspection of 20 December 2027: the ecology bureau may
    # lead now, though no plan of the group changed.
    with django_capture_on_commit_callbacks(execute=True):
        withdraw(blocker)
    [group] = rules.merge_groups()
    assert not group.stuck
    assert merge_told() == {OFFICE: 1}
    notice = Notification.objects.get(title__contains="请协调合并为联合检查")
    assert notice.title == "多个执法机关对营口港精细化工有限公司提出检查计划，请协调合并为联合检查"
    assert "BYQ-SCJG执法机关：2026年12月15日" in notice.body
    assert "BYQ-STHJ执法机关：2027年12月10日" in notice.body
    assert "现可合并" in notice.body
    assert notice.url == "/enterprise/inspections/"
    # By email too, as every inbox notice.
    [mail] = [mail for mail in mailoutbox if "fazhi@example.com" in mail.to]
    assert "请协调合并为联合检查" in mail.subject + mail.body

    # Told once for the group as it stands: the daily run tells nobody again.
    jobs.inspection_merges_stuck(dt.date(2026, 11, 26))
    assert merge_told() == {OFFICE: 1}
    assert stuck_told()[OFFICE] == 1


def test_a_group_stuck_and_unstuck_again_is_offered_again(
    time_machine, enterprise, area, market, ecology, office, reviewer
):
    approved(ecology, enterprise, dt.date(2026, 12, 1), reviewer)
    plan(market, enterprise, dt.date(2026, 12, 15))
    plan(ecology, enterprise, dt.date(2027, 12, 10))
    # Filed, the two plans may be merged under the ecology bureau: the office is asked to.
    assert merge_told() == {OFFICE: 1}

    # An inspection of the market regulator on 20 December 2027 recorded meanwhile: stuck.
    blocker = InspectionFactory(
        enterprise=enterprise,
        agency=market,
        planned_on=dt.date(2027, 12, 20),
        status=InspectionStatus.APPROVED,
        approved_by_unit=area,
        approved_on=dt.date(2026, 11, 26),
    )
    jobs.inspection_merges_stuck(dt.date(2026, 11, 26))
    assert stuck_told()[OFFICE] == 1

    # The next day it is withdrawn: the same plans on the same days may be merged again, and
    # the office, told since that they could not, is asked again.
    time_machine.move_to(dt.datetime(2026, 11, 27, 10, tzinfo=dt.UTC), tick=False)
    withdraw(blocker)
    assert merge_told() == {OFFICE: 2}
    jobs.inspection_merges_stuck(dt.date(2026, 11, 27))
    assert merge_told() == {OFFICE: 2} and stuck_told()[OFFICE] == 1


def test_the_notices_of_many_groups_take_a_fixed_number_of_queries(
    area, market, ecology, office, reviewer
):
    """Each enterprise: a group that may be merged, and one no agency may lead."""
    for unit in (market, ecology):
        staff(unit)

    def add(n):
        for i in range(n):
            enterprise = EnterpriseFactory(introducing_unit=area, area=area)
            rows = [
                (ecology, dt.date(2026, 12, 1), InspectionStatus.APPROVED),
                (market, dt.date(2026, 12, 15), InspectionStatus.PLANNED),
                (ecology, dt.date(2027, 12, 10), InspectionStatus.PLANNED),
            ]
            if i % 2:
                rows.append((market, dt.date(2027, 12, 20), InspectionStatus.APPROVED))
            for unit, day, status in rows:
                InspectionFactory(enterprise=enterprise, agency=unit, planned_on=day, status=status)

    def told_of():
        found = notices.merge_group_notices()
        assert {bool(n.key.count("stuck")) for n in found} == {True, False}
        assert all(n.user_ids for n in found)
        return found

    assert_constant_queries(told_of, add, large=30)


@pytest.fixture
def admin_client(client, db):
    client.force_login(
        UserFactory(username="root", role=Role.DRC_REVIEWER, is_superuser=True, is_staff=True)
    )
    return client


def test_a_unit_change_that_lets_an_agency_lead_asks_those_who_merge_at_once(
    admin_client, enterprise, market, ecology, office, reviewer
):
    """The city's market regulator, upper level of the county's, inspected on 1 December 2027:
    under the ecology bureau's lead the county market regulator may not join on 10 December.
    An administrator records the city bureau under another enforcement system: the ecology
    bureau may lead, and the office is asked to merge on the save, not the next morning."""
    city_market = agency("SCJG", "city", "market")
    approved(ecology, enterprise, dt.date(2026, 12, 1), reviewer)
    InspectionFactory(
        enterprise=enterprise,
        agency=city_market,
        planned_on=dt.date(2027, 12, 1),
        status=InspectionStatus.APPROVED,
    )
    plan(market, enterprise, dt.date(2026, 12, 15))
    plan(ecology, enterprise, dt.date(2027, 12, 10))
    [group] = rules.merge_groups()
    assert group.stuck and stuck_told()[OFFICE] == 1 and merge_told() == {}

    response = save_unit_in_admin(admin_client, city_market, enforcement_system="tax")
    [group] = rules.merge_groups()
    assert not group.stuck
    assert merge_told() == {OFFICE: 1}
    # The administrator reads whom the save told.
    assert any("请协调合并为联合检查" in message for message in admin_messages(response))


def test_an_office_deactivated_hands_its_groups_to_its_government_at_once(
    admin_client, enterprise, market, ecology, office, reviewer
):
    """The county's legal affairs office is deactivated: its government's reviewers merge the
    county's plans now (由本级政府直接协调), and are asked to merge those waiting; the office,
    told already, is not told twice."""
    plan(market, enterprise, dt.date(2026, 12, 10))
    plan(ecology, enterprise, dt.date(2026, 12, 14))
    assert merge_told() == {OFFICE: 1}

    save_unit_in_admin(admin_client, office.unit, is_active=False)
    assert merge_told() == {OFFICE: 1, reviewer.username: 1}


def test_an_enterprise_moved_into_the_agencies_county_asks_its_office_at_once(
    area, other_area, market, ecology, office, reviewer
):
    """Two of 鲅鱼圈区's agencies planned an enterprise recorded in 盖州市 (their plans are the
    county's only once it is theirs): moved to 鲅鱼圈区 on its page, the two plans wait to be
    merged, and 鲅鱼圈区's office is asked to merge them on the save."""
    enterprise = EnterpriseFactory(name="营口港精细化工有限公司", area=other_area)
    for unit, day in ((market, dt.date(2026, 12, 10)), (ecology, dt.date(2026, 12, 14))):
        InspectionFactory(enterprise=enterprise, agency=unit, planned_on=day)
    assert rules.merge_groups() == []

    enterprise = Enterprise.objects.get(pk=enterprise.pk)
    services.enterprise_update(
        enterprise=enterprise,
        user=UserFactory(username="drc", role=Role.DRC_REVIEWER),
        expected_version=enterprise.version,
        area=area,
    )
    assert len(rules.merge_groups()) == 1
    assert merge_told() == {OFFICE: 1}


def test_an_enterprise_moved_by_its_projects_landing_area_asks_its_office_at_once(
    area, other_area, market, ecology, office, reviewer
):
    """The same move made by the enterprise's project landing in 鲅鱼圈区 (E-1: the enterprise
    follows its project): the office is asked to merge on the project's save, through the loop
    every project change goes through, not by the next morning's job."""
    drc = UserFactory(username="drc", role=Role.DRC_REVIEWER)
    project = ProjectFactory(
        owner_unit=other_area,
        landing_unit=other_area,
        total_investment=Decimal("20000.00"),
        stage="operating",
    )
    enterprise = EnterpriseFactory(name="营口港精细化工有限公司", project=project, area=other_area)
    for unit, day in ((market, dt.date(2026, 12, 10)), (ecology, dt.date(2026, 12, 14))):
        InspectionFactory(enterprise=enterprise, agency=unit, planned_on=day)
    assert rules.merge_groups() == []

    shared.project_update(
        project=project, user=drc, expected_version=project.version, landing_unit=area
    )

    assert Enterprise.objects.get(pk=enterprise.pk).area == area
    assert len(rules.merge_groups()) == 1
    assert merge_told() == {OFFICE: 1}
