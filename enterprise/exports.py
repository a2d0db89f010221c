"""Excel exports of the enterprise lists (streamed, write-only workbooks). The lists' exports
read plain values (yingkou.exports.value_rows), and a large one is built in the background by
the builders at the end of this module (yingkou.export_jobs)."""

from collections.abc import Iterator

from django.utils import timezone
from django.utils.translation import gettext

from yingkou.exports import Exporter, value_rows
from yingkou.models import Leader

from .choices import ComplaintChannel, ComplaintStatus, InspectionStatus, ResponsibilityTier
from .models import Complaint
from .selectors import unfit_inspections


def _labels(choices) -> dict[str, str]:
    return {value: str(label) for value, label in choices}


class _ValuesExporter(Exporter):
    def __init__(self, queryset):
        self.queryset = queryset


class EnterpriseExporter(_ValuesExporter):
    sheet_title = "投产运营企业"
    columns = [
        ("序号", 6),
        ("企业名称", 36),
        ("所在县(市)区/园区", 18),
        ("引进单位", 18),
        ("责任地区、部门", 18),
        ("对口服务部门", 22),
        ("投资额（万元）", 16),
        ("帮扶层级", 18),
        ("负责领导", 18),
        ("分管领导", 18),
        ("重点企业", 8),
        ("最近走访", 12),
    ]
    # The list's queryset carries `last_visit` (selectors.enterprise_list).
    FIELDS = (
        "name",
        "area__name",
        "introducing_unit__name",
        "responsible_unit__name",
        "counterpart_unit__name",
        "total_investment",
        "tier",
        "responsible_leader__name",
        "responsible_leader__title",
        "leader_in_charge__name",
        "leader_in_charge__title",
        "is_key",
        "last_visit",
    )

    def rows(self) -> Iterator[list]:
        tiers = _labels(ResponsibilityTier.choices)
        for index, row in enumerate(value_rows(self.queryset, self.FIELDS), start=1):
            name, area, introducing, responsible, counterpart, amount, tier = row[:7]
            yield [
                index,
                name,
                area or "",
                introducing,
                responsible,
                counterpart,
                amount,
                tiers.get(tier, tier),
                Leader.label(row[7], row[8]),
                Leader.label(row[9], row[10]),
                row[11],
                row[12],
            ]


class MissingVisitExporter(_ValuesExporter):
    sheet_title = "本月未走访重点企业"
    columns = [
        ("序号", 6),
        ("企业名称", 36),
        ("责任地区、部门", 18),
        ("负责领导", 18),
        ("对口服务部门", 22),
        ("最近走访", 12),
    ]
    # The E-2 queryset carries `last_visit` (selectors.enterprises_without_visit).
    FIELDS = (
        "name",
        "responsible_unit__name",
        "responsible_leader__name",
        "responsible_leader__title",
        "counterpart_unit__name",
        "last_visit",
    )

    def rows(self) -> Iterator[list]:
        values = value_rows(self.queryset, self.FIELDS)
        for index, (name, unit, leader, title, counterpart, last_visit) in enumerate(
            values, start=1
        ):
            yield [index, name, unit, Leader.label(leader, title), counterpart, last_visit]


class ComplaintExporter(_ValuesExporter):
    """Without the complainants' personal data: a spreadsheet travels further than a page."""

    sheet_title = "投诉举报"
    columns = [
        ("序号", 6),
        ("查询编号", 22),
        ("受理渠道", 10),
        ("投诉事项", 30),
        ("受理日期", 12),
        ("法定时限（日）", 10),
        ("答复期限", 12),
        ("书面答复日期", 12),
        ("状态", 10),
        ("受理机构", 20),
        ("承办单位", 20),
        ("是否超期", 8),
    ]
    FIELDS = (
        "tracking_number",
        "channel",
        "subject",
        "received_on",
        "statutory_days",
        "due_on",
        "done_on",
        "status",
        "receiving_unit__name",
        "handling_unit__name",
    )

    def rows(self) -> Iterator[list]:
        channels = _labels(ComplaintChannel.choices)
        statuses = _labels(ComplaintStatus.choices)
        today = timezone.localdate()
        fields = (*self.FIELDS, *Complaint.deadline_fields())
        for index, row in enumerate(value_rows(self.queryset, fields, named=True), start=1):
            yield [
                index,
                row["tracking_number"],
                channels.get(row["channel"], row["channel"]),
                row["subject"],
                row["received_on"],
                row["statutory_days"],
                row["due_on"],
                row["done_on"],
                statuses.get(row["status"], row["status"]),
                row["receiving_unit__name"],
                row["handling_unit__name"],
                Complaint.overdue_in(row, today),
            ]


