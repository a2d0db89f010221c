"""A-5 in A-8's reports, for the yearly plans (帮扶方案): the quarterly inspection counts, per area
and department, its own plans not published on its portal in time, beside its arrangements (page,
Excel, API, the unit's notice), and a promotion group's monthly dispatch counts its areas' — as
recorded at the period's end and judged on its last day by the plan list's own rule, as the cases
are. An archive made before plans were counted shows no such figure and keeps its file."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from assistance import jobs, rules, services
from assistance.choices import ReportKind
from assistance.models import AssistancePlan, SupervisionReport
from assistance.selectors import inspection_for
from tests.assistance.factories import AssistanceCaseFactory
from tests.clock import at
from tests.conftest import api_as
from tests.exports import sheet_header, sheet_rows
from tests.factories import LeaderFactory, ProjectFactory, UserFactory
from yingkou.asof import end_of
from yingkou.choices import LeaderRank, Role
from yingkou.models import Notification

pytestmark = pytest.mark.django_db

D = dt.date
Q3_END = D(2026, 9, 30)


def _staff(unit):
    return UserFactory(role=Role.UNIT_STAFF, unit=unit, email=f"{unit.code.lower()}@example.org")


def _adopt(unit, day, *, year=2026, content="问题清单化管理"):
    """The unit's plan for `year` saved as public (adopted) on `day` by its own staff."""
    user = unit.users.filter(role=Role.UNIT_STAFF).first() or _staff(unit)
    current = AssistancePlan.objects.filter(unit=unit, year=year).first()
    with at(day):
        return services.assistance_plan_save(
            unit=unit,
            year=year,
            title=f"{unit.name}{year}年重点项目精准帮扶方案",
            content=content,
            is_published=True,
            user=user,
            expected_version=current.version if current else 0,
        )


def _publish(plan, day):
    plan.refresh_from_db()
    with at(day):
        return services.assistance_plan_publication_record(
            plan=plan,
            user=plan.unit.users.filter(role=Role.UNIT_STAFF).first(),
            published_on=day,
            note="门户网站公告栏",
            expected_version=plan.version,
        )


def _arranged_case(unit, name, day):
    with at(day):
        return AssistanceCaseFactory(
            project=ProjectFactory(name=name, owner_unit=unit, landing_unit=unit),
            team__lead_unit=unit,
            team__lead_leader=LeaderFactory(rank=LeaderRank.PRINCIPAL, unit=unit),
            arranged_on=day,
        )


@pytest.fixture
def september(area, other_area, department):
    """Q3 2026, judged on 30 September as every deadline of the inspection is. 鲅鱼圈区: its plan
    adopted on 1 September, due on the 29th and published only in October, and a case arranged
    the same day, unpublished. 盖州市: adopted on 1 September, published late on the 30th. 工信局:
    adopted on 2 September, due on the 30th itself — still in time that day, as the plan list
    says (待公示) — and its 2027 plan adopted on 10 September, due in October."""
    late = _adopt(area, D(2026, 9, 1))
    _arranged_case(area, "鲅鱼圈区新材料项目", D(2026, 9, 1))
    _publish(_adopt(other_area, D(2026, 9, 1)), Q3_END)
    _adopt(department, D(2026, 9, 2))
    _adopt(department, D(2026, 9, 10), year=2027)
    _publish(late, D(2026, 10, 5))  # after the quarter: it does not count for it
    return late


def _rows(content) -> dict:
    return {row["unit"]: row for row in content["rows"]}


def test_the_quarter_counts_each_units_plans_beside_its_cases(
    client, september, area, other_area, department, drc
):
    with at(D(2026, 10, 10)):
        jobs.assistance_inspection(Q3_END)
    report = SupervisionReport.objects.get(kind=ReportKind.INSPECTION, period_key="2026-Q3")
    rows = _rows(report.content)
    assert {name: (row["unpublished"], row["unpublished_plans"]) for name, row in rows.items()} == {
        area.name: (1, 1),
        other_area.name: (0, 0),
        department.name: (0, 0),
    }
    client.force_login(drc)
    url = reverse("assistance:report", args=[report.pk])
    page = client.get(url).content.decode()
    assert "未公示项目" in page and "未公示方案" in page and "data-unpublished-plans" in page
    header = sheet_header(client.get(url + "?export=xlsx"))
    cases, plans = header.index("未公示项目"), header.index("未公示方案")
    body = {
        row[1]: (row[cases], row[plans]) for row in sheet_rows(client.get(url + "?export=xlsx"))
    }
    assert (body[area.name], body[other_area.name], body["合计"]) == ((1, 1), (0, 0), (1, 1))
    answer = api_as(drc).get("/api/v1/assistance/inspections/2026-Q3/").json()
    api_rows = {row["unit_name"]: row for row in answer["rows"]}
    assert (api_rows[area.name]["unpublished"], api_rows[area.name]["unpublished_plans"]) == (1, 1)
    assert api_rows[department.name]["unpublished_plans"] == 0


