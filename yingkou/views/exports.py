from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render

from yingkou.export_jobs import export_waiting_check
from yingkou.models import ExportJob, ExportStatus


def _own(request, pk: int) -> ExportJob:
    # Someone else's file is not there for this user (404), whatever their role.
    return get_object_or_404(ExportJob.objects.filter(user=request.user), pk=pk)


@login_required
def export_job(request, pk: int):
    """The progress of a file being built, and its download link when it is ready; a job no
    worker has taken for too long says so (and the administrators are told), as does one the
    sweep sent again or found interrupted (yingkou.export_jobs.export_sweep)."""
    job = _own(request, pk)
    return render(
        request, "export_job.html", {"job": job, "waiting_too_long": export_waiting_check(job)}
    )


@login_required
def export_job_download(request, pk: int):
    """The finished file; audited as a download (DownloadAuditMiddleware)."""
    job = _own(request, pk)
    if job.status != ExportStatus.DONE or not job.file:
        raise Http404
    response = FileResponse(job.file.open("rb"), content_type=_XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(job.title)}.xlsx"
    return response


_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
