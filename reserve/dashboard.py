"""The reserve app's panels on the home page: each role's queue, in a fixed number of queries."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yingkou.choices import Role

from . import rules, selectors
from .models import MonthlyArchive, WeeklyUpdate


def panels(user) -> list[dict]:
    rows = []
    counts = selectors.queue_counts(user)
    if user.has_role(Role.UNIT_STAFF):
        mine = reverse("reserve:my_pool")
        rows += [
            (_("草稿待提交"), counts["drafts"], f"{mine}?status=draft"),
            (_("被退回待修改"), counts["returned"], f"{mine}?status=returned"),
            (_("待单位审核"), counts["pending_l2"], f"{mine}?status=submitted"),
        ]
    if user.has_role(Role.UNIT_REVIEWER):
        queue = reverse("reserve:review_queue")
        rows += [
            (_("待审核（二级库）"), counts["pending_l2"], queue),
            (_("已入库待推荐一级库"), counts["to_recommend"], queue),
        ]
    if user.has_role(Role.UNIT_STAFF, Role.UNIT_REVIEWER) and user.unit_id:
        friday = rules.weekly_update_friday_rule(timezone.localdate())
        done = WeeklyUpdate.objects.filter(pool__unit_id=user.unit_id, week_friday=friday).exists()
        rows.append(
            (_("本周五更新"), _("已确认") if done else _("未确认"), reverse("reserve:my_pool"))
        )
    if user.has_role(Role.DRC_REVIEWER):
        rows.append((_("一级库待审核"), counts["pending_l1"], reverse("reserve:drc_queue")))
    if user.has_role(Role.INVESTMENT_BUREAU, Role.DRC_REVIEWER):
        latest = (
            MonthlyArchive.objects.filter(kind="detail_list")
            .values_list("period", flat=True)
            .order_by("-period")
            .first()
        )
        rows.append((_("最新项目明细表"), latest or _("暂无"), reverse("reserve:monthly")))
    if not rows:
        return []
    return [{"title": _("项目储备"), "rows": rows}]
