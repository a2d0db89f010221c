"""Uploads are bounded (the 2026 security audit): every refusal is one clear Chinese message and
nothing is imported; no value in a cell makes the server fail."""

import io
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from reserve import imports
from reserve.imports import HEADERS, entries_import
from reserve.models import Entry
from tests.reserve.test_import import row, workbook
from yingkou.models import Project

pytestmark = pytest.mark.django_db


def refused(result, text: str) -> None:
    assert len(result.errors) == 1 and text in result.errors[0], result.errors
    assert result.created == 0
    assert not Entry.objects.exists() and not Project.objects.exists()


def with_part(upload: SimpleUploadedFile, name: str, content: bytes) -> SimpleUploadedFile:
    """The same workbook with one part replaced (or added)."""
    source = zipfile.ZipFile(io.BytesIO(upload.read()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename != name:
                target.writestr(item, source.read(item))
        target.writestr(name, content)
    return SimpleUploadedFile("import.xlsx", buffer.getvalue())


def test_the_upload_parser_refuses_xml_entities():
    assert openpyxl.DEFUSEDXML is True


def test_a_file_over_the_size_cap_is_refused_before_reading(owner, area, monkeypatch):
    upload = workbook(row("好项目"))
    monkeypatch.setattr(imports, "MAX_FILE_BYTES", upload.size - 1)
    refused(entries_import(file=upload, user=owner), "文件超过")


def test_a_zip_that_unpacks_to_too_much_is_refused_before_parsing(owner, area):
    # 40 MB of shared strings that pack to a few kilobytes, as in the audit's 0.8 MB file
    bomb = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    bomb += b"<si><t>x</t></si>" * 2_600_000 + b"</sst>"
    upload = with_part(workbook(row("好项目")), "xl/sharedStrings.xml", bomb)
    assert upload.size < 1024 * 1024
    refused(entries_import(file=upload, user=owner), "解压后内容过大")


def test_a_highly_packed_file_is_refused_by_its_ratio(owner, area, monkeypatch):
    monkeypatch.setattr(imports, "MAX_PACKING_RATIO", 2)
    refused(entries_import(file=workbook(row("好项目")), user=owner), "解压后内容过大")


def test_blank_rows_count_toward_the_row_limit(owner, area, monkeypatch):
    monkeypatch.setattr(imports, "MAX_ROWS", 50)
    blanks = [[" "] * len(HEADERS) for _ in range(50)]
    refused(entries_import(file=workbook(row("好项目"), *blanks), user=owner), "空行也计算在内")
    result = entries_import(file=workbook(row("好项目"), *blanks[:49]), user=owner)
    assert result.ok and result.created == 1


def test_reading_stops_after_the_time_budget(owner, area, monkeypatch):
    monkeypatch.setattr(imports, "TIME_BUDGET_SECONDS", -1)
    refused(entries_import(file=workbook(row("好项目")), user=owner), "文件处理超过")


def test_xml_entities_are_refused(owner, area):
    upload = workbook(row("好项目"))
    sheet = zipfile.ZipFile(io.BytesIO(upload.read())).read("xl/worksheets/sheet1.xml")
    upload.seek(0)
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        + sheet.replace(b'<row r="2">', b'<row r="2"><!-- &b; -->')
    )
    upload = with_part(upload, "xl/worksheets/sheet1.xml", laughs)
    refused(entries_import(file=upload, user=owner), "无法读取文件")


def test_a_file_that_is_not_a_workbook_is_refused(owner, area):
    upload = SimpleUploadedFile("import.xlsx", b"PK\x03\x04 not really a zip")
    refused(entries_import(file=upload, user=owner), "无法读取文件")


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("计划开工年份", "²", "应为四位年份"),
        ("计划开工年份", "9" * 5000, "应为四位年份"),
        ("计划竣工年份", "２０２７", "应为四位年份"),  # full-width digits
        ("总投资（万元）", "9" * 5000, "应为数字"),
        ("总投资（万元）", "NaN", "应为数字"),
        ("总投资（万元）", "Infinity", "应为数字"),
        ("项目名称", "QA-ctrl\u007f-name", "控制字符"),  # XML cannot carry \u0001
    ],
)
def test_every_value_is_validated_and_the_page_answers(client, owner, area, column, value, message):
    client.force_login(owner)
    upload = workbook(row("好项目"), row("坏项目", **{column: value}))
    response = client.post(reverse("reserve:import"), {"file": upload})
    assert response.status_code == 200
    page = response.content.decode()
    assert "第3行" in page and message in page
    assert not Project.objects.exists()


def test_an_empty_workbook_is_refused(owner, area):
    book = Workbook()
    buffer = io.BytesIO()
    book.save(buffer)
    result = entries_import(file=SimpleUploadedFile("x.xlsx", buffer.getvalue()), user=owner)
    assert result.errors and not Project.objects.exists()
