"""Navigation by role: each user sees the entries of their work, nothing they cannot open."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from yingkou.choices import Role

ALL = None  # every logged-in user

# (label, url name, roles or ALL). Apps add their entries here as their pages land.
NAVIGATION: list[tuple[str, str, frozenset[str] | None]] = [
    (_("首页"), "home", ALL),
    (_("项目库"), "projects:list", ALL),
    (_("我的储备库"), "reserve:my_pool", frozenset({Role.UNIT_STAFF, Role.UNIT_REVIEWER})),
    (_("审核队列"), "reserve:queue", frozenset({Role.UNIT_REVIEWER, Role.DRC_REVIEWER})),
    (_("储备库"), "reserve:pools", frozenset(Role.city_wide())),
    (
        _("月度明细表"),
        "reserve:monthly_lists",
        frozenset({Role.INVESTMENT_BUREAU, Role.DRC_REVIEWER}),
    ),
    (_("项目洽谈"), "negotiation:list", ALL),
    (_("精准帮扶"), "assistance:list", ALL),
    (_("企业帮扶"), "enterprise:list", ALL),
    (_("定时任务"), "scheduled_runs", frozenset({Role.DRC_REVIEWER})),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    for label, url_name, roles in NAVIGATION:
        if roles is not ALL and not (user.is_superuser or user.role in roles):
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue  # the app has not published that page yet
        items.append(
            {"label": label, "url": url, "active": request.path.startswith(url) and url != "/"}
        )
    return {"nav_items": items}
