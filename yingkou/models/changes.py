from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from yingkou.choices import ChangeRequestStatus, ReviewLevel
from yingkou.querysets import UnitScopedQuerySet


class ChangeRequestQuerySet(UnitScopedQuerySet):
    def for_unit(self, user) -> "ChangeRequestQuerySet":
        """A unit sees the requests on the projects it sees (SPEC §0)."""
        from yingkou.models import Project

        return self.filter(project__in=Project.objects.visible_to(user))

    def pending(self) -> "ChangeRequestQuerySet":
        return self.filter(status=ChangeRequestStatus.PENDING)

    def to_review_by(self, user) -> "ChangeRequestQuerySet":
        """The review queue: the unit reviewer reviews its unit's requests, the DRC the ones
        that reached the level-1 step."""
        from yingkou.choices import Role

        pending = self.pending()
        if user.is_superuser:
            return pending
        if user.role == Role.DRC_REVIEWER:
            return pending.filter(level=ReviewLevel.DRC)
        if user.role == Role.UNIT_REVIEWER and user.unit_id:
            return pending.filter(level=ReviewLevel.UNIT, project__owner_unit_id=user.unit_id)
        return self.none()

    def with_related(self) -> "ChangeRequestQuerySet":
        return self.select_related(
            "project", "project__owner_unit", "requested_by", "unit_reviewer", "reviewed_by"
        )


class ProjectChangeRequest(models.Model):
    """A change of a project's rule fields made by unit staff after a decision rests on them
    (变更申请, §1 decision). Until it is approved the project keeps its approved values — every
    figure, list, export and rule reads those — and the request holds the proposed ones. It is
    reviewed like a declaration: the unit reviewer, then the DRC when the project is in the
    level-1 pool (R-3)."""

    project = models.ForeignKey(
        "yingkou.Project",
        verbose_name=_("项目"),
        on_delete=models.CASCADE,
        related_name="change_requests",
    )
    proposed = models.JSONField(_("申请变更为"), help_text=_("字段 → 申请的新值"))
    approved_values = models.JSONField(_("申请时的审定值"), help_text=_("字段 → 申请时的值"))
    reason = models.TextField(_("变更理由"), blank=True)
    status = models.CharField(
        _("状态"),
        max_length=16,
        choices=ChangeRequestStatus.choices,
        default=ChangeRequestStatus.PENDING,
    )
    level = models.PositiveSmallIntegerField(
        _("审核环节"), choices=ReviewLevel.choices, default=ReviewLevel.UNIT
    )
    requested_by = models.ForeignKey(
        "yingkou.User", verbose_name=_("申请人"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    unit_reviewer = models.ForeignKey(
        "yingkou.User",
        verbose_name=_("单位审核人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_by = models.ForeignKey(
        "yingkou.User",
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    comment = models.TextField(_("审核意见"), blank=True)
    history = HistoricalRecords()

    objects = ChangeRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("项目变更申请")
        verbose_name_plural = _("项目变更申请")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project"],
                condition=Q(status="pending"),
                name="one_pending_change_request_per_project",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} · {self.get_status_display()}"

    @property
    def state_label(self) -> str:
        if self.status == ChangeRequestStatus.PENDING:
            return f"{self.get_level_display()}{self.get_status_display()}"
        return self.get_status_display()
