"""Scheduled jobs (A-3 daily list, A-4/A-8 monthly dispatch and report, A-8 quarterly inspection):
each archives its period once, as of the period's end: the records are entered while the period
runs (time_machine), since what is recorded after it does not count for it."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from assistance import jobs
from assistance.choices import ProblemStatus
from assistance.models import SupervisionReport
from assistance.selectors import inspection_rows
from tests.assistance.factories import AssistanceCaseFactory, ProblemFactory, promotion_group
from tests.clock import at
from tests.factories import ProjectFactory
from yingkou.models import ScheduledRun
from yingkou.scheduling import run_period

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(area):
    with at(dt.date(2026, 6, 1), 18):
        return AssistanceCaseFactory(
            project=ProjectFactory(owner_unit=area, landing_unit=area, stage="construction"),
            team__lead_unit=area,
        )


def test_daily_deadlines_lists_due_and_late(case):
    with at(dt.date(2026, 11, 19), 18):  # before the day's list
        ProblemFactory(case=case, title="已逾期", due_on=dt.date(2026, 11, 25))
        ProblemFactory(case=case, title="今日到期", due_on=dt.date(2026, 11, 26))
        # Thursday: Friday, Monday and Tuesday are the next 3 working days.
        ProblemFactory(case=case, title="三个工作日后到期", due_on=dt.date(2026, 12, 1))
        ProblemFactory(case=case, title="四个工作日后到期", due_on=dt.date(2026, 12, 2))
        ProblemFactory(
            case=case,
            title="已解决",
            due_on=dt.date(2026, 11, 20),
            status=ProblemStatus.SOLVED,
            done_on=dt.date(2026, 11, 19),
        )
    jobs.assistance_deadlines(dt.date(2026, 11, 26))
    report = SupervisionReport.objects.get(kind="deadlines", period_key="2026-11-26")
    assert [p["title"] for p in report.content["late"]] == ["已逾期"]
    assert [p["title"] for p in report.content["due"]] == ["今日到期", "三个工作日后到期"]
    assert report.content["soon_until"] == "2026-12-01"


def test_an_archived_daily_list_is_headed_by_how_it_was_counted(case, client, drc):
    """Lists archived before they kept their cut-off counted "due" in 3 calendar days: their page
    heads them 即将到期, as when they were archived, not 3个工作日内到期."""
    ProblemFactory(case=case, title="三个工作日后到期", due_on=dt.date(2026, 12, 1))
    jobs.assistance_deadlines(dt.date(2026, 11, 26))
    counted = SupervisionReport.objects.get(kind="deadlines")
    old = SupervisionReport.objects.create(
        kind="deadlines",
        period_key="2026-09-30",
        scope="city",
        title="2026年9月30日精准帮扶问题到期提醒",
        content={"date": "2026-09-30", "due": [], "late": []},
    )
    client.force_login(drc)

    def headings(report):
        page = client.get(reverse("assistance:report", args=[report.pk])).content.decode()
        return [h for h in ("3个工作日内到期", "即将到期") if f"<h2>{h}</h2>" in page]

    assert headings(counted) == ["3个工作日内到期"]
    assert headings(old) == ["即将到期"]


def test_jobs_run_twice_create_nothing_twice(case, area, drc):
    promotion_group("第一推进组", [area])
    ProblemFactory(case=case, escalated=True, escalated_on=dt.date(2026, 10, 5))
    day = dt.date(2026, 10, 31)
    for _ in range(2):
        run_period("daily", day)
        run_period("monthly", day)
        run_period("quarterly", day)
        # Called directly (a hand re-run after a failure), the archive is not duplicated either.
        jobs.assistance_dispatch(day)
        jobs.assistance_inspection(day)
    assert SupervisionReport.objects.filter(kind="dispatch", period_key="2026-10").count() == 1
    assert SupervisionReport.objects.filter(kind="city_report", period_key="2026-10").count() == 1
    assert SupervisionReport.objects.filter(kind="inspection", period_key="2026-Q4").count() == 1
    assert SupervisionReport.objects.filter(kind="deadlines").count() == 1
    assert ScheduledRun.objects.filter(job="assistance_dispatch", status="succeeded").count() == 1


def test_monthly_dispatch_per_group_and_city_report(case, area, other_area):
    first = promotion_group("第一推进组", [area])
    second = promotion_group("第二推进组", [other_area])
    with at(dt.date(2026, 10, 2), 18):
        ProblemFactory(
            case=case, category="power", title="供电线路未接入", due_on=dt.date(2026, 10, 20)
        )
        ProblemFactory(
            case=case,
            category="land",
            title="用地指标",
            escalated=True,
            escalated_on=dt.date(2026, 10, 2),
        )
    jobs.assistance_dispatch(dt.date(2026, 10, 15))
    dispatch = SupervisionReport.objects.get(kind="dispatch", scope=f"group-{first.pk}")
    assert [row["project"] for row in dispatch.content["cases"]] == [case.project.name]
    assert dispatch.content["cases"][0]["late_problems"] == 1  # as of 31 October
    assert {p["title"] for p in dispatch.content["problems"]} == {"供电线路未接入", "用地指标"}
    empty = SupervisionReport.objects.get(kind="dispatch", scope=f"group-{second.pk}")
    assert empty.content["cases"] == []
    city = SupervisionReport.objects.get(kind="city_report")
    assert city.content["reserve"]["by_category"] == []
    categories = {row["category"]: row for row in city.content["construction"]["by_category"]}
    assert categories["供电"]["late"] == 1
    assert [p["title"] for p in city.content["construction"]["escalated"]] == ["用地指标"]


def test_inspection_counts_on_time_at_the_boundary(case, other_area):
    start, end = dt.date(2026, 7, 1), dt.date(2026, 9, 30)
    due = dt.date(2026, 8, 10)
    with at(dt.date(2026, 9, 30), 18):
        ProblemFactory(case=case, raised_on=start, due_on=due, status="solved", done_on=due)
        ProblemFactory(
            case=case, raised_on=start, due_on=due, status="solved", done_on=dt.date(2026, 8, 11)
        )
        ProblemFactory(case=case, raised_on=start, due_on=due)  # still open, past due
        ProblemFactory(
            case=case, raised_on=start, due_on=dt.date(2026, 9, 30)
        )  # open, not yet late
        ProblemFactory(
            case=case, raised_on=start, due_on=due, escalated=True, escalated_on=dt.date(2026, 8, 1)
        )
        ProblemFactory(  # solved in the previous quarter: not this quarter's work
            case=case,
            raised_on=dt.date(2026, 5, 1),
            due_on=dt.date(2026, 6, 1),
            status="solved",
            done_on=dt.date(2026, 6, 1),
        )
    rows = {row["unit"]: row for row in inspection_rows(start=start, end=end)}
    assert rows[other_area.name] == {  # inspected too, with nothing to show
        "unit_id": other_area.pk,
        "unit": other_area.name,
        "cases": 0,
        "solved_on_time": 0,
        "late": 0,
        "escalated": 0,
        "open": 0,
        "unpublished": 0,
        "unpublished_plans": 0,
    }
    row = rows[case.team.lead_unit.name]
    assert row["cases"] == 1
    assert row["solved_on_time"] == 1
    assert row["late"] == 3
    assert row["escalated"] == 1
    assert row["open"] == 3


def test_inspection_report_page_and_excel(client, case, drc):
    with at(dt.date(2026, 7, 30), 18):
        ProblemFactory(
            case=case,
            raised_on=dt.date(2026, 7, 1),
            due_on=dt.date(2026, 8, 1),
            status="solved",
            done_on=dt.date(2026, 7, 30),
        )
    jobs.assistance_inspection(dt.date(2026, 9, 30))
    report = SupervisionReport.objects.get(kind="inspection")
    assert report.period_key == "2026-Q3"
    client.force_login(drc)
    page = client.get(reverse("assistance:report", args=[report.pk]))
    assert case.team.lead_unit.name in page.content.decode()
    first = client.get(reverse("assistance:report", args=[report.pk]) + "?export=xlsx")
    sheet = load_workbook(_bytes(first)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == report.title
    assert rows[2][1] == "地区、部门"
    assert (case.team.lead_unit.name, 1, 1) in [r[1:4] for r in rows]
    assert rows[-1][1] == "合计"
    # Problems solved later do not change the archived quarter.
    ProblemFactory(case=case, raised_on=dt.date(2026, 7, 1), due_on=dt.date(2026, 8, 1))
    second = client.get(reverse("assistance:report", args=[report.pk]) + "?export=xlsx")
    assert list(load_workbook(_bytes(second)).active.iter_rows(values_only=True)) == rows


def _bytes(response):
    import io

    return io.BytesIO(b"".join(response.streaming_content))


def test_quarter_run_before_its_end_counts_nothing_late_early(case):
    with at(dt.date(2026, 10, 1), 18):
        ProblemFactory(case=case, raised_on=dt.date(2026, 10, 1), due_on=dt.date(2026, 12, 1))
        ProblemFactory(case=case, raised_on=dt.date(2026, 10, 1), due_on=dt.date(2026, 11, 25))
    with time_machine.travel(dt.datetime(2026, 11, 26, 10, 0), tick=False):
        jobs.assistance_inspection(dt.date(2026, 11, 26))
    report = SupervisionReport.objects.get(kind="inspection", period_key="2026-Q4")
    assert report.content["end"] == "2026-11-26"
    row = next(r for r in report.content["rows"] if r["unit"] == case.team.lead_unit.name)
    assert (row["late"], row["open"]) == (1, 2)


def test_a_dispatch_built_late_reports_the_problems_open_on_the_last_day(case, area, drc):
    """The audit: the October report built in November listed problems raised after 31 October
    and omitted the ones open on that day."""
    promotion_group("第一推进组", [area])
    with at(dt.date(2026, 10, 10), 18):
        solved_later = ProblemFactory(
            case=case, category="land", title="十月未解决", due_on=dt.date(2026, 10, 20)
        )
    with at(dt.date(2026, 11, 3), 18):
        ProblemFactory(case=case, category="power", title="十一月提出", due_on=dt.date(2026, 11, 9))
        solved_later.status = ProblemStatus.SOLVED
        solved_later.done_on = dt.date(2026, 11, 3)
        solved_later.save()
    with at(dt.date(2026, 11, 20), 18):
        run_period("monthly", dt.date(2026, 10, 31))
    dispatch = SupervisionReport.objects.get(kind="dispatch", period_key="2026-10")
    assert [p["title"] for p in dispatch.content["problems"]] == ["十月未解决"]
    assert dispatch.content["problems"][0]["state"] == "late"
    assert dispatch.content["cases"][0]["open_problems"] == 1
    city = SupervisionReport.objects.get(kind="city_report", period_key="2026-10")
    assert [row["category"] for row in city.content["construction"]["by_category"]] == ["土地"]


def test_a_dispatch_page_writes_amounts_as_every_list_does(client, area, drc):
    with at(dt.date(2026, 6, 1), 18):
        AssistanceCaseFactory(
            project=ProjectFactory(
                owner_unit=area, landing_unit=area, stage="construction", total_investment=274018.89
            ),
            team__lead_unit=area,
        )
    promotion_group("第一推进组", [area])
    jobs.assistance_dispatch(dt.date(2026, 10, 15))
    report = SupervisionReport.objects.get(kind="dispatch")
    client.force_login(drc)
    page = client.get(reverse("assistance:report", args=[report.pk])).content.decode()
    assert "274,018.89" in page and "274018.89" not in page


def test_the_inspection_report_is_circulated_to_the_units_it_inspects(client, case, outsider):
    """A-8: every quarter the areas and departments are inspected and the report is circulated
    (通报): every unit it names, an area with nothing to show too, is told once, with a link it
    may open; a unit it does not inspect (a utility) is not."""
    from tests.factories import UnitFactory, UserFactory
    from yingkou.choices import UnitKind
    from yingkou.models import Notification

    staff = UserFactory(unit=case.team.lead_unit)
    utility = UserFactory(unit=UnitFactory(name="供电公司", code="GDGS", kind=UnitKind.UTILITY))
    with at(dt.date(2026, 7, 30), 18):
        ProblemFactory(case=case, raised_on=dt.date(2026, 7, 1), due_on=dt.date(2026, 8, 1))

    jobs.assistance_inspection(dt.date(2026, 9, 30))
    jobs.assistance_inspection(dt.date(2026, 9, 30))

    report = SupervisionReport.objects.get(kind="inspection", period_key="2026-Q3")
    [notice] = Notification.objects.filter(user=staff)
    assert notice.title == (
        "2026年第三季度精准帮扶督导检查情况报告已通报：本单位通报批评，得分0.00，排名第1"
    )
    assert notice.url == reverse("assistance:report", args=[report.pk])
    assert Notification.objects.filter(user=outsider, url=notice.url).count() == 1
    assert not Notification.objects.filter(user=utility).exists()
    for user in (staff, outsider):
        client.force_login(user)
        assert client.get(notice.url).status_code == 200
