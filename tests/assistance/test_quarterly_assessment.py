"""A-8, 实行周调度、月通报、季度考核制度: the quarterly inspection assesses every area and
department — a score from the inspection's own counts (solved on time ÷ (on time + late)), a rank
and E-7's verdict — computed as of the quarter's end and archived once by the quarterly job; the
page and its Excel show it, and a running quarter as a trial (试算)."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from assistance import jobs, rules, services
from assistance.choices import ReportKind
from assistance.models import SupervisionReport
from tests.assistance.factories import AssistanceCaseFactory, ProblemFactory
from tests.clock import at
from tests.factories import ProjectFactory, UnitFactory, UserFactory
from yingkou.choices import Role, UnitKind

pytestmark = pytest.mark.django_db

Q3_START, Q3_END = dt.date(2026, 7, 1), dt.date(2026, 9, 30)


@pytest.mark.parametrize(
    ("on_time", "late", "score"),
    [
        (1, 3, Decimal("25.00")),
        (2, 1, Decimal("66.67")),
        (17, 3, Decimal("85.00")),
        (3, 2, Decimal("60.00")),
        (1, 0, Decimal("100.00")),
        (0, 2, Decimal("0.00")),
        (0, 0, None),  # nothing whose time limit the quarter tested: 不评定
    ],
)
def test_the_score_is_the_share_solved_on_time(on_time, late, score):
    assert rules.inspection_score_rule(solved_on_time=on_time, late=late) == score


def _case(unit, name):
    with at(dt.date(2026, 6, 1)):
        return AssistanceCaseFactory(
            project=ProjectFactory(name=name, owner_unit=unit, landing_unit=unit),
            team__lead_unit=unit,
        )


def _overdue_plan(unit):
    """The unit's 2026 plan, adopted on 3 August and never published on its portal (A-5)."""
    with at(dt.date(2026, 8, 3)):
        services.assistance_plan_save(
            unit=unit,
            year=2026,
            title=f"{unit.name}帮扶方案",
            content="问题清单化管理",
            is_published=True,
            user=UserFactory(role=Role.UNIT_STAFF, unit=unit),
            expected_version=0,
        )


def _solved(case, done_on, due_on=dt.date(2026, 8, 10)):
    with at(done_on):
        return ProblemFactory(
            case=case, raised_on=Q3_START, due_on=due_on, status="solved", done_on=done_on
        )


@pytest.fixture
def quarter(area, other_area, department):
    """Q3 2026: 鲅鱼圈区 3 on time and 1 late (75, 一般); 工信局 1 on time (100, 表彰); 盖州市
    1 on time, 2 late (33.33, 批评); 商务局 nothing due (不评定)."""
    with at(dt.date(2026, 6, 1)):  # there at the quarter's end, to be inspected
        UnitFactory(name="营口市商务局", code="SWJ", kind=UnitKind.MUNICIPAL_DEPARTMENT)
    own, led, other = (
        _case(area, "鲅鱼圈区项目"),
        _case(department, "工信局项目"),
        _case(other_area, "盖州市项目"),
    )
    for _ in range(3):
        _solved(own, dt.date(2026, 8, 10))  # on the due day: on time
    _solved(own, dt.date(2026, 8, 11))  # a day late
    _solved(led, dt.date(2026, 7, 20))
    _solved(other, dt.date(2026, 7, 20))
    with at(dt.date(2026, 7, 2)):
        ProblemFactory(case=other, raised_on=Q3_START, due_on=dt.date(2026, 9, 1))
        ProblemFactory(case=other, raised_on=Q3_START, due_on=dt.date(2026, 9, 2))
        # Due on the quarter's last day and still open then: not late yet.
        ProblemFactory(case=own, raised_on=Q3_START, due_on=Q3_END)
    return own, led, other


def _rows(content) -> dict:
    return {row["unit"]: row for row in content["rows"]}


def test_the_quarterly_job_archives_scores_ranks_and_verdicts(quarter):
    jobs.assistance_inspection(Q3_END)
    report = SupervisionReport.objects.get(kind=ReportKind.INSPECTION, period_key="2026-Q3")
    assert report.content["assessed"] is True
    rows = _rows(report.content)
    assert (rows["营口市工业和信息化局"]["score"], rows["营口市工业和信息化局"]["rank"]) == (
        "100.00",
        1,
    )
    assert rows["营口市工业和信息化局"]["verdict_label"] == "通报表彰"
    assert (rows["鲅鱼圈区"]["score"], rows["鲅鱼圈区"]["rank"]) == ("75.00", 2)
    assert rows["鲅鱼圈区"]["verdict_label"] == "一般"
    assert (rows["盖州市"]["score"], rows["盖州市"]["rank"]) == ("33.33", 3)
    assert rows["盖州市"]["verdict_label"] == "通报批评"
    assert (rows["营口市商务局"]["score"], rows["营口市商务局"]["rank"]) == (None, None)
    assert rows["营口市商务局"]["verdict_label"] == "不评定"
    # Best first, the units not scored after.
    assert [row["unit"] for row in report.content["rows"]][:3] == [
        "营口市工业和信息化局",
        "鲅鱼圈区",
        "盖州市",
    ]


