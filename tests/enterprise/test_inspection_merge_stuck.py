"""E-5: plans of one enterprise and one same-level government wait to be merged into one joint
inspection before any is approved. Where the plans' days let no agency lead — each agency merged
would inspect within 12 months of its own other inspection — the group waited silently for good.
Now the plan's page, the approval card and the merge page say why and what to do, those who
merge, approve and file the plans are told once per state of the group, and an agency sets
another day for its plan (改期), which lifts the block.

The ecology bureau inspects on 1 December 2026 and the market regulator on 20 December 2027.
The market regulator then plans 15 December 2026 and the ecology bureau 10 December 2027: led
by the market regulator, the ecology bureau would inspect 14 days after its inspection; led by
the ecology bureau, the market regulator 10 days before its own."""

import datetime as dt

import pytest
from django.urls import reverse

from enterprise import jobs, notices, rules, services
from enterprise.choices import InspectionStatus
from enterprise.models import Inspection
from tests.conftest import api_as
from tests.enterprise.factories import EnterpriseFactory, InspectionFactory
from tests.enterprise.inspections import agency, plan, staff
from tests.queries import assert_constant_queries
from yingkou.choices import NotificationKind
from yingkou.errors import RuleViolation
from yingkou.models import Notification

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

LIST = reverse("enterprise:inspections")
MERGE = reverse("enterprise:inspection_merge")
STUCK = "无论由哪个机关牵头"
WAITING = "多个执法机关对同一企业提出检查计划，须先由鲅鱼圈区法制部门协调合并为联合检查。"
WHY = (
    "由BYQ-SCJG执法机关牵头（2026年12月15日）：BYQ-STHJ执法机关并入联合检查后将于2026年12月15日"
    "检查：同一行政执法机关对同一企业的执法检查，每年不得超过一次：本机关已有2026年12月1日的检查，"
    "两次检查须相隔12个月；由BYQ-STHJ执法机关牵头（2027年12月10日）：BYQ-SCJG执法机关并入联合"
    "检查后将于2027年12月10日检查：同一行政执法机关对同一企业的执法检查，每年不得超过一次：本机关已有"
    "2027年12月20日的检查，两次检查须相隔12个月。请有关执法机关调整计划检查日期"
)


@pytest.fixture
def stuck(enterprise, market, ecology, office, reviewer):
    """The market regulator's and the ecology bureau's pending plans that neither may lead."""
    for unit, day in ((ecology, dt.date(2026, 12, 1)), (market, dt.date(2027, 12, 20))):
        services.inspection_approve(inspection=plan(unit, enterprise, day), user=reviewer)
    market_plan = plan(market, enterprise, dt.date(2026, 12, 15))
    ecology_plan = plan(ecology, enterprise, dt.date(2027, 12, 10))
    return market_plan, ecology_plan


def stuck_told() -> dict[str, int]:
    """How many notices of a stuck group each user has had."""
    told: dict[str, int] = {}
    for name in Notification.objects.filter(
        kind=NotificationKind.INSPECTION_PLAN, key__startswith="enterprise:inspection-merge-stuck:"
    ).values_list("user__username", flat=True):
        told[name] = told.get(name, 0) + 1
    return told


def redate(inspection, day):
    return services.inspection_redate(
        inspection=inspection, user=staff(inspection.agency), planned_on=day
    )


def test_a_group_no_agency_may_lead_says_why_and_what_to_do(client, stuck, office, reviewer):
    market_plan, ecology_plan = stuck
    [group] = rules.merge_groups()
    assert group.stuck
    for inspection in stuck:
        waiting = rules.inspection_merge_waiting(inspection)
        assert STUCK in waiting and WHY in waiting and "调整计划检查日期" in waiting
        with pytest.raises(RuleViolation) as refused:
            services.inspection_approve(inspection=inspection, user=reviewer)
        assert WHY in refused.value.text
        # The approval card says it to the government, which may still turn the plan down.
        client.force_login(reviewer)
        page = client.get(reverse("enterprise:inspection", args=[inspection.pk])).content.decode()
        assert WHY in page and 'formaction="/enterprise/inspections/' in page
    # The merge page says it in the group, and offers no merge that would be refused.
    client.force_login(office)
    [offered] = client.get(LIST).context["candidates"]
    assert WHY in offered["stuck"] and "鲅鱼圈区法制部门协调合并" in offered["stuck"]
    page = client.get(LIST).content.decode()
    assert "data-merge-stuck" in page and "合并为联合检查</button>" not in page
    with pytest.raises(RuleViolation):
        services.inspection_merge(inspections=[*stuck], lead=market_plan, user=office)


