"""A big export is built in the background: a progress page, then a download for its owner only."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import ProjectFactory
from yingkou.models import AuditEvent, ExportJob

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def many(area, other_area):
    mine = [ProjectFactory(owner_unit=area, name=f"本区项目{i}") for i in range(3)]
    ProjectFactory(owner_unit=other_area, name="外区项目")
    return mine


def _rows(content: bytes) -> list:
    sheet = load_workbook(io.BytesIO(content)).active
    return [list(r) for r in sheet.iter_rows(min_row=4, values_only=True)]


def test_a_large_export_becomes_a_job_with_progress_and_a_download(
    client, owner, many, settings, django_capture_on_commit_callbacks
):
    settings.EXPORT_DIRECT_MAX_ROWS = 2
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("projects:list"), {"export": "xlsx", "q": "项目"})
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("export_job", args=[job.pk])
    assert job.user == owner and job.params == {"query": "q=%E9%A1%B9%E7%9B%AE"}
    page = client.get(response.url).content.decode()
    assert "下载文件" in page and "共 3 行" in page
    download = client.get(reverse("export_job_download", args=[job.pk]))
    assert download.status_code == 200
    names = sorted(r[1] for r in _rows(b"".join(download.streaming_content)))
    # What the owner may see, with the filters they had: not the other area's project.
    assert names == ["本区项目0", "本区项目1", "本区项目2"]
    assert AuditEvent.objects.filter(kind="export", user=owner).exists()


def test_a_job_in_progress_refreshes_and_offers_no_file_yet(client, owner, many, settings):
    job = ExportJob.objects.create(user=owner, kind="x", title="项目库", rows_total=10, rows_done=4)
    client.force_login(owner)
    page = client.get(reverse("export_job", args=[job.pk])).content.decode()
    assert 'http-equiv="refresh"' in page and "4 / 10" in page and "下载文件" not in page
    assert client.get(reverse("export_job_download", args=[job.pk])).status_code == 404


def test_someone_elses_export_is_not_there(client, owner, drc, many, settings):
    settings.EXPORT_DIRECT_MAX_ROWS = 0
    job = ExportJob.objects.create(user=owner, kind="x", title="项目库", status="done")
    client.force_login(drc)  # even a city-wide reviewer
    assert client.get(reverse("export_job", args=[job.pk])).status_code == 404
    assert client.get(reverse("export_job_download", args=[job.pk])).status_code == 404


def test_a_small_export_stays_a_direct_download(client, owner, many):
    client.force_login(owner)
    response = client.get(reverse("projects:list"), {"export": "xlsx"})
    assert response.status_code == 200 and not ExportJob.objects.exists()
    assert len(_rows(b"".join(response.streaming_content))) == 3


def test_a_large_monthly_list_is_built_in_the_background(
    client, bureau, area, owner, reviewer, settings, django_capture_on_commit_callbacks
):
    import datetime as dt

    import time_machine

    from tests.reserve.conftest import pooled

    with time_machine.travel(dt.datetime(2026, 10, 12, 10, tzinfo=dt.UTC), tick=False):
        pooled(area, owner, reviewer, name="甲项目")
        pooled(area, owner, reviewer, name="乙项目")
    settings.EXPORT_DIRECT_MAX_ROWS = 1
    client.force_login(bureau)
    with time_machine.travel(dt.datetime(2026, 11, 26, 10, tzinfo=dt.UTC), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.get(reverse("reserve:monthly_list_xlsx", args=["2026-10"]))
        job = ExportJob.objects.get()
        assert response.status_code == 302 and job.user == bureau and job.status == "done"
        download = client.get(reverse("export_job_download", args=[job.pk]))
        names = sorted(r[1] for r in _rows(b"".join(download.streaming_content))[:2])
        assert names == ["乙项目", "甲项目"]
        # The closed month is archived now: the next download is the archive, directly.
        again = client.get(reverse("reserve:monthly_list_xlsx", args=["2026-10"]))
        assert again.status_code == 200 and ExportJob.objects.count() == 1


def test_asking_again_for_an_export_being_built_leads_to_the_same_job(
    client, owner, many, settings
):
    settings.EXPORT_DIRECT_MAX_ROWS = 2
    client.force_login(owner)
    url = reverse("projects:list")
    # No worker in a test: the job stays queued, as while one is building it.
    first = client.get(url, {"export": "xlsx", "q": "项目"})
    again = client.get(url, {"export": "xlsx", "q": "项目"})
    assert again.url == first.url and ExportJob.objects.count() == 1
    # Other filters are another file.
    other = client.get(url, {"export": "xlsx", "q": "本区"})
    assert other.url != first.url and ExportJob.objects.count() == 2
    # A finished file is of the data when it was built: asking again builds it again.
    ExportJob.objects.filter(params={"query": "q=%E9%A1%B9%E7%9B%AE"}).update(status="done")
    after = client.get(url, {"export": "xlsx", "q": "项目"})
    assert after.url != first.url and ExportJob.objects.count() == 3


def test_the_monthly_list_asked_again_while_queued_is_one_job(
    client, bureau, area, owner, reviewer, settings
):
    import datetime as dt

    import time_machine

    from tests.reserve.conftest import pooled

    with time_machine.travel(dt.datetime(2026, 11, 12, 10, tzinfo=dt.UTC), tick=False):
        pooled(area, owner, reviewer, name="甲项目")
        pooled(area, owner, reviewer, name="乙项目")
    settings.EXPORT_DIRECT_MAX_ROWS = 1
    client.force_login(bureau)
    url = reverse("reserve:monthly_list_xlsx", args=["2026-11"])
    with time_machine.travel(dt.datetime(2026, 11, 26, 10, tzinfo=dt.UTC), tick=False):
        responses = [client.get(url) for _ in range(6)]
    job = ExportJob.objects.get()
    assert {r.url for r in responses} == {reverse("export_job", args=[job.pk])}


def _admin():
    from tests.factories import UserFactory

    return UserFactory(username="root", role="", unit=None, is_superuser=True, is_staff=True)


def test_a_job_no_worker_takes_says_so_and_tells_the_administrators_once(client, owner):
    import datetime as dt

    import time_machine

    from yingkou.models import Notification

    admin = _admin()
    asked = dt.datetime(2026, 11, 26, 10, tzinfo=dt.UTC)
    with time_machine.travel(asked, tick=False):
        job = ExportJob.objects.create(user=owner, kind="x", title="项目库")
    client.force_login(owner)
    page = reverse("export_job", args=[job.pk])
    with time_machine.travel(asked + dt.timedelta(seconds=100), tick=False):
        soon = client.get(page).content.decode()
    assert "正在后台生成" in soon and "没有开始生成" not in soon
    assert not Notification.objects.exists()
    for later in (dt.timedelta(minutes=3), dt.timedelta(minutes=4), dt.timedelta(days=1)):
        with time_machine.travel(asked + later, tick=False):
            text = client.get(page).content.decode()
        assert "后台服务一直没有开始生成此文件" in text and "联系系统管理员" in text
        # It is still waiting: the page keeps looking, for a worker that starts later.
        assert 'http-equiv="refresh"' in text and "0 / 0" not in text
    told = Notification.objects.get()
    assert told.user == admin and told.kind == "export_waiting" and "项目库" in told.title
    assert "Celery worker" in told.body and str(owner) in told.body


def test_a_job_a_worker_has_started_is_not_reported_as_waiting(client, owner, settings):
    import datetime as dt

    import time_machine

    from yingkou.models import Notification

    _admin()
    settings.EXPORT_QUEUE_ALERT_SECONDS = 60
    asked = dt.datetime(2026, 11, 26, 10, tzinfo=dt.UTC)
    with time_machine.travel(asked, tick=False):
        job = ExportJob.objects.create(
            user=owner, kind="x", title="项目库", status="running", rows_total=10
        )
    client.force_login(owner)
    with time_machine.travel(asked + dt.timedelta(minutes=30), tick=False):
        text = client.get(reverse("export_job", args=[job.pk])).content.decode()
    assert "正在后台生成" in text and "0 / 10" in text and "没有开始生成" not in text
    assert not Notification.objects.exists()


def test_a_failed_job_says_it_failed_and_stops_waiting(client, owner):
    job = ExportJob.objects.create(user=owner, kind="x", title="项目库", status="failed")
    client.force_login(owner)
    text = client.get(reverse("export_job", args=[job.pk])).content.decode()
    assert "文件生成失败" in text and "重新导出" in text
    assert 'http-equiv="refresh"' not in text and "下载文件" not in text
    assert client.get(reverse("export_job_download", args=[job.pk])).status_code == 404


def test_a_job_that_fails_in_the_worker_is_shown_as_failed(client, owner):
    from yingkou.export_jobs import export_build

    job = ExportJob.objects.create(user=owner, kind="yingkou.no_such_builder", title="项目库")
    with pytest.raises(ImportError):
        export_build(job.pk)
    client.force_login(owner)
    text = client.get(reverse("export_job", args=[job.pk])).content.decode()
    assert "文件生成失败" in text and "没有开始生成" not in text
