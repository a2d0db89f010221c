"""Who may act on what (SPEC §0): the shared `require` and the projects' predicates.

Reading is a queryset method (`Project.objects.visible_to(user)`): a record outside it is 404.
Acting is a plain predicate `can_<action>(user, obj) -> bool` in the app's `permissions.py`,
asked by the services (so a page, the API, a job and the import are guarded alike) and by the
views for what a page offers; `require(allowed)` turns a False into 403.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from yingkou.choices import ChangeRequestStatus, ReviewLevel, Role


def require(allowed: bool, message: str | None = None) -> None:
    """Raise PermissionDenied (HTTP 403) unless `allowed`; the one way every app says no."""
    if not allowed:
        raise PermissionDenied(message or _("您没有权限执行此操作。"))


def can_edit_project(user, project) -> bool:
    """Unit staff edit their own unit's projects; the DRC edits any (SPEC §0)."""
    if user.is_superuser or user.role == Role.DRC_REVIEWER:
        return True
    return user.role == Role.UNIT_STAFF and project.owner_unit_id == user.unit_id


def can_create_project(user) -> bool:
    return user.is_superuser or bool(
        user.role in (Role.UNIT_STAFF, Role.DRC_REVIEWER) and user.unit_id
    )


def can_delete_project(user, project) -> bool:
    return user.is_superuser or user.role == Role.DRC_REVIEWER


def can_review_change_requests(user) -> bool:
    """R-3 review roles have a queue of change requests: unit reviewers and the DRC."""
    return user.has_role(Role.UNIT_REVIEWER, Role.DRC_REVIEWER)


def can_review_change_request(user, request) -> bool:
    """R-3 review roles: the owner unit's reviewer at the unit step, the DRC at the level-1 step."""
    if request.status != ChangeRequestStatus.PENDING:
        return False
    if user.is_superuser:
        return True
    if request.level == ReviewLevel.DRC:
        return user.role == Role.DRC_REVIEWER
    return user.role == Role.UNIT_REVIEWER and user.unit_id == request.project.owner_unit_id


def can_see_scheduled_runs(user) -> bool:
    """The DRC watches the scheduled jobs and re-runs a failed period."""
    return user.has_role(Role.DRC_REVIEWER)


def can_read_sensitive_reads(user) -> bool:
    """The DRC and the supervision bureau oversee who read what; administrators read the whole
    security log in the admin."""
    return user.has_role(Role.DRC_REVIEWER, Role.SUPERVISOR)
