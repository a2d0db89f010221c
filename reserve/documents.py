"""R-6: the monthly reserve circular as a Word document laid out as an official document
(党政机关公文格式 GB/T 9704-2012): the issuing office's red header, the document number and a red
rule, the title, the addressees, the body in 仿宋 with the month's figures, the signature and date,
and the imprint (版记). Built from the archived circular, so it says what the page and Excel say."""

import datetime as dt
import io
from decimal import Decimal

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from yingkou.dates import long_date

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ISSUER = "营口市发展和改革委员会"
# The norm the circular is made under, as the municipal government issued it.
NORM = "营口市项目储备工作服务规范"
NORM_NUMBER = "营政办发〔2017〕36号"
RED = RGBColor(0xFF, 0x00, 0x00)
FANGSONG = "仿宋_GB2312"
XIAOBIAOSONG = "方正小标宋简体"
HEITI = "黑体"
SIZE_2 = Pt(22)  # 二号: the title
SIZE_3 = Pt(16)  # 三号: the body
SIZE_4 = Pt(14)  # 四号: the imprint
SIZE_TABLE = Pt(10.5)  # 五号: a table in the body
LINE = Pt(28)  # 22 lines of 28 characters on a page


def document_number(year: int, month: int) -> str:
    """One circular a month, numbered by its month (the norms give no numbering of their own)."""
    return f"营发改储〔{year}〕{month}号"


def _font(run, name: str, size, bold: bool = False, color=None) -> None:
    run.font.name = name
    run.font.size = size
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:eastAsia", "w:ascii", "w:hAnsi"):
        fonts.set(qn(attribute), name)


def _paragraph(document, text="", *, font=FANGSONG, size=SIZE_3, align=None, indent=True, **kw):
    paragraph = document.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE
    fmt.space_before = fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(size.pt * 2)
    if align is not None:
        paragraph.alignment = align
    if text:
        _font(paragraph.add_run(text), font, size, **kw)
    return paragraph


def _rule(paragraph, color: str, size: int = 12) -> None:
    """A horizontal line under the paragraph, as wide as the text block."""
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", str(size)), ("w:space", "1")):
        bottom.set(qn(key), value)
    bottom.set(qn("w:color"), color)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _page_number(section) -> None:
    """ "— 1 —" at the foot of every page (GB/T 9704 7.5)."""
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(paragraph.add_run("— "), "宋体", SIZE_4)
    run = paragraph.add_run()
    _font(run, "宋体", SIZE_4)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)
    _font(paragraph.add_run(" —"), "宋体", SIZE_4)


def _amount(value) -> str:
    return f"{Decimal(value):,.2f}"


PLAN_UNSET = "未设定规划投资总额（无法判断）"


def health_missed(health: dict) -> str:
    """The R-4 rules a pool misses as the circular writes them ("规划2倍、非房地产80%未达标"),
    on its page and in its document alike; "" when it misses none."""
    missed = [
        label
        for key, label in (
            ("plan_met", "规划2倍"),
            ("non_real_estate_met", "非房地产80%"),
            ("large_met", "5亿元以上（含5亿元）30%"),
        )
        # without a plan total the plan rule is undecided, not failed.
        if not health[key] and (key != "plan_met" or health["plan_set"])
    ]
    return "、".join(missed) + "未达标" if missed else ""


def _health(row: dict) -> str:
    health = row["health"]
    if not health["project_count"]:
        return "无数据"
    if health["all_met"]:
        return "全部达标"
    missed = health_missed(health)
    parts = [missed] if missed else []
    if not health["plan_set"]:
        parts.append(PLAN_UNSET)
    return "；".join(parts)


def _plan_unset(summary: dict) -> str:
    count = summary["plan_unset_pools"]
    if not count:
        return ""
    return f"，未设定规划投资总额、规划2倍一项无法判断的{count}个（不计入达标）"


COLUMNS = [
    ("排名", 10),
    ("单位", 36),
    ("本月申报", 14),
    ("本月入库", 14),
    ("推荐一级库", 16),
    ("在库项目", 14),
    ("在库总投资（万元）", 28),
    ("健康度", 32),
    ("周五更新", 14),
    ("对外公布", 14),
]


