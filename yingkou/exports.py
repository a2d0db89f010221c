"""One exporter base (pretix style): a subclass yields a header and rows; the base writes them
with XlsxWriter in constant-memory mode (each row goes to disk when the next one starts) and
streams the file, so memory stays flat for any number of rows.

The base also lays the sheet out as an office expects: a title row (what, which period, which
unit, as of when), amounts with thousands separators and two decimals, real dates, a frozen
header with an autofilter, column widths, and A4 landscape printing with the header repeated on
every page. Formats follow the type of each value, so a subclass only yields plain values.

Every cell passes through the base, which makes text safe: control characters (which XML cannot
carry) are removed, and text that a spreadsheet would run as a formula (=, +, -, @, tab, carriage
return first) is written as text, so a project named =HYPERLINK(...) stays a name.

Constant-memory mode writes rows strictly in order and cannot go back to one, which is why the
title rows, the header, the data and the totals are written top to bottom and nothing is merged;
the autofilter, the widths and the print set-up are sheet settings XlsxWriter keeps until the
file is closed, so they may be set before or after the rows."""

import datetime as dt
import re
import tempfile
from collections.abc import Iterable, Iterator
from decimal import Decimal
from itertools import islice
from urllib.parse import quote

import xlsxwriter
from django.http import FileResponse
from django.utils import timezone
from django.utils.functional import Promise
from xlsxwriter.utility import xl_rowcol_to_cell_fast
from xlsxwriter.worksheet import CellStringTuple, Worksheet

from yingkou.choices import Sector, Stage
from yingkou.industries import industry_label
from yingkou.text import CONTROL, without_control_characters

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# OWASP "CSV injection": a cell starting with one of these is a formula to Excel and WPS.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

AMOUNT_FORMAT = "#,##0.00"
PERCENT_FORMAT = "0.0%"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
# The title, the description line, then the header: data starts on the fourth row.
HEADER_ROW = 3
# XlsxWriter measures a column in pixels of Calibri 11's digit (7 px): width × 7 pixels keeps
# the width an office reads in the file the one the exporter declares.
DIGIT_PIXELS = 7
A4 = 9  # XlsxWriter's (and Excel's) paper code
# Options that keep XlsxWriter from reading meaning into text: a cell is what the exporter
# yields, never a formula, link or number guessed from a string.
WORKBOOK_OPTIONS = {
    "constant_memory": True,
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}


# What text must not carry into the sheet's XML as it is: XML's own characters, a carriage return
# (a parser would read it as a line feed) and text shaped like Excel's escape _xHHHH_.
XML_TEXT_SPECIAL = re.compile(r"[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f]|_x[0-9a-fA-F]{4}_")
XML_TEXT_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"}
EDGE_WHITESPACE = re.compile(r"^\s|\s$")


def _xml_text(match: re.Match) -> str:
    found = match.group()
    if found in XML_TEXT_ESCAPES:
        return XML_TEXT_ESCAPES[found]
    if found.startswith("_x"):  # literal text, not an escape (ECMA-376 ST_Xstring)
        return "_x005F" + found
    return f"_x{ord(found):04X}_"


class _Worksheet(Worksheet):
    """XlsxWriter's worksheet with its text cells written as escaped text, always.

    In constant-memory mode XlsxWriter writes text that begins with <r> and ends with </r> into
    the sheet as it is (its own rich strings arrive as ready XML), so a project named like that
    could put a live formula or anything else into the file; and it writes a carriage return as
    _x000D_, which Excel reads but openpyxl (and so pandas) leave as those seven characters."""

    def _write_cell(self, row: int, col: int, cell) -> None:
        if cell.__class__ is not CellStringTuple or not self.constant_memory:
            return super()._write_cell(row, col, cell)
        text = cell.string
        if XML_TEXT_SPECIAL.search(text):
            text = XML_TEXT_SPECIAL.sub(_xml_text, text)
        style = f' s="{cell.format._get_xf_index()}"' if cell.format else ""
        space = ' xml:space="preserve"' if EDGE_WHITESPACE.search(text) else ""
        self.fh.write(
            f'<c r="{xl_rowcol_to_cell_fast(row, col)}"{style} t="inlineStr">'
            f"<is><t{space}>{text}</t></is></c>"
        )
        return None


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
        """Write the workbook to `target` (a path or a binary file object)."""
        workbook = xlsxwriter.Workbook(target, WORKBOOK_OPTIONS)
        sheet = workbook.add_worksheet(self.sheet_title, worksheet_class=_Worksheet)
        cells = _Cells(workbook, sheet)
        for index, (_, width) in enumerate(self.columns):
            sheet.set_column_pixels(index, index, width * DIGIT_PIXELS)
        header_row = HEADER_ROW - 1 if self.title_rows else 0  # zero-based from here on
        if self.title_rows:
            cells.put(0, 0, self.title or self.sheet_title, "title")
            cells.put(1, 0, self.description(), "note")
        for column, (header, _) in enumerate(self.columns):
            cells.put(header_row, column, header, "header")
        last_row = cells.put_rows(header_row + 1, self.rows())
        totals = self.totals()
        if totals:
            for column, value in enumerate(totals):
                cells.put(last_row + 1, column, value, "bold")
        # The filter covers the data rows, never the totals line under them.
        sheet.autofilter(header_row, 0, last_row, max(len(self.columns), 1) - 1)
        sheet.freeze_panes(header_row + 1, 0)
        sheet.repeat_rows(header_row)
        sheet.set_landscape()
        sheet.set_paper(A4)
        sheet.fit_to_pages(1, 0)
        sheet.center_horizontally()
        sheet.set_footer("&C第 &P 页，共 &N 页")
        workbook.close()

    def response(self, filename: str) -> FileResponse:
        if self.title is None:
            self.title = filename
        spool = tempfile.TemporaryFile()  # noqa: SIM115  FileResponse closes it
        self.write(spool)
        spool.seek(0)
        response = FileResponse(spool, content_type=XLSX)
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}.xlsx"
        return response


