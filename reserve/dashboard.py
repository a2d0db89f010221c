"""The reserve app's panels on the home page: each role's queue, in a fixed number of queries."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yingkou import charts
from yingkou.choices import Role
from yingkou.dashboard import linked_count
from yingkou.industries import SECTIONS
from yingkou.scheduling.periods import period_name

from . import permissions as perms
from . import rules, selectors
from .choices import EntryStatus, PoolLevel
from .filters import EntryFilterSet, QueueFilterSet
from .models import Entry, MonthlyArchive, Pool, WeeklyUpdate


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
    if perms.can_review_own_pool(user):

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
        own_pool = selectors.pool_of_user(user)
        if own_pool is not None:
            # the unit proposes the handover of its pooled projects (can_hand_over).
            rows.append(_handover_pending(user, pool=own_pool.pk))
    if perms.has_own_pool(user):
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
        rows.append(_handover_pending(user))
    if user.has_role(Role.INVESTMENT_BUREAU, Role.DRC_REVIEWER):
        latest = (
            MonthlyArchive.objects.filter(kind="detail_list")
            .values_list("period", flat=True)
            .order_by("-period")
            .first()
        )
        rows.append(
            (
                _("最新项目明细表"),
                period_name(latest) if latest else _("暂无"),
                reverse("reserve:monthly"),
            )
        )
    panel_charts = reserve_charts(user)
    items = my_entries(user)
    if not rows and not panel_charts:
        return []
    return [{"title": _("项目储备"), "rows": rows, "charts": panel_charts, "records": items}]


def _handover_pending(user, **params) -> tuple:
    """R-8: the pooled projects with a clear investor intent still waiting to be handed to
    key-project assistance (`rules.handover_pending_q`), on the entry list that opens them."""
    return linked_count(
        _("待转入精准帮扶"),
        url_name="reserve:entry_list",
        filterset=EntryFilterSet,
        queryset=selectors.entries_for(user),
        user=user,
        params={**params, "handover_pending": "true"},
    )


def my_entries(user) -> dict | None:
    """The entries waiting for this user: a clerk's drafts and returns, a reviewer's queue, the
    DRC's level-1 queue (ten at most, one query)."""
    if user.has_role(Role.DRC_REVIEWER):
        queryset = selectors.level1_queue()
    elif user.has_role(Role.UNIT_REVIEWER):
        queryset = selectors.level2_queue(user)
    elif user.has_role(Role.UNIT_STAFF) and user.unit_id:
        queryset = Entry.objects.with_related().filter(
            pool__unit_id=user.unit_id, status__in=(EntryStatus.DRAFT, EntryStatus.RETURNED)
        )
    else:
        return None
    return {
        "title": _("我的待办申报"),
        "rows": [
            (
                entry.project.name,
                reverse("reserve:entry_detail", args=[entry.pk]),
                entry.state_label,
            )
            for entry in queryset[:10]
        ],
    }


def reserve_charts(user) -> list[dict]:
    """Pooled investment by area and by industry, and each pool's R-4 ratios against their
    thresholds, for the pools the user may see (two queries)."""
    pools, by_section = selectors.pools_with_health_by_section(Pool.objects.visible_to(user))
    pools = [p for p in pools if p.level == PoolLevel.LEVEL_2]
    if not pools:
        return []
    result = []
    if len(pools) > 1:
        totals, unit = charts.amount_axis([p.health.total_investment for p in pools])
        result.append(
            charts.chart(
                "reserve-by-area",
                _("入库项目总投资（按单位）"),
                kind="bar",
                categories=[p.unit.name for p in pools],
                series=[{"name": _("在库总投资"), "values": totals}],
                axes=[unit],
                horizontal=True,
            )
        )
    sections = sorted(by_section.items(), key=lambda item: -item[1])
    result.append(
        charts.chart(
            "reserve-by-industry",
            _("入库项目总投资（按行业门类）"),
            kind="pie",
            categories=[SECTIONS.get(section, section) for section, _total in sections],
            series=[
                {"name": _("在库总投资（万元）"), "values": [total for _section, total in sections]}
            ],
        )
    )

    def percent(value):
        return None if value is None else round(float(value) * 100, 1)

    result.append(
        charts.chart(
            "reserve-health",
            _("各储备库健康度（R-4，%）"),
            kind="bar",
            categories=[p.unit.name for p in pools],
            series=[
                {
                    "name": _("在库总投资／规划投资总额"),
                    "values": [percent(p.health.plan_ratio) for p in pools],
                    "threshold": float(rules.PLAN_MULTIPLE * 100),
                    "threshold_label": _("2倍"),
                },
                {
                    "name": _("非房地产占比"),
                    "values": [percent(p.health.non_real_estate_share) for p in pools],
                    "threshold": float(rules.NON_REAL_ESTATE_MIN_SHARE * 100),
                    "threshold_label": "80%",
                },
                {
                    "name": _("5亿元以上（含5亿元）占比"),
                    "values": [percent(p.health.large_share) for p in pools],
                    "threshold": float(rules.LARGE_MIN_SHARE * 100),
                    "threshold_label": "30%",
                },
            ],
            axes=["%"],
        )
    )
    return result
