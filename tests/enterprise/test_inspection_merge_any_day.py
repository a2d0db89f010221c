"""E-5 多个行政执法机关对同一企业提出执法检查计划的，由同级政府法制部门协调: the norms set no period
for merging, so the plans to merge are every pending plan of one enterprise and one same-level
government, whatever their days. Plans were grouped by the calendar year of their day: one agency
planning 30 December and another 4 January were each approved alone. A plan waits to be merged
only while a merge with it is possible — one plan per agency, counting the agencies already in a
joint inspection — so an agency's second plan, 12 months or more from its first, is never left
waiting for good."""

import datetime as dt

import pytest
from django.urls import reverse

from enterprise import rules, services
from enterprise.choices import InspectionStatus
from enterprise.models import Inspection
from tests.conftest import api_as
from tests.enterprise.factories import EnterpriseFactory, InspectionFactory
from tests.enterprise.inspections import agency, plan
from tests.queries import assert_constant_queries
from yingkou.errors import RuleViolation
from yingkou.models import Notification

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

MERGE = reverse("enterprise:inspection_merge")
LIST = reverse("enterprise:inspections")
WAITING = "多个执法机关对同一企业提出检查计划，须先由鲅鱼圈区法制部门协调合并为联合检查。"


def refusal(inspection, user) -> str:
    with pytest.raises(RuleViolation) as refused:
        services.inspection_approve(inspection=inspection, user=user)
    assert refused.value.rule == "E-5"
    return refused.value.text.removesuffix("（E-5）")


def offered(client, user) -> list[dict]:
    client.force_login(user)
    return client.get(LIST).context["candidates"]


def pks(*plans) -> set[int]:
    return {plan.pk for plan in plans}


def test_plans_on_30_december_and_4_january_wait_to_be_merged(
    client, enterprise, market, ecology, office, reviewer
):
    december = plan(market, enterprise, dt.date(2026, 12, 30))
    january = plan(ecology, enterprise, dt.date(2027, 1, 4))
    # Neither is approved alone, and each says who merges them, on its page too.
    for inspection in (december, january):
        assert refusal(inspection, reviewer) == WAITING
        client.force_login(reviewer)
        page = client.get(reverse("enterprise:inspection", args=[inspection.pk]))
        assert WAITING in page.content.decode()
    # Both are offered together, ticked, the earlier leading; the group names no year.
    [group] = offered(client, office)
    assert [p.pk for p in group["plans"]] == [december.pk, january.pk]
    assert group["ticked"] == pks(december, january) and group["lead"] == december.pk
    assert "2026年）" not in client.get(LIST).content.decode()
    response = client.post(MERGE, {"inspections": [december.pk, january.pk], "lead": december.pk})
    assert response.status_code == 302
    january.refresh_from_db()
    assert january.status == InspectionStatus.MERGED and january.joint_with_id == december.pk
    assert offered(client, office) == []
    services.inspection_approve(inspection=december, user=reviewer)
    december.refresh_from_db()
    assert december.status == InspectionStatus.APPROVED


def test_the_api_merges_plans_across_the_turn_of_the_year(enterprise, market, ecology, office):
    december = plan(market, enterprise, dt.date(2026, 12, 30))
    january = plan(ecology, enterprise, dt.date(2027, 1, 4))
    response = api_as(office).post(
        "/api/v1/enterprise/inspections/merge/",
        {"inspections": [january.pk, december.pk], "lead": january.pk},
        format="json",
    )
    assert response.status_code in (200, 201), response.json()
    assert Inspection.objects.get(pk=december.pk).joint_with_id == january.pk


def test_an_agencys_second_plan_is_approved_once_the_others_are_merged(
    client, enterprise, market, ecology, office, reviewer
):
    """The same agency may hold two pending plans 12 months or more apart; one plan per agency
    is merged, and the other is then approved alone, not left waiting for a merge refused."""
    first = plan(market, enterprise, dt.date(2026, 12, 10))
    later = plan(market, enterprise, dt.date(2027, 12, 20))
    other = plan(ecology, enterprise, dt.date(2027, 1, 4))
    for inspection in (first, later, other):
        assert refusal(inspection, reviewer) == WAITING
    # All three are offered; the default ticks one plan per agency, which the merge accepts.
    [group] = offered(client, office)
    assert [p.pk for p in group["plans"]] == [first.pk, other.pk, later.pk]
    assert group["ticked"] == pks(first, other) and group["lead"] == first.pk
    with pytest.raises(RuleViolation, match="同一执法机关的计划不能重复合并"):
        services.inspection_merge(inspections=[first, later, other], lead=first, user=office)
    client.post(MERGE, {"inspections": sorted(group["ticked"]), "lead": group["lead"]})
    assert Inspection.objects.get(pk=other.pk).joint_with_id == first.pk
    # The market regulator's second plan: its agency already leads the joint inspection.
    assert rules.inspection_merge_waiting(later) is None
    assert offered(client, office) == []
    services.inspection_approve(inspection=later, user=reviewer)
    services.inspection_approve(inspection=first, user=reviewer)
    assert set(
        Inspection.objects.filter(pk__in=pks(first, later)).values_list("status", flat=True)
    ) == {InspectionStatus.APPROVED}


