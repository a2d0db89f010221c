"""One exporter base (pretix style): a subclass yields a header and rows; the base writes them
with a write-only workbook and streams the file, so memory stays flat for any number of rows."""

import tempfile
from collections.abc import Iterable, Iterator
from decimal import Decimal
from urllib.parse import quote

from django.http import FileResponse
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from yingkou.choices import Sector, Stage

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class Exporter:
    """Subclasses define `columns` [(header, width)] and `rows()`; optionally `totals()`."""

    columns: list[tuple[str, int]] = []
    sheet_title = "Sheet1"

    def rows(self) -> Iterable[list]:
        raise NotImplementedError

    def totals(self) -> list | None:
        return None

    def write(self, target) -> None:
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(self.sheet_title)
        for index, (_, width) in enumerate(self.columns, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.freeze_panes = "A2"
        bold = Font(bold=True)
        sheet.append([self._cell(sheet, header, bold) for header, _ in self.columns])
        for row in self.rows():
            sheet.append([self._value(v) for v in row])
        totals = self.totals()
        if totals:
            sheet.append([self._cell(sheet, self._value(v), bold) for v in totals])
        workbook.save(target)

    def response(self, filename: str) -> FileResponse:
        spool = tempfile.TemporaryFile()  # noqa: SIM115  FileResponse closes it
        self.write(spool)
        spool.seek(0)
        response = FileResponse(spool, content_type=XLSX)
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}.xlsx"
        return response

    @staticmethod
    def _cell(sheet, value, font) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet, value=value)
        cell.font = font
        return cell

    @staticmethod
    def _value(value):
        if isinstance(value, Decimal):
            return float(value)
        if isinstance(value, bool):
            return "是" if value else "否"
        if isinstance(value, Promise):  # lazy translations
            return str(value)
        return value


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

    def rows(self) -> Iterator[list]:
        stages = {value: str(label) for value, label in Stage.choices}
        sectors = {value: str(label) for value, label in Sector.choices}
        for index, project in enumerate(self.queryset.iterator(chunk_size=2000), start=1):
            yield [
                index,
                project.name,
                project.code or "",
                project.owner_unit.name,
                project.landing_unit.name if project.landing_unit else "",
                project.industry_name,
                sectors.get(project.sector, project.sector),
                project.is_real_estate,
                project.total_investment,
                stages.get(project.stage, project.stage),
                project.investor,
                project.investor_intent_clear,
            ]


# Sector labels for exporters of the apps (value, label).
SECTOR_LABELS = [(value, str(label)) for value, label in Sector.choices]
