"""E-5: a merge refused on the inspections page is shown again as it was sent — the plans ticked,
the lead agency chosen and why — in its group, or above the groups when its plans left them
meanwhile. The page used to send the browser back to the list with a message at its top, every
group ticked whole again and the first plan leading: the choice was lost."""

import datetime as dt

import pytest
from django.urls import reverse

from enterprise import services
from enterprise.choices import InspectionStatus
from enterprise.models import Inspection
from tests.enterprise.factories import EnterpriseFactory, InspectionFactory
from tests.enterprise.inspections import agency
from tests.queries import assert_constant_queries
from tests.refusals import form_reasons, reasons_in, refused_form, row_reasons, ticked

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

MERGE = reverse("enterprise:inspection_merge")
LIST = reverse("enterprise:inspections")


@pytest.fixture
def agencies(db):
    return [
        agency(code, "city", system)
        for code, system in (("STHJ", "ecology"), ("SCJG", "market"), ("YJGL", "safety"))
    ]


def plans_of(enterprise, agencies):
    return [
        InspectionFactory(enterprise=enterprise, agency=unit, planned_on=dt.date(2026, 12, 10 + i))
        for i, unit in enumerate(agencies)
    ]


@pytest.fixture
def plans(area, agencies):
    return plans_of(EnterpriseFactory(name="营口港精细化工有限公司", area=area), agencies)


@pytest.fixture
def other_group(area, agencies):
    """Another enterprise's plans, offered for merging as they were."""
    return plans_of(EnterpriseFactory(name="鲅鱼圈区钢铁有限公司", area=area), agencies[:2])


def values(*plans):
    return {str(plan.pk) for plan in plans}


def test_a_refused_merge_keeps_the_plans_ticked_and_the_lead_chosen(
    client, legal, plans, other_group
):
    ecology, market, safety = plans
    client.force_login(legal)
    # The market and safety plans ticked, the ecology bureau chosen to lead: it is not merged.
    sent = {"inspections": [market.pk, safety.pk], "lead": ecology.pk}
    response = client.post(MERGE + "?status=planned", sent)
    assert response.status_code == 200
    form = refused_form(response.content.decode())
    assert ticked(form, "inspections") == values(market, safety)
    assert ticked(form, "lead") == values(ecology)
    assert reasons_in(form) == ["牵头机关须为被合并计划中的一个。（E-5）"]
    # It is sent again to the same list, as it was filtered, and brought back into view.
    assert dict(form.attributes)["action"] == MERGE + "?status=planned#refused"
    # Nothing ticked is refused by the rule too, with the lead kept.
    form = refused_form(client.post(MERGE, {"lead": safety.pk}).content.decode())
    assert ticked(form, "inspections") == set()
    assert ticked(form, "lead") == values(safety)
    assert reasons_in(form) == ["至少选择两个检查计划才能合并。（E-5）"]
    # The other group is offered as ever: ticked whole, its first plan leading.
    response = client.post(MERGE, sent)
    [other] = [group for group in response.context["candidates"] if "form" not in group]
    assert other["ticked"] == {plan.pk for plan in other_group}
    assert other["lead"] == other["plans"][0].pk
    assert response.content.decode().count('id="refused"') == 1
    assert not Inspection.objects.filter(status=InspectionStatus.MERGED).exists()


def test_a_reason_about_the_lead_is_drawn_beside_its_button_not_above_the_table(
    client, legal, plans
):
    """The reasons were all drawn above the table of plans: the one about the lead chosen is
    beside that lead's button, in its row; one about the merge as a whole stays above."""
    ecology, market, safety = plans
    client.force_login(legal)
    sent = {"inspections": [market.pk, safety.pk], "lead": ecology.pk}
    form = refused_form(client.post(MERGE, sent).content.decode())
    assert row_reasons(form, "lead", ecology.pk) == ["牵头机关须为被合并计划中的一个。（E-5）"]
    assert row_reasons(form, "lead", market.pk) == row_reasons(form, "lead", safety.pk) == []
    assert form_reasons(form) == []

    form = refused_form(client.post(MERGE, {"lead": safety.pk}).content.decode())
    assert form_reasons(form) == ["至少选择两个检查计划才能合并。（E-5）"]
    assert all(row_reasons(form, "inspections", plan.pk) == [] for plan in plans)

    # No lead chosen at all: said once, above the table and not in its head (a phone's cards
    # hide the head), described by every lead button; not a reason about the merge as a whole.
    form = refused_form(client.post(MERGE, {"inspections": [market.pk]}).content.decode())
    assert form_reasons(form) == []
    [reason] = reasons_in(form)
    above, table = str(form).split("<table>")
    assert reason in above and reason not in table
    assert all(row_reasons(form, "lead", plan.pk) == [reason] for plan in plans)


