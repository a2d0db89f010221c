"""Big files built in the background (issue 12): the full project export and a large monthly
list take longer than a request should, so they become an `ExportJob` that the Celery worker
builds (in-process when there is no Redis) while the user watches its progress page; the page
links the file when it is ready. Small files stay direct downloads.

A builder is a function `(job) -> (exporter, total_rows)` named by its dotted path in
`job.kind`, so an app adds its own without the foundation importing it.

Asking again for an export that is still waiting or being built leads to that job (one job per
user and request, held by a unique constraint); a failed job is never reused. A job that no worker
has taken after EXPORT_QUEUE_ALERT_SECONDS says so on its page, and the administrators are told
once. No job stays unfinished for ever: the sweep (beat, every two minutes) sends a job again
whose message was lost, and fails a job whose worker died mid-build (`export_sweep`).
"""

import datetime as dt
import hashlib
import json
import logging
import tempfile
from functools import partial
from types import SimpleNamespace

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from yingkou.models import ExportJob, ExportStatus, Project
from yingkou.models.exports import INTERRUPTED, PENDING

logger = logging.getLogger(__name__)

PROGRESS_EVERY = 2000
PROJECTS = "yingkou.export_jobs.build_projects"


def is_large(row_count: int) -> bool:
    """A file of more rows than EXPORT_DIRECT_MAX_ROWS is built in the background."""
    return row_count > settings.EXPORT_DIRECT_MAX_ROWS


def request_key(kind: str, params: dict) -> str:
    """One value for an export request (its builder and parameters, in any key order)."""
    text = json.dumps([kind, params], sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def export_start(
    *, user, kind: str, title: str, params: dict | None = None, list_url: str = ""
) -> ExportJob:
    """The job that builds this export for `user`. The same export (kind and parameters) already
    waiting or being built for them is that job, so clicking again, or twice at once, never
    queues it twice; otherwise a new job, sent to the worker after commit. `list_url` is the
    list asked from, where its page sends the user to ask again.

    A finished job is not reused: its file holds the data of when it was built, and whoever asks
    again asks for the data now (a closed R-6 month is served from its archive without a job).
    A failed one is not either: asking again after a failure is asking for a new try."""
    params = params or {}
    key = request_key(kind, params)
    for _attempt in range(2):
        job = ExportJob.objects.filter(user=user, request_key=key, status__in=PENDING).first()
        if job is not None:
            return job
        try:
            with transaction.atomic():
                job = ExportJob.objects.create(
                    user=user,
                    kind=kind,
                    title=title,
                    params=params,
                    request_key=key,
                    list_url=list_url,
                )
        except IntegrityError:
            # Asked twice at once: the other request's job, committed by now, is this one (the
            # latest of the request even if the worker has finished it meanwhile) — unless it
            # has failed meanwhile: no request is led to a failed job, so this one tries anew.
            job = ExportJob.objects.filter(user=user, request_key=key).first()
            if job.status != ExportStatus.FAILED:
                return job
            continue
        transaction.on_commit(partial(export_send, job.pk))
        return job
    raise IntegrityError(f"export {key}: a new job failed at once twice while it was asked for")


def export_send(job_id: int) -> None:
    """Send the job to the worker. A broker that cannot be reached (or, without Redis, a build
    that fails in-process) must not fail the request that asked: it is logged, and a job left
    queued is sent again by the sweep."""
    from yingkou.tasks import build_export

    try:
        build_export.delay(job_id)
    except Exception:
        logger.exception("export %s was not sent to the worker; the sweep sends it again", job_id)


def export_url(job: ExportJob) -> str:
    return reverse("export_job", args=[job.pk])


def waiting_too_long(job: ExportJob, now: dt.datetime | None = None) -> bool:
    """Whether no worker has taken `job` within EXPORT_QUEUE_ALERT_SECONDS: a running worker
    takes a job within seconds, so none is taking jobs (stopped, cut off from the broker, or
    held by long work)."""
    waited = (now or timezone.now()) - job.created_at
    return job.status == ExportStatus.QUEUED and waited > dt.timedelta(
        seconds=settings.EXPORT_QUEUE_ALERT_SECONDS
    )


def export_waiting_check(job: ExportJob) -> bool:
    """`waiting_too_long(job)`; the first time it is seen, the administrators are told, once per
    job: a conditional update claims the telling, so page views (it refreshes every 2 seconds),
    even at the same moment, tell them once."""
    from yingkou.choices import NotificationKind
    from yingkou.scheduling.alerts import tell_administrators

    now = timezone.now()
    if not waiting_too_long(job, now):
        return False
    if job.alerted_at is None and ExportJob.objects.filter(
        pk=job.pk, status=ExportStatus.QUEUED, alerted_at__isnull=True
    ).update(alerted_at=now):
        minutes = max(1, int((now - job.created_at).total_seconds() // 60))
        created = timezone.localtime(job.created_at)
        tell_administrators(
            kind=NotificationKind.EXPORT_WAITING,
            title=_("后台导出排队 %(minutes)s 分钟仍未开始：%(title)s")
            % {"minutes": minutes, "title": job.title},
            key=f"export:{job.pk}:waiting",
            body=_(
                "%(user)s 于 %(at)s 申请的导出“%(title)s”（导出任务 %(pk)s）已排队 %(minutes)s 分钟，"
                "没有后台服务（Celery worker）开始生成。请检查 worker 是否在运行、能否连接 Redis，"
                "或是否正被其他长时间任务占满；worker 恢复后，排队的导出会自动生成。"
            )
            % {
                "user": job.user,
                "at": f"{created:%Y-%m-%d %H:%M}",
                "title": job.title,
                "pk": job.pk,
                "minutes": minutes,
            },
            url="",
        )
    return True


def export_build(job_id: int) -> None:
    """Build the job's file, counting rows as they are written. The job is claimed by a
    conditional update from queued to running, so only one message builds it: a duplicate, a
    message the sweep sent again or a redelivered one finds it claimed or finished and does
    nothing; sending a message again is always safe."""
    now = timezone.now()
    claimed = ExportJob.objects.filter(pk=job_id, status=ExportStatus.QUEUED).update(
        status=ExportStatus.RUNNING, progress_at=now
    )
    if not claimed:
        return
    job = ExportJob.objects.select_related("user").get(pk=job_id)
    try:
        exporter, total = import_string(job.kind)(job)
        ExportJob.objects.filter(pk=job.pk).update(rows_total=total, progress_at=timezone.now())
        if isinstance(exporter, bytes):  # a file archived as it is (the R-6 monthly list)
            job.file.save(f"export-{job.pk}.xlsx", ContentFile(exporter), save=False)
            exporter = None
        else:
            _write(job, exporter)
    except Exception as exc:
        logger.exception("export %s failed", job.pk)
        job.status, job.error = ExportStatus.FAILED, str(exc)[:2000]
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "error", "finished_at"])
        raise
    job.status, job.rows_done, job.rows_total = ExportStatus.DONE, total, total
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "rows_done", "rows_total", "file", "finished_at"])