class InspectionExporter(_ValuesExporter):
    sheet_title = "涉企执法检查"
    columns = [
        ("序号", 6),
        ("企业", 30),
        ("执法机关", 24),
        ("计划日期", 12),
        ("检查事项", 30),
        ("状态", 14),
        ("批准机关", 20),
        ("联合检查牵头机关", 24),
        ("实施日期", 12),
        ("E-5复核", 40),
    ]
    # The id keeps two alike plans two rows: a unit's list is SELECT DISTINCT.
    FIELDS = (
        "id",
        "enterprise__name",
        "agency__name",
        "planned_on",
        "purpose",
        "status",
        "approved_by_unit__name",
        "joint_with__agency__name",
        "carried_out_on",
    )

    def rows(self) -> Iterator[list]:
        statuses = _labels(InspectionStatus.choices)
        # E-5's marker, read live as on the list: the reasons an open row no longer fits.
        unfit = unfit_inspections(self.queryset)
        values = value_rows(self.queryset, self.FIELDS)
        for index, row in enumerate(values, start=1):
            pk, enterprise, agency, planned_on, purpose, status, approved_by, joint, done = row
            reasons = unfit.get(pk)
            yield [
                index,
                enterprise,
                agency,
                planned_on,
                purpose,
                statuses.get(status, status),
                approved_by or "",
                joint or "",
                done,
                gettext("已不符合E-5，待核实：") + "".join(reasons) if reasons else "",
            ]


class AssessmentExporter(Exporter):
    sheet_title = "营商环境考核"
    columns = [
        ("序号", 6),
        ("地区、部门", 24),
        ("市场主体增长率（%）", 14),
        ("满意度（%）", 12),
        ("民间投资增长率（%）", 14),
        ("经济指标完成率（%）", 14),
        ("到期投诉", 10),
        ("按期答复", 10),
        ("得分", 10),
        ("结论", 12),
        ("负有责任的“一把手”（逾期未兑现政策承诺）", 40),
        ("问责情况", 40),
    ]

    def __init__(self, results, *, provisional: bool = False):
        self.results = results
        self.provisional = provisional
        if provisional:
            # E-7: a preview's verdicts are a trial computation, not the archived lists, and it
            # asks for no accountability.
            self.columns = [*self.columns[:-3], ("试算结论", 12)]

    def rows(self):
        for index, r in enumerate(self.results, start=1):
            row = [
                index,
                r.unit_name,
                r.market_growth,
                r.satisfaction,
                r.investment_growth,
                r.targets_rate,
                r.complaints_due,
                r.complaints_on_time,
                r.score,
                r.get_verdict_display(),
            ]
            if not self.provisional:
                row += [_principals_cell(r), _accountability_cell(r)]
            yield row


def _principals_cell(result) -> str:
    """E-7: the criticised unit's accountable principal leaders as archived; a result archived
    before they were recorded says so."""
    if not result.principals_recorded:
        return gettext("（归档时未记录）")
    return "；".join(label for label, _named in result.accountable_principal_labels())


def _accountability_cell(result) -> str:
    accountability = getattr(result, "accountability", None)
    if accountability is None:
        return ""
    return f"{accountability.decided_on:%Y-%m-%d} {accountability.measures}"


# --- Built in the background (yingkou.export_jobs): the filters the user had, the rows the user
# may see now.


def build_enterprises(job):
    from yingkou.export_jobs import job_query, job_request

    from .filters import EnterpriseFilterSet
    from .selectors import enterprise_list

    rows = EnterpriseFilterSet(
        job_query(job), queryset=enterprise_list(job.user), request=job_request(job)
    ).qs
    return EnterpriseExporter(rows), rows.count()


def build_missing_visits(job):
    """E-2's key enterprises without a visit in the month the user asked for."""
    from yingkou.export_jobs import job_query

    from .models import Enterprise
    from .selectors import asked_month, enterprises_without_visit

    month = asked_month(job_query(job))
    rows = enterprises_without_visit(month=month, queryset=Enterprise.objects.visible_to(job.user))
    return MissingVisitExporter(rows), rows.count()


def build_complaints(job):
    from yingkou.export_jobs import job_query

    from .filters import ComplaintFilterSet
    from .selectors import complaint_list

    rows = ComplaintFilterSet(job_query(job), queryset=complaint_list(job.user)).qs
    return ComplaintExporter(rows), rows.count()


def build_inspections(job):
    from yingkou.export_jobs import job_query

    from .filters import InspectionFilterSet
    from .selectors import inspection_list

    rows = InspectionFilterSet(job_query(job), queryset=inspection_list(job.user)).qs
    return InspectionExporter(rows), rows.count()
