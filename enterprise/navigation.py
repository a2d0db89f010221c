"""The enterprise app's pages (one sub-navigation, `yingkou.navigation`)."""

from django.utils.translation import gettext_lazy as _

from yingkou.navigation import NavItem

from . import permissions

MENU_LABEL = _("企业帮扶")
SUBNAV = [
    NavItem(_("企业"), "enterprise:list", key="list", menu=True),
    NavItem(_("每月走访"), "enterprise:visits", key="visits"),
    NavItem(_("企业问题"), "enterprise:problems", key="problems"),
    NavItem(_("投诉举报"), "enterprise:complaints", key="complaints"),
    NavItem(_("涉企执法检查"), "enterprise:inspections", key="inspections"),
    NavItem(_("政策承诺"), "enterprise:promises", key="promises"),
    NavItem(
        _("考核数据报送"),
        "enterprise:assessment_figures",
        visible=permissions.can_report_figures,
        key="figures",
    ),
    NavItem(
        _("本单位考核结果"),
        "enterprise:assessment_result",
        visible=permissions.can_see_own_result_only,
        key="result",
    ),
    NavItem(
        _("考核评价"),
        "enterprise:assessment",
        visible=permissions.can_see_assessment,
        key="assessment",
    ),
]