def _table(document, rows: list[dict]) -> None:
    table = document.add_table(rows=1, cols=len(COLUMNS))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, (label, width) in zip(table.rows[0].cells, COLUMNS, strict=True):
        cell.width = Mm(width * 156 / sum(w for _, w in COLUMNS))
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(cell.paragraphs[0].add_run(label), HEITI, SIZE_TABLE)
    for row in rows:
        values = [
            str(row.get("rank") or "一级库"),
            row["unit"],
            str(row["declared"]),
            str(row["approved"]),
            str(row["recommended"]),
            str(row["health"]["project_count"]),
            _amount(row["health"]["total_investment"]),
            _health(row),
            f"{row['weekly_updates']}/{row['fridays']}",
            "—" if row.get("published") is None else str(row["published"]),
        ]
        cells = table.add_row().cells
        for index, (cell, value) in enumerate(zip(cells, values, strict=True)):
            paragraph = cell.paragraphs[0]
            if index in (1, 7):
                paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
            elif index == 6:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            else:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _font(paragraph.add_run(value), FANGSONG, SIZE_TABLE)
    # The header row repeats on every page of a long table.
    header = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header.append(repeat)


def _unpublished(summary: dict) -> str:
    """R-7: the pools whose projects none were published, once the summary counts them."""
    count = summary.get("unpublished_pools")
    return f"，在库项目均未在门户网站公布的{count}个" if count else ""


def circular_docx(*, year: int, month: int, rows: list[dict], summary: dict, dated: dt.date):
    """The month's circular as .docx bytes."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    _page_number(section)

    # 版头: the issuing office in red, the number, the red rule.
    _paragraph(
        document,
        f"{ISSUER}文件",
        font=XIAOBIAOSONG,
        size=Pt(30),
        align=WD_ALIGN_PARAGRAPH.CENTER,
        indent=False,
        color=RED,
    ).paragraph_format.line_spacing = Pt(60)
    _paragraph(document)
    number = _paragraph(
        document, document_number(year, month), align=WD_ALIGN_PARAGRAPH.CENTER, indent=False
    )
    _rule(number, "FF0000")
    _paragraph(document)

    # 主体: title, addressees, body.
    title = _paragraph(
        document,
        f"关于{year}年{month}月全市项目储备工作情况的通报",
        font=XIAOBIAOSONG,
        size=SIZE_2,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        indent=False,
    )
    title.paragraph_format.line_spacing = Pt(36)
    _paragraph(document)
    _paragraph(document, "各县（市）区、各园区，市直各有关部门：", indent=False)
    _paragraph(
        document,
        f"根据《{NORM}》（{NORM_NUMBER}），现将{year}年{month}月全市项目储备工作情况通报如下。",
    )
    _paragraph(document, "一、总体情况", font=HEITI)
    _paragraph(
        document,
        f"截至{month}月末，全市二级库在库项目{summary['projects']}个，"
        f"总投资{_amount(summary['total_investment'])}万元。"
        f"本月各单位申报{summary['declared']}个、审核入库{summary['approved']}个、"
        f"推荐一级库{summary['recommended']}个。"
        f"{summary['pools']}个储备库中，健康度全部达标的{summary['healthy_pools']}个"
        f"{_plan_unset(summary)}；"
        f"周五更新有缺漏的{summary['weekly_missed']}个"
        f"{_unpublished(summary)}。",
    )
    _paragraph(document, "二、各单位情况", font=HEITI)
    _paragraph(document, "各单位储备工作情况见下表（按在库总投资排名）。")
    _table(document, rows)
    _paragraph(document, "三、有关要求", font=HEITI)
    _paragraph(
        document,
        "请健康度未达标的单位对照本通报，抓紧谋划、补充储备项目，确保在库项目总投资不低于本单位"
        "五年规划投资总额的2倍、非房地产项目投资占比不低于80%、5亿元以上（含5亿元）项目投资占比不低于30%；"
        "请各单位每周五前更新储备项目进展情况，并定期在本单位门户网站公布储备项目情况。",
    )
    _paragraph(document)
    _paragraph(document)
    _paragraph(
        document, ISSUER, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False
    ).paragraph_format.right_indent = Pt(64)
    _paragraph(
        document,
        long_date(dated),
        align=WD_ALIGN_PARAGRAPH.RIGHT,
        indent=False,
    ).paragraph_format.right_indent = Pt(80)
    _paragraph(document)

    # 版记: copies and the printing office, between rules.
    copies = _paragraph(document, "抄送：市人民政府办公室。", size=SIZE_4, indent=False)
    _rule(copies, "000000", 4)
    printed = _paragraph(
        document,
        f"{ISSUER}办公室　　　　　　　　　{long_date(dated)}印发",
        size=SIZE_4,
        indent=False,
    )
    _rule(printed, "000000", 8)

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
