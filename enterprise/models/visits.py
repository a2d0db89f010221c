"""Monthly visits (E-2)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from yingkou.querysets import UnitScopedQuerySet

from ..choices import VisitKind
from .enterprises import Enterprise
from .fields import _unit_fk, _user_fk


class VisitQuerySet(UnitScopedQuerySet):
    def for_unit(self, user) -> "VisitQuerySet":
        return self.filter(
            Q(enterprise__in=Enterprise.objects.visible_to(user)) | Q(visiting_unit_id=user.unit_id)
        )


class Visit(models.Model):
    """A service visit to an enterprise (对口服务, E-2)."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.CASCADE, related_name="visits"
    )
    visited_on = models.DateField(_("走访日期"))
    kind = models.CharField(
        _("服务类别"), max_length=20, choices=VisitKind.choices, default=VisitKind.SERVICE
    )
    visiting_unit = _unit_fk(_("走访单位"))
    leader = models.ForeignKey(
        "yingkou.Leader",
        verbose_name=_("带队领导"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    visitors = models.CharField(_("走访人员"), max_length=200)
    topics = models.TextField(_("服务内容"))
    problems_raised = models.TextField(_("企业反映的问题"), blank=True)
    recorded_by = _user_fk(_("录入人"))
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)
    history = HistoricalRecords()

    objects = VisitQuerySet.as_manager()

    class Meta:
        verbose_name = _("走访服务")
        verbose_name_plural = _("走访服务")
        ordering = ["-visited_on", "-id"]
        indexes = [models.Index(fields=["enterprise", "visited_on"])]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.visited_on}"
