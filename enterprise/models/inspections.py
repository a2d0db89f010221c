"""Inspections (E-5)."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from yingkou.choices import AdministrativeLevel, UnitKind
from yingkou.querysets import UnitScopedQuerySet

from ..choices import InspectionStatus
from .enterprises import Enterprise
from .fields import _unit_fk, _user_fk


class InspectionQuerySet(UnitScopedQuerySet):
    def for_unit(self, user) -> "InspectionQuerySet":
        """City-wide roles (legal affairs among them) see all; an agency its own plans and the joint
        inspections it takes part in; an area the inspections of the enterprises it sees, and
        the plans its government approves (rules.approving_area_q: its county-level agencies'
        plans for the enterprises located in it, found by the jurisdiction's reading — an
        enterprise without a recorded area is in its responsible unit's, which may be one of the
        county's bureaus, not the county itself); the city government the inspections of
        city-level agencies and the joint inspections they take part in (it approves their
        plans, and where the city has no legal affairs office its reviewers examine and merge
        them). What a home-page queue counts and a notice links to opens for the one who must
        decide it."""
        from ..rules import approving_area_q

        unit_id = user.unit_id
        seen = (
            Q(agency_id=unit_id)
            | Q(joint_with__agency_id=unit_id)
            | Q(joined__agency_id=unit_id)
            | Q(enterprise__in=Enterprise.objects.visible_to(user))
        )
        unit = user.unit
        if unit.kind in UnitKind.areas():
            seen |= approving_area_q(unit)
        if unit.kind == UnitKind.CITY_GOVERNMENT and unit.level == AdministrativeLevel.CITY:
            city = AdministrativeLevel.CITY
            seen |= (
                Q(agency__level=city)
                | Q(joint_with__agency__level=city)
                | Q(joined__agency__level=city)
            )
        return self.filter(seen).distinct()


class Inspection(models.Model):
    """A law-enforcement inspection plan of an agency for an enterprise (涉企执法检查, E-5)."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.CASCADE, related_name="inspections"
    )
    agency = _unit_fk(_("执法机关"))
    planned_on = models.DateField(_("计划检查日期"))
    purpose = models.CharField(_("检查事项"), max_length=300)
    status = models.CharField(
        _("状态"),
        max_length=16,
        choices=InspectionStatus.choices,
        default=InspectionStatus.PLANNED,
    )
    approved_by_unit = _unit_fk(_("批准机关"), null=True, blank=True)
    approved_by = _user_fk(_("批准人"))
    approved_on = models.DateField(_("批准日期"), null=True, blank=True)
    joint_with = models.ForeignKey(
        "self",
        verbose_name=_("并入的联合检查"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="joined",
    )
    carried_out_on = models.DateField(_("实施日期"), null=True, blank=True)
    findings = models.TextField(_("检查结果"), blank=True)
    withdrawn_on = models.DateField(_("撤回日期"), null=True, blank=True)
    withdrawn_by = _user_fk(_("撤回人"))
    withdrawal_reason = models.TextField(_("撤回理由"), blank=True)
    planned_by = _user_fk(_("填报人"))
    created_at = models.DateTimeField(_("填报时间"), auto_now_add=True)
    history = HistoricalRecords()

    objects = InspectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("执法检查")
        verbose_name_plural = _("执法检查")
        ordering = ["-planned_on", "id"]

    def __str__(self) -> str:
        return f"{self.agency} · {self.enterprise} · {self.planned_on}"

    def get_absolute_url(self) -> str:
        return reverse("enterprise:inspection", args=[self.pk])

    @property
    def approved(self) -> bool:
        """Approved by the same-level government (for a merged plan: its joint inspection is)."""
        if self.status == InspectionStatus.MERGED and self.joint_with_id:
            return self.joint_with.status in (InspectionStatus.APPROVED, InspectionStatus.DONE)
        return self.status in (InspectionStatus.APPROVED, InspectionStatus.DONE)

    @cached_property
    def unfit_reasons(self) -> list[str]:
        """E-5, live: why this open plan or joint inspection no longer fits the rules, after a
        unit or the enterprise's area changed (`rules.inspection_unfit_reasons`); empty when it
        fits. A list's page sets it for all its rows at once (`rules.inspections_unfit`)."""
        from .. import rules

        return rules.inspection_unfit_reasons(self)

    @property
    def unfit(self) -> bool:
        """E-5: the inspection is open and no longer fits (see `unfit_reasons`); it is marked,
        not ended."""
        return bool(self.unfit_reasons)
