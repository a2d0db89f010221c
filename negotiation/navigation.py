from django.utils.translation import gettext_lazy as _

from yingkou.choices import Role

NAV_ITEMS = [
    (_("项目洽谈"), "negotiation:list", None),
    (
        _("在谈项目库"),
        "negotiation:pool",
        frozenset({Role.INVESTMENT_BUREAU, Role.DRC_REVIEWER, Role.CITY_LEADER}),
    ),
]
