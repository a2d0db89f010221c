"""A large negotiation case export is built in the background, as the project list's is."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from yingkou.models import ExportJob

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.parametrize("page", ["negotiation:list", "negotiation:pool"])
def test_a_large_case_export_becomes_a_job(
    client, drc, case, page, settings, django_capture_on_commit_callbacks
):
    settings.EXPORT_DIRECT_MAX_ROWS = 0
    client.force_login(drc)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse(page), {"export": "xlsx"})
    job = ExportJob.objects.get()
    assert response.url == reverse("export_job", args=[job.pk])
    download = client.get(reverse("export_job_download", args=[job.pk]))
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    assert [r[1] for r in rows] == [case.project.name]
