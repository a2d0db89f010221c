"""National classification of economic activities (GB/T 4754-2017) and the three sectors.

The sector and the real-estate flag are derived from the industry code, never typed (SPEC appendix),
so that R-4 and A-2 cannot disagree with the industry.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Case, Q, Value, When
from django.utils.translation import gettext_lazy as _

SECTIONS: dict[str, str] = {
    "A": "农、林、牧、渔业",
    "B": "采矿业",
    "C": "制造业",
    "D": "电力、热力、燃气及水生产和供应业",
    "E": "建筑业",
    "F": "批发和零售业",
    "G": "交通运输、仓储和邮政业",
    "H": "住宿和餐饮业",
    "I": "信息传输、软件和信息技术服务业",
    "J": "金融业",
    "K": "房地产业",
    "L": "租赁和商务服务业",
    "M": "科学研究和技术服务业",
    "N": "水利、环境和公共设施管理业",
    "O": "居民服务、修理和其他服务业",
    "P": "教育",
    "Q": "卫生和社会工作",
    "R": "文化、体育和娱乐业",
    "S": "公共管理、社会保障和社会组织",
    "T": "国际组织",
}

# Division (大类) number ranges per section, GB/T 4754-2017.
_DIVISION_RANGES: dict[str, range] = {
    "A": range(1, 6),
    "B": range(6, 13),
    "C": range(13, 44),
    "D": range(44, 47),
    "E": range(47, 51),
    "F": range(51, 53),
    "G": range(53, 61),
    "H": range(61, 63),
    "I": range(63, 66),
    "J": range(66, 70),
    "K": range(70, 71),
    "L": range(71, 73),
    "M": range(73, 76),
    "N": range(76, 80),
    "O": range(80, 83),
    "P": range(83, 84),
    "Q": range(84, 86),
    "R": range(86, 91),
    "S": range(91, 97),
    "T": range(97, 98),
}

# Every division (大类) of GB/T 4754-2017 (97), so that a project is filed under its own
# division (医药 C27, 专用设备 C35, 船舶 C37, 道路运输 G54 ...) rather than only its section.
DIVISIONS: dict[str, str] = {
    "01": "农业",
    "02": "林业",
    "03": "畜牧业",
    "04": "渔业",
    "05": "农、林、牧、渔专业及辅助性活动",
    "06": "煤炭开采和洗选业",
    "07": "石油和天然气开采业",
    "08": "黑色金属矿采选业",
    "09": "有色金属矿采选业",
    "10": "非金属矿采选业",
    "11": "开采专业及辅助性活动",
    "12": "其他采矿业",
    "13": "农副食品加工业",
    "14": "食品制造业",
    "15": "酒、饮料和精制茶制造业",
    "16": "烟草制品业",
    "17": "纺织业",
    "18": "纺织服装、服饰业",
    "19": "皮革、毛皮、羽毛及其制品和制鞋业",
    "20": "木材加工和木、竹、藤、棕、草制品业",
    "21": "家具制造业",
    "22": "造纸和纸制品业",
    "23": "印刷和记录媒介复制业",
    "24": "文教、工美、体育和娱乐用品制造业",
    "25": "石油、煤炭及其他燃料加工业",
    "26": "化学原料和化学制品制造业",
    "27": "医药制造业",
    "28": "化学纤维制造业",
    "29": "橡胶和塑料制品业",
    "30": "非金属矿物制品业",
    "31": "黑色金属冶炼和压延加工业",
    "32": "有色金属冶炼和压延加工业",
    "33": "金属制品业",
    "34": "通用设备制造业",
    "35": "专用设备制造业",
    "36": "汽车制造业",
    "37": "铁路、船舶、航空航天和其他运输设备制造业",
    "38": "电气机械和器材制造业",
    "39": "计算机、通信和其他电子设备制造业",
    "40": "仪器仪表制造业",
    "41": "其他制造业",
    "42": "废弃资源综合利用业",
    "43": "金属制品、机械和设备修理业",
    "44": "电力、热力生产和供应业",
    "45": "燃气生产和供应业",
    "46": "水的生产和供应业",
    "47": "房屋建筑业",
    "48": "土木工程建筑业",
    "49": "建筑安装业",
    "50": "建筑装饰、装修和其他建筑业",
    "51": "批发业",
    "52": "零售业",
    "53": "铁路运输业",
    "54": "道路运输业",
    "55": "水上运输业",
    "56": "航空运输业",
    "57": "管道运输业",
    "58": "多式联运和运输代理业",
    "59": "装卸搬运和仓储业",
    "60": "邮政业",
    "61": "住宿业",
    "62": "餐饮业",
    "63": "电信、广播电视和卫星传输服务",
    "64": "互联网和相关服务",
    "65": "软件和信息技术服务业",
    "66": "货币金融服务",
    "67": "资本市场服务",
    "68": "保险业",
    "69": "其他金融业",
    "70": "房地产业",
    "71": "租赁业",
    "72": "商务服务业",
    "73": "研究和试验发展",
    "74": "专业技术服务业",
    "75": "科技推广和应用服务业",
    "76": "水利管理业",
    "77": "生态保护和环境治理业",
    "78": "公共设施管理业",
    "79": "土地管理业",
    "80": "居民服务业",
    "81": "机动车、电子产品和日用产品修理业",
    "82": "其他服务业",
    "83": "教育",
    "84": "卫生",
    "85": "社会工作",
    "86": "新闻和出版业",
    "87": "广播、电视、电影和录音制作业",
    "88": "文化艺术业",
    "89": "体育",
    "90": "娱乐业",
    "91": "中国共产党机关",
    "92": "国家机构",
    "93": "人民政协、民主党派",
    "94": "社会保障",
    "95": "群众团体、社会团体和其他成员组织",
    "96": "基层群众自治组织及其他组织",
    "97": "国际组织",
}

# Divisions counted outside their section's sector by the national three-sector rules (2018).
_TERTIARY_DIVISIONS = ("A05", "B11", "C43")

_CODE = re.compile(r"^(?P<section>[A-T])(?P<division>\d{2})?$")


def section_of_division(division: str) -> str | None:
    number = int(division)
    for section, numbers in _DIVISION_RANGES.items():
        if number in numbers:
            return section
    return None


def industry_choices() -> list[tuple[str, str]]:
    choices = []
    for section, name in SECTIONS.items():
        choices.append((section, f"{section} {name}"))
        for division, division_name in sorted(DIVISIONS.items()):
            if section_of_division(division) == section:
                choices.append((f"{section}{division}", f"{section}{division} {division_name}"))
    return choices


def industry_name(code: str) -> str:
    """A code as the pickers offer it: "C 制造业", "G55 水上运输业"."""
    return f"{code} {industry_label(code)}"


def validate_industry_code(code: str) -> None:
    match = _CODE.match(code or "")
    if not match:
        raise ValidationError(
            _("行业代码应为门类字母（A–T），可加两位大类代码，如 C26。"), code="industry"
        )
    division = match.group("division")
    if division and section_of_division(division) != match.group("section"):
        raise ValidationError(
            _("大类 %(division)s 不属于门类 %(section)s。"),
            params={"division": division, "section": match.group("section")},
            code="industry",
        )


def industry_label(code: str) -> str:
    match = _CODE.match(code or "")
    if not match:
        return code
    division = match.group("division")
    if division:
        return DIVISIONS.get(division, SECTIONS[match.group("section")])
    return SECTIONS[match.group("section")]


def sector_expression() -> Case:
    """The three-sector rule as a database expression, used by Project's generated column."""
    return Case(
        When(industry__in=_TERTIARY_DIVISIONS, then=Value("tertiary")),
        When(industry__startswith="A", then=Value("primary")),
        When(
            Q(industry__startswith="B")
            | Q(industry__startswith="C")
            | Q(industry__startswith="D")
            | Q(industry__startswith="E"),
            then=Value("secondary"),
        ),
        default=Value("tertiary"),
    )


