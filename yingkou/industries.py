"""National classification of economic activities (GB/T 4754-2017) and the three sectors.

The sector and the real-estate flag are derived from the industry code, never typed (SPEC appendix),
so that R-4 and A-2 cannot disagree with the industry.
"""

import re

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

DIVISIONS: dict[str, str] = {
    "05": "农、林、牧、渔专业及辅助性活动",
    "11": "开采专业及辅助性活动",
    "25": "石油、煤炭及其他燃料加工业",
    "26": "化学原料和化学制品制造业",
    "30": "非金属矿物制品业",
    "31": "黑色金属冶炼和压延加工业",
    "32": "有色金属冶炼和压延加工业",
    "34": "通用设备制造业",
    "36": "汽车制造业",
    "38": "电气机械和器材制造业",
    "39": "计算机、通信和其他电子设备制造业",
    "43": "金属制品、机械和设备修理业",
    "44": "电力、热力生产和供应业",
    "55": "水上运输业",
    "59": "装卸搬运和仓储业",
    "61": "住宿业",
    "65": "软件和信息技术服务业",
    "70": "房地产业",
    "87": "文化艺术业",
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
