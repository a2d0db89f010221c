"""Excel exports of the assistance lists and archives (yingkou.exports.Exporter). The lists'
exports read plain values (yingkou.exports.value_rows) and a large one is built in the
background by the builders at the end of this module (yingkou.export_jobs)."""

from collections.abc import Iterator
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext

from yingkou.choices import Stage
from yingkou.exports import Exporter, value_rows
from yingkou.models import Leader

from .choices import (
    ConstructionStatus,
    ProblemCategory,
    ProblemStatus,
    PublicationState,
    TeamStatus,
    Tier,
)
from .models import LOCAL_LEADER_MISSING_LABEL
from .rules import (
    case_arranged,
    local_team_without_leader,
    plan_adopted,
    publication_overdue_until,
    publication_state_rule,
)
from .selectors import (
    construction_status_of,
    plan_publication_counted,
    publication_counted,
    unpublished_plans_by_unit,
)

STATUS_LABELS = dict(ConstructionStatus.choices)


def _labels(choices) -> dict[str, str]:
    return {value: str(label) for value, label in choices}


class CaseExporter(Exporter):
    sheet_title = "精准帮扶项目"
    columns = [
        ("序号", 6),
        ("项目名称", 36),
        ("总投资（万元）", 16),
        ("项目阶段", 10),
        ("帮扶层级", 14),
        ("帮扶领导", 18),
        ("责任领导", 18),
        ("牵头单位", 20),
        ("团队审定", 18),
        ("未解决问题", 10),
        ("逾期问题", 10),
        ("已上报市政府", 12),
        ("最近月份", 10),
        ("计划投资（万元）", 16),
        ("完成投资（万元）", 16),
        ("建设进度", 10),
        ("门户网站公示", 16),
    ]
    # The figures are the list's annotations (selectors.with_figures).
    FIELDS = (
        "project__name",
        "project__total_investment",
        "project__stage",
        "tier",
        "team__lead_leader__name",
        "team__lead_leader__title",
        "responsible_leader__name",
        "responsible_leader__title",
        "team__lead_unit__name",
        "team_status",
        "open_problems",
        "late_problems",
        "escalated_problems",
        "progress_month",
        "planned_investment",
        "actual_investment",
        "status",
        "arranged_on",
        "published_on",
    )

    def __init__(self, queryset):
        self.queryset = queryset

    def rows(self) -> Iterator[list]:
        stages = _labels(Stage.choices)
        tiers = _labels(Tier.choices)
        team_statuses = _labels(TeamStatus.choices)
        publications = _labels(PublicationState.choices)
        until = publication_overdue_until(timezone.localdate())  # once for the file
        for index, row in enumerate(value_rows(self.queryset, self.FIELDS), start=1):
            name, amount, stage, tier = row[:4]
            lead_unit, team_status, open_problems, late, escalated = row[8:13]
            month, planned, actual, case_status, arranged_on, published_on = row[13:]
            status = construction_status_of(month, planned, actual)
            publication = publication_state_rule(
                arranged=case_arranged(
                    status=case_status, team_status=team_status, has_leader=row[4] is not None
                ),
                arranged_on=arranged_on,
                published_on=published_on,
                overdue_until=until,
            )
            yield [
                index,
                name,
                amount,
                stages.get(stage, stage),
                tiers.get(tier, tier),
                Leader.label(row[4], row[5]),
                Leader.label(row[6], row[7]),
                lead_unit,
                str(LOCAL_LEADER_MISSING_LABEL)
                if local_team_without_leader(
                    tier=tier, team_status=team_status, has_leader=row[4] is not None
                )
                else team_statuses.get(team_status, team_status),
                open_problems,
                late,
                escalated,
                f"{month:%Y-%m}" if month else "",
                planned,
                actual,
                str(STATUS_LABELS.get(status, "")),
                _publication_cell(publication, publications, published_on),
            ]


def _publication_cell(state: str, labels: dict, published_on) -> str:
    """A-5 in a case row: 已公示 with its day, 待公示, 未公示, or nothing when nothing is owed."""
    if state == PublicationState.PUBLISHED:
        return f"{labels[state]} {published_on:%Y-%m-%d}"
    return labels.get(state, "")


