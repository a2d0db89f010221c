"""The one exporter base lays out every Excel file as the README promises: a title and what it
covers, a frozen header with an autofilter over the data (not the totals), column widths, amounts,
shares and real dates as numbers, and A4 landscape printing one page wide with the header on every
page and page numbers in the footer."""

import datetime as dt
import io
from decimal import Decimal

from openpyxl import load_workbook

from yingkou.exports import Exporter, Percent


class Sample(Exporter):
    sheet_title = "样表"
    columns = [("名称", 30), ("金额（万元）", 16), ("占比", 8), ("日期", 12), ("是否", 6)]

    def rows(self):
        yield ["甲", Decimal("1234567.891"), Percent(0.125), dt.date(2026, 10, 12), True]
        yield ["乙", Decimal("1"), Percent(1), None, False]

    def totals(self):
        return ["合计", Decimal("1234568.891"), "", "", ""]


def written(exporter: Exporter):
    buffer = io.BytesIO()
    exporter.write(buffer)
    return load_workbook(io.BytesIO(buffer.getvalue())).active


def test_title_header_and_data_rows():
    sheet = written(
        Sample().describe(
            title="样表标题", period="2026年10月", scope="全市", as_of=dt.date(2026, 10, 31)
        )
    )
    assert sheet.title == "样表"
    assert sheet["A1"].value == "样表标题" and sheet["A1"].font.b and sheet["A1"].font.sz == 14
    assert sheet["A2"].value == "统计期：2026年10月　范围：全市　数据截至：2026-10-31"
    assert [c.value for c in sheet[3]] == [header for header, _ in Sample.columns]
    assert all(c.font.b for c in sheet[3])
    assert sheet["B4"].value == 1234567.891 and sheet["B4"].number_format == "#,##0.00"
    assert sheet["C4"].value == 0.125 and sheet["C4"].number_format == "0.0%"
    assert (
        sheet["D4"].value == dt.datetime(2026, 10, 12) and sheet["D4"].number_format == "yyyy-mm-dd"
    )
    assert sheet["E4"].value == "是" and sheet["E5"].value == "否"
    assert sheet["D5"].value is None
    assert sheet["A6"].value == "合计" and sheet["A6"].font.b and sheet["B6"].font.b


def test_frozen_header_filter_and_widths():
    sheet = written(Sample())
    assert sheet.freeze_panes == "A4"
    assert sheet.auto_filter.ref == "A3:E5"  # the data rows, not the totals line
    assert [sheet.column_dimensions[c].width for c in "ABCDE"] == [30, 16, 8, 12, 6]


def test_a4_landscape_one_page_wide_with_the_header_on_every_page():
    sheet = written(Sample())
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.page_setup.fitToWidth in (None, 1) and int(sheet.page_setup.fitToHeight) == 0
    assert sheet.print_title_rows == "$3:$3"
    assert sheet.print_options.horizontalCentered
    assert sheet.oddFooter.center.text == "第 &P 页，共 &N 页"


def test_a_form_without_title_rows_starts_with_its_header():
    class Form(Sample):
        title_rows = False

    sheet = written(Form())
    assert sheet["A1"].value == "名称"
    assert sheet.freeze_panes == "A2"
    assert sheet.print_title_rows == "$1:$1"
