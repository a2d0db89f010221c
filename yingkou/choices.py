"""Choices of the shared domain (SPEC §0, §1), with their Chinese labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    CITY_GOVERNMENT = "city_government", _("市政府")
    DRC = "drc", _("发展改革委")
    INVESTMENT_BUREAU = "investment_bureau", _("招商局")
    MUNICIPAL_DEPARTMENT = "municipal_department", _("市直部门")
    PARTY_ORG = "party_org", _("市委、人大、政协、群团")
    COUNTY = "county", _("县(市)区")
    PARK = "park", _("园区")
    UTILITY = "utility", _("公用事业单位")
    SUPERVISION_BUREAU = "supervision_bureau", _("营商环境监督部门")
    LEGAL_AFFAIRS = "legal_affairs", _("法制部门")

    @classmethod
    def areas(cls) -> tuple[str, str]:
        """Kinds that are a landing area (县(市)区、园区)."""
        return (cls.COUNTY, cls.PARK)

    @classmethod
    def label_at(cls, kind: str, level: str) -> str:
        """The kind as a unit of `level` is named (SPEC §1: a county's own departments are county
        level). A county-level department is no 市直部门 (directly under the city) but one of
        the source's 县(市)区、园区所属部门, whichever area it serves."""
        if kind == cls.MUNICIPAL_DEPARTMENT and level == AdministrativeLevel.COUNTY:
            return str(_("县(市)区、园区部门"))
        return str(cls(kind).label)

    @classmethod
    def choices_by_level(cls) -> list[tuple[str, str, str | None, str]]:
        """Every kind a unit is listed under, `(key, kind, level or None, label)`: each kind
        once, a department twice (市直部门, 县(市)区、园区部门), so a filter offers what the
        list shows."""
        found = []
        for kind in cls:
            if kind == cls.MUNICIPAL_DEPARTMENT:
                for level in AdministrativeLevel:
                    found.append(
                        (f"{kind}:{level}", kind.value, level.value, cls.label_at(kind, level))
                    )
            else:
                found.append((kind.value, kind.value, None, str(kind.label)))
        return found


class AdministrativeLevel(models.TextChoices):
    CITY = "city", _("市级")
    COUNTY = "county", _("县级")


class EnforcementSystem(models.TextChoices):
    ECOLOGY = "ecology", _("生态环境")
    MARKET = "market", _("市场监管")
    EMERGENCY = "emergency", _("应急管理")
    NATURAL_RESOURCES = "natural_resources", _("自然资源")
    HOUSING = "housing", _("住房和城乡建设")
    TRANSPORT = "transport", _("交通运输")
    AGRICULTURE = "agriculture", _("农业农村")
    WATER = "water", _("水利")
    CULTURE = "culture", _("文化旅游")
    FIRE = "fire", _("消防救援")
    TAX = "tax", _("税务")
    HEALTH = "health", _("卫生健康")


class LeaderRank(models.TextChoices):
    CITY_LEADER = "city_leader", _("市级领导")
    PRINCIPAL = "principal", _("主要领导")
    IN_CHARGE = "in_charge", _("分管领导")


class Role(models.TextChoices):
    UNIT_STAFF = "unit_staff", _("录入员")
    UNIT_REVIEWER = "unit_reviewer", _("单位审核")
    DRC_REVIEWER = "drc_reviewer", _("发改委审核")
    INVESTMENT_BUREAU = "investment_bureau", _("招商局")
    CITY_LEADER = "city_leader", _("市级领导")
    SUPERVISOR = "supervisor", _("营商环境监督")
    LEGAL_AFFAIRS = "legal_affairs", _("法制部门")

    @classmethod
    def city_wide(cls) -> frozenset[str]:
        """Roles that see every unit's records (SPEC §0: city-level roles see everything)."""
        return frozenset(
            {
                cls.DRC_REVIEWER,
                cls.INVESTMENT_BUREAU,
                cls.CITY_LEADER,
                cls.SUPERVISOR,
                cls.LEGAL_AFFAIRS,
            }
        )

    @classmethod
    def unit_bound(cls) -> frozenset[str]:
        return frozenset({cls.UNIT_STAFF, cls.UNIT_REVIEWER})


class Stage(models.TextChoices):
    PLANNING = "planning", _("策划包装")
    RESERVE = "reserve", _("储备")
    NEGOTIATING = "negotiating", _("洽谈")
    SIGNED = "signed", _("签约")
    CONSTRUCTION = "construction", _("建设")
    COMPLETED = "completed", _("竣工")
    OPERATING = "operating", _("投产运营")
    STOPPED = "stopped", _("终止")


