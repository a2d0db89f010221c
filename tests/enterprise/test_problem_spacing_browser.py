"""At a desktop's width (1366 px) a problem's coordination table (协调办理) stands apart from the
cards below it, for the owning unit (its action cards) and for a department asked to help (its
own task's card), as the complaint's transfer chain does; each card's heading sits at its top."""

import datetime as dt

import pytest
from django.urls import reverse

from enterprise.models import Problem
from tests.browser import TABLE_GAP
from tests.conftest import browser_login
from tests.enterprise.factories import EnterpriseFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "pw-for-tests-1"

GAP = TABLE_GAP


# Pixels between the top of the first card and its heading: its padding, no heading margin.
HEADING = """() => {
  const card = document.querySelector('main form.card');
  return card.querySelector('h2').getBoundingClientRect().top - card.getBoundingClientRect().top;
}"""


@pytest.mark.parametrize("reader", ["owner", "teammate"])
def test_the_coordination_table_is_spaced_from_the_cards(
    live_server, _browser, owner, teammate, department, reader
):
    problem = Problem.objects.create(
        enterprise=EnterpriseFactory(introducing_unit=owner.unit),
        category="labour",
        description="技术工人短缺",
        raised_on=dt.date(2026, 11, 2),
        first_unit=owner.unit,
        owner_unit=owner.unit,
        due_on=dt.date(2026, 11, 16),
        recorded_by=owner,
    )
    problem.actions.create(unit=department, task="对接职业院校", due_on=dt.date(2026, 11, 12))
    user = owner if reader == "owner" else teammate
    user.set_password(PASSWORD)
    user.save()
    context = _browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 800})
    page = context.new_page()
    browser_login(page, live_server, user.username, PASSWORD)
    page.goto(live_server.url + reverse("enterprise:problem", args=[problem.pk]))
    assert page.locator("main form.card").count() >= 1  # the cards are shown
    gap = page.evaluate(GAP)
    heading = page.evaluate(HEADING)
    context.close()
    assert gap >= 12, gap
    assert heading <= 24, heading