def test_it_is_computed_as_of_the_quarters_end_and_archived_once(quarter):
    own = quarter[0]
    with at(dt.date(2026, 10, 3)):
        # Solved after the quarter: the quarter still counts the problems as they stood then.
        problem = own.problems.get(due_on=Q3_END)
        problem.status, problem.done_on = "solved", dt.date(2026, 10, 3)
        problem.save()
        _solved(own, dt.date(2026, 10, 3), due_on=dt.date(2026, 9, 20))
    with at(dt.date(2026, 10, 5)):
        jobs.assistance_inspection(Q3_END)
    first = SupervisionReport.objects.get(kind=ReportKind.INSPECTION)
    assert _rows(first.content)["鲅鱼圈区"]["score"] == "75.00"
    # Its history dated within the quarter, but added after the archive: nothing changes.
    _solved(own, dt.date(2026, 8, 1))
    assert jobs.assistance_inspection(Q3_END).endswith("（沿用已归档）")
    assert SupervisionReport.objects.filter(kind=ReportKind.INSPECTION).count() == 1
    first.refresh_from_db()
    assert _rows(first.content)["鲅鱼圈区"]["score"] == "75.00"


def _sheet(response) -> list[tuple]:
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return list(workbook.active.iter_rows(values_only=True))


def test_the_report_page_and_excel_show_the_assessment(client, quarter, outsider):
    jobs.assistance_inspection(Q3_END)
    report = SupervisionReport.objects.get(kind=ReportKind.INSPECTION)
    url = reverse("assistance:report", args=[report.pk])
    client.force_login(outsider)  # 向全市通报: every unit reads it
    response = client.get(url)
    assert [r["unit"] for r in response.context["commended"]] == ["营口市工业和信息化局"]
    assert [r["unit"] for r in response.context["criticised"]] == ["盖州市"]
    page = response.content.decode()
    assert "排名" in page and "得分" in page and "不评定" in page and "试算" not in page
    rows = _sheet(client.get(url + "?export=xlsx"))
    assert rows[2][-3:] == ("得分", "排名", "结论")
    body = {row[1]: row for row in rows[3:-1]}
    assert body["营口市工业和信息化局"][-3:] == (100, 1, "通报表彰")
    assert body["盖州市"][-3:] == (33.33, 3, "通报批评")
    assert body["营口市商务局"][-3:] == (None, None, "不评定")
    assert rows[-1][1] == "合计"


def test_a_report_archived_before_the_assessment_keeps_its_file(client, drc):
    report = SupervisionReport.objects.create(
        kind=ReportKind.INSPECTION,
        period_key="2026-Q2",
        scope="city",
        title="2026年第二季度精准帮扶督导检查情况报告",
        content={
            "quarter": "2026-Q2",
            "start": "2026-04-01",
            "end": "2026-06-30",
            "rows": [
                {
                    "unit_id": 1,
                    "unit": "鲅鱼圈区",
                    "cases": 1,
                    "solved_on_time": 1,
                    "late": 0,
                    "escalated": 0,
                    "open": 0,
                }
            ],
        },
    )
    client.force_login(drc)
    url = reverse("assistance:report", args=[report.pk])
    rows = _sheet(client.get(url + "?export=xlsx"))
    assert rows[2] == (
        "序号",
        "地区、部门",
        "帮扶项目",
        "按时解决问题",
        "逾期问题",
        "上报市政府",
        "期末未解决",
    )
    assert "排名" not in client.get(url).content.decode()


# --- the quarterly page: archive, closed quarter not archived, running quarter (试算) ----------


def _page(client, quarter_key=""):
    query = f"?quarter={quarter_key}" if quarter_key else ""
    return client.get(reverse("assistance:inspection") + query)


