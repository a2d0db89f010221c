"""Navigation by role: each user sees the entries of their work, nothing they cannot open.

The foundation's entries are here; each app adds its own in `<app>/navigation.py` as
`NAV_ITEMS = [(label, url name, roles or None for everyone logged in), ...]`.
"""

from functools import cache
from importlib import import_module

from django.urls import NoReverseMatch, reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from yingkou.choices import Role

APPS = ["reserve", "negotiation", "assistance", "enterprise"]

FOUNDATION_ITEMS = [
    (_("首页"), "home", None),
    (_("项目库"), "projects:list", None),
    (
        _("变更审核"),
        "projects:change_requests",
        frozenset({Role.UNIT_REVIEWER, Role.DRC_REVIEWER}),
    ),
]
TRAILING_ITEMS = [
    (_("定时任务"), "scheduled_runs", frozenset({Role.DRC_REVIEWER})),
    (_("访问记录"), "audit", frozenset({Role.DRC_REVIEWER, Role.SUPERVISOR})),
]


@cache
def navigation_items() -> list[tuple]:
    items = list(FOUNDATION_ITEMS)
    for app in APPS:
        try:
            module = import_module(f"{app}.navigation")
        except ModuleNotFoundError as exc:
            if exc.name != f"{app}.navigation":
                raise
            continue
        items.extend(module.NAV_ITEMS)
    return items + TRAILING_ITEMS


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    for label, url_name, roles in navigation_items():
        if roles is not None and not (user.is_superuser or user.role in roles):
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        active = url != "/" and request.path.startswith(url)
        items.append({"label": label, "url": url, "active": active})
    return {"nav_items": items}


def unread_notifications(request):
    """The header's unread count on every page: one COUNT on a partial index, run only when a
    template shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from yingkou.notifications import unread_count

    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user))}
