"""Home-page panels of the negotiation app (fixed number of queries)."""

import datetime as dt

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yingkou.choices import Role

from . import selectors
from .choices import NegotiationStage
from .models import NegotiationCase

TEAM_ROLES = Role.unit_bound() | {Role.INVESTMENT_BUREAU, Role.DRC_REVIEWER}


def panels(user) -> list[dict]:
    today = timezone.localdate()
    soon = today + dt.timedelta(days=selectors.DUE_SOON_DAYS)
    questions_url = reverse("negotiation:questions")
    result = []
    if user.unit_id and user.role in TEAM_ROLES:
        counts = selectors.questions_for_unit(unit_id=user.unit_id, day=today)
        result.append(
            {
                "title": _("本单位待反馈的投资方问题"),
                "rows": [
                    (_("已逾期"), counts["late"], f"{questions_url}?mine=1&status=late"),
                    (_("今日到期"), counts["today"], f"{questions_url}?mine=1&status=due_today"),
                    (
                        _("3日内到期"),
                        counts["soon"],
                        f"{questions_url}?mine=1&status=open&due_before={soon.isoformat()}",
                    ),
                    (
                        _("逾期升级至本单位"),
                        selectors.escalated_queue(user=user).count(),
                        questions_url,
                    ),
                ],
            }
        )
    if user.has_role(Role.CITY_LEADER):
        waiting = selectors.city_inbox(user=user).count()
        led = selectors.led_by(NegotiationCase.objects.open(), user=user).count()
        result.append(
            {
                "title": _("市级领导洽谈事项"),
                "rows": [
                    (_("提请市政府解决的问题"), waiting, questions_url),
                    (
                        _("逾期升级至市政府的问题"),
                        selectors.escalated_queue(user=user).count(),
                        questions_url,
                    ),
                    (_("本人牵头的在谈项目"), led, reverse("negotiation:list") + "?mine=1"),
                ],
            }
        )
    if user.is_city_wide or (user.unit_id and user.role in Role.unit_bound()):
        cases = NegotiationCase.objects.visible_to(user).aggregate(
            open=Count("id", filter=Q(stage__in=NegotiationStage.open_stages())),
            investment=Sum(
                "project__total_investment",
                filter=Q(stage__in=NegotiationStage.open_stages()),
            ),
            signed=Count("id", filter=Q(signed_on__year=today.year)),
        )
        pool_url = reverse("negotiation:pool")
        result.append(
            {
                "title": _("在谈项目"),
                "rows": [
                    (_("在谈项目数"), cases["open"], pool_url),
                    (_("在谈总投资（万元）"), f"{cases['investment'] or 0:,.2f}", pool_url),
                    (
                        _("本年签约"),
                        cases["signed"],
                        reverse("negotiation:list") + "?status=closed",
                    ),
                ],
            }
        )
    return result
