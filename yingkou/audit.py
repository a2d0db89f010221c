"""The security audit log (等保2.0 level 3): logins, failures, lockouts, logouts, role and
permission changes, exports and downloads, and views of a complainant's personal data.

Administrators read it in the admin; the DRC and the supervision bureau read the sensitive reads
on /audit/. Recording never stops the action it records.
"""

import logging

from django.contrib.auth import user_logged_in, user_logged_out, user_login_failed
from django.contrib.auth.models import Group, Permission
from django.db.models.signals import m2m_changed, pre_save
from django.dispatch import receiver
from django.urls import resolve

from yingkou.client_ip import client_ip
from yingkou.history import show_value
from yingkou.models import AuditEvent, AuditKind, Unit, User

log = logging.getLogger(__name__)


def audit_record(
    *, kind: str, request=None, user=None, username: str = "", detail: str = ""
) -> None:
    if user is None and request is not None and getattr(request, "user", None) is not None:
        user = request.user if request.user.is_authenticated else None
    try:
        AuditEvent.objects.create(
            kind=kind,
            user=user if user is not None and user.pk else None,
            username=(user.get_username() if user is not None else username)[:150],
            ip_address=client_ip(request) if request is not None else "",
            path=request.get_full_path()[:500] if request is not None else "",
            detail=str(detail)[:500],
        )
    except Exception:  # an audit failure is logged, the user's action goes on
        log.exception("could not record audit event %s", kind)


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    audit_record(kind=AuditKind.LOGIN, request=request, user=user)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit_record(kind=AuditKind.LOGOUT, request=request, user=user)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))
    audit_record(kind=AuditKind.LOGIN_FAILED, request=request, username=username)


def _locked_out(sender, request, username, ip_address, **kwargs):
    audit_record(
        kind=AuditKind.LOCKED_OUT, request=request, username=username or "", detail=ip_address
    )


def connect_lockouts() -> None:
    from axes.signals import user_locked_out

    user_locked_out.connect(_locked_out, dispatch_uid="yingkou.audit.locked_out")


# Roles and permissions change in the admin or a shell; a signal is the one place that sees both.
_WATCHED = ("role", "unit_id", "is_staff", "is_superuser", "is_active")


@receiver(pre_save, sender=User)
def _role_changed(sender, instance, raw=False, **kwargs):
    if raw or not instance.pk:
        return
    before = User.objects.filter(pk=instance.pk).values(*_WATCHED).first()
    if before is None:
        return
    changes = [
        f"{User._meta.get_field(field).verbose_name}："
        f"{_shown(field, before[field])} → {_shown(field, getattr(instance, field))}"
        for field in _WATCHED
        if before[field] != getattr(instance, field)
    ]
    if changes:
        audit_record(
            kind=AuditKind.ROLE_CHANGED,
            username=instance.get_username(),
            detail=f"{instance.get_username()}：" + "；".join(changes),
        )


def _shown(field_name: str, value) -> str:
    """A watched value as the log's reader knows it: the role's and the unit's names, 是/否."""
    field = User._meta.get_field(field_name)
    if field.is_relation:
        return str(Unit.objects.filter(pk=value).first() or "—") if value else "—"
    return show_value(field, value)


_PERMISSION_ACTIONS = {"post_add": "新增", "post_remove": "移除", "post_clear": "全部移除"}


@receiver(m2m_changed, sender=User.groups.through)
@receiver(m2m_changed, sender=User.user_permissions.through)
def _permissions_changed(sender, instance, action, pk_set=None, **kwargs):
    if action not in _PERMISSION_ACTIONS or not isinstance(instance, User):
        return
    from yingkou.library_admin import permission_label  # the admin's own names for them

    if sender is User.groups.through:
        field = User._meta.get_field("groups")
        names = sorted(Group.objects.filter(pk__in=pk_set or []).values_list("name", flat=True))
    else:
        field = User._meta.get_field("user_permissions")
        permissions = Permission.objects.filter(pk__in=pk_set or []).select_related("content_type")
        names = sorted(permission_label(permission) for permission in permissions)
    audit_record(
        kind=AuditKind.PERMISSION_CHANGED,
        username=instance.get_username(),
        detail=f"{instance.get_username()}：{field.verbose_name}"
        f"{_PERMISSION_ACTIONS[action]}" + (f"：{'、'.join(names)}" if names else ""),
    )


class DownloadAuditMiddleware:
    """Every file handed out (Excel exports, the monthly list, circulars) is a sensitive read:
    one place sees all of them, whichever page or API sends them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        disposition = response.get("Content-Disposition", "")
        if response.status_code == 200 and disposition.startswith("attachment"):
            view_name = getattr(request.resolver_match, "view_name", "") or _view_name(request)
            kind = (
                AuditKind.MONTHLY_LIST
                if view_name == "reserve:monthly_list_xlsx"
                else AuditKind.EXPORT
            )
            audit_record(kind=kind, request=request, detail=downloaded_file(disposition)[:500])
        return response


def downloaded_file(disposition: str) -> str:
    """The file's name a reader of the log understands (下载文件：项目明细表2026-10.xlsx), from a
    Content-Disposition header (RFC 6266 `filename*=UTF-8''…` or a plain `filename="…"`); anything
    else as it is."""
    import re
    from urllib.parse import unquote

    found = re.search(r"filename\*=UTF-8''([^;]+)", disposition, re.IGNORECASE)
    if found:
        return f"下载文件：{unquote(found.group(1))}"
    found = re.search(r'filename="?([^";]+)"?', disposition)
    return f"下载文件：{found.group(1)}" if found else disposition


def _view_name(request) -> str:
    try:
        return resolve(request.path_info).view_name
    except Exception:
        return ""
