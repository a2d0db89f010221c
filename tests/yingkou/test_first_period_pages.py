"""A period before the service's first (the norms were issued on 11 August 2017) is refused by
every page and download that reads a period asked for: 400 with the reason, nothing archived.
A period not begun stays 404."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from enterprise.models import AssessmentResult
from enterprise.models.assessment import Archive
from negotiation.models import NegotiationArchive
from reserve.models import MonthlyArchive
from tests.conftest import api_as
from tests.factories import UnitFactory, UserFactory
from yingkou.choices import Role, UnitKind
from yingkou.models import ScheduledRun
from yingkou.scheduling import run_period

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _late_november():
    with time_machine.travel(dt.datetime(2026, 11, 26, 10, tzinfo=dt.UTC), tick=False):
        yield


REASON = "早于本系统的第一个期间"


def nothing_archived():
    return not (
        MonthlyArchive.objects.exists()
        or NegotiationArchive.objects.exists()
        or AssessmentResult.objects.exists()
        or Archive.objects.exists()
    )


@pytest.mark.parametrize(
    ("name", "args", "query"),
    [
        ("reserve:monthly_list_xlsx", ["1999-01"], {}),
        ("reserve:monthly_list_xlsx", ["2017-07"], {}),
        ("reserve:circular", ["1999-01"], {}),
        ("reserve:circular_xlsx", ["2017-07"], {}),
        ("reserve:circular_docx", ["2017-07"], {}),
        ("negotiation:circular", ["1999-01"], {}),
        ("negotiation:appraisal", [], {"year": "2016"}),
        ("enterprise:assessment", [], {"period": "2017-Q2"}),
        ("enterprise:assessment", [], {"period": "1999"}),
        ("enterprise:visits", [], {"month": "2017-07"}),
        ("assistance:weekly", [], {"week": "2017-08-06"}),
    ],
)
def test_a_period_before_the_service_is_400_with_the_reason(client, drc, bureau, name, args, query):
    client.force_login(bureau if name == "reserve:monthly_list_xlsx" else drc)
    response = client.get(reverse(name, args=args), query)
    assert response.status_code == 400
    assert REASON in response.content.decode()
    assert nothing_archived()


@pytest.mark.parametrize(
    ("name", "args", "query"),
    [
        ("reserve:monthly_list_xlsx", ["2017-08"], {}),
        ("reserve:circular", ["2017-08"], {}),
        ("negotiation:appraisal", [], {"year": "2017"}),
        ("enterprise:assessment", [], {"period": "2017-Q3"}),
        ("enterprise:visits", [], {"month": "2017-08"}),
        ("assistance:weekly", [], {"week": "2017-08-07"}),
    ],
)
def test_the_first_period_is_served(client, drc, bureau, name, args, query):
    client.force_login(bureau if name == "reserve:monthly_list_xlsx" else drc)
    assert client.get(reverse(name, args=args), query).status_code == 200


@pytest.mark.parametrize(
    ("name", "args", "query"),
    [
        ("reserve:monthly_list_xlsx", ["2026-12"], {}),
        ("negotiation:circular", ["2026-12"], {}),
        ("negotiation:appraisal", [], {"year": "2027"}),
        ("enterprise:visits", [], {"month": "2026-12"}),
        ("assistance:weekly", [], {"week": "2026-11-30"}),
    ],
)
def test_a_period_not_begun_is_404_with_the_reason(client, drc, bureau, name, args, query):
    client.force_login(bureau if name == "reserve:monthly_list_xlsx" else drc)
    response = client.get(reverse(name, args=args), query)
    assert response.status_code == 404
    assert "尚未开始" in response.content.decode()


def test_figures_are_not_entered_for_a_quarter_before_the_service(client):
    unit = UnitFactory(code="YSHJ", kind=UnitKind.SUPERVISION_BUREAU)
    client.force_login(UserFactory(role=Role.SUPERVISOR, unit=unit))
    url = reverse("enterprise:assessment_figures")
    response = client.get(url, {"period": "2017-Q2"})
    assert response.status_code == 400 and REASON in response.content.decode()
    assert client.get(url, {"period": "2017-Q3"}).status_code == 200


def test_the_weekly_api_refuses_a_week_before_the_service(drc):
    answer = api_as(drc).get("/api/v1/assistance/weekly/", {"week": "2017-08-06"})
    assert answer.status_code == 400
    assert answer.json()["rule"] == "A-8" and REASON in answer.json()["detail"]
    assert api_as(drc).get("/api/v1/assistance/weekly/", {"week": "2017-08-07"}).status_code == 200


def test_the_visits_page_links_no_month_before_the_service(client, drc):
    client.force_login(drc)
    page = client.get(reverse("enterprise:visits"), {"month": "2017-08"}).content
    assert "?month=2017-07" not in page.decode() and "?month=2017-09" in page.decode()


def test_the_weekly_page_links_no_week_before_the_service_nor_one_not_begun(client, drc):
    client.force_login(drc)
    first = client.get(reverse("assistance:weekly"), {"week": "2017-08-07"}).content.decode()
    assert "?week=2017-07-31" not in first and "?week=2017-08-14" in first
    current = client.get(reverse("assistance:weekly")).content.decode()
    assert "?week=2026-11-16" in current and "?week=2026-11-30" not in current


def test_no_scheduled_job_runs_a_period_before_the_service():
    results = run_period("monthly", dt.date(2017, 7, 15), manual=True)
    assert results and all(r.status == "not_due" for r in results)
    assert not ScheduledRun.objects.exists() and nothing_archived()
    assert {r.status for r in run_period("yearly", dt.date(2016, 6, 1), manual=True)} == {"not_due"}
