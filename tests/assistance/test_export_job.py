"""A large problem list export is built in the background, as the project list's is: what the
user may see, with the filters they had."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.assistance.factories import AssistanceCaseFactory, ProblemFactory
from tests.factories import ProjectFactory
from yingkou.models import ExportJob

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_a_large_problem_export_becomes_a_job_of_what_the_user_may_see(
    client, drc, area, settings, django_capture_on_commit_callbacks
):
    case = AssistanceCaseFactory(
        project=ProjectFactory(owner_unit=area, landing_unit=area, stage="construction"),
        team__lead_unit=area,
    )
    for i in range(3):
        ProblemFactory(case=case, title=f"问题{i}")
    settings.EXPORT_DIRECT_MAX_ROWS = 2
    client.force_login(drc)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("assistance:problems"), {"export": "xlsx", "q": "问题"})
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("export_job", args=[job.pk])
    assert job.rows_total == 3
    download = client.get(reverse("export_job_download", args=[job.pk]))
    assert download.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    assert len(list(sheet.iter_rows(min_row=4, values_only=True))) == 3


def test_a_large_case_export_is_built_in_the_background_with_its_figures(
    client, drc, area, settings, django_capture_on_commit_callbacks
):
    for i in range(3):
        case = AssistanceCaseFactory(
            project=ProjectFactory(
                owner_unit=area, landing_unit=area, stage="construction", name=f"帮扶项目{i}"
            ),
            team__lead_unit=area,
        )
        ProblemFactory(case=case)
    settings.EXPORT_DIRECT_MAX_ROWS = 2
    client.force_login(drc)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("assistance:list"), {"export": "xlsx"})
    job = ExportJob.objects.get()
    assert response.url == reverse("export_job", args=[job.pk])
    download = client.get(reverse("export_job_download", args=[job.pk]))
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    assert sorted(r[1] for r in rows) == ["帮扶项目0", "帮扶项目1", "帮扶项目2"]
    assert [r[9] for r in rows] == [1, 1, 1]  # each case's open problem, as the page counts it