def test_an_agency_merged_into_a_joint_inspection_is_not_merged_into_it_again(
    client, enterprise, market, ecology, office, reviewer
):
    lead = plan(market, enterprise, dt.date(2026, 12, 10))
    part = plan(ecology, enterprise, dt.date(2027, 1, 4))
    services.inspection_merge(inspections=[lead, part], lead=lead, user=office)
    # Its merged plan holds the ecology bureau 12 months from the joint inspection's day.
    again = plan(ecology, enterprise, dt.date(2028, 1, 4))
    assert rules.inspection_merge_waiting(again) is None
    assert rules.inspection_merge_waiting(lead) is None
    assert offered(client, office) == []
    with pytest.raises(RuleViolation) as refused:
        services.inspection_merge(inspections=[lead, again], lead=lead, user=office)
    assert (
        refused.value.text
        == "BYQ-STHJ执法机关已参加该联合检查，同一执法机关的计划不能重复合并。（E-5）"
    )
    assert [p.pk for p in refused.value.about] == [again.pk]
    services.inspection_approve(inspection=again, user=reviewer)
    services.inspection_approve(inspection=lead, user=reviewer)


def test_a_third_agencys_plan_is_merged_into_the_joint_inspection_which_leads(
    client, area, enterprise, market, ecology, office, reviewer
):
    """The page proposes the joint inspection to lead, even when it is not first: the plans
    already merged keep their lead."""
    lead = plan(market, enterprise, dt.date(2027, 1, 20))
    part = plan(ecology, enterprise, dt.date(2027, 1, 25))
    services.inspection_merge(inspections=[lead, part], lead=lead, user=office)
    safety = plan(agency("BYQ-YJGL", "county", "emergency", parent=area), enterprise)
    assert refusal(lead, reviewer) == WAITING and refusal(safety, reviewer) == WAITING
    [group] = offered(client, office)
    assert [p.pk for p in group["plans"]] == [safety.pk, lead.pk]
    assert group["ticked"] == pks(safety, lead) and group["lead"] == lead.pk
    assert (
        "BYQ-SCJG执法机关（联合检查，已并入BYQ-STHJ执法机关）" in client.get(LIST).content.decode()
    )
    client.post(MERGE, {"inspections": [safety.pk, lead.pk], "lead": lead.pk})
    assert Inspection.objects.get(pk=safety.pk).joint_with_id == lead.pk
    services.inspection_approve(inspection=lead, user=reviewer)


def test_a_joint_inspection_merged_under_another_plan_brings_its_plans_along(
    client, area, enterprise, market, ecology, office, reviewer
):
    """明确一个行政执法机关实行联合检查: one joint inspection for the enterprise, under whichever
    agency the office chooses. Merged under another plan, a joint inspection's merged plans
    come along (they were refused: the joint inspection could only lead), each with a history
    row saying so, and its agencies are told of the new lead."""
    lead = plan(market, enterprise, dt.date(2027, 1, 20))
    part = plan(ecology, enterprise, dt.date(2027, 1, 25))
    services.inspection_merge(inspections=[lead, part], lead=lead, user=office)
    safety = plan(agency("BYQ-YJGL", "county", "emergency", parent=area), enterprise)
    client.force_login(office)
    response = client.post(MERGE, {"inspections": [safety.pk, lead.pk], "lead": safety.pk})
    assert response.status_code == 302
    for merged in (lead, part):
        merged.refresh_from_db()
        assert merged.status == InspectionStatus.MERGED and merged.joint_with_id == safety.pk
    assert "E-5：所并入的联合检查（BYQ-SCJG执法机关牵头）并入BYQ-YJGL执法机关牵头的联合检查" in (
        client.get(reverse("enterprise:inspection", args=[part.pk])).content.decode()
    )
    told = Notification.objects.filter(
        key=f"enterprise:inspection:{safety.pk}:merged", user__unit__in=[market, ecology]
    )
    assert set(told.values_list("user__unit", flat=True)) == {market.pk, ecology.pk}
    assert offered(client, office) == []
    services.inspection_approve(inspection=safety, user=reviewer)
    # The ecology bureau inspects on the joint inspection's day: held 12 months from it.
    with pytest.raises(RuleViolation, match="本机关已有2026年12月10日的检查"):
        rules.inspection_plan_rule(
            enterprise=enterprise, agency=ecology, planned_on=dt.date(2027, 12, 9)
        )


