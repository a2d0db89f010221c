from django.db import models
from django.utils.translation import gettext_lazy as _


class ScheduledRun(models.Model):
    """One run of one scheduled job for one period (SPEC §6): re-running a period does nothing twice."""

    class Status(models.TextChoices):
        RUNNING = "running", _("运行中")
        SUCCEEDED = "succeeded", _("成功")
        FAILED = "failed", _("失败")
        DEFERRED = "deferred", _("周期未结束，待后补跑")

    job = models.CharField(_("任务"), max_length=100)
    period = models.CharField(_("周期类型"), max_length=16)
    period_key = models.CharField(
        _("周期"), max_length=16, help_text=_("如 2026-11-27、2026-W48、2026-11、2026-Q4")
    )
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices)
    started_at = models.DateTimeField(_("开始时间"))
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=1)
    outcome = models.TextField(_("结果"), blank=True)
    # A run claimed by a worker that died is taken over once its lease has expired; the lease
    # outlasts the task's hard time limit, so a live run is never taken over.
    lease_expires_at = models.DateTimeField(_("租约到期"), null=True, blank=True)
    retry_after = models.DateTimeField(_("下次重试不早于"), null=True, blank=True)
    alerted_at = models.DateTimeField(_("已通知管理员"), null=True, blank=True)

    class Meta:
        verbose_name = _("定时任务运行记录")
        verbose_name_plural = _("定时任务运行记录")
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(fields=["job", "period_key"], name="one_run_per_job_period"),
        ]

    def __str__(self) -> str:
        # The package imports these models: read at call time.
        from yingkou.scheduling.periods import period_name

        return f"{self.job_description} {period_name(self.period_key)} {self.get_status_display()}"

    @property
    def job_description(self) -> str:
        """What the job does, as /scheduled-runs/ names it; its code for a job no longer
        registered."""
        from yingkou.scheduling.registry import job_description

        return job_description(self.job)
