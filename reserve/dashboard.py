"""The reserve app's panels on the home page: each role's queue, in a fixed number of queries."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yingkou.choices import Role
from yingkou.dashboard import linked_count

from . import rules, selectors
from .choices import EntryStatus, PoolLevel
from .filters import EntryFilterSet, QueueFilterSet
from .models import Entry, MonthlyArchive, WeeklyUpdate


def panels(user) -> list[dict]:
    rows = []
    pool = selectors.pool_of_user(user) if user.has_role(Role.UNIT_STAFF) else None
    if pool is not None:
        entries = Entry.objects.with_related().filter(pool=pool)

        def mine(label, **params):
            return linked_count(
                label,
                url_name="reserve:my_pool",
                filterset=EntryFilterSet,
                queryset=entries,
                user=user,
                params=params,
            )

        rows += [
            mine(_("草稿待提交"), status=EntryStatus.DRAFT),
            mine(_("被退回待修改"), status=EntryStatus.RETURNED),
            mine(_("待单位审核"), status=EntryStatus.SUBMITTED, level=PoolLevel.LEVEL_2),
        ]
    if user.has_role(Role.UNIT_REVIEWER):

        def queue(label, **params):
            return linked_count(
                label,
                url_name="reserve:review_queue",
                filterset=QueueFilterSet,
                queryset=selectors.level2_queue(user),
                user=user,
                params=params,
            )

        rows += [
            queue(_("待审核（二级库）"), status=EntryStatus.SUBMITTED),
            queue(_("已入库待推荐一级库"), status=EntryStatus.APPROVED),
        ]
    if user.has_role(Role.UNIT_STAFF, Role.UNIT_REVIEWER) and user.unit_id:
        friday = rules.weekly_update_friday_rule(timezone.localdate())
        done = WeeklyUpdate.objects.filter(pool__unit_id=user.unit_id, week_friday=friday).exists()
        rows.append(
            (_("本周五更新"), _("已确认") if done else _("未确认"), reverse("reserve:my_pool"))
        )
    if user.has_role(Role.DRC_REVIEWER):
        rows.append(
            linked_count(
                _("一级库待审核"),
                url_name="reserve:drc_queue",
                filterset=QueueFilterSet,
                queryset=selectors.level1_queue(),
                user=user,
            )
        )
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
