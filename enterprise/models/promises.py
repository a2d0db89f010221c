"""Policy promises (E-6)."""

import datetime as dt

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from yingkou.querysets import UnitScopedQuerySet

from ..choices import PromiseKind, PromiseStatus
from .enterprises import Enterprise
from .fields import _unit_fk


class PromiseQuerySet(UnitScopedQuerySet):
    def open_q(self) -> Q:
        """Still to be kept (E-6, `rules.promise_is_open`): neither honoured nor compensated."""
        return Q(status=PromiseStatus.PENDING)

    def open(self):
        return self.filter(self.open_q())

    def overdue_q(self, today: dt.date, *, open_only: bool = False) -> Q:
        """Not kept by its due date (E-6): a promise kept late is no longer chased or counted,
        so `open_only` changes nothing (the same signature as `DeadlineQuerySet`'s)."""
        return self.open_q() & Q(due_on__lt=today)

    def overdue(self, today: dt.date | None = None, *, open_only: bool = False):
        return self.filter(self.overdue_q(today or timezone.localdate(), open_only=open_only))

    def for_unit(self, user) -> "PromiseQuerySet":
        unit_id = user.unit_id
        return self.filter(
            Q(enterprise__in=Enterprise.objects.visible_to(user)) | Q(responsible_unit_id=unit_id)
        )


class PolicyPromise(models.Model):
    """A written commitment or contract clause to an enterprise, tracked until honoured; one that
    cannot be honoured records the compensation (清理政策欠账, E-6)."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.CASCADE, related_name="promises"
    )
    kind = models.CharField(_("类别"), max_length=16, choices=PromiseKind.choices)
    source = models.CharField(_("承诺文件或合同"), max_length=200)
    content = models.TextField(_("承诺内容（条款）"))
    promised_on = models.DateField(_("承诺日期"))
    responsible_unit = _unit_fk(_("责任部门"))
    principal_leader = models.ForeignKey(
        "yingkou.Leader",
        verbose_name=_("“一把手”责任人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("责任部门的主要领导（惠企政策落实“一把手”责任制）；只有一位时自动确定"),
    )
    due_on = models.DateField(_("兑现期限"))
    status = models.CharField(
        _("状态"), max_length=16, choices=PromiseStatus.choices, default=PromiseStatus.PENDING
    )
    honoured_on = models.DateField(_("兑现日期"), null=True, blank=True)
    evidence = models.TextField(_("兑现佐证"), blank=True)
    compensation = models.TextField(_("赔偿情况"), blank=True)
    compensation_amount = models.DecimalField(
        _("赔偿金额（万元）"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    version = models.PositiveIntegerField(
        _("版本"), default=1, help_text=_("每次保存加一，用于防止覆盖他人的修改")
    )
    history = HistoricalRecords()

    objects = PromiseQuerySet.as_manager()

    class Meta:
        verbose_name = _("政策承诺")
        verbose_name_plural = _("政策承诺")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"{self.enterprise}：{self.source}"

    def get_absolute_url(self) -> str:
        return reverse("enterprise:promise", args=[self.pk])

    def is_overdue(self, today: dt.date | None = None, *, open_only: bool = False) -> bool:
        """As `PromiseQuerySet.overdue_q`."""
        today = today or timezone.localdate()
        return self.status == PromiseStatus.PENDING and today > self.due_on
