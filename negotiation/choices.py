"""Choices of the negotiation app (SPEC §3), with their Chinese labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NegotiationStage(models.TextChoices):
    CONTACT = "contact", _("接触")
    INSPECTION = "inspection", _("考察论证")
    NEGOTIATION = "negotiation", _("协商洽谈")
    SIGNED = "signed", _("签约")
    ENDED = "ended", _("终止")

    @classmethod
    def open_stages(cls) -> tuple[str, ...]:
        """Stages of a case still under negotiation (在谈项目)."""
        return (cls.CONTACT, cls.INSPECTION, cls.NEGOTIATION)


class Tier(models.TextChoices):
    # Each label says which tier its boundary amount is in: "以下" would include 10亿 and 1亿,
    # which the higher tier takes (SPEC §1).
    A = "A", _("10亿元以上（含10亿元）")
    B = "B", _("1亿元（含）至10亿元（不含）")
    C = "C", _("不足1亿元")


class BodyKind(models.TextChoices):
    """Who negotiates, as the N-2 table groups them."""

    DEPARTMENT = "department", _("市政府部门")
    PARTY_ORG = "party_org", _("市委、人大、政协及群团组织")
    AREA = "area", _("县(市)区、园区")


class LeadRequirement(models.TextChoices):
    """What the lead leader (牵头领导) must be under N-2."""

    VICE_MAYOR_OF_DEPARTMENT = "vice_mayor_of_department", _("市政府分管该部门的领导")
    VICE_MAYOR_OF_INDUSTRY = "vice_mayor_of_industry", _("市政府分管该行业该领域的领导")
    PRINCIPAL = "principal", _("主要领导")
    PRINCIPAL_OR_IN_CHARGE = "principal_or_in_charge", _("主要领导或分管领导")


class QuestionKind(models.TextChoices):
    POLICY = "policy", _("有明确法律法规政策规定")
    SUPERIOR = "superior", _("需国家、省相关部门解答")
    CITY = "city", _("需市政府解决")


class TaskStatus(models.TextChoices):
    OPEN = "open", _("待办")
    IN_PROGRESS = "in_progress", _("办理中")
    DONE = "done", _("已完成")


class ArchiveKind(models.TextChoices):
    CIRCULAR = "circular", _("洽谈项目月度通报")
    QUESTION_DEADLINES = "question_deadlines", _("投资方问题到期及逾期清单")
    APPRAISAL = "appraisal", _("洽谈工作年终考核")
