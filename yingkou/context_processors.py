"""Navigation by permission: each user sees the entries of their work, nothing they cannot open.

The foundation's entries are here; each app's are the `menu=True` items of its
`<app>/navigation.py` `SUBNAV` (`yingkou.navigation`), whose sub-navigation its pages show.
"""

from functools import cache

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


@cache
def navigation_items() -> list[nav.NavItem]:
    items = list(FOUNDATION_ITEMS)
    for app in APPS:
        items.extend(
            nav.NavItem(item.menu_label or item.label, item.url_name, visible=item.visible)
            for item in nav.menu_items(app)
        )
    return items + TRAILING_ITEMS


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    for item in nav.resolve(navigation_items(), request):
        # The top menu marks the app the page belongs to, not one of its filtered lists.
        item["active"] = item["url"] != "/" and request.path.startswith(item["url"])
        items.append(item)
    return {"nav_items": items}


def unread_notifications(request):
    """The header's unread count on every page: one COUNT on a partial index, run only when a
    template shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from yingkou.notifications import unread_count

    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user))}
