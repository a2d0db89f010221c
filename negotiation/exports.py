"""Excel exports of the negotiation app (yingkou.exports.Exporter: streamed, write-only). The
lists' exports read plain values (yingkou.exports.value_rows) and a large one is built in the
background by the builders at the end of this module (yingkou.export_jobs)."""

from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal
from types import SimpleNamespace

from django.utils.translation import gettext

from yingkou.exports import Exporter, value_chunks, value_rows
from yingkou.industries import industry_label
from yingkou.models import Leader, Team, User

from . import rules, selectors
from .choices import NegotiationStage, QuestionKind, Tier


def _labels(choices) -> dict[str, str]:
    return {value: str(label) for value, label in choices}


def cooperating_unit_names(team_ids) -> dict[int, str]:
    """The cooperating units of the teams, named as a team lists them (by unit code), in one
    query."""
    names = defaultdict(list)
    through = Team.cooperating_units.through.objects.filter(team_id__in=team_ids)
    for team_id, name in through.order_by("unit__code").values_list("team_id", "unit__name"):
        names[team_id].append(name)
    return {team_id: "、".join(units) for team_id, units in names.items()}


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
    FIELDS = (
        "project__name",
        "investor",
        "negotiating_unit_id",
        "negotiating_unit__name",
        "negotiating_unit__kind",
        "negotiating_unit__level",
        "landing_unit__name",
        "project__industry",
        "project__total_investment",
        "stage",
        "stage_changed_on",
        "opened_on",
        "team__lead_leader__name",
        "team__lead_leader__title",
        "team__lead_unit__name",
        "team_id",
        "team__main_negotiating_unit__name",
        "team__service_liaison__username",
        "team__service_liaison__first_name",
        "team__service_liaison__last_name",
    )

    def __init__(self, queryset):
        self.queryset = queryset

    def rows(self) -> Iterator[list]:
        tiers = _labels(Tier.choices)
        stages = _labels(NegotiationStage.choices)
        industries: dict[str, str] = {}
        # N-2 reads a negotiating unit's kind, level and name: one such unit per unit.
        units: dict[int, SimpleNamespace] = {}
        index = 0
        # N-1: a signed or ended case takes no team change, so its file asks for nobody.
        left, left_closed = gettext("已离开，请指定新人选"), gettext("已离开")
        open_stages = set(NegotiationStage.open_stages())
        for chunk in value_chunks(self.queryset, self.FIELDS):
            team_ids = [row[15] for row in chunk]
            cooperating = cooperating_unit_names(team_ids)
            # N-5: whether each service liaison still answers, for the whole chunk at once.
            answering = Team.answering_ids(team_ids, "service_liaison")["service_liaison"]
            for row in chunk:
                index += 1
                name, investor, unit_id, unit_name, kind, level, landing, industry = row[:8]
                amount, stage, stage_changed_on, opened_on = row[8:12]
                if unit_id not in units:
                    units[unit_id] = SimpleNamespace(kind=kind, level=level, name=unit_name)
                if industry not in industries:
                    industries[industry] = industry_label(industry)
                rule, tier = rules.case_rule_of(units[unit_id], amount)
                if row[17] is None:
                    liaison = ""
                elif row[15] in answering:
                    liaison = User.name_of(username=row[17], first_name=row[18], last_name=row[19])
                else:
                    liaison = left if stage in open_stages else left_closed
                yield [
                    index,
                    name,
                    investor,
                    unit_name,
                    landing or "",
                    industries[industry],
                    amount,
                    tiers[tier],
                    f"第{rule}条" if rule else "",
                    stages.get(stage, stage),
                    stage_changed_on,
                    opened_on,
                    Leader.label(row[12], row[13]),
                    row[14],
                    cooperating.get(row[15], ""),
                    row[16] or "",
                    liaison,
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
    FIELDS = (
        "case__project__name",
        "kind",
        "question",
        "owner_unit__name",
        "superior_body",
        "asked_on",
        "due_on",
        "outcome",
        "answered_on",
        "done_on",
    )

    def __init__(self, queryset):
        self.queryset = queryset

    def rows(self) -> Iterator[list]:
        kinds = _labels(QuestionKind.choices)
        values = value_rows(self.queryset, self.FIELDS)
        for index, row in enumerate(values, start=1):
            name, kind, question, unit, superior, asked_on, due_on, outcome = row[:8]
            answered_on, done_on = row[8:]
            on_time = rules.answer_on_time(done_on=done_on, due_on=due_on)
            yield [
                index,
                name,
                kinds.get(kind, kind),
                question,
                unit,
                superior,
                asked_on,
                due_on,
                outcome,
                answered_on,
                done_on,
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


def build_questions(job):
    """The investor question list's export built in the background, with the filters the user
    had, of the questions the user may see now."""
    from yingkou.export_jobs import job_query, job_request

    from .filters import InvestorQuestionFilterSet

    rows = InvestorQuestionFilterSet(
        job_query(job), queryset=selectors.question_list(user=job.user), request=job_request(job)
    ).qs
    return InvestorQuestionExporter(rows), rows.count()
