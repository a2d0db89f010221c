"""Choices of the enterprise app (SPEC §5), with their Chinese labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from yingkou.choices import AssessmentVerdict  # noqa: F401  one verdict scale for E-7 and A-8


class ResponsibilityTier(models.TextChoices):
    CITY = "city", _("市级领导负责")
    PRINCIPAL = "principal", _("地区、部门主要领导负责")
    LOCAL = "local", _("地区、部门负责")


class EnterpriseStatus(models.TextChoices):
    OPERATING = "operating", _("投产运营")
    SUSPENDED = "suspended", _("停产")
    CLOSED = "closed", _("注销、迁出")


class ProblemCategory(models.TextChoices):
    FUNDS = "funds", _("资金")
    LAND = "land", _("用地")
    LABOUR = "labour", _("用工、人才")
    MARKET = "market", _("市场")
    TECHNOLOGY = "technology", _("技术")
    POLICY = "policy", _("政策")
    OTHER = "other", _("其他")


class ProblemStatus(models.TextChoices):
    OPEN = "open", _("办理中")
    SOLVED = "solved", _("已解决")


class ComplaintChannel(models.TextChoices):
    ONLINE = "online", _("网络平台")
    PHONE = "phone", _("电话")
    MAILBOX = "mailbox", _("信箱")


class ComplaintStatus(models.TextChoices):
    RECEIVED = "received", _("已受理")
    TRANSFERRED = "transferred", _("已转办")
    REPLIED = "replied", _("已书面答复")


class InspectionStatus(models.TextChoices):
    PLANNED = "planned", _("待批准")
    APPROVED = "approved", _("已批准")
    MERGED = "merged", _("已并入联合检查")
    DONE = "done", _("已实施")
    REJECTED = "rejected", _("不予批准")
    WITHDRAWN = "withdrawn", _("已撤回")


class PromiseKind(models.TextChoices):
    COMMITMENT = "commitment", _("书面承诺")
    CONTRACT = "contract", _("合同条款")
    POLICY = "policy", _("惠企政策")


class PromiseStatus(models.TextChoices):
    PENDING = "pending", _("待兑现")
    HONOURED = "honoured", _("已兑现")
    COMPENSATED = "compensated", _("不能兑现、已赔偿")


class VisitKind(models.TextChoices):
    """Kinds of recorded service activity (E-2, E-3): the monthly visit, and the regular
    bank–enterprise matchmaking and talent/job fairs of the norm (常态化银企对接，定期组织企业人才、
    用工招聘会)."""

    SERVICE = "service", _("对口服务走访")
    BANK_MATCHMAKING = "bank_matchmaking", _("银企对接")
    JOB_FAIR = "job_fair", _("人才、用工招聘会")