class PlanExporter(Exporter):
    """The areas' and departments' yearly plans (帮扶方案) with their publication on the units'
    portals (A-5)."""

    sheet_title = "帮扶方案"
    columns = [
        ("序号", 6),
        ("年度", 8),
        ("地区、部门", 24),
        ("标题", 40),
        ("方案状态", 10),
        ("确定日期", 12),
        ("门户网站公示", 18),
        ("公示网址或说明", 40),
    ]
    FIELDS = (
        "year",
        "unit__name",
        "title",
        "is_published",
        "adopted_on",
        "published_on",
        "published_url",
        "published_note",
    )

    def __init__(self, queryset):
        self.queryset = queryset

    def rows(self) -> Iterator[list]:
        publications = _labels(PublicationState.choices)
        until = publication_overdue_until(timezone.localdate())  # once for the file
        for index, row in enumerate(value_rows(self.queryset, self.FIELDS), start=1):
            year, unit, title, is_published, adopted_on, published_on, url, note = row
            adopted = plan_adopted(is_published=is_published, adopted_on=adopted_on)
            publication = publication_state_rule(
                arranged=adopted,
                arranged_on=adopted_on,
                published_on=published_on,
                overdue_until=until,
            )
            yield [
                index,
                year,
                unit,
                title,
                "已确定" if adopted else "草稿",
                adopted_on if adopted else None,
                _publication_cell(publication, publications, published_on),
                (url or note) if publication == PublicationState.PUBLISHED else "",
            ]


class ProblemExporter(Exporter):
    sheet_title = "帮扶问题"
    columns = [
        ("序号", 6),
        ("项目名称", 36),
        ("问题类别", 12),
        ("问题", 36),
        ("责任单位", 20),
        ("提出日期", 12),
        ("办结时限", 12),
        ("状态", 10),
        ("解决日期", 12),
        ("解决情况", 30),
        ("已上报市政府", 12),
        ("市政府意见", 30),
    ]
    FIELDS = (
        "case__project__name",
        "category",
        "title",
        "owner_unit__name",
        "raised_on",
        "due_on",
        "status",
        "done_on",
        "outcome",
        "escalated",
        "city_instruction",
    )

    def __init__(self, queryset):
        self.queryset = queryset

    def rows(self) -> Iterator[list]:
        categories = _labels(ProblemCategory.choices)
        statuses = _labels(ProblemStatus.choices)
        for index, row in enumerate(value_rows(self.queryset, self.FIELDS), start=1):
            name, category, title, unit, raised_on, due_on, status = row[:7]
            done_on, outcome, escalated, instruction = row[7:]
            yield [
                index,
                name,
                categories.get(category, category),
                title,
                unit,
                raised_on,
                due_on,
                statuses.get(status, status),
                done_on,
                outcome,
                escalated,
                instruction,
            ]


class InspectionExporter(Exporter):
    """The quarterly inspection report (A-8): an archive is the same file every time; with its
    assessment (季度考核: score, rank, verdict) once archived so, and a running quarter's trial
    says 试算 on those columns."""

    sheet_title = "督导检查"
    columns = [
        ("序号", 6),
        ("地区、部门", 28),
        ("帮扶项目", 10),
        ("按时解决问题", 14),
        ("逾期问题", 10),
        ("上报市政府", 12),
        ("期末未解决", 12),
    ]
    COUNTS = ("cases", "solved_on_time", "late", "escalated", "open")

    def __init__(self, content: dict, *, provisional: bool = False):
        self.content = content
        # Archived before publication (A-5: of the cases, of the plans) or the assessment was
        # kept: its file stays as it was.
        self.counts = self.COUNTS
        if publication_counted(content.get("rows", [])):
            self.counts = (*self.counts, "unpublished")
            self.columns = [*self.columns, ("未公示项目", 12)]
        if plan_publication_counted(content):
            self.counts = (*self.counts, "unpublished_plans")
            self.columns = [*self.columns, ("未公示方案", 12)]
        self.assessed = bool(content.get("assessed"))
        if self.assessed:
            trial = "试算" if provisional else ""
            self.columns = [
                *self.columns,
                (f"{trial}得分", 10),
                (f"{trial}排名", 8),
                (f"{trial}结论", 14),
            ]

    def rows(self) -> Iterator[list]:
        for index, row in enumerate(self.content.get("rows", []), start=1):
            values = [index, row["unit"], *(row[key] for key in self.counts)]
            if self.assessed:
                score = row["score"]
                values += [
                    Decimal(score) if score is not None else None,
                    row["rank"],
                    row["verdict_label"],
                ]
            yield values

    def totals(self) -> list:
        rows = self.content.get("rows", [])
        totals = ["", "合计", *(sum(row[key] for row in rows) for key in self.counts)]
        return totals + ["", "", ""] if self.assessed else totals


