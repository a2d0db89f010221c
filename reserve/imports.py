"""Excel import of reserve declarations: every row is checked by the same rules as the form and
the API (R-1 and the shared model's validation); a file with any bad row imports nothing.

An upload is bounded before and while it is read, because an .xlsx is a zip of XML that can unpack
to far more than it weighs: the file's size, the unpacked size and the packing ratio are checked
before parsing, every row counts toward the row limit (blank ones too, or 300,000 blank rows cost
a minute of CPU), reading stops after a time budget, and XML entities are refused (openpyxl parses
with defusedxml when it is installed)."""

import itertools
import logging
import time
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from openpyxl import load_workbook

from yingkou.choices import CapitalOrigin, Stage, UnitKind
from yingkou.errors import RuleViolation
from yingkou.models import Project, Unit, User

from . import permissions as perms
from . import rules, services
from .exports import ImportTemplateExporter

logger = logging.getLogger(__name__)

MAX_ROWS = 5000  # rows after the header, blank ones included
MAX_FILE_BYTES = 5 * 1024 * 1024  # 5,000 filled template rows weigh about 1 MB
MAX_UNPACKED_BYTES = 40 * 1024 * 1024
MAX_PACKING_RATIO = 100  # spreadsheet XML packs 5-20 times; a bomb packs thousands of times
MAX_MEMBERS = 200
TIME_BUDGET_SECONDS = 30

# (header, model field, width, required)
COLUMNS = [
    ("项目名称", "name", 36, True),
    ("项目代码", "code", 26, False),
    ("拟落地县(市)区/园区", "landing_unit", 18, False),
    ("所属行业代码", "industry", 14, True),
    ("总投资（万元）", "total_investment", 16, True),
    ("项目阶段", "stage", 12, True),
    ("资金来源", "capital_origin", 10, False),
    ("投资方", "investor", 24, False),
    ("投资意向基本明确", "investor_intent_clear", 16, False),
    ("建设内容及规模", "construction_content", 40, False),
    ("计划开工年份", "start_year", 12, False),
    ("计划竣工年份", "end_year", 12, False),
    ("联系人", "contact_name", 12, False),
    ("联系电话", "contact_phone", 16, False),
]
HEADERS = [c[0] for c in COLUMNS]
# Templates downloaded before a column was renamed are still being filled in; an optional column
# read under an unknown header would import silently empty.
FORMER_HEADERS = {"建设地点": "拟落地县(市)区/园区"}
HEADER_OF = {c[1]: c[0] for c in COLUMNS}
EXAMPLE = [
    "鲅鱼圈区精细化工新材料项目",
    "",
    "鲅鱼圈区",
    "C26",
    "12000.00",
    "策划包装",
    "内资",
    "某某化工集团",
    "是",
    "建设年产20万吨精细化工新材料生产线",
    2027,
    2029,
    "王工",
    "0417-1234567",
]
# A declaration opens a project in planning (§1); 储备 is reached only by approval into a pool.
STAGES = {str(Stage.PLANNING.label): Stage.PLANNING}
ORIGINS = {str(label): value for value, label in CapitalOrigin.choices}
YES, NO = {"是", "Y", "YES", "TRUE", "1"}, {"否", "N", "NO", "FALSE", "0", ""}


class ImportRefused(Exception):
    """The whole file is refused; the message says why in Chinese."""


@dataclass
class ImportResult:
    errors: list[str] = field(default_factory=list)
    created: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def template_response():
    columns = [
        (header + ("*" if required else ""), width) for header, _, width, required in COLUMNS
    ]
    return ImportTemplateExporter(columns, EXAMPLE).response("储备项目申报导入模板")


def _cell_error(row: int, header: str, message: str) -> str:
    return _("第%(row)d行「%(column)s」：%(message)s") % {
        "row": row,
        "column": header,
        "message": message,
    }


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _amount(text: str) -> Decimal | None:
    """An amount cell in 万元, or None when it is not a number."""
    try:
        amount = Decimal(text[:40]).quantize(Decimal("0.01"))
    except InvalidOperation:
        return None
    if len(text) > 40 or not amount.is_finite():
        return None
    return amount


