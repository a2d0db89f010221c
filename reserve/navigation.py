"""The reserve app's entries in the top navigation, by role."""

from django.utils.translation import gettext_lazy as _

from yingkou.choices import Role

NAV_ITEMS = [
    (_("我的储备库"), "reserve:my_pool", frozenset({Role.UNIT_STAFF, Role.UNIT_REVIEWER})),
    (_("申报项目"), "reserve:declare", frozenset({Role.UNIT_STAFF})),
    (_("二级库审核"), "reserve:review_queue", frozenset({Role.UNIT_REVIEWER})),
    (_("一级库审核"), "reserve:drc_queue", frozenset({Role.DRC_REVIEWER})),
    (
        _("储备库"),
        "reserve:pool_list",
        frozenset({Role.DRC_REVIEWER, Role.INVESTMENT_BUREAU, Role.CITY_LEADER}),
    ),
    (_("周调度"), "reserve:weekly", frozenset({Role.DRC_REVIEWER})),
    (_("月度明细表"), "reserve:monthly", frozenset({Role.INVESTMENT_BUREAU, Role.DRC_REVIEWER})),
    (_("储备月报"), "reserve:monthly", frozenset({Role.CITY_LEADER})),
    (_("候选项目"), "reserve:candidates", frozenset({Role.DRC_REVIEWER, Role.INVESTMENT_BUREAU})),
]
