"""Excel files of the reserve app, on the foundation's write-only Exporter."""

from collections.abc import Iterable, Iterator
from decimal import Decimal

from django.utils import timezone

from yingkou.choices import Sector, Stage
from yingkou.exports import Exporter, Percent
from yingkou.industries import industry_label

from .choices import EntryStatus, PoolLevel

SECTORS = {value: str(label) for value, label in Sector.choices}
LEVELS = {value: str(label) for value, label in PoolLevel.choices}

DETAIL_LIST_COLUMNS = [
    ("序号", 6),
    ("项目名称", 40),
    ("项目代码", 26),
    ("申报单位", 22),
    ("拟落地县(市)区/园区", 18),
    ("所属行业", 26),
    ("产业", 10),
    ("是否房地产", 10),
    ("总投资（万元）", 16),
    ("建设内容及规模", 44),
    ("投资方", 24),
    ("投资意向", 12),
    ("入库级别", 10),
    ("入库时间", 12),
    ("联系人", 12),
    ("联系电话", 16),
]


class DetailListExporter(Exporter):
    """R-6 project detail list (项目明细表) for the investment bureau."""

    sheet_title = "项目明细表"
    columns = DETAIL_LIST_COLUMNS

    def __init__(self, rows: Iterable[dict]):
        self.source = rows
        self.count = 0
        self.total = Decimal("0")

    def rows(self) -> Iterator[list]:
        labels: dict[str, str] = {}
        for index, row in enumerate(self.source, start=1):
            self.count = index
            self.total += row["project__total_investment"]
            industry = row["project__industry"]
            if industry not in labels:
                labels[industry] = str(industry_label(industry))
            yield [
                index,
                row["project__name"],
                row["project__code"] or "",
                row["project__owner_unit__name"],
                row["project__landing_unit__name"] or "",
                labels[industry],
                SECTORS.get(row["project__sector"], row["project__sector"]),
                row["project__is_real_estate"],
                row["project__total_investment"],
                row["project__construction_content"],
                row["project__investor"],
                "基本明确" if row["project__investor_intent_clear"] else "未明确",
                LEVELS[row["level"]],
                timezone.localtime(row["since"]).date(),
                row["project__contact_name"],
                row["project__contact_phone"],
            ]

    def totals(self) -> list:
        label = f"合计（{self.count}个项目）"
        return ["", label, "", "", "", "", "", "", self.total, "", "", "", "", "", "", ""]


class CircularExporter(Exporter):
    """R-6 monthly circular (月通报) of every unit's reserve work, from the archived snapshot."""

    sheet_title = "储备工作月度通报"
    columns = [
        ("排名", 6),
        ("单位", 24),
        ("储备库", 30),
        ("本月申报", 10),
        ("本月入库", 10),
        ("本月退回", 10),
        ("本月推荐一级库", 14),
        ("在库项目数", 12),
        ("在库总投资（万元）", 18),
        ("规划投资总额（万元）", 18),
        ("达到规划2倍", 12),
        ("非房地产占比", 12),
        ("达到80%", 10),
        ("5亿元以上（含5亿元）占比", 16),
        ("达到30%", 10),
        ("周五更新次数", 12),
        ("对外公布项目数", 14),
    ]

    def __init__(self, rows: list[dict]):
        self.data = rows

    def rows(self) -> Iterator[list]:
        for row in self.data:
            health = row["health"]
            yield [
                row.get("rank") or "一级库",
                row["unit"],
                row["pool"],
                row["declared"],
                row["approved"],
                row["returned"],
                row["recommended"],
                health["project_count"],
                Decimal(health["total_investment"]),
                Decimal(health["plan_investment"]) if health["plan_set"] else "未设定",
                _plan_met(health),
                _percent(health["non_real_estate_share"]),
                health["non_real_estate_met"],
                _percent(health["large_share"]),
                health["large_met"],
                f"{row['weekly_updates']}/{row['fridays']}",
                "—" if row.get("published") is None else row["published"],
            ]


def _plan_met(health: dict) -> bool | str:
    """R-4: without a plan total the plan rule is undecided, neither 是 nor 否."""
    return health["plan_met"] if health["plan_set"] else "无法判断"


def _percent(share: str | None) -> Percent | str:
    return "—" if share is None else Percent(Decimal(share))


