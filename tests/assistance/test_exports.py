"""The assistance lists' Excel files: the cells an office reads (leaders, the team's approval,
the problems' figures, the latest month's construction status, a problem's state), a fixed
number of queries whatever the rows, and a large file built in the background of what the user
may see."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from assistance.choices import ProblemCategory, ProblemStatus, TeamStatus, Tier
from assistance.models import ProgressReport
from tests.assistance.factories import AssistanceCaseFactory, ProblemFactory
from tests.exports import job_rows, sheet_rows
from tests.factories import LeaderFactory, ProjectFactory, UnitFactory
from tests.queries import assert_constant_queries

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_media", "_today")]

D = dt.date
FORMULA_NAME = "@SUM(A1:A9) 港口物流项目"


@pytest.fixture
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def _today():
    with time_machine.travel(dt.datetime(2026, 11, 26, 10, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def cases(area, other_area, department):
    vice_mayor = LeaderFactory(name="副市长甲", title="副市长", unit__code="SZF")
    district_head = LeaderFactory(name="区长甲", title="区长", rank="principal", unit=area)
    city = AssistanceCaseFactory(
        project=ProjectFactory(
            name=FORMULA_NAME,
            owner_unit=area,
            stage="construction",
            total_investment=Decimal("120000.50"),
        ),
        team__lead_unit=area,
        team__lead_leader=vice_mayor,
        responsible_leader=district_head,
        tier=Tier.CITY,
    )
    city.team.cooperating_units.set([department])
    ProblemFactory(
        case=city, title="=供电接入", category=ProblemCategory.POWER, due_on=D(2026, 11, 20)
    )
    ProblemFactory(
        case=city,
        title="用地指标",
        due_on=D(2026, 12, 20),
        escalated=True,
        escalated_on=D(2026, 11, 21),
        city_instruction="请自然资源局协调",
        owner_unit=department,
    )
    ProblemFactory(
        case=city,
        title="规划许可",
        category=ProblemCategory.PLANNING,
        status=ProblemStatus.SOLVED,
        done_on=D(2026, 11, 10),
        outcome="已办结",
    )
    ProgressReport.objects.create(
        case=city, month=D(2026, 9, 1), planned_investment=100, actual_investment=200
    )
    ProgressReport.objects.create(
        case=city, month=D(2026, 10, 1), planned_investment=100, actual_investment=95
    )
    local = AssistanceCaseFactory(
        project=ProjectFactory(name="盖州食品项目", owner_unit=other_area, stage="signed"),
        team__lead_unit=other_area,
        team_status=TeamStatus.PROPOSED,
    )
    return city, local


def test_the_case_file(client, drc, cases):
    client.force_login(drc)
    rows = sheet_rows(client.get(reverse("assistance:list"), {"export": "xlsx"}))
    assert rows == [
        (
            1,
            FORMULA_NAME,
            120000.5,
            "建设",
            "市级领导帮扶",
            "副市长甲（副市长）",
            "区长甲（区长）",
            "鲅鱼圈区",
            "已同意",
            2,  # open problems
            1,  # late: open past its due date
            1,  # escalated and open
            "2026-10",  # the latest month reported, and its figures
            100,
            95,
            "正常",
            None,  # made without its arrangement's day, nothing is owed
        ),
        (
            2,
            "盖州食品项目",
            1000,
            "签约",
            "地区、部门帮扶",
            None,
            None,
            "盖州市",
            "待地区、部门提出",
            0,
            0,
            0,
            None,
            None,
            None,
            None,
            None,
        ),
    ]


PROBLEM_ROWS = [
    (
        1,
        FORMULA_NAME,
        "供电",
        "=供电接入",
        "鲅鱼圈区",
        dt.datetime(2026, 11, 2),
        dt.datetime(2026, 11, 20),
        "待解决",
        None,
        None,
        "否",
        None,
    ),
    (
        2,
        FORMULA_NAME,
        "规划",
        "规划许可",
        "鲅鱼圈区",
        dt.datetime(2026, 11, 2),
        dt.datetime(2026, 11, 30),
        "已解决",
        dt.datetime(2026, 11, 10),
        "已办结",
        "否",
        None,
    ),
    (
        3,
        FORMULA_NAME,
        "土地",
        "用地指标",
        "营口市工业和信息化局",
        dt.datetime(2026, 11, 2),
        dt.datetime(2026, 12, 20),
        "待解决",
        None,
        None,
        "是",
        "请自然资源局协调",
    ),
]


def test_the_problem_file(client, drc, cases):
    client.force_login(drc)
    rows = sheet_rows(client.get(reverse("assistance:problems"), {"export": "xlsx"}))
    assert rows == PROBLEM_ROWS


def test_the_escalated_problem_file(client, drc, cases):
    client.force_login(drc)
    rows = sheet_rows(client.get(reverse("assistance:escalations"), {"export": "xlsx"}))
    assert rows == [(1, *PROBLEM_ROWS[2][1:])]


# --- a fixed number of queries ------------------------------------------------------------------


def test_the_case_file_runs_a_fixed_number_of_queries(client, drc, area):
    client.force_login(drc)
    leader = LeaderFactory()

    def add(n):
        for i in range(n):
            case = AssistanceCaseFactory(
                project__owner_unit=UnitFactory(),
                team__lead_leader=leader,
                responsible_leader=leader,
            )
            ProblemFactory(case=case)
            ProgressReport.objects.create(
                case=case, month=D(2026, 10, 1), planned_investment=10, actual_investment=i
            )

    call = lambda: client.get(reverse("assistance:list"), {"export": "xlsx"})  # noqa: E731
    assert_constant_queries(call, add, small=2, large=12)


@pytest.mark.parametrize("page", ["assistance:problems", "assistance:escalations"])
def test_the_problem_files_run_a_fixed_number_of_queries(client, drc, page):
    client.force_login(drc)

    def add(n):
        for _ in range(n):
            ProblemFactory(
                case__project__owner_unit=UnitFactory(), escalated=True, escalated_on=D(2026, 11, 3)
            )

    call = lambda: client.get(reverse(page), {"export": "xlsx"})  # noqa: E731
    assert_constant_queries(call, add, small=2, large=12)


# --- large files: built in the background, of what the user may see ------------------------------


@pytest.fixture
def one_row_direct(settings):
    settings.EXPORT_DIRECT_MAX_ROWS = 1


@pytest.mark.usefixtures("one_row_direct")
def test_a_large_case_file_is_a_job_of_the_units_cases_with_their_figures(
    client, cases, outsider, other_area, django_capture_on_commit_callbacks
):
    own = AssistanceCaseFactory(
        project=ProjectFactory(name="盖州第二项目", owner_unit=other_area),
        team__lead_unit=other_area,
    )
    ProblemFactory(case=own, due_on=D(2026, 11, 1))
    client.force_login(outsider)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("assistance:list"), {"export": "xlsx"})
    rows = sorted(job_rows(client, response), key=lambda row: row[1])
    # 盖州市's two cases, not 鲅鱼圈区's; the figures as the page counts them.
    assert [(row[1], row[9], row[10]) for row in rows] == [
        ("盖州第二项目", 1, 1),
        ("盖州食品项目", 0, 0),
    ]


@pytest.mark.usefixtures("one_row_direct")
def test_a_large_problem_file_is_a_job_of_the_problems_the_unit_may_see(
    client, cases, teammate, django_capture_on_commit_callbacks
):
    # The department is on the city case's team: it sees the case's problems, with the filter.
    client.force_login(teammate)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("assistance:problems"), {"export": "xlsx", "status": "open"})
    assert job_rows(client, response) == [PROBLEM_ROWS[0], (2, *PROBLEM_ROWS[2][1:])]


@pytest.mark.usefixtures("one_row_direct")
def test_a_large_escalated_problem_file_is_a_job(
    client, cases, drc, area, django_capture_on_commit_callbacks
):
    ProblemFactory(
        case=cases[0],
        title="供水管网",
        escalated=True,
        escalated_on=D(2026, 11, 22),
        owner_unit=area,
    )
    client.force_login(drc)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("assistance:escalations"), {"export": "xlsx"})
    assert [row[3] for row in job_rows(client, response)] == ["用地指标", "供水管网"]


@pytest.mark.usefixtures("one_row_direct")
def test_an_escalated_problem_file_is_not_built_for_a_user_who_may_no_longer_see_the_list(
    client, cases, drc, django_capture_on_commit_callbacks
):
    from django.core.exceptions import PermissionDenied

    from yingkou.choices import Role
    from yingkou.export_jobs import export_build
    from yingkou.models import ExportJob

    ProblemFactory(case=cases[0], escalated=True, escalated_on=D(2026, 11, 22))
    client.force_login(drc)
    with django_capture_on_commit_callbacks(execute=False):
        client.get(reverse("assistance:escalations"), {"export": "xlsx"})
    drc.role = Role.UNIT_STAFF
    drc.save()
    with pytest.raises(PermissionDenied):
        export_build(ExportJob.objects.get().pk)
    job = ExportJob.objects.get()
    assert job.status == "failed" and not job.file
