"""One exporter base (pretix style): a subclass yields a header and rows; the base writes them
with a write-only workbook and streams the file, so memory stays flat for any number of rows.

The base also lays the sheet out as an office expects: a title row (what, which period, which
unit, as of when), amounts with thousands separators and two decimals, real dates, a frozen
header with an autofilter, column widths, and A4 landscape printing with the header repeated on
every page. Formats follow the type of each value, so a subclass only yields plain values.

Every cell passes through the base, which makes text safe: control characters (which XML cannot
carry) are removed, and text that a spreadsheet would run as a formula (=, +, -, @, tab, carriage
return first) is written as text, so a project named =HYPERLINK(...) stays a name."""

import datetime as dt
import tempfile
from collections.abc import Iterable, Iterator
from decimal import Decimal
from urllib.parse import quote

from django.http import FileResponse
from django.utils import timezone
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from yingkou.choices import Sector, Stage
from yingkou.industries import industry_label
from yingkou.text import without_control_characters

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# OWASP "CSV injection": a cell starting with one of these is a formula to Excel and WPS.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

AMOUNT_FORMAT = "#,##0.00"
PERCENT_FORMAT = "0.0%"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
# The title, the description line, then the header: data starts on the fourth row.
HEADER_ROW = 3


class Percent(float):
    """A share (0.8 for 80 %) that the sheet shows as a percentage and sums as a number."""


class Exporter:
    """Subclasses define `columns` [(header, width)] and `rows()`; optionally `totals()`.

    `describe(title=, period=, scope=, as_of=)` sets what the title rows say; without it the
    title is the sheet title (or the file name) and the time of the export."""

    columns: list[tuple[str, int]] = []
    sheet_title = "Sheet1"
    title: str | None = None
    period: str = ""
    scope: str = ""
    as_of: dt.date | dt.datetime | None = None
    # A form to fill in (the import template) has no title rows: its header is its first row.
    title_rows = True

    def rows(self) -> Iterable[list]:
        raise NotImplementedError

    def totals(self) -> list | None:
        return None

    def describe(self, *, title=None, period=None, scope=None, as_of=None) -> "Exporter":
        if title is not None:
            self.title = str(title)
        if period is not None:
            self.period = str(period)
        if scope is not None:
            self.scope = str(scope)
        if as_of is not None:
            self.as_of = as_of
        return self

    def description(self) -> str:
        as_of = self.as_of or timezone.now()
        if isinstance(as_of, dt.datetime):
            as_of = timezone.localtime(as_of).strftime("%Y-%m-%d %H:%M")
        else:
            as_of = as_of.isoformat()
        parts = []
        if self.period:
            parts.append(f"统计期：{self.period}")
        if self.scope:
            parts.append(f"范围：{self.scope}")
        parts.append(f"数据截至：{as_of}")
        return "　".join(parts)

    def write(self, target) -> None:
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(self.sheet_title)
        for index, (_, width) in enumerate(self.columns, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        header_row = HEADER_ROW if self.title_rows else 1
        sheet.freeze_panes = f"A{header_row + 1}"
        sheet.print_title_rows = f"{header_row}:{header_row}"
        sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        styles = _Styles()
        if self.title_rows:
            title = self._value(self.title or self.sheet_title)
            sheet.append([self._cell(sheet, title, styles.title)])
            sheet.append([self._cell(sheet, self._value(self.description()), styles.note)])
        sheet.append([styles.header_cell(sheet, header) for header, _ in self.columns])
        last_row = header_row
        for row in self.rows():
            sheet.append([styles.value_cell(sheet, self._value(v)) for v in row])
            last_row += 1
        totals = self.totals()
        if totals:
            sheet.append([styles.value_cell(sheet, self._value(v), bold=True) for v in totals])
        last_column = get_column_letter(max(len(self.columns), 1))
        # The filter covers the data rows, never the totals line under them.
        sheet.auto_filter.ref = f"A{header_row}:{last_column}{last_row}"
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.print_options.horizontalCentered = True
        sheet.oddFooter.center.text = "第 &P 页，共 &N 页"
        workbook.save(target)

    def response(self, filename: str) -> FileResponse:
        if self.title is None:
            self.title = filename
        spool = tempfile.TemporaryFile()  # noqa: SIM115  FileResponse closes it
        self.write(spool)
        spool.seek(0)
        response = FileResponse(spool, content_type=XLSX)
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}.xlsx"
        return response

    @staticmethod
    def _cell(sheet, value, font) -> WriteOnlyCell:
        cell = _text_safe(WriteOnlyCell(sheet, value=value))
        cell.font = font
        return cell

    @staticmethod
    def _value(value):
        if isinstance(value, bool):
            return "是" if value else "否"
        if isinstance(value, Promise):  # lazy translations
            value = str(value)
        if isinstance(value, str):
            return without_control_characters(value)
        if isinstance(value, dt.datetime) and timezone.is_aware(value):
            # Excel has no time zones: the wall-clock time in Yingkou.
            return timezone.make_naive(timezone.localtime(value))
        return value