def _write(job: ExportJob, exporter) -> None:
    """Write the exporter's file into the job, counting rows as they are written."""
    rows = exporter.rows

    def counted():
        for number, row in enumerate(rows(), start=1):
            if number % PROGRESS_EVERY == 0:
                ExportJob.objects.filter(pk=job.pk).update(
                    rows_done=number, progress_at=timezone.now()
                )
            yield row

    exporter.rows = counted
    if exporter.title is None:
        exporter.title = job.title
    with tempfile.TemporaryFile() as spool:
        exporter.write(spool)
        spool.seek(0)
        job.file.save(f"export-{job.pk}.xlsx", File(spool), save=False)


def export_sweep(now: dt.datetime | None = None) -> tuple[int, int]:
    """Leave no job unfinished for ever (beat runs this every few minutes, `sweep_exports`).

    A job still queued more than EXPORT_REQUEUE_SECONDS after it was asked for (or last sent
    again) lost its message — the broker was unreachable when it was sent, or dropped it — and
    is sent again: a message for a job already taken does nothing, so a job merely waiting
    behind a busy worker loses nothing. A running job whose progress has not moved for
    EXPORT_STALLED_SECONDS lost its worker (killed, out of memory, a deploy) and is failed with
    INTERRUPTED, so the next request makes a new job. Returns (sent again, failed)."""
    now = now or timezone.now()
    resend_before = now - dt.timedelta(seconds=settings.EXPORT_REQUEUE_SECONDS)
    lost = list(
        ExportJob.objects.filter(status=ExportStatus.QUEUED)
        .filter(
            Q(resent_at__lt=resend_before) | Q(resent_at__isnull=True, created_at__lt=resend_before)
        )
        .values_list("pk", flat=True)
    )
    # Stamped before sending: a job is sent again once per EXPORT_REQUEUE_SECONDS, not each run.
    ExportJob.objects.filter(pk__in=lost, status=ExportStatus.QUEUED).update(resent_at=now)
    for pk in lost:
        logger.warning("export %s still queued; sent to the worker again", pk)
        export_send(pk)
    stalled_before = now - dt.timedelta(seconds=settings.EXPORT_STALLED_SECONDS)
    # One conditional update: a job whose progress moves meanwhile is not failed. Jobs claimed
    # before progress was recorded have none; their age stands for it.
    stalled = (
        ExportJob.objects.filter(status=ExportStatus.RUNNING)
        .filter(
            Q(progress_at__lt=stalled_before)
            | Q(progress_at__isnull=True, created_at__lt=stalled_before)
        )
        .update(status=ExportStatus.FAILED, error=INTERRUPTED, finished_at=now)
    )
    if stalled:
        logger.warning(
            "%s export(s) failed: no progress for %ss", stalled, settings.EXPORT_STALLED_SECONDS
        )
    return len(lost), stalled


def job_query(job: ExportJob) -> QueryDict:
    """The list's filters as the user had them when they asked for the file."""
    return QueryDict(job.params.get("query", ""))


def job_request(job: ExportJob) -> SimpleNamespace:
    """What a FilterSet that takes `request=` reads of it (the user, the query), for building
    the list again in the worker."""
    return SimpleNamespace(user=job.user, GET=job_query(job))


def build_projects(job: ExportJob):
    """The project list's export with the filters the user had, of what the user may see now."""
    from yingkou.exports import ProjectExporter
    from yingkou.filters import ProjectFilterSet

    user = job.user
    queryset = Project.objects.visible_to(user)
    rows = ProjectFilterSet(job_query(job), queryset=queryset).qs
    scope = "全市" if user.is_city_wide else str(user.unit or "")
    exporter = ProjectExporter(rows).describe(title="项目库", scope=scope)
    return exporter, rows.count()