def test_a_closed_quarter_not_archived_yet_shows_what_its_archive_will_hold(client, quarter, owner):
    client.force_login(owner)
    with at(dt.date(2026, 10, 20)):
        preview = _page(client, "2026-Q3")
        assert preview.status_code == 200
        assert preview.context["archive"] is None and not preview.context["provisional"]
        jobs.assistance_inspection(Q3_END)
        archived = _page(client, "2026-Q3")
    assert archived.context["archive"] is not None

    def plain(rows):
        return [{k: v for k, v in row.items() if not k.endswith("_width")} for row in rows]

    assert plain(preview.context["content"]["rows"]) == plain(
        archived.context["archive"].content["rows"]
    )
    assert _rows(preview.context["content"])["鲅鱼圈区"]["score"] == "75.00"


def test_the_running_quarter_is_a_trial_on_the_page_and_in_its_excel(client, area, owner):
    case = _case(area, "鲅鱼圈区项目")
    with at(dt.date(2026, 10, 9)):
        ProblemFactory(case=case, raised_on=dt.date(2026, 10, 1), due_on=dt.date(2026, 10, 8))
    client.force_login(owner)
    with at(dt.date(2026, 11, 20)):
        response = _page(client)  # no quarter asked: Q3 is not archived, so Q3 …
        assert response.context["quarter"] == "2026-Q3"
        jobs.assistance_inspection(Q3_END)
        response = _page(client)  # … until it is; then the running quarter
        assert response.context["quarter"] == "2026-Q4"
        assert response.context["provisional"] is True
        page = response.content.decode()
        assert "data-provisional" in page and "试算得分" in page and "通报批评（试算）" in page
        row = _rows(response.context["content"])["鲅鱼圈区"]
        assert (row["late"], row["score"], row["verdict_label"]) == (1, "0.00", "通报批评")
        assert response.context["previous"] == "2026-Q3"
        assert response.context["following"] is None
        rows = _sheet(_page(client, "2026-Q4&export=xlsx"))
    assert "试算" in rows[0][0]
    assert rows[2][-3:] == ("试算得分", "试算排名", "试算结论")
    assert not SupervisionReport.objects.filter(period_key="2026-Q4").exists()


@pytest.mark.parametrize(
    ("asked", "status"),
    [("2027-Q1", 404), ("2026-Q5", 404), ("2026Q3", 404), ("2017-Q2", 400), ("2017-Q3", 200)],
)
def test_a_quarter_not_begun_or_unreadable_is_404_and_one_before_the_service_400(
    client, owner, asked, status
):
    client.force_login(owner)
    with at(dt.date(2026, 11, 20)):
        assert _page(client, asked).status_code == status


def test_the_page_reads_a_fixed_number_of_queries(client, owner, area):
    from tests.queries import count_queries

    client.force_login(owner)

    def add(n):
        for index in range(n):
            unit = UnitFactory(kind=UnitKind.COUNTY)
            _solved(_case(unit, f"项目{index}"), dt.date(2026, 8, 10))
            _overdue_plan(unit)

    with at(dt.date(2026, 10, 20)):
        add(2)
        few = count_queries(lambda: _page(client, "2026-Q3"))
        add(20)
        assert count_queries(lambda: _page(client, "2026-Q3")) == few


# --- each unit told its own assessment, once --------------------------------------------------


def test_each_assessed_unit_is_told_its_own_result_once_by_inbox_and_email(
    quarter, area, department, other_area, mailoutbox, django_capture_on_commit_callbacks
):
    from tests.factories import UserFactory
    from yingkou.models import Notification

    staff = {
        unit.name: UserFactory(unit=unit, email=f"{unit.code.lower()}@example.org")
        for unit in (area, department, other_area)
    }
    commerce = UserFactory(unit=UnitFactory._meta.model.objects.get(code="SWJ"))
    with at(dt.date(2026, 10, 5)), django_capture_on_commit_callbacks(execute=True):
        jobs.assistance_inspection(Q3_END)
    titles = {
        name: [n.title for n in Notification.objects.filter(user=user)]
        for name, user in staff.items()
    }
    assert titles == {
        "鲅鱼圈区": [
            "2026年第三季度精准帮扶督导检查情况报告已通报：本单位一般，得分75.00，排名第2"
        ],
        "营口市工业和信息化局": [
            "2026年第三季度精准帮扶督导检查情况报告已通报：本单位通报表彰，得分100.00，排名第1"
        ],
        "盖州市": [
            "2026年第三季度精准帮扶督导检查情况报告已通报：本单位通报批评，得分33.33，排名第3"
        ],
    }
    [told] = Notification.objects.filter(user=commerce)
    assert told.title.endswith("本单位不评定（本季度无到期或解决的“最后一公里”问题）")
    [own] = Notification.objects.filter(user=staff["鲅鱼圈区"])
    assert "按时解决问题3个，逾期1个" in own.body
    assert own.url == reverse(
        "assistance:report", args=[SupervisionReport.objects.get(kind=ReportKind.INSPECTION).pk]
    )
    mailed = {mail.to[0]: mail.subject for mail in mailoutbox}
    assert "得分75.00，排名第2" in mailed["byq@example.org"]
    assert "得分33.33，排名第3" in mailed["gz@example.org"]
    # A re-run keeps the archive and tells nobody again, on that day or another.
    with at(dt.date(2026, 10, 6)), django_capture_on_commit_callbacks(execute=True):
        assert jobs.assistance_inspection(Q3_END).endswith("（沿用已归档）")
    assert Notification.objects.filter(user=staff["鲅鱼圈区"]).count() == 1
    assert len(mailoutbox) == len(mailed)


