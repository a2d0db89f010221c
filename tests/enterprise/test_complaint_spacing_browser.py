"""At a desktop's width (1366 px) a complaint's transfer chain (转办链条) stands apart from the
action cards below it, as a table and the cards after it do on other pages."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.browser import TABLE_GAP
from tests.conftest import browser_login
from tests.enterprise.factories import ComplaintFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "pw-for-tests-1"

GAP = TABLE_GAP


def test_the_transfer_chain_is_spaced_from_the_action_cards(
    live_server, _browser, owner, other_area
):
    complaint = ComplaintFactory(receiving_unit=other_area, handling_unit=owner.unit)
    complaint.transfers.create(
        from_unit=other_area, to_unit=owner.unit, transferred_on=dt.date(2026, 11, 3)
    )
    owner.set_password(PASSWORD)
    owner.save()
    context = _browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 800})
    page = context.new_page()
    browser_login(page, live_server, owner.username, PASSWORD)
    page.goto(live_server.url + reverse("enterprise:complaint", args=[complaint.pk]))
    assert page.locator("main form.card").count() >= 2  # the action cards are shown
    gap = page.evaluate(GAP)
    context.close()
    assert gap >= 12, gap
