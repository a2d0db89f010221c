"""Reading an exported workbook back as an office would: the rows under the title rows, from a
direct download or from the background job a large export became."""

import io

from django.urls import reverse
from openpyxl import load_workbook

from yingkou.models import ExportJob

FIRST_DATA_ROW = 4  # the title, the description line, the header


def sheet_rows(response) -> list[tuple]:
    """The data rows of a downloaded workbook."""
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    return list(sheet.iter_rows(min_row=FIRST_DATA_ROW, values_only=True))


def sheet_header(response) -> tuple:
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    return next(sheet.iter_rows(min_row=FIRST_DATA_ROW - 1, values_only=True))


def job_rows(client, response) -> list[tuple]:
    """The data rows of the file the job behind `response` (a redirect to its page) built."""
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("export_job", args=[job.pk])
    assert job.status == "done", job.error
    return sheet_rows(client.get(reverse("export_job_download", args=[job.pk])))