def test_those_who_merge_approve_and_file_the_plans_are_told_once(stuck, market, ecology):
    everyone = {"legal_BYQ-SFJ": 1, "alice_boss": 1}
    told = stuck_told()
    assert {name: told.get(name) for name in everyone} == everyone
    # The agencies' staff who filed the plans, who are the ones to set another day.
    agencies_told = Notification.objects.filter(
        key__startswith="enterprise:inspection-merge-stuck:", user__unit__in=[market, ecology]
    ).values_list("user__unit", flat=True)
    assert set(agencies_told) == {market.pk, ecology.pk}
    notice = Notification.objects.filter(key__startswith="enterprise:inspection-merge-stuck:")[0]
    assert notice.title == "营口港精细化工有限公司的执法检查计划无法合并，请调整计划检查日期"
    assert WHY in notice.body
    # Again, by the daily job too: nobody is told twice while the group stays as it is.
    assert notices.merge_groups_told() == 0
    jobs.inspection_merges_stuck(dt.date(2026, 11, 27))
    assert stuck_told() == told
    # The office was not asked to merge plans it cannot merge.
    assert not Notification.objects.filter(
        user__username="legal_BYQ-SFJ", title__contains="请协调合并为联合检查"
    ).exists()


def test_the_block_lifts_when_an_agency_sets_the_day_12_months_from_the_other(
    client, stuck, office, reviewer
):
    market_plan, ecology_plan = stuck
    # 19 December 2028: the market regulator would still inspect within 12 months of 20
    # December 2027. A new state of the group, told again.
    redate(ecology_plan, dt.date(2028, 12, 19))
    [group] = rules.merge_groups()
    assert group.stuck
    assert stuck_told()["legal_BYQ-SFJ"] == 2
    # 20 December 2028, exactly 12 months later: the ecology bureau may lead.
    redate(ecology_plan, dt.date(2028, 12, 20))
    [group] = rules.merge_groups()
    assert not group.stuck
    assert stuck_told()["legal_BYQ-SFJ"] == 2
    assert rules.inspection_merge_waiting(market_plan) == WAITING
    # The office is asked to merge them now, and the page proposes the ecology bureau to lead.
    assert Notification.objects.filter(
        user__username="legal_BYQ-SFJ", title__contains="请协调合并为联合检查"
    ).exists()
    client.force_login(office)
    [offered] = client.get(LIST).context["candidates"]
    assert offered["stuck"] is None and offered["lead"] == ecology_plan.pk
    response = client.post(
        MERGE, {"inspections": sorted(offered["ticked"]), "lead": offered["lead"]}
    )
    assert response.status_code == 302
    services.inspection_approve(inspection=ecology_plan, user=reviewer)
    market_plan.refresh_from_db()
    assert market_plan.status == InspectionStatus.MERGED
    assert market_plan.joint_with_id == ecology_plan.pk


def test_the_day_is_set_on_the_page_and_kept_in_the_history(client, stuck, ecology):
    _market_plan, ecology_plan = stuck
    client.force_login(staff(ecology))
    url = reverse("enterprise:inspection", args=[ecology_plan.pk])
    assert "data-redate" in client.get(url).content.decode()
    redate_url = reverse("enterprise:inspection_redate", args=[ecology_plan.pk])
    # The agency itself within 12 months of its own inspection: refused on the page, as filing.
    page = client.post(redate_url, {"planned_on": "2027-11-30"}).content.decode()
    assert "本机关已有2026年12月1日的检查" in page
    response = client.post(redate_url, {"planned_on": "2028-12-20"})
    assert response.status_code == 302
    ecology_plan.refresh_from_db()
    assert ecology_plan.planned_on == dt.date(2028, 12, 20)
    page = client.get(url).content.decode()
    assert "计划检查日期由2027年12月10日调整为2028年12月20日" in page