def test_a_plan_decided_meanwhile_is_drawn_in_its_row_with_the_reason(client, legal, plans):
    """The market bureau withdrew its plan while the office was merging the three: the plan has
    left the group offered, but the merge is shown again as it was sent, that plan in its row
    with why, the other two without a word."""
    ecology, market, safety = plans
    Inspection.objects.filter(pk=market.pk).update(status=InspectionStatus.WITHDRAWN)
    client.force_login(legal)
    sent = {"inspections": [ecology.pk, market.pk, safety.pk], "lead": ecology.pk}
    form = refused_form(client.post(MERGE, sent).content.decode())
    assert ticked(form, "inspections") == values(ecology, market, safety)
    assert row_reasons(form, "inspections", market.pk) == ["只能合并待批准的检查计划。（E-5）"]
    assert row_reasons(form, "inspections", ecology.pk) == []
    assert row_reasons(form, "inspections", safety.pk) == []
    assert form_reasons(form) == []


def test_a_merge_refused_on_a_page_the_list_no_longer_has_posts_to_the_page_shown(
    client, legal, plans
):
    """The list has one page: a merge sent from its page 4 and refused is drawn on page 1, and
    is sent from there to page 1, not to page 4 again."""
    ecology, market, safety = plans
    client.force_login(legal)
    sent = {"inspections": [market.pk, safety.pk], "lead": ecology.pk}
    response = client.post(MERGE + "?status=planned&page=4", sent)
    assert response.status_code == 200 and response.context["page"].number == 1
    form = refused_form(response.content.decode())
    assert dict(form.attributes)["action"] == MERGE + "?status=planned&page=1#refused"


def test_a_merge_of_plans_merged_meanwhile_is_shown_above_the_groups_as_sent(client, legal, plans):
    """Another member of the office merged them first: the plans are in no group any more, and
    the form is drawn above the groups with them, as ticked, and why."""
    ecology, market, safety = plans
    services.inspection_merge(inspections=plans, lead=ecology, user=legal)
    client.force_login(legal)
    response = client.post(MERGE, {"inspections": [market.pk, safety.pk], "lead": market.pk})
    assert response.status_code == 200
    assert response.context["candidates"] == []
    form = refused_form(response.content.decode())
    assert ticked(form, "inspections") == values(market, safety)
    assert ticked(form, "lead") == values(market)
    # About both plans, not one: above them.
    assert form_reasons(form) == ["只能合并待批准的检查计划。（E-5）"]
    assert "营口港精细化工有限公司" in str(form)
    safety.refresh_from_db()
    assert safety.joint_with == ecology


def test_a_merge_done_goes_back_to_the_list_as_it_was_filtered(client, legal, plans):
    ecology, market, safety = plans
    client.force_login(legal)
    sent = {"inspections": [ecology.pk, safety.pk], "lead": safety.pk}
    response = client.post(MERGE + "?status=planned&page=1", sent, follow=True)
    # At the message saying so, not at the #refused the form was posted to.
    assert response.redirect_chain == [(LIST + "?status=planned#messages", 302)]
    assert "已合并为联合检查，由YJGL执法机关牵头。" in response.content.decode()
    ecology.refresh_from_db()
    market.refresh_from_db()
    assert (ecology.status, ecology.joint_with) == (InspectionStatus.MERGED, safety)
    assert market.status == InspectionStatus.PLANNED
    # A link of the page shown again after a refusal leads to the list with its query.
    assert client.get(MERGE + "?ordering=agency").url == LIST + "?ordering=agency"


def test_only_those_who_merge_are_shown_the_page_again(client, drc, plans):
    ecology, market, _safety = plans
    client.force_login(drc)
    sent = {"inspections": [ecology.pk], "lead": market.pk}
    assert client.post(MERGE, sent).status_code == 403


def test_a_refused_merge_shows_the_page_in_a_fixed_number_of_queries(
    client, legal, area, agencies, plans
):
    ecology, market, _safety = plans
    client.force_login(legal)

    def add(n):
        for _ in range(n):
            plans_of(EnterpriseFactory(area=area), agencies[:2])

    assert_constant_queries(
        lambda: client.post(MERGE, {"inspections": [market.pk], "lead": ecology.pk}),
        add,
        small=3,
        large=30,
    )
