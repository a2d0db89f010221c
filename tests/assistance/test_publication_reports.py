"""A-5 in A-8's reports: the quarterly inspection counts, per area and department, the
arrangements it had not published on its portal in time, and a promotion group's monthly
dispatch marks each such case and counts them per lead unit — as recorded at the period's end,
like every archived figure. An archive made before they were counted judges nobody on it and
keeps its file as it was."""

import datetime as dt

import pytest
from django.urls import reverse

from assistance import jobs, services
from assistance.choices import ReportKind
from assistance.models import SupervisionReport
from tests.assistance.factories import AssistanceCaseFactory
from tests.clock import at
from tests.exports import sheet_header, sheet_rows
from tests.factories import LeaderFactory, ProjectFactory
from yingkou.choices import LeaderRank

pytestmark = pytest.mark.django_db

D = dt.date


def _arranged(unit, name, day):
    with at(day):
        return AssistanceCaseFactory(
            project=ProjectFactory(name=name, owner_unit=unit, landing_unit=unit),
            team__lead_unit=unit,
            team__lead_leader=LeaderFactory(rank=LeaderRank.PRINCIPAL, unit=unit),
            arranged_on=day,
        )


def _publish(case, user, day):
    with at(day):
        case.refresh_from_db()
        services.assistance_publication_record(
            case=case,
            user=user,
            published_on=day,
            note="门户网站公告栏",
            expected_version=case.version,
        )


@pytest.fixture
def september(area, other_area, owner, outsider):
    """鲅鱼圈区: one decided on 1 September, due the 29th and published only in October; one
    decided on 2 September, due the 30th, the quarter's and the month's last day (not late
    then). 盖州市: one decided on 1 September and published on its due day."""
    late = _arranged(area, "鲅鱼圈区新材料项目", D(2026, 9, 1))
    _arranged(area, "鲅鱼圈区物流项目", D(2026, 9, 2))
    on_time = _arranged(other_area, "盖州市食品项目", D(2026, 9, 1))
    _publish(on_time, outsider, D(2026, 9, 29))
    _publish(late, owner, D(2026, 10, 5))  # after the period: it does not count for it
    return late


def test_the_quarterly_inspection_counts_each_units_unpublished_cases(
    client, september, area, other_area, drc
):
    with at(D(2026, 10, 10)):
        jobs.assistance_inspection(D(2026, 9, 30))
    report = SupervisionReport.objects.get(kind=ReportKind.INSPECTION, period_key="2026-Q3")
    rows = {row["unit"]: row for row in report.content["rows"]}
    assert (rows[area.name]["unpublished"], rows[other_area.name]["unpublished"]) == (1, 0)
    client.force_login(drc)
    url = reverse("assistance:report", args=[report.pk])
    assert "未公示项目" in client.get(url).content.decode()
    header = sheet_header(client.get(url + "?export=xlsx"))
    column = header.index("未公示项目")
    body = {row[1]: row[column] for row in sheet_rows(client.get(url + "?export=xlsx"))}
    assert (body[area.name], body[other_area.name], body["合计"]) == (1, 0, 1)


def test_the_running_quarter_counts_as_of_today(client, september, area, owner):
    client.force_login(owner)
    with at(D(2026, 9, 30)):
        page = client.get(reverse("assistance:inspection") + "?quarter=2026-Q3")
    assert page.context["provisional"]
    rows = {row["unit"]: row for row in page.context["content"]["rows"]}
    assert rows[area.name]["unpublished"] == 1


def test_the_monthly_dispatch_marks_the_cases_and_counts_them_per_lead_unit(
    client, september, area, other_area, drc
):
    with at(D(2026, 8, 3)):
        services.promotion_group_save(
            user=drc, name="第二推进组", head=drc, areas=[area, other_area]
        )
    with at(D(2026, 10, 2)):
        jobs.assistance_dispatch(D(2026, 9, 30))
    dispatch = SupervisionReport.objects.get(kind=ReportKind.DISPATCH, period_key="2026-09")
    assert {row["project"]: row["unpublished"] for row in dispatch.content["cases"]} == {
        "鲅鱼圈区新材料项目": True,
        "鲅鱼圈区物流项目": False,
        "盖州市食品项目": False,
    }
    client.force_login(drc)
    url = reverse("assistance:report", args=[dispatch.pk])
    page = client.get(url)
    assert page.context["unpublished_units"] == [(area.name, 1)]
    assert "data-unpublished-units" in page.content.decode()
    rows = sheet_rows(client.get(url + "?export=xlsx"))
    assert {row[1]: row[-1] for row in rows} == {
        "鲅鱼圈区新材料项目": "未公示",
        "鲅鱼圈区物流项目": None,
        "盖州市食品项目": None,
    }


def test_archives_made_before_publication_was_counted_judge_nobody(client, drc):
    row = {
        "id": 1,
        "project": "鲅鱼圈区新材料项目",
        "investment": "20000.00",
        "tier": "地区、部门帮扶",
        "stage": "建设",
        "assisting_leader": "",
        "lead_unit": "鲅鱼圈区",
        "open_problems": 0,
        "late_problems": 0,
        "escalated_problems": 0,
        "planned_investment": "",
        "actual_investment": "",
        "construction_status": "",
    }
    dispatch = SupervisionReport.objects.create(
        kind=ReportKind.DISPATCH,
        period_key="2026-08",
        scope="group-1",
        title="第二推进组2026年8月精准帮扶调度",
        content={"month": "2026-08", "group": "第二推进组", "areas": [], "cases": [row]},
    )
    client.force_login(drc)
    url = reverse("assistance:report", args=[dispatch.pk])
    page = client.get(url).content.decode()
    assert "data-unpublished-units" not in page and "门户网站公示" not in page
    assert "门户网站公示" not in sheet_header(client.get(url + "?export=xlsx"))
