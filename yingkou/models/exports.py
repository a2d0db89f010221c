from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("生成中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


# A job not finished yet: waiting for a worker, or being built.
PENDING = (ExportStatus.QUEUED, ExportStatus.RUNNING)

# The `error` of a job whose worker stopped mid-build, written by the sweep
# (yingkou.export_jobs.export_sweep): stored as its source text, so the page can tell it apart.
INTERRUPTED = gettext_noop("生成中断（后台服务停止），请重新导出。")


class ExportJob(models.Model):
    """A big file built by the Celery worker for one user (the full project export, the monthly
    list of a large month), so no request waits for it near gunicorn's timeout. Only its owner
    sees it and downloads it; the download is audited like any other."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人"),
        on_delete=models.CASCADE,
        related_name="export_jobs",
    )
    # The dotted path of the function that builds the file (yingkou.export_jobs).
    kind = models.CharField(_("类别"), max_length=100)
    params = models.JSONField(_("参数"), default=dict, blank=True)
    title = models.CharField(_("文件名"), max_length=200)
    status = models.CharField(
        _("状态"), max_length=16, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    rows_done = models.PositiveIntegerField(_("已写行数"), default=0)
    rows_total = models.PositiveIntegerField(_("总行数"), default=0)
    file = models.FileField(_("文件"), upload_to="exports/%Y/%m/", blank=True)
    error = models.TextField(_("错误"), blank=True)
    created_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    # The user's request in one value (yingkou.export_jobs.request_key): the same export asked
    # again while this one is waiting or being built is this job. Empty on jobs made before it.
    request_key = models.CharField(_("请求标识"), max_length=64, blank=True, editable=False)
    # When the administrators were told that no worker had taken the job (told once per job).
    alerted_at = models.DateTimeField(_("告警时间"), null=True, blank=True)
    # When the worker claimed the job or last wrote its progress: a running job whose progress
    # has not moved for EXPORT_STALLED_SECONDS has lost its worker.
    progress_at = models.DateTimeField(_("最近进度时间"), null=True, blank=True)
    # When the sweep last sent a still-queued job to the worker again (its message was lost).
    resent_at = models.DateTimeField(_("重新提交时间"), null=True, blank=True)
    # The list the user asked from, with their filters: where the page sends them to ask again.
    list_url = models.CharField(_("列表地址"), max_length=2000, blank=True, editable=False)

    class Meta:
        verbose_name = _("导出任务")
        verbose_name_plural = _("导出任务")
        ordering = ["-created_at", "-id"]
        constraints = [
            # One waiting or running job per user and request, even for two clicks at once.
            models.UniqueConstraint(
                fields=["user", "request_key"],
                condition=Q(status__in=PENDING) & ~Q(request_key=""),
                name="export_job_once_while_pending",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def percent(self) -> int:
        if self.status == ExportStatus.DONE:
            return 100
        if not self.rows_total:
            return 0
        return min(99, self.rows_done * 100 // self.rows_total)

    @property
    def is_finished(self) -> bool:
        return self.status in (ExportStatus.DONE, ExportStatus.FAILED)

    @property
    def interrupted(self) -> bool:
        """Failed because its worker stopped mid-build, not because the build itself failed."""
        return self.status == ExportStatus.FAILED and self.error == INTERRUPTED
