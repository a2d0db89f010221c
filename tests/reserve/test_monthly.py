import datetime as dt
import io
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from reserve.jobs import monthly_circular, monthly_list
from reserve.models import MonthlyArchive
from tests.reserve.conftest import pooled
from yingkou.errors import RuleViolation
from yingkou.models import ScheduledRun
from yingkou.scheduling import run_period

pytestmark = pytest.mark.django_db

HEADER = [
    "序号",
    "项目名称",
    "项目代码",
    "申报单位",
    "拟落地县(市)区/园区",
    "所属行业",
    "产业",
    "是否房地产",
    "总投资（万元）",
    "建设内容及规模",
    "投资方",
    "投资意向",
    "入库级别",
    "入库时间",
    "联系人",
    "联系电话",
]


@pytest.fixture
def october(area, owner, reviewer, drc, level1):
    with time_machine.travel(dt.datetime(2026, 10, 12, 10, tzinfo=dt.UTC), tick=False):
        first = pooled(area, owner, reviewer, amount="60000", name="甲项目", investor="万华化学")
        pooled(area, owner, reviewer, amount="1000", name="乙项目", industry="K70")
        from reserve import services

        services.entry_recommend(entry=first, user=reviewer)
        services.entry_approve(entry=first, user=drc)
    return first


def read(content: bytes):
    """The sheet and its rows from the header on (above it: the title and what it covers)."""
    sheet = load_workbook(io.BytesIO(content)).active
    return sheet, [list(r) for r in sheet.iter_rows(min_row=3, values_only=True)]


@time_machine.travel(dt.datetime(2026, 11, 26, 10, tzinfo=dt.UTC), tick=False)
def test_monthly_list_download_header_totals_and_same_file(client, bureau, october, area):
    client.force_login(bureau)
    url = reverse("reserve:monthly_list_xlsx", args=["2026-10"])
    assert url == "/reserve/monthly-list/2026-10.xlsx"
    first = client.get(url)
    assert first.status_code == 200
    content = b"".join(first.streaming_content) if first.streaming else first.content
    sheet, rows = read(content)
    assert sheet["A1"].value == "项目明细表"
    assert sheet["A2"].value == "统计期：2026年10月　范围：全市　数据截至：2026-10-31"
    assert rows[0] == HEADER
    assert sheet.freeze_panes == "A4"
    assert sheet.column_dimensions["B"].width == 40
    assert [r[1] for r in rows[1:3]] == ["甲项目", "乙项目"]
    assert rows[1][12] == "一级库" and rows[2][12] == "二级库"
    assert rows[1][13] == dt.datetime(2026, 10, 12)  # a real date, not text
    assert sheet["N4"].number_format == "yyyy-mm-dd"
    assert sheet["I4"].number_format == "#,##0.00"
    assert rows[1][11] == "基本明确" or rows[1][11] == "未明确"
    assert rows[2][7] == "是"
    assert rows[3][1] == "合计（2个项目）" and rows[3][8] == 61000
    october.project.name = "改名了"
    october.project.total_investment = Decimal("99999")
    october.project.save()
    again = client.get(url)
    assert again.content == content
    assert MonthlyArchive.objects.filter(kind="detail_list", period="2026-10").count() == 1


@time_machine.travel(dt.datetime(2026, 11, 26, 10, tzinfo=dt.UTC), tick=False)
def test_only_bureau_and_drc_download(client, drc, owner, reviewer, city_leader_user):
    url = reverse("reserve:monthly_list_xlsx", args=["2026-10"])
    response = client.get(url)
    assert response.status_code == 302 and "/login/" in response.url
    for user in (owner, reviewer, city_leader_user):
        client.force_login(user)
        assert client.get(url).status_code == 403
    client.force_login(drc)
    assert client.get(url).status_code == 200
    assert client.get(reverse("reserve:monthly_list_xlsx", args=["2026-12"])).status_code == 404
    current = client.get(reverse("reserve:monthly_list_xlsx", args=["2026-11"]))
    assert current.status_code == 200
    assert not MonthlyArchive.objects.filter(period="2026-11").exists()


@time_machine.travel(dt.datetime(2026, 11, 1, 0, 30, tzinfo=dt.UTC), tick=False)
def test_monthly_jobs_archive_once(october):
    results = run_period("monthly", dt.date(2026, 10, 31))
    ours = {r.job: r for r in results if r.job.startswith("reserve_")}
    assert ours["reserve_monthly_list"].status == "succeeded"
    assert ours["reserve_monthly_circular"].status == "succeeded"
    assert MonthlyArchive.objects.filter(period="2026-10").count() == 3
    content = MonthlyArchive.objects.get(kind="detail_list").content
    monthly_list(dt.date(2026, 10, 31))
    monthly_circular(dt.date(2026, 10, 31))
    assert MonthlyArchive.objects.filter(period="2026-10").count() == 3
    assert MonthlyArchive.objects.get(kind="detail_list").content == content