def test_the_units_notice_gives_the_total_and_each_part(
    september, area, other_area, django_capture_on_commit_callbacks
):
    with at(D(2026, 10, 10)), django_capture_on_commit_callbacks(execute=True):
        jobs.assistance_inspection(Q3_END)
    [own] = Notification.objects.filter(user__unit=area)
    assert "帮扶安排和帮扶方案确定后20个工作日内未在门户网站公示的共2项（A-5）" in own.body
    assert "帮扶项目1个，帮扶方案1个" in own.body
    [theirs] = Notification.objects.filter(user__unit=other_area)
    assert "门户网站公示" not in theirs.body


@pytest.mark.parametrize(
    ("adopted", "published", "counted"),
    [
        (D(2026, 9, 1), None, 1),  # due on the 29th: its due day has ended by the 30th
        (D(2026, 9, 1), Q3_END, 0),  # published on the quarter's last day, late but done
        (D(2026, 9, 2), None, 0),  # due on the quarter's last day: still in time on it
        (D(2026, 9, 3), None, 0),  # due after the quarter
        (D(2026, 6, 30), None, 1),  # adopted in the quarter before, never published
    ],
)
def test_the_boundary_is_the_plan_lists_own_on_the_quarters_last_day(
    area, adopted, published, counted
):
    plan = _adopt(area, adopted)
    if published:
        _publish(plan, published)
    with at(D(2026, 10, 9)):
        jobs.assistance_inspection(Q3_END)
    report = SupervisionReport.objects.get(kind=ReportKind.INSPECTION)
    assert _rows(report.content)[area.name]["unpublished_plans"] == counted
    # What the plan list said of it that day (未公示 or not), from the plan as it stood then.
    then = plan.history.filter(history_date__lt=end_of(Q3_END)).first().instance
    assert (then.publication_state(rules.publication_overdue_until(Q3_END)) == "overdue") == bool(
        counted
    )


def test_a_plan_made_a_draft_after_the_quarter_still_counts_for_it(client, area, owner):
    _adopt(area, D(2026, 9, 1))
    with at(D(2026, 10, 8)):
        plan = AssistancePlan.objects.get(unit=area)
        services.assistance_plan_save(
            unit=area,
            year=2026,
            title=plan.title,
            content=plan.content,
            is_published=False,
            user=owner,
            expected_version=plan.version,
        )
        jobs.assistance_inspection(Q3_END)
    rows = _rows(SupervisionReport.objects.get(kind=ReportKind.INSPECTION).content)
    assert rows[area.name]["unpublished_plans"] == 1


def test_across_national_day_the_due_day_is_counted_in_working_days(area, other_area, drc):
    """Adopted on 28 September 2026: 20 working days later, the holiday of 1–7 October skipped and
    the make-up Saturday 10 October counted, is Friday 30 October, over by the month's last day;
    adopted on the 29th: Monday 2 November."""
    _adopt(area, D(2026, 9, 28))
    _adopt(other_area, D(2026, 9, 29))
    with at(D(2026, 8, 3)):
        group = services.promotion_group_save(user=drc, name="第二推进组", areas=[area, other_area])
    with at(D(2026, 11, 2)):
        jobs.assistance_dispatch(D(2026, 10, 31))
        trial = api_as(drc).get("/api/v1/assistance/inspections/2026-Q4/").json()
    dispatch = SupervisionReport.objects.get(kind=ReportKind.DISPATCH, scope=f"group-{group.pk}")
    assert [
        (p["unit"], p["year"], p["adopted_on"]) for p in dispatch.content["unpublished_plans"]
    ] == [(area.name, 2026, "2026-09-28")]
    # The running quarter's trial on Monday 2 November is judged on that day, the second plan's
    # due day: still in time.
    rows = {row["unit_name"]: row["unpublished_plans"] for row in trial["rows"]}
    assert (rows[area.name], rows[other_area.name]) == (1, 0)


