"""Backup and restore bring back the whole database, history included, and the uploaded files.
CI runs this on SQLite and on PostgreSQL (pg_dump/pg_restore)."""

import json
import tarfile
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from reserve import services as reserve_services
from reserve.models import Entry
from tests.reserve.conftest import pooled
from yingkou import services
from yingkou.backup import _row_counts
from yingkou.models import Project, User

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    (settings.MEDIA_ROOT / "合同").mkdir(parents=True)
    (settings.MEDIA_ROOT / "合同" / "投资协议.pdf").write_bytes(b"%PDF-1.7 signed")
    return settings.MEDIA_ROOT


def sample() -> dict:
    return {
        "projects": list(Project.objects.order_by("pk").values()),
        "project_history": list(Project.history.order_by("history_id").values()),
        "entries": list(Entry.objects.order_by("pk").values()),
        "entry_history": list(Entry.history.order_by("history_id").values()),
        "users": list(User.objects.order_by("pk").values()),
    }


def test_a_round_trip_brings_back_every_row_the_history_and_the_files(
    tmp_path, media, area, owner, reviewer
):
    first = pooled(area, owner, reviewer, amount="60000", name="甲项目")
    pooled(area, owner, reviewer, name="乙项目")
    reserve_services.entry_publish(entry=first, published=True, user=owner)
    project = Project.objects.get(pk=first.project_id)
    project.total_investment = Decimal("65000")
    services.save_with_history(project, user=owner)
    before_counts, before = _row_counts(connection), sample()
    assert before["project_history"] and before["entry_history"]

    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive))
    with tarfile.open(archive) as opened:
        manifest = json.load(opened.extractfile("manifest.json"))
        assert "media/合同/投资协议.pdf" in opened.getnames()
    assert manifest["row_counts"] == before_counts
    assert manifest["engine"] == connection.vendor

    # Everything a bad day can do: rows changed, added, deleted, history lost, files gone.
    Project.objects.filter(pk=project.pk).update(name="改坏了")
    pooled(area, owner, reviewer, name="备份之后的项目")
    Project.history.all().delete()
    (media / "合同" / "投资协议.pdf").unlink()
    (media / "后来上传.txt").write_text("不在备份里")

    call_command("restore", str(archive), "--noinput")

    assert _row_counts(connection) == before_counts
    assert sample() == before
    assert (media / "合同" / "投资协议.pdf").read_bytes() == b"%PDF-1.7 signed"
    assert not (media / "后来上传.txt").exists()


def test_restore_refuses_what_is_not_a_backup(tmp_path):
    stray = tmp_path / "x.tar.gz"
    stray.write_bytes(b"not an archive")
    with pytest.raises(CommandError, match="not a backup archive"):
        call_command("restore", str(stray), "--noinput")