@time_machine.travel(dt.datetime(2026, 11, 26, 10, tzinfo=dt.UTC), tick=False)
@pytest.mark.parametrize("archive_job", [monthly_list, monthly_circular])
def test_open_month_is_not_archived_even_when_a_job_is_called_directly(archive_job):
    # The runner refuses an open period before any job runs (test below); the archive service
    # refuses it again for every other caller, so nothing is frozen half-way.
    with pytest.raises(RuleViolation) as refused:
        archive_job(dt.date(2026, 11, 26))
    assert refused.value.rule == "R-6"
    assert not MonthlyArchive.objects.exists()


def test_the_closed_month_archives_on_the_first_of_the_next_month():
    last_minute = time_machine.travel(dt.datetime(2026, 11, 30, 15, 59, tzinfo=dt.UTC), tick=False)
    with last_minute, pytest.raises(RuleViolation):  # 23:59 on 30 November in Yingkou
        monthly_list(dt.date(2026, 11, 30))
    with time_machine.travel(dt.datetime(2026, 11, 30, 16, 0, tzinfo=dt.UTC), tick=False):
        monthly_list(dt.date(2026, 11, 30))  # 00:00 on 1 December
    assert MonthlyArchive.objects.filter(period="2026-11", kind="detail_list").count() == 1


def test_the_monthly_run_of_an_open_month_is_refused_then_runs_once_closed(october):
    # The scheduler refuses an open period for every job before the job is called (SPEC §6).
    with time_machine.travel(dt.datetime(2026, 11, 26, 10, tzinfo=dt.UTC), tick=False):
        results = {r.job: r.status for r in run_period("monthly", dt.date(2026, 11, 26))}
    assert results["reserve_monthly_list"] == "not_due"
    assert not MonthlyArchive.objects.filter(period="2026-11").exists()
    assert not ScheduledRun.objects.filter(period_key="2026-11").exists()
    with time_machine.travel(dt.datetime(2026, 12, 1, 1, tzinfo=dt.UTC), tick=False):
        results = {r.job: r.status for r in run_period("monthly", dt.date(2026, 11, 30))}
    assert results["reserve_monthly_list"] == "succeeded"
    assert MonthlyArchive.objects.filter(period="2026-11", kind="detail_list").count() == 1


@time_machine.travel(dt.datetime(2026, 11, 26, 10, tzinfo=dt.UTC), tick=False)
def test_circular_and_city_summary(client, drc, outsider, october, pool):
    monthly_circular(dt.date(2026, 10, 31))
    rows = MonthlyArchive.objects.get(kind="circular").data["rows"]
    ours = next(r for r in rows if r["pool_id"] == pool.pk)
    assert ours["declared"] == 2 and ours["approved"] == 2 and ours["recommended"] == 1
    assert ours["health"]["total_investment"] == "61000.00"
    assert ours["rank"] == 1
    assert ours["fridays"] == 5  # October 2026: 2, 9, 16, 23, 30
    summary = MonthlyArchive.objects.get(kind="city_summary").data
    assert summary["projects"] == 2 and summary["total_investment"] == "61000.00"
    assert summary["level1"]["project_count"] == 1
    client.force_login(drc)
    page = client.get(reverse("reserve:circular", args=["2026-10"]))
    assert "61,000.00" in page.content.decode()
    client.force_login(outsider)  # circulated to every unit
    assert client.get(reverse("reserve:circular", args=["2026-10"])).status_code == 200
    assert client.get(reverse("reserve:circular", args=["2026-11"])).status_code == 404
    xlsx = client.get(reverse("reserve:circular_xlsx", args=["2026-10"]))
    sheet, data = read(b"".join(xlsx.streaming_content))
    assert data[0][0] == "排名"
    # as of the month's end like its detail list, not the moment it was archived
    assert sheet["A2"].value == "统计期：2026年10月　范围：全市　数据截至：2026-10-31"
    # the R-4 shares are numbers an office can sort and sum, shown as percentages
    ours_row = next(r for r in sheet.iter_rows(min_row=4) if r[2].value == ours["pool"])
    share = ours_row[11]
    assert share.value == pytest.approx(float(ours["health"]["non_real_estate_share"]))
    assert share.number_format == "0.0%"


