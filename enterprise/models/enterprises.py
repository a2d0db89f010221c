"""Enterprises (E-1)."""

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from yingkou.querysets import UnitScopedQuerySet

from ..choices import EnterpriseStatus, ResponsibilityTier
from .fields import _unit_fk


class EnterpriseQuerySet(UnitScopedQuerySet):
    def for_unit(self, user) -> "EnterpriseQuerySet":
        """A unit sees the ones it is responsible for, serves
        as counterpart, hosts, introduced, or is on the team of (SPEC §0)."""
        from yingkou.models.teams import team_ids_involving

        unit_id = user.unit_id
        return self.filter(
            Q(responsible_unit_id=unit_id)
            | Q(counterpart_unit_id=unit_id)
            | Q(area_id=unit_id)
            | Q(introducing_unit_id=unit_id)
            | Q(team_id__in=team_ids_involving(unit_id))
        )

    def with_related(self) -> "EnterpriseQuerySet":
        return self.select_related(
            "project",
            "area",
            "responsible_unit",
            "counterpart_unit",
            "introducing_unit",
            "responsible_leader",
            "leader_in_charge",
        )


class Enterprise(models.Model):
    """An operating enterprise and who answers for it (一个企业、一个部门、一个班子、一包到底, E-1)."""

    name = models.CharField(_("企业名称"), max_length=200)
    credit_code = models.CharField(
        _("统一社会信用代码"), max_length=18, null=True, blank=True, unique=True
    )
    project = models.OneToOneField(
        "yingkou.Project",
        verbose_name=_("来源项目"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    area = _unit_fk(_("所在县(市)区/园区"), null=True, blank=True)
    introducing_unit = _unit_fk(_("引进单位"))
    responsible_unit = _unit_fk(_("责任地区、部门"))
    counterpart_unit = _unit_fk(_("对口服务部门"))
    industry = models.CharField(_("所属行业"), max_length=3, blank=True)
    total_investment = models.DecimalField(
        _("投资额（万元）"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    tier = models.CharField(_("帮扶层级"), max_length=16, choices=ResponsibilityTier.choices)
    responsible_leader = models.ForeignKey(
        "yingkou.Leader",
        verbose_name=_("负责领导"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    leader_in_charge = models.ForeignKey(
        "yingkou.Leader",
        verbose_name=_("地区、部门分管领导"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("投资5亿元以上（含5亿元）的企业由相关地区、部门配备"),
    )
    team = models.ForeignKey(
        "yingkou.Team",
        verbose_name=_("服务班子"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_key = models.BooleanField(
        _("重点企业"), default=True, help_text=_("重点企业每月至少开展1次对口服务")
    )
    status = models.CharField(
        _("经营状态"),
        max_length=16,
        choices=EnterpriseStatus.choices,
        default=EnterpriseStatus.OPERATING,
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    contact_name = models.CharField(_("企业联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=32, blank=True)
    registered_on = models.DateField(_("纳入帮扶日期"), default=timezone.localdate)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    version = models.PositiveIntegerField(
        _("版本"), default=1, help_text=_("每次保存加一，用于防止覆盖他人的修改")
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    history = HistoricalRecords()

    objects = EnterpriseQuerySet.as_manager()

    class Meta:
        verbose_name = _("投产运营企业")
        verbose_name_plural = _("投产运营企业")
        ordering = ["-total_investment", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(total_investment__gte=0), name="enterprise_investment_not_negative"
            ),
        ]
        indexes = [
            # The list's default order: a page reads 50 enterprises in index order (migration).
            models.Index(fields=["-total_investment", "id"], name="enterprise_default_order"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("enterprise:detail", args=[self.pk])
