"""Navigation by permission: each user sees the entries of their work, nothing they cannot open.

The foundation's entries are here; each app has one entry (its `MENU_LABEL`) that leads to the
first of its `menu=True` items (`<app>/navigation.py`) the user may open; the app's pages carry
the rest in their sub-navigation. One entry per app keeps the DRC's menu on one line at 1366 px
(fifteen entries wrapped it).
"""

from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from yingkou import navigation as nav
from yingkou import permissions as perm

APPS = ["reserve", "negotiation", "assistance", "enterprise"]

FOUNDATION_ITEMS = [
    nav.NavItem(_("首页"), "home"),
    nav.NavItem(_("项目库"), "projects:list"),
    nav.NavItem(_("变更审核"), "projects:change_requests", visible=perm.can_review_change_requests),
]
TRAILING_ITEMS = [
    nav.NavItem(_("定时任务"), "scheduled_runs", visible=perm.can_see_scheduled_runs),
    nav.NavItem(_("访问记录"), "audit", visible=perm.can_read_sensitive_reads),
]


def _marked(items: list[dict], request) -> list[dict]:
    # Only the closest entry: the change requests' page (/projects/change-requests/) is under
    # the project library's address too, and both were marked.
    under = [item for item in items if item["url"] != "/" and request.path.startswith(item["url"])]
    closest = max(under, key=lambda item: len(item["url"]), default=None)
    for item in items:
        item["active"] = item is closest
    return items


def _app_entry(app: str, request) -> dict | None:
    url = nav.first_address(nav.menu_items(app), request.user)
    if url is None:
        return None
    # The top menu marks the app the page belongs to, whichever of its pages it is.
    return {
        "label": nav.menu_label(app),
        "url": url,
        "active": request.path.startswith(f"/{app}/"),
    }


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = _marked(nav.resolve(FOUNDATION_ITEMS, request), request)
    items += [entry for app in APPS if (entry := _app_entry(app, request))]
    items += _marked(nav.resolve(TRAILING_ITEMS, request), request)
    return {"nav_items": items}


def unread_notifications(request):
    """The header's unread count on every page: one COUNT on a partial index, run only when a
    template shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from yingkou.notifications import unread_count

    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user))}
