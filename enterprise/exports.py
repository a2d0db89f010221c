"""Excel exports of the enterprise lists (streamed, write-only workbooks)."""

from yingkou.exports import Exporter


class _QuerysetExporter(Exporter):
    def __init__(self, queryset):
        self.queryset = queryset

    def rows(self):
        for index, item in enumerate(self.queryset.iterator(chunk_size=2000), start=1):
            yield [index, *self.row(item)]

    def row(self, item) -> list:
        raise NotImplementedError


class EnterpriseExporter(_QuerysetExporter):
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

    def row(self, e):
        return [
            e.name,
            e.area.name if e.area else "",
            e.introducing_unit.name,
            e.responsible_unit.name,
            e.counterpart_unit.name,
            e.total_investment,
            e.get_tier_display(),
            str(e.responsible_leader or ""),
            str(e.leader_in_charge or ""),
            e.is_key,
            e.last_visit,
        ]


class MissingVisitExporter(_QuerysetExporter):
    sheet_title = "本月未走访重点企业"
    columns = [
        ("序号", 6),
        ("企业名称", 36),
        ("责任地区、部门", 18),
        ("负责领导", 18),
        ("对口服务部门", 22),
        ("最近走访", 12),
    ]

    def row(self, e):
        return [
            e.name,
            e.responsible_unit.name,
            str(e.responsible_leader or ""),
            e.counterpart_unit.name,
            e.last_visit,
        ]


class ComplaintExporter(_QuerysetExporter):
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

    def row(self, c):
        return [
            c.tracking_number,
            c.get_channel_display(),
            c.subject,
            c.received_on,
            c.statutory_days,
            c.due_on,
            c.done_on,
            c.get_status_display(),
            c.receiving_unit.name,
            c.handling_unit.name,
            c.is_overdue(),
        ]


class InspectionExporter(_QuerysetExporter):
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
    ]

    def row(self, i):
        return [
            i.enterprise.name,
            i.agency.name,
            i.planned_on,
            i.purpose,
            i.get_status_display(),
            i.approved_by_unit.name if i.approved_by_unit else "",
            i.joint_with.agency.name if i.joint_with else "",
            i.carried_out_on,
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
    ]

    def __init__(self, results):
        self.results = results

    def rows(self):
        for index, r in enumerate(self.results, start=1):
            yield [
                index,
                r.unit.name,
                r.market_growth,
                r.satisfaction,
                r.investment_growth,
                r.targets_rate,
                r.complaints_due,
                r.complaints_on_time,
                r.score,
                r.get_verdict_display(),
            ]
