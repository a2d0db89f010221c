"""The negotiation app's pages (one sub-navigation, `yingkou.navigation`)."""

from django.utils.translation import gettext_lazy as _

from yingkou.navigation import NavItem

from . import permissions as perm

MENU_LABEL = _("项目洽谈")
SUBNAV = [
    NavItem(_("项目洽谈"), "negotiation:list", key="list", menu=True),
    NavItem(_("投资方问题"), "negotiation:questions", key="questions"),
    NavItem(_("在谈项目库"), "negotiation:pool", visible=perm.can_see_pool, key="pool", menu=True),
    NavItem(_("月度通报"), "negotiation:circulars", key="circulars"),
    NavItem(_("年终考核"), "negotiation:appraisal", visible=perm.can_appraise, key="appraisal"),
]
