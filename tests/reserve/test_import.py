import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from reserve.imports import HEADERS, entries_import
from reserve.models import Entry
from yingkou.models import Project

pytestmark = pytest.mark.django_db


def row(name="导入项目", amount="1000.00", stage="策划包装", **overrides):
    values = dict.fromkeys(HEADERS, "")
    values.update(
        {
            "项目名称": name,
            "拟落地县(市)区/园区": "鲅鱼圈区",
            "所属行业代码": "C26",
            "总投资（万元）": amount,
            "项目阶段": stage,
            "投资意向基本明确": "否",
        }
    )
    values.update(overrides)
    return [values[h] for h in HEADERS]


def workbook(*rows) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    for r in rows:
        sheet.append(r)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("import.xlsx", buffer.getvalue())


def test_template_download_has_headers(client, owner):
    client.force_login(owner)
    response = client.get(reverse("reserve:import_template"))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header = [c.value for c in next(sheet.iter_rows())]
    assert header[0] == "项目名称*" and "总投资（万元）*" in header


def test_any_bad_row_imports_nothing_and_names_row_and_column(owner, area):
    result = entries_import(
        file=workbook(
            row("好项目"),
            row("差一分", amount="999.99"),
            row("阶段不对", stage="建设"),
            row("", amount="abc"),
            row("地点不对", **{"拟落地县(市)区/园区": "火星"}),
        ),
        user=owner,
    )
    assert not result.ok
    assert result.errors[0].startswith("第3行「总投资（万元）」")
    assert "R-1" in result.errors[0]
    assert any(e.startswith("第4行「项目阶段」") for e in result.errors)
    assert any(e.startswith("第5行「项目名称」：必填") for e in result.errors)
    assert any(e.startswith("第5行「总投资（万元）」") for e in result.errors)
    assert any(e.startswith("第6行「拟落地县(市)区/园区」") for e in result.errors)
    assert not Project.objects.exists() and not Entry.objects.exists()


def test_a_template_downloaded_before_the_landing_column_was_renamed_still_imports_it(owner, area):
    book = Workbook()
    sheet = book.active
    sheet.append(["建设地点" if h == "拟落地县(市)区/园区" else h for h in HEADERS])
    sheet.append(row("旧模板项目"))
    buffer = io.BytesIO()
    book.save(buffer)
    result = entries_import(file=SimpleUploadedFile("old.xlsx", buffer.getvalue()), user=owner)
    assert result.ok, result.errors
    assert Project.objects.get(name="旧模板项目").landing_unit == area


def test_duplicate_code_in_file_and_database(owner, area, project):
    project.code = "2026-210800-26-01-000001"
    project.save()
    result = entries_import(
        file=workbook(
            row("一", **{"项目代码": "2026-210800-26-01-000001"}),
            row("二", **{"项目代码": "2026-210800-26-01-000002"}),
            row("三", **{"项目代码": "2026-210800-26-01-000002"}),
        ),
        user=owner,
    )
    assert "第2行「项目代码」：该项目代码已存在" in result.errors
    assert "第4行「项目代码」：与第3行重复" in result.errors


def test_2000_good_rows_import_in_one_go(owner, area, pool, django_assert_max_num_queries):
    rows = [row(f"项目{i}", amount=str(1000 + i)) for i in range(2000)]
    upload = workbook(*rows)
    # Batched inserts (SQLite limits each batch), not one query per row.
    with django_assert_max_num_queries(400):
        result = entries_import(file=upload, user=owner)
    assert result.ok, result.errors[:3]
    assert result.created == 2000
    assert Entry.objects.filter(pool=pool, status="draft").count() == 2000
    assert Project.objects.filter(owner_unit=area).count() == 2000


def test_import_page(client, owner, outsider, bureau):
    client.force_login(owner)
    response = client.post(reverse("reserve:import"), {"file": workbook(row("页面导入"))})
    assert response.status_code == 302
    assert Entry.objects.get().project.name == "页面导入"
    response = client.post(reverse("reserve:import"), {"file": workbook(row("坏", amount="1"))})
    assert "第2行" in response.content.decode()
    client.force_login(bureau)
    assert client.get(reverse("reserve:import")).status_code == 403


def test_an_imported_declaration_opens_in_planning_only(owner, area):
    """§1: 储备 is reached by approval into a pool, not typed into the file."""
    result = entries_import(file=workbook(row("已储备", stage="储备")), user=owner)
    assert not result.ok
    assert result.errors[0].startswith("第2行「项目阶段」")
    assert not Project.objects.exists()


def test_import_leaves_history_naming_the_importer(owner, area, pool):
    """The import declares through the declaration service: project, entry and the declaration
    step each have a historical row saying who imported them."""
    result = entries_import(file=workbook(row("有历史的项目")), user=owner)
    assert result.ok, result.errors
    entry = Entry.objects.get(project__name="有历史的项目")
    step = entry.steps.get()
    assert step.action == "declare"
    assert step.comment == "Excel 导入"
    for record in (entry.project, entry, step):
        assert [h.history_user for h in record.history.all()] == [owner]


def test_a_row_missing_a_cell_is_also_told_its_amount_is_out_of_scope(owner, area):
    """A row with no name and 999 万元 names both faults at once (R-1), not the amount only after
    the name is filled in."""
    result = entries_import(file=workbook(row("", amount="999")), user=owner)
    assert result.errors[0].startswith("第2行「项目名称」：必填")
    assert result.errors[1].startswith("第2行「总投资（万元）」")
    assert "R-1" in result.errors[1]
    assert len(result.errors) == 2
