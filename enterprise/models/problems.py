"""Problems of enterprises (E-3)."""

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from yingkou.models.deadlines import DeadlineQuerySet, DeadlineWork

from ..choices import ProblemCategory, ProblemStatus
from .enterprises import Enterprise
from .fields import _unit_fk, _user_fk
from .visits import Visit


class ProblemQuerySet(DeadlineQuerySet):
    def for_unit(self, user) -> "ProblemQuerySet":
        unit_id = user.unit_id
        acting = ProblemAction.objects.filter(problem=OuterRef("pk"), unit_id=unit_id)
        return self.filter(
            Q(enterprise__in=Enterprise.objects.visible_to(user))
            | Q(owner_unit_id=unit_id)
            | Q(first_unit_id=unit_id)
            | Exists(acting)
        )


class Problem(DeadlineWork):
    """A difficulty an enterprise raised: owned by the unit first asked (首问责任) until solved or
    formally handed on, with a time limit (限时办结) and a one-time notice of materials (E-3)."""

    OPEN_WHEN = {"status": ProblemStatus.OPEN}
    COUNTED_FROM = "raised_on"

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.CASCADE, related_name="problems"
    )
    visit = models.ForeignKey(
        Visit,
        verbose_name=_("来源走访"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="problems",
    )
    category = models.CharField(_("问题类别"), max_length=16, choices=ProblemCategory.choices)
    description = models.TextField(_("问题描述"))
    raised_on = models.DateField(_("提出日期"))
    first_unit = _unit_fk(_("首问责任单位"))
    owner_unit = _unit_fk(_("当前责任单位"))
    due_on = models.DateField(_("限时办结日期"))
    status = models.CharField(
        _("状态"), max_length=16, choices=ProblemStatus.choices, default=ProblemStatus.OPEN
    )
    materials = models.TextField(
        _("一次性告知材料清单"), blank=True, help_text=_("企业需提供的全部材料，一次性告知")
    )
    materials_notified_on = models.DateField(_("一次性告知日期"), null=True, blank=True)
    done_on = models.DateField(_("办结日期"), null=True, blank=True)
    outcome = models.TextField(_("办理结果"), blank=True)
    recorded_by = _user_fk(_("录入人"))
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)
    history = HistoricalRecords()

    objects = ProblemQuerySet.as_manager()

    class Meta:
        verbose_name = _("企业问题")
        verbose_name_plural = _("企业问题")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"{self.enterprise}：{self.get_category_display()}"

    def rule_due_on(self):
        """E-3 (decision): 10 working days from the day it was raised, unless a unit set its own
        date (then the date is not this one, and stays)."""
        from ..rules import problem_due_rule

        return problem_due_rule(self.raised_on)

    def get_absolute_url(self) -> str:
        return reverse("enterprise:problem", args=[self.pk])


class ProblemHandover(models.Model):
    """A formal hand-on of a problem to another unit: only then does first-inquiry ownership end."""

    problem = models.ForeignKey(
        Problem, verbose_name=_("问题"), on_delete=models.CASCADE, related_name="handovers"
    )
    from_unit = _unit_fk(_("移交单位"))
    to_unit = _unit_fk(_("接收单位"))
    reason = models.TextField(_("移交理由"))
    handed_on = models.DateField(_("移交日期"))
    handed_by = _user_fk(_("经办人"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("问题移交")
        verbose_name_plural = _("问题移交")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.from_unit} → {self.to_unit}"


class ProblemAction(DeadlineWork):
    """One department asked to act on a problem that needs several (需要几个部门共同研究解决的)."""

    problem = models.ForeignKey(
        Problem, verbose_name=_("问题"), on_delete=models.CASCADE, related_name="actions"
    )
    unit = _unit_fk(_("协办部门"))
    task = models.CharField(_("办理事项"), max_length=300)
    due_on = models.DateField(_("办理期限"))
    done_on = models.DateField(_("完成日期"), null=True, blank=True)
    outcome = models.TextField(_("办理情况"), blank=True)
    history = HistoricalRecords()

    objects = DeadlineQuerySet.as_manager()

    class Meta:
        verbose_name = _("协调办理事项")
        verbose_name_plural = _("协调办理事项")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"{self.unit}：{self.task}"