# Rows read from the database per round trip by the list exports.
CHUNK_ROWS = 2000


def value_rows(queryset, fields, *, named: bool = False) -> Iterator:
    """The queryset's rows as plain values of `fields` (tuples, or dicts when `named`), read
    CHUNK_ROWS at a time: a model object and its related objects built per row cost more than
    writing the row (README, Benchmarks). A prefetch of the list's page does not apply."""
    queryset = queryset.prefetch_related(None)
    rows = queryset.values(*fields) if named else queryset.values_list(*fields)
    return rows.iterator(chunk_size=CHUNK_ROWS)


def value_chunks(queryset, fields, *, named: bool = False) -> Iterator[list]:
    """`value_rows` a chunk at a time, for an export that looks up what a chunk's rows point to
    (the cooperating units of their teams) in one query per chunk."""
    rows = value_rows(queryset, fields, named=named)
    while chunk := list(islice(rows, CHUNK_ROWS)):
        yield chunk


def _formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_START)


class _Cells:
    """Writes one sheet's cells, each with the format its type and role call for. Plain text and
    whole numbers take the shortest way (most cells of a big export are those); amounts, shares
    and dates carry a number format, formula-looking text a quote prefix."""

    ROLES = {
        "plain": {},
        "bold": {"bold": True},
        "title": {"bold": True, "font_size": 14},
        "note": {"font_color": "#555555"},
        "header": {
            "bold": True,
            "pattern": 1,
            "bg_color": "#F3F4F6",
            "bottom": 1,
            "bottom_color": "#9CA3AF",
            "text_wrap": True,
            "valign": "vcenter",
            "align": "center",
        },
    }

    def __init__(self, workbook, sheet):
        self.workbook = workbook
        self.sheet = sheet
        self.formats: dict[tuple, object] = {}

    def format(self, role: str, number_format: str | None = None, text: bool = False):
        """The workbook's one format for a role (with a number format, or kept as text)."""
        key = (role, number_format, text)
        if key not in self.formats:
            if role == "plain" and number_format is None and not text:
                self.formats[key] = None
            else:
                properties = dict(self.ROLES[role])
                if number_format:
                    properties["num_format"] = number_format
                if text:
                    # Stays text when someone edits the cell (Excel's leading apostrophe).
                    properties["quote_prefix"] = True
                self.formats[key] = self.workbook.add_format(properties)
        return self.formats[key]

    def put_rows(self, first: int, rows: Iterable[list]) -> int:
        """Write the rows from `first` on; answer the last row written (first - 1 for none)."""
        write_string, write_number, put = self.sheet.write_string, self.sheet.write_number, self.put
        row = first - 1
        for row, values in enumerate(rows, start=first):  # noqa: B007  the last one is answered
            for column, value in enumerate(values):
                kind = type(value)
                # The common cells first, without the general path's checks.
                if kind is str and value and not value.startswith(FORMULA_START):
                    if CONTROL.search(value):
                        value = without_control_characters(value)
                    write_string(row, column, value)
                elif kind is int:
                    write_number(row, column, value)
                elif value is not None:
                    put(row, column, value)
        return row

    def put(self, row: int, column: int, value, role: str = "plain") -> None:
        sheet = self.sheet
        if isinstance(value, Promise):  # lazy translations
            value = str(value)
        if value is None or value == "":
            if role != "plain":
                sheet.write_blank(row, column, None, self.format(role))
        elif isinstance(value, bool):
            sheet.write_string(row, column, "是" if value else "否", self.format(role))
        elif isinstance(value, str):
            value = without_control_characters(value)
            sheet.write_string(row, column, value, self.format(role, text=_formula_like(value)))
        elif isinstance(value, Percent):
            sheet.write_number(row, column, float(value), self.format(role, PERCENT_FORMAT))
        elif isinstance(value, Decimal | float):
            sheet.write_number(row, column, float(value), self.format(role, AMOUNT_FORMAT))
        elif isinstance(value, int):
            sheet.write_number(row, column, value, self.format(role))
        elif isinstance(value, dt.datetime):
            if timezone.is_aware(value):
                # Excel has no time zones: the wall-clock time in Yingkou.
                value = timezone.make_naive(timezone.localtime(value))
            sheet.write_datetime(row, column, value, self.format(role, DATETIME_FORMAT))
        elif isinstance(value, dt.date):
            sheet.write_datetime(row, column, value, self.format(role, DATE_FORMAT))
        else:
            self.put(row, column, str(value), role)


class ProjectExporter(Exporter):
    sheet_title = "项目库"
    columns = [
        ("序号", 6),
        ("项目名称", 36),
        ("项目代码", 26),
        ("申报单位", 20),
        ("拟落地县(市)区/园区", 16),
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