@time_machine.travel(dt.datetime(2026, 11, 26, 10, tzinfo=dt.UTC), tick=False)
def test_the_bureaus_system_fetches_the_list_with_an_api_token(bureau, owner, october):
    from django.test import Client
    from rest_framework.authtoken.models import Token

    url = reverse("reserve:monthly_list_xlsx", args=["2026-10"])
    system = Client()
    token = Token.objects.create(user=bureau)
    response = system.get(url, HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200
    _, rows = read(b"".join(response.streaming_content) if response.streaming else response.content)
    assert rows[0] == HEADER
    assert system.get(url, HTTP_AUTHORIZATION="Token wrong").status_code == 401
    other = Token.objects.create(user=owner)
    assert system.get(url, HTTP_AUTHORIZATION=f"Token {other.key}").status_code == 403
    assert system.get(url).status_code == 302  # no token: the login page, as before


@time_machine.travel(dt.datetime(2026, 11, 26, 10, tzinfo=dt.UTC), tick=False)
def test_the_circular_is_an_official_document_in_word(client, outsider, october, pool):
    from docx import Document

    monthly_circular(dt.date(2026, 10, 31))
    client.force_login(outsider)
    response = client.get(reverse("reserve:circular_docx", args=["2026-10"]))
    assert response.status_code == 200
    assert response["Content-Type"].endswith("wordprocessingml.document")
    document = Document(io.BytesIO(response.content))
    texts = [p.text for p in document.paragraphs]
    header = document.paragraphs[0]
    assert header.text == "营口市发展和改革委员会文件"
    assert header.runs[0].font.color.rgb == (0xFF, 0x00, 0x00)
    assert "营发改储〔2026〕10号" in texts
    assert "关于2026年10月全市项目储备工作情况的通报" in texts
    # R-6 is made under the reserve norm the municipal government issued, under its own title.
    [basis] = [text for text in texts if text.startswith("根据")]
    assert basis.startswith("根据《营口市项目储备工作服务规范》（营政办发〔2017〕36号）")
    body = next(p for p in document.paragraphs if p.text.startswith("截至10月末"))
    assert "在库项目2个" in body.text and "61,000.00万元" in body.text
    assert body.runs[0].font.name == "仿宋_GB2312"
    table = document.tables[0]
    assert table.rows[0].cells[1].text == "单位"
    assert any(row.cells[6].text == "61,000.00" for row in table.rows[1:])
    # R-4 as the source words it: the plan period's total, not a yearly plan.
    [demand] = [text for text in texts if "确保" in text]
    assert "五年规划投资总额的2倍" in demand and "年度" not in demand
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)


@time_machine.travel(dt.datetime(2026, 11, 26, 10, tzinfo=dt.UTC), tick=False)
def test_a_pool_without_plan_total_reads_undecided_in_the_circular(client, outsider, october, area):
    """R-4: no plan total set is 无法判断, not 未达标, and not counted among the pools that meet
    everything; the page, the Excel and the Word document say so alike."""
    from docx import Document

    monthly_circular(dt.date(2026, 10, 31))
    client.force_login(outsider)
    page = client.get(reverse("reserve:circular", args=["2026-10"])).content.decode()
    assert "未设定规划投资总额（无法判断）" in page
    assert "规划2倍 " not in page  # not listed among the rules failed
    assert "其中 1 个库未设定规划投资总额" in page
    xlsx = client.get(reverse("reserve:circular_xlsx", args=["2026-10"]))
    _, rows = read(b"".join(xlsx.streaming_content))
    [mine] = [row for row in rows if row[1] == area.name]
    assert (mine[9], mine[10]) == ("未设定", "无法判断")
    document = Document(
        io.BytesIO(client.get(reverse("reserve:circular_docx", args=["2026-10"])).content)
    )
    body = next(p.text for p in document.paragraphs if p.text.startswith("截至10月末"))
    assert "健康度全部达标的0个，未设定规划投资总额、规划2倍一项无法判断的1个" in body
    [cell] = [r.cells[7].text for r in document.tables[0].rows if r.cells[1].text == area.name]
    assert "未设定规划投资总额（无法判断）" in cell and "规划2倍" not in cell


@time_machine.travel(dt.datetime(2026, 11, 26, 10, tzinfo=dt.UTC), tick=False)
def test_a_circular_archived_before_plan_set_was_kept_reads_it_from_the_plan_total(
    client, outsider, october, area
):
    circular, summary = monthly_circular(dt.date(2026, 10, 31)) and (
        MonthlyArchive.objects.get(period="2026-10", kind="circular"),
        MonthlyArchive.objects.get(period="2026-10", kind="city_summary"),
    )
    for row in circular.data["rows"]:
        del row["health"]["plan_set"]
    circular.save()
    del summary.data["plan_unset_pools"]
    summary.save()
    client.force_login(outsider)
    page = client.get(reverse("reserve:circular", args=["2026-10"])).content.decode()
    assert "未设定规划投资总额（无法判断）" in page and "其中 1 个库" in page


@time_machine.travel(dt.datetime(2026, 11, 26, 10, tzinfo=dt.UTC), tick=False)
def test_the_circular_page_lists_the_missed_rules_as_its_document_does(
    client, outsider, area, owner, reviewer
):
    """R-4 on the circular's page: the rules a pool misses are listed as the Word document lists
    them (规划2倍、非房地产80%未达标), not run together with spaces."""
    with time_machine.travel(dt.datetime(2026, 10, 12, 10, tzinfo=dt.UTC), tick=False):
        pooled(area, owner, reviewer, amount="1000", name="商住项目", industry="K70")
    monthly_circular(dt.date(2026, 10, 31))
    client.force_login(outsider)
    page = client.get(reverse("reserve:circular", args=["2026-10"])).content.decode()
    mine = page[page.index(f"<td>{area.name}</td>") :]
    mine = mine[: mine.index("</tr>")]
    assert '<span class="bad">非房地产80%、5亿元以上（含5亿元）30%未达标</span>' in mine