def _text_safe(cell: WriteOnlyCell) -> WriteOnlyCell:
    """Text that would be a formula is written as a string, never as <f>, and keeps a quote
    prefix so that it stays text when someone edits the cell."""
    if isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def _formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_START)


class _Styles:
    """Cell styles of one workbook. Plain text and whole numbers stay raw values (fast); amounts
    and dates become styled cells."""

    def __init__(self):
        self.title = Font(bold=True, size=14)
        self.note = Font(color="555555")
        self.bold = Font(bold=True)
        self.fill = PatternFill("solid", fgColor="F3F4F6")
        self.border = Border(bottom=Side(style="thin", color="9CA3AF"))
        self.wrap = Alignment(wrap_text=True, vertical="center", horizontal="center")

    def header_cell(self, sheet, value) -> WriteOnlyCell:
        cell = _text_safe(WriteOnlyCell(sheet, value=value))
        cell.font, cell.fill, cell.border, cell.alignment = (
            self.bold,
            self.fill,
            self.border,
            self.wrap,
        )
        return cell

    def value_cell(self, sheet, value, bold: bool = False):
        number_format = None
        if isinstance(value, Percent):
            value, number_format = float(value), PERCENT_FORMAT
        elif isinstance(value, Decimal | float):
            value, number_format = float(value), AMOUNT_FORMAT
        elif isinstance(value, dt.datetime):
            number_format = DATETIME_FORMAT
        elif isinstance(value, dt.date):
            number_format = DATE_FORMAT
        if number_format is None and not bold and not _formula_like(value):
            return value
        cell = _text_safe(WriteOnlyCell(sheet, value=value))
        if number_format:
            cell.number_format = number_format
        if bold:
            cell.font = self.bold
        return cell


class ProjectExporter(Exporter):
    sheet_title = "项目库"
    columns = [
        ("序号", 6),
        ("项目名称", 36),
        ("项目代码", 26),
        ("申报单位", 20),
        ("建设地点", 16),
        ("所属行业", 24),
        ("产业", 10),
        ("是否房地产", 10),
        ("总投资（万元）", 16),
        ("项目阶段", 10),
        ("投资方", 24),
        ("投资意向基本明确", 10),
    ]

    def __init__(self, queryset):
        self.queryset = queryset

    # Plain values, not model objects: building a Project and its two units per row cost more
    # than writing the row (100,000 projects: README, Benchmarks).
    FIELDS = (
        "name",
        "code",
        "owner_unit__name",
        "landing_unit__name",
        "industry",
        "sector",
        "is_real_estate",
        "total_investment",
        "stage",
        "investor",
        "investor_intent_clear",
    )

    def rows(self) -> Iterator[list]:
        stages = {value: str(label) for value, label in Stage.choices}
        sectors = {value: str(label) for value, label in Sector.choices}
        industries: dict[str, str] = {}
        values = self.queryset.values_list(*self.FIELDS).iterator(chunk_size=2000)
        for index, row in enumerate(values, start=1):
            name, code, owner, landing, industry, sector, real_estate, amount, stage = row[:9]
            if industry not in industries:
                industries[industry] = industry_label(industry)
            yield [
                index,
                name,
                code or "",
                owner,
                landing or "",
                industries[industry],
                sectors.get(sector, sector),
                real_estate,
                amount,
                stages.get(stage, stage),
                row[9],
                row[10],
            ]


# Sector labels for exporters of the apps (value, label).
SECTOR_LABELS = [(value, str(label)) for value, label in Sector.choices]