# --- the API: archived quarters, the running one as a trial, rows by who asks -----------------


def _api(user):
    from tests.conftest import api_as

    return api_as(user)


def test_the_api_lists_the_running_the_unarchived_and_the_archived_quarters(quarter, drc):
    with at(dt.date(2026, 10, 5)):
        listed = _api(drc).get("/api/v1/assistance/inspections/").json()
        jobs.assistance_inspection(Q3_END)
        SupervisionReport.objects.create(
            kind=ReportKind.INSPECTION,
            period_key="2026-Q2",
            scope="city",
            title="2026年第二季度精准帮扶督导检查情况报告",
            content={"quarter": "2026-Q2", "rows": []},
        )
        archived = _api(drc).get("/api/v1/assistance/inspections/").json()
    assert [(q["quarter"], q["archived"], q["provisional"]) for q in listed["results"]] == [
        ("2026-Q4", False, True),
        ("2026-Q3", False, False),  # closed, its job not run yet: as its archive will read
    ]
    assert archived["count"] == 3
    assert [(q["quarter"], q["archived"], q["provisional"]) for q in archived["results"]] == [
        ("2026-Q4", False, True),
        ("2026-Q3", True, False),
        ("2026-Q2", True, False),
    ]
    q3 = archived["results"][1]
    assert q3["title"] == "2026年第三季度精准帮扶督导检查情况报告"
    assert q3["url"].endswith("/api/v1/assistance/inspections/2026-Q3/")
    assert q3["archived_at"] is not None and listed["results"][0]["end"] == "2026-10-05"


def _api_rows(answer) -> dict:
    return {row["unit_name"]: row for row in answer.json()["rows"]}


def test_every_user_reads_every_row_as_circulated_to_the_whole_city(
    quarter, drc, bureau, owner, outsider
):
    """A-8 形成督导检查情况报告，向全市通报: the API reads as the page does, every unit's row."""
    with at(dt.date(2026, 10, 5)):
        jobs.assistance_inspection(Q3_END)
        url = "/api/v1/assistance/inspections/2026-Q3/"
        for city_wide in (drc, bureau):
            rows = _api_rows(_api(city_wide).get(url))
            assert set(rows) >= {"鲅鱼圈区", "盖州市", "营口市工业和信息化局", "营口市商务局"}
        mine = _api(owner).get(url)
        theirs = _api(outsider).get(url)
    assert mine.status_code == 200 and mine.json()["archived"] is True
    assert list(_api_rows(mine)) == list(_api_rows(theirs))
    assert {"鲅鱼圈区", "盖州市", "营口市工业和信息化局"} <= set(_api_rows(mine))
    row = _api_rows(mine)["鲅鱼圈区"]
    assert (row["score"], row["rank"], row["verdict"], row["verdict_label"]) == (
        "75.00",
        2,
        "normal",
        "一般",
    )
    assert (row["solved_on_time"], row["late"], row["unpublished"]) == (3, 1, 0)
    assert _api_rows(theirs)["盖州市"]["verdict"] == "criticised"


def test_a_unit_not_scored_reads_null_score_rank_and_verdict(quarter, drc):
    with at(dt.date(2026, 10, 5)):
        row = _api_rows(_api(drc).get("/api/v1/assistance/inspections/2026-Q3/"))["营口市商务局"]
    assert (row["score"], row["rank"], row["verdict"], row["verdict_label"]) == (
        None,
        None,
        None,
        "不评定",
    )


