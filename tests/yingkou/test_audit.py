"""Security events and sensitive reads are kept with who, when and from where (issue 15 §9, §11)."""

import pytest
from django.test import override_settings
from django.urls import reverse

from tests.enterprise.factories import ComplaintFactory
from tests.factories import UnitFactory, UserFactory
from yingkou.choices import Role, UnitKind
from yingkou.models import AuditEvent, AuditKind

pytestmark = pytest.mark.django_db


def _kinds() -> list[str]:
    return list(AuditEvent.objects.order_by("id").values_list("kind", flat=True))


@override_settings(AXES_ENABLED=True)
def test_logins_failures_and_lockouts_are_logged(client, owner):
    client.post("/login/", {"username": "alice", "password": "pw-for-tests-1"})
    client.post("/logout/")
    for _ in range(5):
        client.post("/login/", {"username": "alice", "password": "wrong"})
    kinds = _kinds()
    assert kinds[:2] == [AuditKind.LOGIN, AuditKind.LOGOUT]
    assert kinds.count(AuditKind.LOGIN_FAILED) == 5
    assert AuditKind.LOCKED_OUT in kinds
    failed = AuditEvent.objects.filter(kind=AuditKind.LOGIN_FAILED).first()
    assert failed.username == "alice" and failed.ip_address == "127.0.0.1"


def test_role_and_permission_changes_are_logged(owner, drc_unit):
    """In the names the administrator reading the log knows: roles, units, 是/否, the
    permission pickers' labels (not role codes, unit ids, True, "post_add")."""
    owner.role = Role.DRC_REVIEWER
    owner.unit = drc_unit
    owner.is_active = False
    owner.save()
    event = AuditEvent.objects.get(kind=AuditKind.ROLE_CHANGED)
    assert event.username == "alice"
    assert event.detail == (
        "alice：角色：录入员 → 发改委审核；所在单位：鲅鱼圈区 → 营口市发展和改革委员会；"
        "有效：是 → 否"
    )
    from django.contrib.auth.models import Group, Permission

    owner.user_permissions.add(Permission.objects.get(codename="change_project"))
    owner.groups.add(Group.objects.create(name="调度员"))
    owner.groups.clear()
    details = AuditEvent.objects.filter(kind=AuditKind.PERMISSION_CHANGED).order_by("id")
    assert [event.detail for event in details] == [
        "alice：用户权限新增：基础数据 | 项目 | 修改",
        "alice：组新增：调度员",
        "alice：组全部移除",
    ]


def test_an_export_download_is_logged(client, drc, project):
    client.force_login(drc)
    response = client.get(reverse("projects:list") + "?export=xlsx")
    assert response.status_code == 200
    event = AuditEvent.objects.get(kind=AuditKind.EXPORT)
    assert event.user == drc and "xlsx" in event.detail
    # the file's name as a reader of the log understands it, not the encoded header
    assert event.detail.startswith("下载文件：") and "%E" not in event.detail


def test_the_log_shows_the_persons_name_and_a_readable_file_name(client, drc):
    AuditEvent.objects.create(
        kind=AuditKind.EXPORT,
        user=drc,
        username=drc.username,
        detail="attachment; filename*=UTF-8''%E9%A1%B9%E7%9B%AE.xlsx",
    )
    drc.last_name, drc.first_name = "赵", "军"
    drc.save()
    client.force_login(drc)
    page = client.get(reverse("audit")).content.decode()
    assert "下载文件：项目.xlsx" in page and "赵军" in page and "filename" not in page


def test_viewing_a_complainants_personal_data_is_logged(client):
    office = UnitFactory(code="YSHJ", kind=UnitKind.SUPERVISION_BUREAU)
    supervisor = UserFactory(role=Role.SUPERVISOR, unit=office)
    complaint = ComplaintFactory(receiving_unit=office, complainant_name="投诉人甲")
    client.force_login(supervisor)
    page = client.get(reverse("enterprise:complaint", args=[complaint.pk]))
    assert "投诉人甲" in page.content.decode()
    api = client.get(f"/api/v1/enterprise/complaints/{complaint.pk}/")
    assert api.status_code == 200
    events = AuditEvent.objects.filter(kind=AuditKind.PERSONAL_DATA, user=supervisor)
    assert events.count() == 2 and complaint.tracking_number in events.first().detail


def test_the_sensitive_reads_page_is_for_the_drc_and_supervision(client, drc, owner):
    AuditEvent.objects.create(kind=AuditKind.MONTHLY_LIST, username="zsj", detail="项目明细表")
    AuditEvent.objects.create(kind=AuditKind.LOGIN, username="zsj")
    client.force_login(drc)
    page = client.get(reverse("audit")).content.decode()
    assert "下载项目明细表" in page and "登录" not in page.split("<table")[1]
    office = UnitFactory(code="YSHJ", kind=UnitKind.SUPERVISION_BUREAU)
    client.force_login(UserFactory(role=Role.SUPERVISOR, unit=office))
    assert client.get(reverse("audit")).status_code == 200
    client.force_login(owner)
    assert client.get(reverse("audit")).status_code == 403


def test_the_sensitive_reads_page_pages_as_every_list_does(client, drc):
    AuditEvent.objects.bulk_create(
        AuditEvent(kind=AuditKind.MONTHLY_LIST, username=f"u{n}", detail="项目明细表")
        for n in range(25)
    )
    client.force_login(drc)
    url = reverse("audit") + f"?kind={AuditKind.MONTHLY_LIST}&per_page=20"
    page = client.get(url + "&page=2").content.decode()
    assert "第 2 / 2 页，共 25 条" in page
    assert f"kind={AuditKind.MONTHLY_LIST}" in page.split('rel="prev"')[0].rsplit("<a", 1)[1]
    assert client.get(url + "&page=3").url == url + "&page=2"