def test_only_the_agency_sets_another_day_for_a_pending_plan_of_its_own(
    client, stuck, enterprise, market, office, reviewer
):
    market_plan, ecology_plan = stuck
    # Another agency: 403, as every act on a plan it sees.
    other = api_as(staff(market))
    response = other.post(
        f"/api/v1/enterprise/inspections/{ecology_plan.pk}/redate/",
        {"planned_on": "2028-12-20"},
        format="json",
    )
    assert response.status_code in (403, 404)
    with pytest.raises(RuleViolation, match="不能早于今天"):
        redate(ecology_plan, dt.date(2026, 11, 25))
    with pytest.raises(RuleViolation, match="与原日期相同"):
        redate(ecology_plan, dt.date(2027, 12, 10))
    # The API sets it for the agency.
    response = api_as(staff(ecology_plan.agency)).post(
        f"/api/v1/enterprise/inspections/{ecology_plan.pk}/redate/",
        {"planned_on": "2028-12-20"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert Inspection.objects.get(pk=ecology_plan.pk).planned_on == dt.date(2028, 12, 20)
    # Merged, the plan goes on the joint inspection's day; approved, it keeps the day approved.
    services.inspection_merge(inspections=[*stuck], lead=ecology_plan, user=office)
    market_plan.refresh_from_db()
    with pytest.raises(RuleViolation, match="由牵头机关调整"):
        redate(market_plan, dt.date(2029, 1, 5))
    services.inspection_approve(inspection=ecology_plan, user=reviewer)
    ecology_plan.refresh_from_db()
    with pytest.raises(RuleViolation, match="已批准的计划须撤回后重新报批"):
        redate(ecology_plan, dt.date(2029, 1, 5))


def test_a_joint_inspections_new_day_must_let_its_agencies_inspect(stuck, enterprise, area, office):
    """Led by the ecology bureau on 20 December 2028, the market regulator takes part: the joint
    inspection may not move to a day within 12 months of the market regulator's inspection."""
    market_plan, ecology_plan = stuck
    redate(ecology_plan, dt.date(2028, 12, 20))
    services.inspection_merge(inspections=[*stuck], lead=ecology_plan, user=office)
    with pytest.raises(RuleViolation) as refused:
        redate(ecology_plan, dt.date(2028, 12, 19))
    assert "BYQ-SCJG执法机关并入联合检查后将于2028年12月19日检查" in refused.value.text


def test_stuck_groups_take_a_fixed_number_of_queries_on_the_merge_page(
    client, area, market, ecology, office
):
    """Each enterprise: the ecology bureau's and the market regulator's approved inspections
    and their pending plans that neither may lead, beside a joint inspection."""
    client.force_login(office)

    def add(n):
        for _ in range(n):
            enterprise = EnterpriseFactory(introducing_unit=area, area=area)
            for unit, day, status in (
                (ecology, dt.date(2026, 12, 1), InspectionStatus.APPROVED),
                (market, dt.date(2027, 12, 20), InspectionStatus.APPROVED),
                (market, dt.date(2026, 12, 15), InspectionStatus.PLANNED),
                (ecology, dt.date(2027, 12, 10), InspectionStatus.PLANNED),
            ):
                InspectionFactory(enterprise=enterprise, agency=unit, planned_on=day, status=status)

    def candidates():
        response = client.get(LIST)
        groups = response.context["candidates"]
        assert groups and all(group["stuck"] for group in groups)
        return response

    assert_constant_queries(candidates, add, large=30)


def test_a_plan_not_ticked_with_the_lead_proposed_says_why(client, stuck, area, enterprise, office):
    """A third agency's plan for 10 December 2026 may lead the market regulator's: the page
    proposes that merge, and says in the ecology bureau's row why it is not ticked with it."""
    market_plan, ecology_plan = stuck
    safety = plan(agency("BYQ-YJGL", "county", "emergency", parent=area), enterprise)
    client.force_login(office)
    [offered] = client.get(LIST).context["candidates"]
    assert offered["stuck"] is None
    assert offered["lead"] == safety.pk and offered["ticked"] == {safety.pk, market_plan.pk}
    page = client.get(LIST).content.decode()
    assert "data-merge-refused" in page
    assert "BYQ-STHJ执法机关并入联合检查后将于2026年12月10日检查" in page
    # It may still lead the safety bureau's plan: it waits to be merged, as usual.
    assert rules.inspection_merge_waiting(ecology_plan) == WAITING