def test_two_joint_inspections_wait_for_each_other_and_are_offered_merged_into_one(
    client, area, enterprise, market, ecology, office, reviewer
):
    """Two joint inspections pending for one enterprise (an office merged beside the first, or a
    unit change brought them under one government) were each approved alone: they wait for
    each other now, and are offered merged into one, the first leading."""
    safety = agency("BYQ-YJGL", "county", "emergency", parent=area)
    tax = agency("BYQ-SW", "county", "tax", parent=area)
    first = InspectionFactory(enterprise=enterprise, agency=market)
    InspectionFactory(
        enterprise=enterprise, agency=ecology, status=InspectionStatus.MERGED, joint_with=first
    )
    second = InspectionFactory(enterprise=enterprise, agency=safety)
    second_part = InspectionFactory(
        enterprise=enterprise, agency=tax, status=InspectionStatus.MERGED, joint_with=second
    )
    assert refusal(first, reviewer) == WAITING and refusal(second, reviewer) == WAITING
    [group] = offered(client, office)
    assert group["ticked"] == pks(first, second)
    assert group["lead"] in pks(first, second)
    lead = group["lead"]
    client.post(MERGE, {"inspections": sorted(group["ticked"]), "lead": lead})
    assert set(
        Inspection.objects.filter(joint_with_id=lead).values_list("agency__code", flat=True)
    ) == {"BYQ-SCJG", "BYQ-STHJ", "BYQ-SW", "BYQ-YJGL"} - {
        Inspection.objects.get(pk=lead).agency.code
    }
    second_part.refresh_from_db()
    assert second_part.joint_with_id == lead
    assert offered(client, office) == []
    services.inspection_approve(inspection=Inspection.objects.get(pk=lead), user=reviewer)


def test_a_joint_inspection_sharing_an_agency_with_another_is_not_merged_into_it(
    client, area, enterprise, market, ecology, office
):
    safety = agency("BYQ-YJGL", "county", "emergency", parent=area)
    first = plan(market, enterprise, dt.date(2026, 12, 10))
    services.inspection_merge(
        inspections=[first, plan(ecology, enterprise, dt.date(2026, 12, 20))],
        lead=first,
        user=office,
    )
    second = InspectionFactory(enterprise=enterprise, agency=safety)
    InspectionFactory(
        enterprise=enterprise, agency=ecology, status=InspectionStatus.MERGED, joint_with=second
    )
    assert rules.inspection_merge_waiting(first) is None
    assert offered(client, office) == []
    with pytest.raises(RuleViolation) as refused:
        services.inspection_merge(inspections=[first, second], lead=first, user=office)
    assert (
        refused.value.text
        == "BYQ-STHJ执法机关已参加该联合检查，同一执法机关的计划不能重复合并。（E-5）"
    )
    assert [p.pk for p in refused.value.about] == [second.pk]
    again = plan(ecology, enterprise, dt.date(2028, 1, 4))
    with pytest.raises(RuleViolation) as refused:
        services.inspection_merge(inspections=[again, second], lead=again, user=office)
    assert refused.value.text == (
        "BYQ-STHJ执法机关已参加BYQ-YJGL执法机关牵头的联合检查，同一执法机关的计划不能重复合并。（E-5）"
    )
    assert [p.pk for p in refused.value.about] == [second.pk]


def test_plans_of_two_governments_are_never_grouped_whatever_their_days(
    client, enterprise, market, legal, office, reviewer
):
    city = plan(agency("STHJ", "city", "ecology"), enterprise, dt.date(2027, 1, 4))
    county = plan(market, enterprise, dt.date(2026, 12, 30))
    assert rules.merge_groups() == []
    assert rules.inspection_merge_waiting(city) is None
    assert rules.inspection_merge_waiting(county) is None
    assert offered(client, office) == [] and offered(client, legal) == []
    services.inspection_approve(inspection=city, user=legal)
    services.inspection_approve(inspection=county, user=reviewer)


def test_the_groups_offered_take_a_fixed_number_of_queries(client, area, office):
    """Joint inspections, an agency's second plan and plans over several years, per enterprise."""
    market = agency("BYQ-SCJG", "county", "market", parent=area)
    ecology = agency("BYQ-STHJ", "county", "ecology", parent=area)
    safety = agency("BYQ-YJGL", "county", "emergency", parent=area)
    client.force_login(office)

    def add(n):
        for _ in range(n):
            enterprise = EnterpriseFactory(introducing_unit=area, area=area)
            lead = InspectionFactory(
                enterprise=enterprise, agency=market, planned_on=dt.date(2026, 12, 30)
            )
            InspectionFactory(
                enterprise=enterprise,
                agency=ecology,
                status=InspectionStatus.MERGED,
                joint_with=lead,
            )
            InspectionFactory(enterprise=enterprise, agency=market, planned_on=dt.date(2028, 1, 4))
            InspectionFactory(enterprise=enterprise, agency=safety, planned_on=dt.date(2027, 1, 4))

    def candidates():
        response = client.get(LIST)
        assert all(len(group["plans"]) == 3 for group in response.context["candidates"])
        assert all(len(group["ticked"]) == 2 for group in response.context["candidates"])
        return response

    assert_constant_queries(candidates, add, large=40)