class DispatchExporter(Exporter):
    """An archived monthly dispatch of a promotion group (A-4, A-8)."""

    sheet_title = "月调度"
    columns = [
        ("序号", 6),
        ("项目名称", 36),
        ("总投资（万元）", 16),
        ("帮扶层级", 14),
        ("项目阶段", 10),
        ("帮扶领导", 18),
        ("牵头单位", 20),
        ("未解决问题", 10),
        ("逾期问题", 10),
        ("已上报市政府", 12),
        ("计划投资（万元）", 16),
        ("完成投资（万元）", 16),
        ("建设进度", 10),
    ]

    def __init__(self, content: dict):
        self.content = content
        # Archived before publication was counted: its file stays as it was.
        self.publication = publication_counted(content.get("cases", []))
        if self.publication:
            self.columns = [*self.columns, ("门户网站公示", 14)]

    def description(self) -> str:
        """The title rows' line, and the areas' yearly plans not published in time (A-5), per
        area, once the dispatch counts them."""
        line = super().description()
        if not plan_publication_counted(self.content):
            return line
        units = unpublished_plans_by_unit(self.content["unpublished_plans"])
        counted = "、".join(f"{unit} {count}个" for unit, count in units) or "无"
        return f"{line}　帮扶方案确定后20个工作日内未在门户网站公示（A-5）：{counted}"

    def rows(self) -> Iterator[list]:
        for index, row in enumerate(self.content.get("cases", []), start=1):
            extra = [gettext("未公示") if row["unpublished"] else ""] if self.publication else []
            yield [
                index,
                row["project"],
                row["investment"],
                row["tier"],
                row["stage"],
                row["assisting_leader"],
                row["lead_unit"],
                row["open_problems"],
                row["late_problems"],
                row["escalated_problems"],
                row["planned_investment"],
                row["actual_investment"],
                str(STATUS_LABELS.get(row["construction_status"], "")),
                *extra,
            ]


class CityReportExporter(Exporter):
    """The archived monthly report of reserve and construction problems to the city government."""

    sheet_title = "问题报告"
    columns = [
        ("阶段", 10),
        ("问题类别", 14),
        ("未解决", 10),
        ("逾期", 10),
        ("已上报市政府", 12),
    ]

    def __init__(self, content: dict):
        self.content = content

    def rows(self) -> Iterator[list]:
        for key, label in (("reserve", "储备"), ("construction", "建设")):
            for row in self.content.get(key, {}).get("by_category", []):
                yield [label, row["category"], row["count"], row["late"], row["escalated"]]


def build_problems(job):
    """The problem list's export built in the background (yingkou.export_jobs), with the
    filters the user had, of the problems the user may see now."""
    from yingkou.export_jobs import job_query, job_request

    from .filters import ProblemFilterSet
    from .selectors import problem_list

    rows = ProblemFilterSet(
        job_query(job), queryset=problem_list(user=job.user), request=job_request(job)
    ).qs
    return ProblemExporter(rows), rows.count()


def build_cases(job):
    """The case list's export built in the background (yingkou.export_jobs), with the filters
    the user had and the figures the page adds, of the cases the user may see now."""
    from yingkou.export_jobs import job_query, job_request

    from .filters import CaseFilterSet
    from .models import AssistanceCase
    from .selectors import with_figures

    rows = CaseFilterSet(
        job_query(job),
        queryset=AssistanceCase.objects.visible_to(job.user),
        request=job_request(job),
    ).qs
    return CaseExporter(with_figures(rows)), rows.count()


def build_escalations(job):
    """The list of problems reported to the city government, built in the background, for a user
    who may still see it."""
    from yingkou.export_jobs import job_query, job_request
    from yingkou.permissions import require

    from .filters import ProblemFilterSet
    from .permissions import can_see_escalations
    from .selectors import escalations

    require(can_see_escalations(job.user))
    rows = ProblemFilterSet(
        job_query(job), queryset=escalations(user=job.user), request=job_request(job)
    ).qs
    return ProblemExporter(rows), rows.count()
