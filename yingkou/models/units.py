from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from yingkou.choices import AdministrativeLevel, EnforcementSystem, UnitKind


class Unit(models.Model):
    """A county/district, park, department, utility or other body (单位, SPEC §1)."""

    name = models.CharField(_("名称"), max_length=100, unique=True)
    code = models.CharField(_("代码"), max_length=32, unique=True)
    kind = models.CharField(_("类别"), max_length=32, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    level = models.CharField(
        _("行政层级"),
        max_length=16,
        choices=AdministrativeLevel.choices,
        default=AdministrativeLevel.CITY,
    )
    enforcement_system = models.CharField(
        _("执法系统"), max_length=32, choices=EnforcementSystem.choices, blank=True
    )
    is_active = models.BooleanField(_("启用"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_area(self) -> bool:
        """A county/district or park: a landing area (县(市)区、园区)."""
        return self.kind in UnitKind.areas()

    @property
    def kind_label(self) -> str:
        """The unit's kind as lists and pages name it, read with its level
        (`UnitKind.label_at`): a county's bureau is a 县(市)区、园区部门, not a 市直部门."""
        return UnitKind.label_at(self.kind, self.level)
