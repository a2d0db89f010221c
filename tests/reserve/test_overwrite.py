"""A stale plan (R-4) or fund (R-10) edit is shown again on what is saved now, with what was
saved meanwhile beside what the person typed; saving again overwrites it knowingly."""

import pytest
from django.urls import reverse

from reserve.models import Pool, ReserveFund
from tests.factories import UserFactory
from tests.refusals import (
    OVERWRITE,
    field_value,
    form_reasons,
    refused_as_stale,
    shown_form,
    stale_reasons,
)
from yingkou.choices import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague(drc_unit):
    return UserFactory(username="drc2", role=Role.DRC_REVIEWER, unit=drc_unit)


def test_a_stale_plan_shows_the_others_and_saves_when_sent_again(client, drc, colleague, pool):
    page_url = reverse("reserve:pool_detail", args=[pool.pk])
    url = reverse("reserve:pool_plan", args=[pool.pk])
    client.force_login(drc)
    drawn = client.get(page_url).context["plan_form"]
    seen = {
        "seen_period": drawn["seen_period"].value() or "",
        "seen_investment": drawn["seen_investment"].value() or "",
    }
    saved = {**seen, "plan_period": "十五五", "plan_investment": "50"}
    typed = {**seen, "plan_period": "十五五", "plan_investment": "100"}
    refused = refused_as_stale(client, url, colleague, saved, drc, typed)
    form = shown_form(refused.content.decode(), url)
    reasons = stale_reasons(form_reasons(form), "该储备库的规划已被他人修改", colleague)
    assert "「规划投资总额（万元）」现为 50.00，您填写的是 100.00" in reasons
    assert not any("规划期" in reason for reason in reasons[1:])
    assert field_value(form, "plan_investment") == "100"
    assert (field_value(form, "seen_period"), field_value(form, "seen_investment")) == (
        "十五五",
        "50.00",
    )

    again = {
        **typed,
        "seen_period": field_value(form, "seen_period"),
        "seen_investment": field_value(form, "seen_investment"),
    }
    assert client.post(url, again).status_code == 302
    pool = Pool.objects.get(pk=pool.pk)
    assert pool.plan_investment == 100
    rows = list(pool.history.order_by("-history_id")[:2])
    assert [(row.history_user, row.plan_investment) for row in rows] == [
        (drc, 100),
        (colleague, 50),
    ]


def test_a_fund_entered_meanwhile_is_shown_and_replaced_when_sent_again(
    client, drc, colleague, pool
):
    url = reverse("reserve:pool_fund", args=[pool.pk])
    entered = {"year": 2026, "amount": "300", "budget_document": "营财预〔2026〕1号", "version": 0}
    # Typed on the empty form of the year, before the colleague's entry was there.
    typed = {**entered, "amount": "320", "budget_document": "营财预〔2026〕2号"}
    refused = refused_as_stale(client, url, colleague, entered, drc, typed)
    form = shown_form(refused.content.decode(), url)
    reasons = form_reasons(form)
    assert "「专项资金（万元）」现为 300.00，您填写的是 320.00" in reasons, reasons
    assert reasons[-1] == OVERWRITE
    assert field_value(form, "amount") == "320"
    assert field_value(form, "version") == "1"

    assert client.post(url, {**typed, "version": field_value(form, "version")}).status_code == 302
    fund = ReserveFund.objects.get()
    assert (fund.amount, fund.budget_document, fund.version) == (320, "营财预〔2026〕2号", 2)
    rows = list(fund.history.order_by("-history_id")[:2])
    assert [row.history_user for row in rows] == [drc, colleague]
