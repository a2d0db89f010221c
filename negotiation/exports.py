"""Excel exports of the negotiation app (yingkou.exports.Exporter: streamed, write-only)."""

from collections.abc import Iterator
from decimal import Decimal

from yingkou.exports import Exporter

from . import rules, selectors
from .choices import Tier


class NegotiationCaseExporter(Exporter):
    sheet_title = "在谈项目库"
    columns = [
        ("序号", 6),
        ("项目名称", 36),
        ("投资方", 22),
        ("洽谈单位", 22),
        ("拟落地县(市)区/园区", 18),
        ("所属行业", 20),
        ("总投资（万元）", 16),
        ("投资档次", 16),
        ("适用条款", 10),
        ("洽谈阶段", 10),
        ("进入阶段日期", 12),
        ("首次接触日期", 12),
        ("牵头领导", 18),
        ("牵头单位", 22),
        ("配合单位", 36),
        ("主谈单位", 22),
        ("服务联络员", 12),
    ]

    def __init__(self, queryset):
        self.queryset = queryset

    def rows(self) -> Iterator[list]:
        for index, case in enumerate(self.queryset, start=1):
            rule, tier = selectors.case_rule(case)
            team = case.team
            yield [
                index,
                case.project.name,
                case.investor,
                case.negotiating_unit.name,
                case.landing_unit.name if case.landing_unit else "",
                case.project.industry_name,
                case.project.total_investment,
                str(Tier(tier).label),
                f"第{rule}条" if rule else "",
                case.get_stage_display(),
                case.stage_changed_on,
                case.opened_on,
                str(team.lead_leader) if team.lead_leader else "",
                team.lead_unit.name,
                "、".join(u.name for u in team.cooperating_units.all()),
                team.main_negotiating_unit.name if team.main_negotiating_unit else "",
                team.service_liaison.display_name if team.service_liaison else "",
            ]


class CircularExporter(Exporter):
    """The archived monthly circular, written from its frozen payload: the same file every time."""

    sheet_title = "洽谈项目月度通报"
    columns = [
        ("序号", 6),
        ("项目名称", 36),
        ("洽谈单位", 22),
        ("拟落地县(市)区/园区", 18),
        ("牵头单位", 22),
        ("牵头领导", 18),
        ("总投资（万元）", 16),
        ("档次", 6),
        ("适用条款", 10),
        ("月末阶段", 10),
        ("本月推进情况", 12),
        ("投资方问题", 10),
        ("逾期问题", 10),
    ]

    def __init__(self, payload: dict):
        self.payload = payload

    def rows(self) -> Iterator[list]:
        for index, row in enumerate(self.payload["rows"], start=1):
            yield [
                index,
                row["project"],
                row["negotiating_unit"],
                row["landing_unit"],
                row["lead_unit"],
                row["lead_leader"],
                Decimal(row["investment"]),
                row["tier"],
                f"第{row['rule']}条" if row["rule"] else "",
                row["stage_label"],
                selectors.report_status_label(row["report"]),
                row["questions"],
                row["late_questions"],
            ]


class AppraisalExporter(Exporter):
    sheet_title = "洽谈工作年终考核"
    columns = [
        ("名次", 6),
        ("单位", 28),
        ("牵头洽谈项目", 12),
        ("签约项目", 10),
        ("签约投资额（万元）", 18),
        ("到期问题", 10),
        ("按时反馈", 10),
        ("应报月报", 10),
        ("按时上报", 10),
        ("得分", 8),
    ]

    def __init__(self, table: list[dict]):
        self.table = table

    def rows(self) -> Iterator[list]:
        for row in self.table:
            yield [
                row["rank"],
                row["unit"],
                row["cases"],
                row["signed"],
                row["signed_investment"],
                row["questions_due"],
                row["questions_on_time"],
                row["reports_expected"],
                row["reports_on_time"],
                row["score"],
            ]

    def totals(self) -> list:
        return [str(rules.APPRAISAL_FORMULA)]


class InvestorQuestionExporter(Exporter):
    sheet_title = "投资方问题"
    columns = [
        ("序号", 6),
        ("项目名称", 36),
        ("问题类别", 22),
        ("问题", 40),
        ("答复单位", 22),
        ("国家、省相关部门", 18),
        ("提出日期", 12),
        ("答复时限", 12),
        ("答复意见", 40),
        ("答复日期", 12),
        ("反馈项目方日期", 14),
        ("是否按时", 8),
    ]

    def __init__(self, queryset):
        self.queryset = queryset

    def rows(self) -> Iterator[list]:
        for index, question in enumerate(self.queryset, start=1):
            on_time = rules.question_on_time(question)
            yield [
                index,
                question.case.project.name,
                question.get_kind_display(),
                question.question,
                question.owner_unit.name,
                question.superior_body,
                question.asked_on,
                question.due_on,
                question.outcome,
                question.answered_on,
                question.done_on,
                "" if on_time is None else on_time,
            ]


def _build(job, queryset):
    from yingkou.export_jobs import job_query, job_request

    from .filters import NegotiationCaseFilterSet

    rows = NegotiationCaseFilterSet(job_query(job), queryset=queryset, request=job_request(job)).qs
    return NegotiationCaseExporter(rows), rows.count()


def build_cases(job):
    """The case list's export built in the background (yingkou.export_jobs), with the filters
    the user had, of the cases the user may see now."""
    from .selectors import case_list

    return _build(job, case_list(user=job.user))


def build_pool(job):
    """The under-negotiation pool's export built in the background, as `build_cases`."""
    from .selectors import case_list

    return _build(job, case_list(user=job.user).open())
