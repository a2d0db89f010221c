"""Big files built in the background (issue 12): the full project export and a large monthly
list take longer than a request should, so they become an `ExportJob` that the Celery worker
builds (in-process when there is no Redis) while the user watches its progress page; the page
links the file when it is ready. Small files stay direct downloads.

A builder is a function `(job) -> (exporter, total_rows)` named by its dotted path in
`job.kind`, so an app adds its own without the foundation importing it.
"""

import logging
import tempfile
from types import SimpleNamespace

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string

from yingkou.models import ExportJob, ExportStatus, Project

logger = logging.getLogger(__name__)

PROGRESS_EVERY = 2000
PROJECTS = "yingkou.export_jobs.build_projects"


def is_large(row_count: int) -> bool:
    """A file of more rows than EXPORT_DIRECT_MAX_ROWS is built in the background."""
    return row_count > settings.EXPORT_DIRECT_MAX_ROWS


def export_start(*, user, kind: str, title: str, params: dict | None = None) -> ExportJob:
    job = ExportJob.objects.create(user=user, kind=kind, title=title, params=params or {})
    from yingkou.tasks import build_export

    transaction.on_commit(lambda: build_export.delay(job.pk))
    return job


def export_url(job: ExportJob) -> str:
    return reverse("export_job", args=[job.pk])


def export_build(job_id: int) -> None:
    """Build the job's file, counting rows as they are written. Idempotent: a finished job is
    left as it is, so a redelivered message does nothing."""
    job = ExportJob.objects.select_related("user").get(pk=job_id)
    if job.is_finished:
        return
    ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.RUNNING)
    try:
        exporter, total = import_string(job.kind)(job)
        ExportJob.objects.filter(pk=job.pk).update(rows_total=total)
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
                ExportJob.objects.filter(pk=job.pk).update(rows_done=number)
            yield row

    exporter.rows = counted
    if exporter.title is None:
        exporter.title = job.title
    with tempfile.TemporaryFile() as spool:
        exporter.write(spool)
        spool.seek(0)
        job.file.save(f"export-{job.pk}.xlsx", File(spool), save=False)


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
