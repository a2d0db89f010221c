"""A-8 monthly progress: the case page opens its progress form on the month asked for
(`?progress_month=`) only when that month may be reported, answering like every other period
page — a month not begun is 404, one before the service 400 — each with the rule's reason."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.assistance.factories import AssistanceCaseFactory
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today(time_machine):
    """Thursday 26 November 2026, Asia/Shanghai."""
    time_machine.move_to(dt.datetime(2026, 11, 26, 10, tzinfo=dt.UTC), tick=False)


@pytest.fixture
def page(client, owner, area):
    case = AssistanceCaseFactory(
        project=ProjectFactory(owner_unit=area, landing_unit=area), team__lead_unit=area
    )
    client.force_login(owner)
    url = reverse("assistance:detail", args=[case.pk])
    return lambda month: client.get(url, {"progress_month": month} if month else {})


@pytest.mark.parametrize("month", ["2026-11", "2026-10", "2017-08"])
def test_a_month_that_may_be_reported_opens_the_form_on_it(page, month):
    response = page(month)
    assert response.status_code == 200
    assert f'name="month" value="{month}"' in response.content.decode()


def test_without_a_month_the_form_opens_on_this_month(page):
    assert 'name="month" value="2026-11"' in page(None).content.decode()


@pytest.mark.parametrize("month", ["2026-12", "2099-01"])
def test_a_month_not_begun_is_not_found(page, month):
    response = page(month)
    assert response.status_code == 404
    assert "尚未开始" in response.content.decode()


@pytest.mark.parametrize("month", ["2017-07", "1999-01"])
def test_a_month_before_the_service_is_a_bad_request(page, month):
    response = page(month)
    assert response.status_code == 400
    assert "2017" in response.content.decode()


@pytest.mark.parametrize("month", ["2026-13", "abc"])
def test_an_unreadable_month_is_not_found(page, month):
    assert page(month).status_code == 404