def real_estate_expression() -> Case:
    """Real estate means section K (SPEC appendix), as a database expression."""
    from django.db.models import BooleanField

    return Case(
        When(industry__startswith="K", then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )


# --- competent authorities (行业主管部门): E-1, A-3 ----------------------------------------------


@dataclass(frozen=True)
class Authority:
    """The kind of department competent for an industry: the code its city-level department
    carries (WHLY; an area's is "<area>-WHLY") and what such a department is called."""

    department_code: str
    department_name: str


# Decision (E-1, A-3): an industry the reference table names no department for (finance,
# education, health … in the starting table), or no industry at all, falls to the industry and
# information technology bureau, so every project has a competent department.
DEFAULT_AUTHORITY = Authority("GXJ", "工业和信息化局")


def authority_table(rows: list[dict] | None = None) -> dict[str, Authority]:
    """The administrators' reference table (`IndustryAuthority`), industry code → authority, in
    one query: a rule deciding many industries at once reads it once and passes it on. `rows`:
    the table's rows as they were (`values()`), to judge as it stood before an edit."""
    from yingkou.models import IndustryAuthority

    if rows is None:
        rows = IndustryAuthority.objects.values("industry", "department_code", "department_name")
    return {
        row["industry"]: Authority(row["department_code"], row["department_name"]) for row in rows
    }


def industry_authority_rule(industry: str, table: dict[str, Authority] | None = None) -> Authority:
    """E-1, A-3 (帮扶机制二(二) 各行业主管部门): the kind of department competent for an industry
    (行业主管部门) — the one function that decides it. The division's row of the reference table
    (H61) wins over its section's (H); an industry the table does not name falls to
    `DEFAULT_AUTHORITY`. `table`: the table read once by `authority_table()`."""
    if table is None:
        table = authority_table()
    return table.get(industry[:3]) or table.get(industry[:1]) or DEFAULT_AUTHORITY


def industries_of_authority(department_code: str, table: dict[str, Authority]) -> list[str]:
    """A-3: every code of GB/T 4754 (sections and divisions) whose competent department is of
    the kind `department_code`, by `industry_authority_rule` itself, so the projects a department
    sees and the department a project is given never disagree."""
    return [
        code
        for code, _label in industry_choices()
        if industry_authority_rule(code, table).department_code == department_code
    ]


def industry_codes_q(codes: list[str], *, prefix: str = "") -> Q:
    """Projects whose industry is one of `codes`, matched exactly: a project's industry is one
    of `industry_choices()`, so the list is the whole condition, and `project_industry_ids` answers
    it from the index alone. (A section as a prefix, LIKE 'C%', made PostgreSQL test every entry
    of the index against each prefix: 50 ms for a department of half the city's projects, 10 ms
    as a list.) No codes: no project."""
    if not codes:
        return Q(pk__in=[])
    return Q(**{f"{prefix}industry__in": sorted(set(codes))})


def city_authority_industries_q(unit, *, prefix: str = "") -> Q | None:
    """A-3 (各行业主管部门负责协调调度全市本行业项目): the projects of the industries whose city-level
    competent department `unit` is, as a condition on `<prefix>industry`; None when the unit is
    no city-level municipal department or no industry falls to it (one query of the reference
    table, none for any other unit)."""
    from yingkou.choices import AdministrativeLevel, UnitKind

    if (
        unit is None
        or unit.kind != UnitKind.MUNICIPAL_DEPARTMENT
        or unit.level != AdministrativeLevel.CITY
    ):
        return None
    codes = industries_of_authority(unit.code, authority_table())
    return industry_codes_q(codes, prefix=prefix) if codes else None


def city_industry_authority(industry: str):
    """E-1, A-3: the city's competent department for an industry — the city-level municipal
    department carrying the code `industry_authority_rule` names; None when the city has none."""
    from yingkou.choices import AdministrativeLevel, UnitKind
    from yingkou.models import Unit

    code = industry_authority_rule(industry).department_code
    return Unit.objects.filter(
        code=code, kind=UnitKind.MUNICIPAL_DEPARTMENT, level=AdministrativeLevel.CITY
    ).first()


def city_authorities(table: dict[str, Authority] | None = None) -> dict[int, list[str]]:
    """A-3: every city-level competent department (its unit id) with the industry codes that
    fall to it, from one read of the reference table and one of the units."""
    from yingkou.choices import AdministrativeLevel, UnitKind
    from yingkou.models import Unit

    if table is None:
        table = authority_table()
    codes = {DEFAULT_AUTHORITY.department_code} | {a.department_code for a in table.values()}
    units = Unit.objects.filter(
        code__in=codes, kind=UnitKind.MUNICIPAL_DEPARTMENT, level=AdministrativeLevel.CITY
    ).values_list("pk", "code")
    found = {pk: industries_of_authority(code, table) for pk, code in units}
    return {pk: industries for pk, industries in found.items() if industries}