def test_the_running_quarter_is_a_provisional_trial(client, area, owner):
    case = _case(area, "鲅鱼圈区项目")
    with at(dt.date(2026, 10, 9)):
        ProblemFactory(case=case, raised_on=dt.date(2026, 10, 1), due_on=dt.date(2026, 10, 8))
    with at(dt.date(2026, 11, 20)):
        answer = _api(owner).get("/api/v1/assistance/inspections/2026-Q4/").json()
    assert (answer["provisional"], answer["archived"], answer["end"]) == (True, False, "2026-11-20")
    assert {row["unit_name"]: row for row in answer["rows"]}["鲅鱼圈区"]["verdict"] == "criticised"
    assert not SupervisionReport.objects.filter(period_key="2026-Q4").exists()


@pytest.mark.parametrize(
    ("asked", "status"),
    [("2027-Q1", 404), ("2026-Q5", 404), ("2026Q3", 404), ("0000-Q1", 404), ("2017-Q2", 400)],
)
def test_the_api_answers_404_for_a_quarter_not_begun_or_unreadable_and_400_before_the_service(
    owner, asked, status
):
    with at(dt.date(2026, 11, 20)):
        answer = _api(owner).get(f"/api/v1/assistance/inspections/{asked}/")
    assert answer.status_code == status
    if status == 400:
        assert answer.json()["rule"] == "A-8"


def test_the_api_reads_a_fixed_number_of_queries(drc, owner):
    from tests.queries import count_queries

    def add(n):
        for index in range(n):
            unit = UnitFactory(kind=UnitKind.COUNTY)
            _solved(_case(unit, f"项目{unit.pk}-{index}"), dt.date(2026, 8, 10))
            _overdue_plan(unit)

    def archive(key):
        SupervisionReport.objects.create(
            kind=ReportKind.INSPECTION,
            period_key=key,
            scope="city",
            title=key,
            content={"quarter": key, "rows": []},
        )

    calls = {
        "running": lambda user: _api(user).get("/api/v1/assistance/inspections/2026-Q4/"),
        "closed": lambda user: _api(user).get("/api/v1/assistance/inspections/2026-Q3/"),
        "list": lambda user: _api(user).get("/api/v1/assistance/inspections/"),
    }
    with at(dt.date(2026, 11, 20)):
        add(2)
        archive("2025-Q1")
        few = {
            (name, u.pk): count_queries(lambda c=c, u=u: c(u))
            for name, c in calls.items()
            for u in (drc, owner)
        }
        add(20)
        for key in ("2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2"):
            archive(key)
        many = {
            (name, u.pk): count_queries(lambda c=c, u=u: c(u))
            for name, c in calls.items()
            for u in (drc, owner)
        }
    assert many == few


def test_the_trial_is_kept_between_writes_and_read_again_after_one(area):
    """A-8: a quarter is kept between writes of what it reads, and a write of a problem, a case,
    a team, a unit or a calendar day makes the next reader compute it again."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from assistance.selectors import inspection_for

    case = _case(area, "鲅鱼圈区项目")
    first, today = dt.date(2026, 10, 1), dt.date(2026, 11, 20)
    with at(dt.date(2026, 10, 9)):
        problem = ProblemFactory(
            case=case, raised_on=dt.date(2026, 10, 1), due_on=dt.date(2026, 10, 8)
        )
    with at(today):
        before, _archive, provisional = inspection_for(first, today)
        with CaptureQueriesContext(connection) as reads:
            again, _archive, _provisional = inspection_for(first, today)
        rows = {row["unit"]: row for row in before["rows"]}
        assert provisional and rows["鲅鱼圈区"]["open"] == 1
        assert again == before and len(reads) == 1  # the archive asked for, nothing more
        problem.status = "solved"
        problem.done_on = today
        problem.outcome = "已解决"
        problem.save()
        after = {row["unit"]: row for row in inspection_for(first, today)[0]["rows"]}
    assert after["鲅鱼圈区"]["open"] == 0


def test_the_page_and_its_excel_name_the_quarter_as_people_do(client, area, owner):
    """The heading, the link to the quarter before and the Excel title read 2026年第四季度, as
    the archived report does, not the address's 2026-Q4."""
    _case(area, "鲅鱼圈区项目")
    client.force_login(owner)
    with at(dt.date(2026, 11, 20)):
        jobs.assistance_inspection(Q3_END)
        page = _page(client, "2026-Q4").content.decode()
        rows = _sheet(_page(client, "2026-Q4&export=xlsx"))
    heading = page[page.index("<h1>") : page.index("</h1>")]
    assert "2026年第四季度精准帮扶督导检查和季度考核" in heading
    assert "← 2026年第三季度</a>" in page
    assert "Q4" not in heading and "← 2026-Q3" not in page
    assert rows[0][0].startswith("2026年第四季度精准帮扶督导检查和季度考核")
