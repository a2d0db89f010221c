"""Choices of the reserve app (SPEC §2), with their Chinese labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PoolLevel(models.IntegerChoices):
    LEVEL_1 = 1, _("一级库")
    LEVEL_2 = 2, _("二级库")


class EntryStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待审核")
    APPROVED = "approved", _("已入库")
    RETURNED = "returned", _("已退回")
    WITHDRAWN = "withdrawn", _("已撤回")
    REMOVED = "removed", _("已出库")

    @classmethod
    def closed(cls) -> tuple[str, ...]:
        """An entry no longer open: the project may be declared again."""
        return (cls.WITHDRAWN, cls.REMOVED)


class StepAction(models.TextChoices):
    DECLARE = "declare", _("申报")
    SUBMIT = "submit", _("提交审核")
    APPROVE = "approve", _("审核通过")
    RETURN = "return", _("退回")
    RECOMMEND = "recommend", _("推荐至一级库")
    WITHDRAW = "withdraw", _("撤回")
    HANDOVER = "handover", _("转入精准帮扶")
    REMOVE = "remove", _("不再符合入库条件出库")


class FundingChannel(models.TextChoices):
    """R-9: the channels whose candidates are chosen from the pools."""

    GOVERNMENT_INVESTMENT = "government_investment", _("政府投资")
    INVESTMENT_PROMOTION = "investment_promotion", _("招商引资")
    NATIONAL_BONDS = "national_bonds", _("国债资金")
    POLICY_LOANS = "policy_loans", _("国家政策性中长期贷款")
    FOREIGN_LOANS = "foreign_loans", _("国外贷款")


class ArchiveKind(models.TextChoices):
    CIRCULAR = "circular", _("月度通报")
    CITY_SUMMARY = "city_summary", _("全市汇总")
    DETAIL_LIST = "detail_list", _("项目明细表")