class Sector(models.TextChoices):
    PRIMARY = "primary", _("第一产业")
    SECONDARY = "secondary", _("第二产业")
    TERTIARY = "tertiary", _("第三产业")


class CapitalOrigin(models.TextChoices):
    DOMESTIC = "domestic", _("内资")
    FOREIGN = "foreign", _("外资")


class CapacityKind(models.TextChoices):
    NEW = "new", _("增量")
    EXISTING = "existing", _("存量")


class SizeClass(models.TextChoices):
    LARGE = "large", _("大型")
    MEDIUM = "medium", _("中型")
    SMALL = "small", _("小型")
    MICRO = "micro", _("微型")


class TeamPhase(models.TextChoices):
    RESERVE = "reserve", _("项目储备")
    NEGOTIATION = "negotiation", _("项目洽谈")
    ASSISTANCE = "assistance", _("精准帮扶")
    ENTERPRISE = "enterprise", _("投产运营帮扶")


class DeadlineState(models.TextChoices):
    """Where an owned, time-limited item stands (`yingkou.models.deadlines`)."""

    OK = "ok", _("未到期")
    DUE = "due", _("3个工作日内到期")
    LATE = "late", _("已逾期")
    DONE = "done", _("已办结")


class NotificationKind(models.TextChoices):
    """What a notice is about; each user can turn email off per kind (issue 11 point 5)."""

    RESERVE_WEEKLY_REMINDER = "reserve_weekly_reminder", _("储备库每周更新提醒")
    DECLARATION_RETURNED = "declaration_returned", _("申报被退回")
    DECLARATION_APPROVED = "declaration_approved", _("申报已通过")
    ITEM_DUE = "item_due", _("事项即将到期")
    ITEM_OVERDUE = "item_overdue", _("事项已逾期")
    ESCALATION = "escalation", _("问题上报")
    HANDED_OVER = "handed_over", _("转交办理")
    CIRCULAR = "circular", _("通报发布")
    JOB_FAILED = "job_failed", _("定时任务失败")
    EXPORT_WAITING = "export_waiting", _("后台导出未执行")
    PROJECT_REEVALUATED = "project_reevaluated", _("项目变更后重新判定")
    CHANGE_REQUEST = "change_request", _("项目变更申请")
    WEEKLY_DISPATCH = "weekly_dispatch", _("在建项目周调度")
    COORDINATION = "coordination", _("涉及其他地区、部门事项报市政府")
    INSPECTION_PLAN = "inspection_plan", _("执法检查计划待批准、待合并")
    DEADLINE_MOVED = "deadline_moved", _("工作日历调整后期限变更")
    PERSON_CHANGED = "person_changed", _("人员变动后重新判定")
    UNIT_CHANGED = "unit_changed", _("单位类别、层级、上级单位、执法系统变更后重新判定")
    INDUSTRY_AUTHORITY_CHANGED = "industry_authority_changed", _("行业主管部门对照调整后重新判定")
    PROGRESS_REPORT = "progress_report", _("洽谈项目推进情况上报提醒和调度")
    LEADER_MISSING = "leader_missing", _("帮扶项目待确定帮扶领导")
    ENTERPRISE_MOVED = "enterprise_moved", _("企业所在地区变更后重新判定")
    INDUSTRY_SERVICE = "industry_service", _("本行业重点项目待配备分管领导和服务人员")
    CANDIDATE_REMOVED = "candidate_removed", _("资金渠道候选项目移除")
    PUBLICATION = "publication", _("门户网站公示到期、逾期提醒")


class EmailDelivery(models.TextChoices):
    """How a user's notice emails come (提醒设置): with each batch of notices as it is made, or
    once a working day as one digest (`yingkou.notifications.daily_digest_day`)."""

    BATCH = "batch", _("逐批发送")
    DAILY = "daily", _("每日汇总")


class AssessmentVerdict(models.TextChoices):
    """The verdict of an area's or department's assessment: E-7's, and A-8's quarterly
    assessment of assistance work (`yingkou.rules.score_verdict_rule`)."""

    COMMENDED = "commended", _("通报表彰")
    NORMAL = "normal", _("一般")
    CRITICISED = "criticised", _("通报批评")
    NOT_REPORTED = "not_reported", _("未报送")
    # Only in a preview: the period is running or its figures may still be reported (E-7).
    AWAITING = "awaiting", _("待报送")


class ChangeRequestStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    APPROVED = "approved", _("已通过")
    RETURNED = "returned", _("已退回")


class ReviewLevel(models.IntegerChoices):
    """Who reviews a change request next: the unit reviewer, then the DRC (level-1 pool, R-3)."""

    DRC = 1, _("发改委")
    UNIT = 2, _("单位")