def _parse(values: dict, row: int, areas: dict, errors: list[str]) -> dict | None:
    data: dict = {}
    bad = False

    def fail(name, message):
        nonlocal bad
        bad = True
        errors.append(_cell_error(row, HEADER_OF[name], message))

    for header, name, _width, required in COLUMNS:
        text = _text(values.get(header))
        if required and not text:
            fail(name, _("必填"))
            continue
        if name == "total_investment":
            amount = _amount(text)
            if amount is None:
                fail(name, _("应为数字（万元）"))
            else:
                data[name] = amount
        elif name == "stage":
            if text not in STAGES:
                fail(name, _("应为“策划包装”（R-1；储备阶段由审核入库确定）"))
            else:
                data[name] = STAGES[text]
        elif name == "landing_unit":
            if text and text not in areas:
                fail(name, _("“%(name)s”不是本市县(市)区或园区") % {"name": text})
            data[name] = areas.get(text)
        elif name == "capital_origin":
            if text and text not in ORIGINS:
                fail(name, _("应为“内资”或“外资”"))
            data[name] = ORIGINS.get(text, CapitalOrigin.DOMESTIC)
        elif name == "investor_intent_clear":
            if text.upper() not in YES | NO:
                fail(name, _("应为“是”或“否”"))
            data[name] = text.upper() in YES
        elif name in ("start_year", "end_year"):
            # isdigit() alone lets "²" and 5,000-digit numbers through to int()
            year = text.isascii() and text.isdigit() and len(text) == 4
            if text and not year:
                fail(name, _("应为四位年份"))
            data[name] = int(text) if year else None
        elif name == "code":
            data[name] = text or None
        else:
            data[name] = text
    return None if bad else data


def _scope_error(values: dict, row: int, errors: list[str]) -> None:
    """R-1 on a row that failed to parse, if its amount could be read."""
    amount = _amount(_text(values.get(HEADER_OF["total_investment"])))
    if amount is None:
        return
    try:
        rules.reserve_scope_rule(total_investment=amount, stage=Stage.PLANNING)
    except RuleViolation as exc:
        errors.append(_cell_error(row, HEADER_OF["total_investment"], exc.text))


def _header_errors(header: list[str]) -> list[str]:
    missing = [h for h, _n, _w, required in COLUMNS if required and h not in header]
    if missing:
        return [
            _("模板第1行缺少列：%(columns)s，请下载最新模板。") % {"columns": "、".join(missing)}
        ]
    return []


def entries_import(*, file, user: User) -> ImportResult:
    """Import declarations (drafts in the user's level-2 pool) from an uploaded template.
    All rows or none: any error and nothing is saved."""
    services.declaring_pool(user)  # refuses a user who may not declare before reading the file
    result = ImportResult()
    try:
        projects, codes = _read(file, user, result)
    except ImportRefused as refusal:
        result.errors = [str(refusal)]
        return result
    taken = set(Project.objects.filter(code__in=list(codes)).values_list("code", flat=True))
    for code in sorted(taken, key=codes.get):
        result.errors.append(_cell_error(codes[code], HEADER_OF["code"], _("该项目代码已存在")))
    if not projects and not result.errors:
        result.errors.append(_("文件中没有项目。"))
    if result.errors:
        result.errors.sort(key=_row_of)
        return result
    services.entries_declare_new(
        user=user, projects=[p for _n, p in projects], comment=_("Excel 导入")
    )
    result.created = len(projects)
    return result


