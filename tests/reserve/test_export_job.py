"""A large entry list export is built in the background, as the project list's is: what the user
may see, with the filters they had."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from reserve.models import Entry
from tests.reserve.conftest import pooled
from yingkou.models import ExportJob

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_a_large_entry_export_becomes_a_job_of_what_the_user_may_see(
    client, area, other_area, owner, reviewer, settings, django_capture_on_commit_callbacks
):
    for i in range(3):
        pooled(area, owner, reviewer, name=f"本区储备{i}")
    settings.EXPORT_DIRECT_MAX_ROWS = 2
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("reserve:entry_list"), {"export": "xlsx"})
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("export_job", args=[job.pk])
    download = client.get(reverse("export_job_download", args=[job.pk]))
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    rows = sorted(sheet.iter_rows(min_row=4, values_only=True), key=lambda r: r[1])
    assert [r[1] for r in rows] == ["本区储备0", "本区储备1", "本区储备2"]
    entry = Entry.objects.select_related("project").get(project__name="本区储备0")
    project = entry.project
    # the labels and numbers an office reads, as the page shows them
    assert rows[0][3:11] == (
        area.name,
        area.name,
        project.industry_name,
        "否",
        float(project.total_investment),
        project.get_stage_display(),
        entry.get_level_display(),
        entry.get_status_display(),
    )
