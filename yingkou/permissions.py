"""Who may act on what (SPEC §0): the shared `require` and the projects' predicates.

Reading is a queryset method (`Project.objects.visible_to(user)`): a record outside it is 404.
Acting is a plain predicate `can_<action>(user, obj) -> bool` in the app's `permissions.py`,
asked by the services (so a page, the API, a job and the import are guarded alike) and by the
views for what a page offers; `require(allowed)` turns a False into 403.
"""

import inspect

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
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


PREDICATE_MODULES = {
    "projects": "yingkou.permissions",
    "reserve": "reserve.permissions",
    "negotiation": "negotiation.permissions",
    "assistance": "assistance.permissions",
    "enterprise": "enterprise.permissions",
}


class UserPredicates:
    """`can.<app>.<action>` in a template: the app's `can_<action>(user)` for the logged-in user,
    so a template asks the same predicate a service enforces. Predicates about one record take
    the record and are handed to the template by its view as flags."""

    def __init__(self, user, app: str | None = None):
        self._user = user
        self._app = app

    def __getitem__(self, name: str):
        from importlib import import_module

        if self._app is None:
            if name not in PREDICATE_MODULES:
                raise KeyError(name)
            return UserPredicates(self._user, name)
        predicate = getattr(import_module(PREDICATE_MODULES[self._app]), f"can_{name}", None)
        if predicate is None:
            raise KeyError(name)
        record_params = list(inspect.signature(predicate).parameters.values())[1:]
        if any(param.default is inspect.Parameter.empty for param in record_params):
            # A template lookup would swallow the TypeError and read False: say it loudly.
            raise ImproperlyConfigured(f"can_{name} needs a record; pass it from the view")
        if not self._user.is_authenticated:
            return False
        return bool(predicate(self._user))