def _read(file, user: User, result: ImportResult):
    """The file's projects (row number, unsaved Project) and codes; row errors go to `result`."""
    rows = _sheet_rows(file)
    header = [_text(v).rstrip("*") for v in next(rows, ())]
    header = [FORMER_HEADERS.get(h, h) for h in header]
    result.errors = _header_errors(header)
    if result.errors:
        raise ImportRefused(result.errors[0])
    areas = {u.name: u for u in Unit.objects.filter(kind__in=UnitKind.areas())}
    projects: list[tuple[int, Project]] = []
    codes: dict[str, int] = {}
    for number, raw in enumerate(rows, start=2):
        values = dict(zip(header, raw, strict=False))
        if not any(_text(v) for v in raw):
            continue
        data = _parse(values, number, areas, result.errors)
        if data is None:
            # A row already wrong in one cell is still checked for the scope, so that
            # a clerk fixes everything in the row in one go.
            _scope_error(values, number, result.errors)
            continue
        project = Project(owner_unit=user.unit, **data)
        try:
            # The units come from the lookup above and the code is checked for the whole file
            # at once below, so per-row database checks would only cost 2,000 queries.
            project.full_clean(
                exclude=["owner_unit", "landing_unit"],
                validate_unique=False,
                validate_constraints=False,
            )
            rules.reserve_scope_rule(total_investment=project.total_investment, stage=project.stage)
        except RuleViolation as exc:
            result.errors.append(_cell_error(number, HEADER_OF[exc.field or "name"], exc.text))
            continue
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                header_name = HEADER_OF.get(name, _("项目"))
                result.errors.extend(_cell_error(number, header_name, m) for m in messages)
            continue
        if project.code:
            if project.code in codes:
                result.errors.append(
                    _cell_error(
                        number,
                        HEADER_OF["code"],
                        _("与第%(row)d行重复") % {"row": codes[project.code]},
                    )
                )
                continue
            codes[project.code] = number
        projects.append((number, project))
    return projects, codes


UNREADABLE = _lazy("无法读取文件，请上传由模板填写的 .xlsx 文件。")


def _check_archive(file) -> None:
    """Refuse before parsing a file too big to read, or one that unpacks to too much."""
    if file.size > MAX_FILE_BYTES:
        raise ImportRefused(
            _("文件超过%(mb)d MB，请拆分后分批导入。") % {"mb": MAX_FILE_BYTES // 1024 // 1024}
        )
    try:
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ImportRefused(str(UNREADABLE)) from exc
    finally:
        file.seek(0)
    unpacked = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members)
    if (
        len(members) > MAX_MEMBERS
        or unpacked > MAX_UNPACKED_BYTES
        or unpacked > MAX_PACKING_RATIO * max(packed, 1)
    ):
        raise ImportRefused(
            _("文件解压后内容过大（%(mb)d MB），不像由模板填写的表格，未导入任何项目。")
            % {"mb": unpacked // 1024 // 1024}
        )


def _sheet_rows(file):
    """The first sheet's rows as values, within the row limit and the time budget."""
    _check_archive(file)
    deadline = time.monotonic() + TIME_BUDGET_SECONDS
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl and defusedxml raise many types for a bad file
        logger.info("import refused: unreadable workbook (%s)", exc)
        raise ImportRefused(str(UNREADABLE)) from exc
    try:
        for number in itertools.count():  # 0 is the header
            if time.monotonic() > deadline:
                raise ImportRefused(
                    _("文件处理超过%(seconds)d秒，未导入任何项目，请拆分后分批导入。")
                    % {"seconds": TIME_BUDGET_SECONDS}
                )
            try:
                if number == 0:
                    rows = workbook.worksheets[0].iter_rows(values_only=True)
                row = next(rows)
            except StopIteration:
                return
            except Exception as exc:  # a part that parses badly only when its rows are read
                logger.info("import refused: unreadable rows (%s)", exc)
                raise ImportRefused(str(UNREADABLE)) from exc
            if number > MAX_ROWS:
                raise ImportRefused(
                    _("一次最多导入%(max)d行（空行也计算在内），请删除多余的行或分批导入。")
                    % {"max": MAX_ROWS}
                )
            yield row
    finally:
        workbook.close()


def _row_of(message: str) -> int:
    digits = "".join(c for c in message.split("行", 1)[0] if c.isdigit())
    return int(digits) if digits else 0


def can_import(user: User) -> bool:
    """Whoever may declare (R-3) into a level-2 pool of their own (R-2) imports."""
    return perms.can_declare(user) and rules.declaring_pool_possible(
        services.pool_ensure_for_unit(unit=user.unit)
    )
