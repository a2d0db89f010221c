"""The assistance app's pages (one sub-navigation, `yingkou.navigation`)."""

from django.utils.translation import gettext_lazy as _

from yingkou.navigation import NavItem

from . import permissions as perm

MENU_LABEL = _("精准帮扶")
SUBNAV = [
    NavItem(_("帮扶项目"), "assistance:list", key="list", menu=True),
    NavItem(_("帮扶问题"), "assistance:problems", key="problems"),
    NavItem(
        _("本单位待办"),
        "assistance:queue",
        key="queue",
        label_for=(perm.can_approve_teams, _("待我同意")),
    ),
    NavItem(
        _("我帮扶的项目"),
        "assistance:list",
        visible=perm.can_approve_teams,
        query="mine=true",
        key="mine",
    ),
    NavItem(
        _("待汇总团队"),
        "assistance:list",
        visible=perm.can_compile_team,
        query="awaiting_compile=true",
        key="to_compile",
    ),
    NavItem(
        _("上报市政府的问题"),
        "assistance:escalations",
        visible=perm.can_see_escalations,
        key="escalations",
    ),
    NavItem(_("在建项目周调度"), "assistance:weekly", key="weekly"),
    NavItem(_("建议名单"), "assistance:coordination", key="coordination"),
    NavItem(_("推进组和总联络员"), "assistance:groups", key="groups"),
    NavItem(_("调度和督导归档"), "assistance:reports", key="reports"),
    NavItem(_("季度考核"), "assistance:inspection", key="inspection"),
    # The plans lead to the public pages (公示页面), which have no tabs of their own: one tab
    # for both keeps the row on one line at desktop width.
    NavItem(_("帮扶方案"), "assistance:plans", key="plans"),
]