class ImportTemplateExporter(Exporter):
    """The Excel import template: the header row and one example row."""

    sheet_title = "储备项目申报"
    title_rows = False

    def __init__(self, columns: list[tuple[str, int]], example: list):
        self.columns = columns
        self.example = example

    def rows(self) -> Iterator[list]:
        yield self.example


class EntryExporter(Exporter):
    """The entry query list (储备项目查询), with the same filters as the page."""

    sheet_title = "储备项目"
    columns = [
        ("序号", 6),
        ("项目名称", 40),
        ("项目代码", 26),
        ("申报单位", 22),
        ("拟落地县(市)区/园区", 18),
        ("所属行业", 26),
        ("是否房地产", 10),
        ("总投资（万元）", 16),
        ("项目阶段", 10),
        ("审核层级", 10),
        ("状态", 10),
        ("审核意见", 30),
        ("对外公开", 10),
        ("更新时间", 18),
    ]

    def __init__(self, queryset):
        self.queryset = queryset

    # Plain values, not model objects: an entry, its project and two units built per row cost
    # more than writing the row (the DRC's 29,000 entries at city scale).
    FIELDS = (
        "project__name",
        "project__code",
        "project__owner_unit__name",
        "project__landing_unit__name",
        "project__industry",
        "project__is_real_estate",
        "project__total_investment",
        "project__stage",
        "level",
        "status",
        "comment",
        "is_published",
        "updated_at",
    )

    def rows(self) -> Iterator[list]:
        stages = {value: str(label) for value, label in Stage.choices}
        statuses = {value: str(label) for value, label in EntryStatus.choices}
        industries: dict[str, str] = {}
        values = self.queryset.values_list(*self.FIELDS).iterator(chunk_size=2000)
        for index, row in enumerate(values, start=1):
            name, code, owner, landing, industry, real_estate, amount, stage = row[:8]
            level, status, comment, published, updated_at = row[8:]
            if industry not in industries:
                industries[industry] = industry_label(industry)
            yield [
                index,
                name,
                code or "",
                owner,
                landing or "",
                industries[industry],
                real_estate,
                amount,
                stages.get(stage, stage),
                LEVELS.get(level, level),
                statuses.get(status, status),
                comment,
                published,
                updated_at,
            ]


class PoolHealthExporter(Exporter):
    """The pools with their R-4 health."""

    sheet_title = "储备库健康度"
    columns = [
        ("储备库", 32),
        ("规划期", 10),
        ("在库项目数", 12),
        ("在库总投资（万元）", 18),
        ("规划投资总额（万元）", 18),
        ("达到规划2倍", 12),
        ("非房地产占比", 12),
        ("达到80%", 10),
        ("5亿元以上（含5亿元）占比", 16),
        ("达到30%", 10),
    ]

    def __init__(self, pools: list):
        self.pools = pools

    def rows(self) -> Iterator[list]:
        for pool in self.pools:
            health = pool.health.as_dict()
            yield [
                pool.name,
                pool.plan_period,
                health["project_count"],
                pool.health.total_investment,
                pool.health.plan_investment if pool.health.plan_set else "未设定",
                _plan_met(health),
                _percent(health["non_real_estate_share"]),
                health["non_real_estate_met"],
                _percent(health["large_share"]),
                health["large_met"],
            ]


def build_monthly_list(job):
    """R-6 detail list built in the background (yingkou.export_jobs) when it is large: a closed
    month is archived (the same file on every download), the current month listed live."""
    from django.utils import timezone

    from yingkou.permissions import require

    from . import permissions, rules, selectors, services

    require(permissions.can_download_monthly_list(job.user))
    year, month = job.params["year"], job.params["month"]
    if rules.month_closed_rule(year=year, month=month, today=timezone.localdate()):
        archive = services.monthly_archive_detail_list(year=year, month=month)
        return bytes(archive.content), archive.row_count
    moment = selectors.report_moment(year, month)
    exporter = DetailListExporter(selectors.detail_list_rows(moment)).describe(
        title="项目明细表（本月未结束，截至今日）",
        period=f"{year}年{month}月",
        scope="全市",
        as_of=timezone.now(),
    )
    return exporter, selectors.detail_list_count(moment)


def build_entries(job):
    """The entry query list's export built in the background (yingkou.export_jobs), with the
    filters the user had, of the entries the user may see now."""
    from yingkou.export_jobs import job_query

    from .filters import EntryFilterSet
    from .selectors import entries_for

    rows = EntryFilterSet(job_query(job), queryset=entries_for(job.user)).qs
    return EntryExporter(rows), rows.count()
