"""Choices of key-project assistance (SPEC §4), with their Chinese labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from yingkou.choices import DeadlineState  # noqa: F401  one deadline state for every app


class Tier(models.TextChoices):
    CITY = "city", _("市级领导帮扶")
    LOCAL = "local", _("地区、部门帮扶")


class CaseSource(models.TextChoices):
    RESERVE = "reserve", _("储备项目转入")
    NEGOTIATION = "negotiation", _("洽谈签约转入")
    DIRECT = "direct", _("直接纳入")


class CaseStatus(models.TextChoices):
    ACTIVE = "active", _("帮扶中")
    HANDED_OVER = "handed_over", _("已移交投产运营企业帮扶")
    CLOSED = "closed", _("已终止")


class TeamStatus(models.TextChoices):
    """A-5: the area/department proposes, the DRC compiles, the assisting city leader approves."""

    PROPOSED = "proposed", _("待地区、部门提出")
    COMPILED = "compiled", _("发改委已汇总，待市领导同意")
    APPROVED = "approved", _("已同意")
    RETURNED = "returned", _("已退回")


class PublicationState(models.TextChoices):
    """A-5: whether the arrangement decided for a case (plan, leader, team) is published on the
    lead area's or department's portal (`rules.publication_state_rule`)."""

    PUBLISHED = "published", _("已公示")
    PENDING = "pending", _("待公示")
    OVERDUE = "overdue", _("未公示")


class ReminderOccasion(models.TextChoices):
    """A-5: why the lead area or department was told to publish on its portal
    (`rules.publication_reminder_occasion_rule`)."""

    COMING = "coming", _("到期前提醒")
    OVERDUE = "overdue", _("逾期提醒")


class ProblemCategory(models.TextChoices):
    INITIATION = "initiation", _("立项")
    LAND = "land", _("土地")
    PLANNING = "planning", _("规划")
    ENVIRONMENT = "environment", _("环评")
    RELOCATION = "relocation", _("动迁")
    FUNDS = "funds", _("资金")
    POWER = "power", _("供电")
    WATER = "water", _("供水")
    GAS = "gas", _("供气")
    INFRASTRUCTURE = "infrastructure", _("配套基础设施")
    OTHER = "other", _("其他")


class ProblemStatus(models.TextChoices):
    OPEN = "open", _("待解决")
    SOLVED = "solved", _("已解决")


class ConstructionStatus(models.TextChoices):
    AHEAD = "ahead", _("超前")
    ON_SCHEDULE = "on_schedule", _("正常")
    BEHIND = "behind", _("滞后")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("待落实")
    DONE = "done", _("已落实")


class CoordinationStatus(models.TextChoices):
    """A proposal list's line: the unit proposes, the DRC compiles and reports, the city decides."""

    PROPOSED = "proposed", _("已提出，待发改委汇总")
    REPORTED = "reported", _("已汇总报市政府")
    AGREED = "agreed", _("市政府已同意")
    DECLINED = "declined", _("市政府未同意")


class ReportKind(models.TextChoices):
    DEADLINES = "deadlines", _("问题到期提醒")
    WEEKLY = "weekly", _("在建项目周调度")
    DISPATCH = "dispatch", _("推进组月调度")
    CITY_REPORT = "city_report", _("向市政府报告储备和建设问题")
    INSPECTION = "inspection", _("季度督导检查报告")
