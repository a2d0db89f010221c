"""One access mechanism for pages, API, exports and admin (SPEC §0).

Reading is a queryset method (`Project.objects.visible_to(user)`): a record outside it is 404.
Acting is `require(user, action, obj)`: a visible record the user may not act on is 403.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from yingkou.choices import Role


def can_edit_project(user, project) -> bool:
    """Unit staff edit their own unit's projects; the DRC edits any (SPEC §0)."""
    if user.is_superuser or user.role == Role.DRC_REVIEWER:
        return True
    return user.role == Role.UNIT_STAFF and project.owner_unit_id == user.unit_id


def can_create_project(user) -> bool:
    return user.is_superuser or (user.role in (Role.UNIT_STAFF, Role.DRC_REVIEWER) and user.unit_id)


def can_delete_project(user, project) -> bool:
    return user.is_superuser or user.role == Role.DRC_REVIEWER


def allowed(user, action: str, obj=None) -> bool:
    """Whether the user may `add`, `change` or `delete` (obj: the project)."""
    if action == "add":
        return bool(can_create_project(user))
    if action == "change":
        return can_edit_project(user, obj)
    if action == "delete":
        return can_delete_project(user, obj)
    raise ValueError(f"unknown action {action!r}")


def require(user, action: str, obj=None) -> None:
    """Raise PermissionDenied (HTTP 403) unless the user may do `action` on `obj`."""
    if not allowed(user, action, obj):
        raise PermissionDenied(_("您没有权限执行此操作。"))
