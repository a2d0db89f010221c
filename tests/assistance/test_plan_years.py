"""A-5: a unit writes its yearly plan for last year, this year or next year only — by the local
date, one rule (`rules.plan_years_open`) for its page and the API alike. An older plan is no
longer changed, but its publication on the unit's portal is still recorded."""

import datetime as dt

import pytest
from django.urls import reverse

from assistance import rules, services
from assistance.models import AssistancePlan
from tests.clock import frozen, local
from tests.conftest import api_as
from yingkou.errors import RuleViolation

pytestmark = pytest.mark.django_db

D = dt.date
URL = "/api/v1/assistance/plans/"
# The last minute of 2026 and the first of 2027, local time: in UTC both are still 31 December.
NEW_YEARS_EVE = local(D(2026, 12, 31), 23, 59)
NEW_YEARS_DAY = local(D(2027, 1, 1), 0, 1)
BOUNDARIES = [
    (NEW_YEARS_EVE, 2024, False),  # two years ago
    (NEW_YEARS_EVE, 2025, True),  # last year
    (NEW_YEARS_EVE, 2026, True),
    (NEW_YEARS_EVE, 2027, True),  # next year
    (NEW_YEARS_EVE, 2028, False),  # the year after
    (NEW_YEARS_DAY, 2025, False),
    (NEW_YEARS_DAY, 2026, True),
    (NEW_YEARS_DAY, 2028, True),
    (NEW_YEARS_DAY, 2029, False),
]
OPEN = {NEW_YEARS_EVE: "2025、2026、2027", NEW_YEARS_DAY: "2026、2027、2028"}


def _body(year: int, **changes) -> dict:
    return {"year": year, "title": f"{year}年方案", "content": "一抓到底", "version": 0, **changes}


# --- the rule ----------------------------------------------------------------------------------


def test_the_open_years_turn_on_new_years_day():
    assert list(rules.plan_years_open(D(2026, 12, 31))) == [2025, 2026, 2027]
    assert list(rules.plan_years_open(D(2027, 1, 1))) == [2026, 2027, 2028]


@pytest.mark.parametrize(("moment", "year", "allowed"), BOUNDARIES)
def test_the_rule_at_its_boundaries(moment, year, allowed):
    today = moment.date()
    if allowed:
        rules.plan_year_rule(year=year, today=today)
        return
    with pytest.raises(RuleViolation) as refused:
        rules.plan_year_rule(year=year, today=today)
    assert (refused.value.rule, refused.value.field) == ("A-5", "year")
    assert OPEN[moment] in refused.value.text


# --- the page ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("moment", "year", "allowed"), BOUNDARIES)
def test_the_page_saves_an_open_year_only(client, owner, moment, year, allowed):
    client.force_login(owner)
    with frozen(moment):
        answer = client.post(reverse("assistance:plan"), _body(year))
    assert AssistancePlan.objects.filter(year=year).exists() == allowed
    if allowed:
        assert answer.status_code == 302
        return
    page = answer.content.decode()
    assert answer.status_code == 200
    # A page opened before New Year's Day and saved after it says which year and why.
    assert f"本单位{year}年度帮扶方案" in page
    assert f"只能填写或修改{OPEN[moment]}年度（上一年、本年、下一年）的帮扶方案" in page


def test_the_page_offers_the_open_years_by_the_local_date(client, owner):
    client.force_login(owner)
    url = reverse("assistance:plan")
    with frozen(NEW_YEARS_EVE):
        page = client.get(url).content.decode()
    assert 'name="year" value="2026"' in page
    assert 'href="?year=2025"' in page and 'href="?year=2027"' in page
    with frozen(NEW_YEARS_DAY):
        page = client.get(url).content.decode()
        closed = client.get(url + "?year=2025").content.decode()
    assert 'name="year" value="2027"' in page
    assert 'href="?year=2025"' not in page and 'href="?year=2028"' in page
    assert 'name="year" value="2027"' in closed  # a year no longer open shows this year's


# --- the API -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("moment", "year", "allowed"), BOUNDARIES)
def test_the_api_creates_an_open_year_only(owner, moment, year, allowed):
    with frozen(moment):
        answer = api_as(owner).post(URL, _body(year, is_published=True), format="json")
    assert AssistancePlan.objects.filter(year=year).exists() == allowed
    if allowed:
        assert answer.status_code == 201, answer.content
        return
    assert answer.status_code == 400
    body = answer.json()
    assert body["rule"] == "A-5" and OPEN[moment] in body["year"][0]


# --- last year's plan after New Year's Day -----------------------------------------------------


@pytest.fixture
def last_years(owner):
    """2025's plan, adopted on the last day it could be written."""
    with frozen(NEW_YEARS_EVE):
        return services.assistance_plan_save(
            unit=owner.unit,
            year=2025,
            title="2025年方案",
            content="去年",
            is_published=True,
            user=owner,
            expected_version=0,
        )


def test_an_older_plan_is_no_longer_changed_on_its_page_or_through_the_api(
    client, owner, last_years
):
    client.force_login(owner)
    detail = reverse("assistance:plan_detail", args=[last_years.pk])
    edit = f'href="{reverse("assistance:plan")}?year=2025"'
    with frozen(NEW_YEARS_EVE):
        assert edit in client.get(detail).content.decode()
    with frozen(NEW_YEARS_DAY):
        assert edit not in client.get(detail).content.decode()
        page = client.post(reverse("assistance:plan"), _body(2025, content="改", version=1))
        api = api_as(owner).patch(
            f"{URL}{last_years.pk}/", {"content": "改", "version": 1}, format="json"
        )
    assert page.status_code == 200 and "只能填写或修改2026、2027、2028年度" in page.content.decode()
    assert api.status_code == 400 and set(api.json()) == {"detail", "rule", "year"}
    last_years.refresh_from_db()
    assert (last_years.content, last_years.version) == ("去年", 1)


def test_an_older_plans_publication_is_still_recorded(client, owner, reviewer, last_years):
    """Recording that the plan was published on the portal changes nothing of the plan: it
    stays open whatever the year, as it is on the plan's page."""
    client.force_login(owner)
    with frozen(NEW_YEARS_DAY + dt.timedelta(days=3)):
        assert (
            "记录公示"
            in client.get(reverse("assistance:plan_detail", args=[last_years.pk])).content.decode()
        )
        recorded = client.post(
            reverse("assistance:plan_publication", args=[last_years.pk]),
            {"published_on": "2027-01-02", "note": "公告栏", "version": 1},
        )
        assert recorded.status_code == 302
        again = api_as(reviewer).post(
            f"{URL}{last_years.pk}/publication/",
            {"published_on": "2027-01-04", "published_note": "公告栏", "version": 2},
            format="json",
        )
    assert again.status_code == 200, again.content
    assert (again.json()["publication"], again.json()["published_on"]) == (
        "published",
        "2027-01-04",
    )
