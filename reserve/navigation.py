"""The reserve app's pages (one sub-navigation, `yingkou.navigation`); each is also a top-menu
entry for the roles that work in it."""

from django.utils.translation import gettext_lazy as _

from yingkou.navigation import NavItem

from . import permissions as perm

MENU_LABEL = _("项目储备")
# In the order of each role's work: the bureau's reserve work is the monthly list.
SUBNAV = [
    NavItem(_("我的储备库"), "reserve:my_pool", visible=perm.has_own_pool, menu=True),
    NavItem(_("申报项目"), "reserve:declare", visible=perm.can_declare_into_own_pool, menu=True),
    NavItem(_("二级库审核"), "reserve:review_queue", visible=perm.can_review_own_pool, menu=True),
    NavItem(_("一级库审核"), "reserve:drc_queue", visible=perm.can_review_level1, menu=True),
    NavItem(_("月度明细表"), "reserve:monthly", visible=perm.can_download_monthly_list, menu=True),
    NavItem(_("储备月报"), "reserve:monthly", visible=perm.reads_monthly_report, menu=True),
    NavItem(_("储备库"), "reserve:pool_list", visible=perm.can_see_all_pools, menu=True),
    NavItem(_("周调度"), "reserve:weekly", visible=perm.can_dispatch_weekly, menu=True),
    NavItem(_("候选项目"), "reserve:candidates", visible=perm.can_add_candidate, menu=True),
]
