"""N-6 in the API: the investment bureau records a month's dispatch (调度) — the running month or
a closed one — at `POST negotiations/dispatches/`, lists the dispatches, and lists a month's
cases behind with `negotiations/?report_missing=true&month=`.

The case fixture is led by 营口市工业和信息化局 (bob, teammate) and owes October and November;
鲅鱼圈区 (alice, owner) leads a case opened in September that has reported November only."""

import datetime as dt

import pytest

from negotiation import services
from negotiation.models import ProgressDispatch
from tests.conftest import api_as
from tests.factories import ProjectFactory, UserFactory
from tests.negotiation.factories import open_case
from tests.queries import assert_constant_queries
from yingkou.choices import NotificationKind, Role
from yingkou.models import Notification

pytestmark = pytest.mark.django_db

URL = "/api/v1/negotiations/dispatches/"


@pytest.fixture
def reported(area, owner):
    project = ProjectFactory(
        name="港口物流园项目", owner_unit=area, landing_unit=area, total_investment="8000.00"
    )
    case = open_case(
        negotiating_unit=area, project=project, user=owner, opened_on=dt.date(2026, 9, 1)
    )
    services.progress_report_file(case=case, user=owner, period="2026-11", progress="已完成考察")
    return case


def _told() -> list[str]:
    return sorted(
        Notification.objects.filter(kind=NotificationKind.PROGRESS_REPORT).values_list(
            "user__username", flat=True
        )
    )


class TestRecord:
    def test_the_bureau_dispatches_a_closed_month_and_hears_how_many_units_were_told(
        self, case, reported, bureau
    ):
        response = api_as(bureau).post(
            URL, {"period": "2026-10", "remarks": "请补报10月推进情况", "version": 0}, format="json"
        )
        assert response.status_code == 201, response.json()
        body = response.json()
        assert (body["period"], body["version"], body["lead_units_told"]) == ("2026-10", 1, 2)
        assert (body["dispatched_by"], body["dispatched_on"]) == (bureau.pk, "2026-11-26")
        assert _told() == ["alice", "bob"]

    def test_the_running_month_counts_only_its_own_units_behind(self, case, reported, bureau):
        response = api_as(bureau).post(
            URL, {"period": "2026-11", "remarks": "请月底前上报", "version": 0}, format="json"
        )
        assert response.json()["lead_units_told"] == 1
        assert _told() == ["bob"]

    def test_amending_answers_200_on_the_version_seen_and_409_on_an_older_one(self, case, bureau):
        client = api_as(bureau)
        client.post(URL, {"period": "2026-10", "remarks": "第一次", "version": 0}, format="json")
        amended = client.post(
            URL, {"period": "2026-10", "remarks": "第二次", "version": 1}, format="json"
        )
        assert (amended.status_code, amended.json()["version"]) == (200, 2)
        stale = client.post(
            URL, {"period": "2026-10", "remarks": "旧版本", "version": 1}, format="json"
        )
        assert stale.status_code == 409
        assert ProgressDispatch.objects.get().remarks == "第二次"
        assert ProgressDispatch.objects.get().history.latest().history_user == bureau

    @pytest.mark.parametrize(
        "period,rule",
        [("2026-12", "N-6"), ("2017-07", "N-6"), ("2026-13", "N-6"), ("十月", "N-6")],
    )
    def test_a_month_not_begun_or_before_the_service_is_a_400(self, case, bureau, period, rule):
        response = api_as(bureau).post(
            URL, {"period": period, "remarks": "调度", "version": 0}, format="json"
        )
        assert response.status_code == 400
        assert response.json()["rule"] == rule
        assert not ProgressDispatch.objects.exists()

    def test_the_version_and_the_remarks_are_required(self, case, bureau):
        client = api_as(bureau)
        assert client.post(URL, {"period": "2026-10", "remarks": "调度"}).status_code == 400
        blank = client.post(URL, {"period": "2026-10", "remarks": " ", "version": 0})
        assert blank.status_code == 400
        assert not ProgressDispatch.objects.exists()

    def test_nobody_else_dispatches_whatever_they_send(self, case, drc, teammate, city_leader_user):
        for user in (drc, teammate, city_leader_user):
            client = api_as(user)
            assert client.post(URL, {}).status_code == 403
            sent = {"period": "2026-10", "remarks": "调度", "version": 0}
            assert client.post(URL, sent, format="json").status_code == 403
        assert not ProgressDispatch.objects.exists()
        assert _told() == []


class TestList:
    @pytest.fixture
    def dispatched(self, bureau):
        for period in ("2026-09", "2026-10", "2026-11"):
            services.progress_dispatch_record(period=period, user=bureau, remarks=f"{period}调度")

    def test_the_city_wide_roles_read_every_dispatch_latest_first(
        self, dispatched, bureau, drc, city_leader_user
    ):
        for user in (bureau, drc, city_leader_user):
            rows = api_as(user).get(URL).json()["results"]
            assert [row["period"] for row in rows] == ["2026-11", "2026-10", "2026-09"]
        (row,) = api_as(drc).get(URL, {"period": "2026-10"}).json()["results"]
        assert (row["remarks"], row["dispatched_by_name"]) == ("2026-10调度", str(bureau))

    def test_a_unit_reads_none_of_them(self, dispatched, owner, teammate):
        for user in (owner, teammate):
            assert api_as(user).get(URL).json() == {
                "count": 0,
                "next": None,
                "previous": None,
                "results": [],
            }

    def test_the_list_runs_a_fixed_number_of_queries(self, drc, area):
        users = iter(
            UserFactory(role=Role.INVESTMENT_BUREAU, unit=area, username=f"zsj{n}")
            for n in range(40)
        )
        months = iter(f"{year}-{month:02d}" for year in (2025, 2026) for month in range(1, 13))

        def add(n):
            for _ in range(n):
                services.progress_dispatch_record(
                    period=next(months), user=next(users), remarks="调度"
                )

        client = api_as(drc)
        assert_constant_queries(lambda: client.get(URL), add, small=2, large=12)


class TestCasesBehind:
    def test_the_case_list_names_a_closed_months_cases_behind(self, case, reported, drc):
        def names(month):
            query = {"report_missing": "true", **({"month": month} if month else {})}
            rows = api_as(drc).get("/api/v1/negotiations/", query).json()["results"]
            return sorted(row["project_name"] for row in rows)

        assert names("2026-10") == sorted([case.project.name, reported.project.name])
        assert names(None) == [case.project.name]  # the running month
        assert names("2026-09") == [reported.project.name]

    @pytest.mark.parametrize("month", ["2026-12", "2017-07", "bad"])
    def test_a_month_that_cannot_be_asked_is_a_filter_error(self, case, drc, month):
        response = api_as(drc).get(
            "/api/v1/negotiations/", {"report_missing": "true", "month": month}
        )
        assert response.status_code == 400
        assert "month" in response.json()


def test_the_schema_documents_the_dispatches_and_the_month_of_the_cases_behind(client):
    schema = client.get("/api/schema/?format=json").json()
    operations = schema["paths"]["/api/v1/negotiations/dispatches/"]
    assert set(operations) == {"get", "post"}
    request = operations["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert request["$ref"].endswith("/DispatchRecordRequest")
    assert set(schema["components"]["schemas"]["DispatchRecordRequest"]["required"]) == {
        "period",
        "remarks",
        "version",
    }
    assert {"200", "201"} <= set(operations["post"]["responses"])
    cases = schema["paths"]["/api/v1/negotiations/"]["get"]["parameters"]
    assert {"report_missing", "month"} <= {parameter["name"] for parameter in cases}