def test_the_monthly_dispatch_counts_its_areas_plans(
    client, september, area, other_area, department, drc
):
    with at(D(2026, 8, 3)):
        group = services.promotion_group_save(user=drc, name="第二推进组", areas=[area, other_area])
        AssistanceCaseFactory(
            project=ProjectFactory(name="工信局牵头项目", owner_unit=department, landing_unit=area),
            team__lead_unit=department,
        )
    with at(D(2026, 10, 2)):
        jobs.assistance_dispatch(Q3_END)
    dispatch = SupervisionReport.objects.get(kind=ReportKind.DISPATCH, scope=f"group-{group.pk}")
    # The group's areas' plans; the department leading a case there is inspected quarterly.
    assert [(p["unit"], p["title"]) for p in dispatch.content["unpublished_plans"]] == [
        (area.name, "鲅鱼圈区2026年重点项目精准帮扶方案")
    ]
    client.force_login(drc)
    url = reverse("assistance:report", args=[dispatch.pk])
    page = client.get(url)
    assert page.context["unpublished_plan_units"] == [(area.name, 1)]
    assert "data-unpublished-plans" in page.content.decode()
    assert page.context["unpublished_units"] == [(area.name, 1)]  # its case, told apart
    sheet = load_workbook(io.BytesIO(b"".join(client.get(url + "?export=xlsx").streaming_content)))
    assert "帮扶方案确定后20个工作日内未在门户网站公示（A-5）：鲅鱼圈区 1个" in (
        sheet.active.cell(row=2, column=1).value
    )
    # A department reading it for its own case is not shown the areas' plans.
    client.force_login(_staff(department))
    part = client.get(url)
    assert part.context["read_in_part"] and "data-unpublished-plans" not in part.content.decode()


def test_archives_made_before_plans_were_counted_keep_their_page_and_file(client, drc, area):
    row = {
        "unit_id": area.pk,
        "unit": area.name,
        "cases": 1,
        "solved_on_time": 0,
        "late": 0,
        "escalated": 0,
        "open": 0,
        "unpublished": 1,
    }
    report = SupervisionReport.objects.create(
        kind=ReportKind.INSPECTION,
        period_key="2026-Q2",
        scope="city",
        title="2026年第二季度精准帮扶督导检查情况报告",
        content={"quarter": "2026-Q2", "start": "2026-04-01", "end": "2026-06-30", "rows": [row]},
    )
    dispatch = SupervisionReport.objects.create(
        kind=ReportKind.DISPATCH,
        period_key="2026-08",
        scope="group-1",
        title="第二推进组2026年8月精准帮扶调度",
        content={"month": "2026-08", "group": "第二推进组", "areas": [], "cases": []},
    )
    _adopt(area, D(2026, 4, 1))  # unpublished ever since: the archives do not learn of it
    client.force_login(drc)
    url = reverse("assistance:report", args=[report.pk])
    page = client.get(url).content.decode()
    assert "未公示项目" in page and "未公示方案" not in page
    assert "未公示方案" not in sheet_header(client.get(url + "?export=xlsx"))
    with at(D(2026, 10, 9)):
        answer = api_as(drc).get("/api/v1/assistance/inspections/2026-Q2/").json()
    assert answer["rows"][0]["unpublished_plans"] is None
    page = client.get(reverse("assistance:report", args=[dispatch.pk])).content.decode()
    assert "data-unpublished-plans" not in page


def test_an_archived_quarter_does_not_change_when_a_plan_is_published_later(
    client, september, area, drc
):
    with at(D(2026, 10, 9)):
        jobs.assistance_inspection(Q3_END)
    before = SupervisionReport.objects.get(kind=ReportKind.INSPECTION).content
    plan = _adopt(area, D(2026, 10, 12), content="新方案")
    _publish(plan, D(2026, 10, 13))
    with at(D(2026, 10, 14)):
        assert jobs.assistance_inspection(Q3_END).endswith("（沿用已归档）")
        content, archive, _trial = inspection_for(D(2026, 7, 1), D(2026, 10, 14))
    assert archive is not None and content == before
    assert _rows(content)[area.name]["unpublished_plans"] == 1


def test_a_kept_trial_shows_a_plan_published_since_on_the_next_request(area):
    """A-8: the running quarter is kept between writes (`INSPECTION`); recording a plan's
    publication is one of them."""
    plan = _adopt(area, D(2026, 9, 1))
    first, today = D(2026, 10, 1), D(2026, 11, 20)
    with at(today):
        before, _archive, provisional = inspection_for(first, today)
        with CaptureQueriesContext(connection) as reads:
            again = inspection_for(first, today)[0]
        assert provisional and _rows(before)[area.name]["unpublished_plans"] == 1
        assert again == before and len(reads) == 1  # kept: only the archive asked for
    _publish(plan, today)
    with at(today):
        after = inspection_for(first, today)[0]
    assert _rows(after)[area.name]["unpublished_plans"] == 0
