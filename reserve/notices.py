"""Who the reserve app tells, and when (issue 11, point 5). Called from services and jobs."""

import datetime as dt
from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext as _

from yingkou.amounts import format_wan
from yingkou.choices import NotificationKind, Role
from yingkou.dates import month_day
from yingkou.models import User
from yingkou.notifications import (
    already_told,
    drc_unit_ids,
    leader_or_city_government,
    notify,
    units_named,
)
from yingkou.scheduling.periods import period_name

from .choices import PoolLevel, StepAction
from .models import Candidate, Entry, MonthlyArchive, Pool, Step


def weekly_update_reminder(pool: Pool, *, week: str, due: dt.date) -> int:
    """R-5: a pool late with its weekly update: its responsible person and its unit's staff
    (录入员). A pool with neither — no one named yet, and a unit without staff, as the DRC whose
    people are its reviewers — is reminded through every active user of its unit, so the
    reminder always reaches someone who can confirm the update or name the person."""
    staff = User.objects.filter(unit_id=pool.unit_id, role=Role.UNIT_STAFF, is_active=True)
    named = [pool.current_responsible] if pool.current_responsible else []
    users = [*staff, *named]
    return notify(
        kind=NotificationKind.RESERVE_WEEKLY_REMINDER,
        title=_("请于%(due)s前完成%(pool)s本周更新") % {"due": month_day(due), "pool": pool.name},
        key=f"reserve:pool:{pool.pk}:weekly:{week}",
        # Their own pool's page, where the update is confirmed: the dispatch table is the city's.
        url=reverse("reserve:my_pool"),
        users=users,
        units=() if users else [pool.unit],
    )


def entry_reviewed(entry: Entry, step: Step) -> int:
    """R-3: the declarer learns that the declaration was approved or returned, and why. A
    level-1 result also goes to the unit's reviewers: they recommended it, and after a return only
    they can recommend it again (the declarer corrects the project but cannot resubmit it)."""
    if step.action not in (StepAction.APPROVE, StepAction.RETURN):
        return 0
    users = [entry.declared_by]
    body = step.comment
    if step.level == PoolLevel.LEVEL_1:
        title = _("储备项目一级库%(result)s：%(project)s")
        users += User.objects.filter(
            unit_id=entry.pool.unit_id, role=Role.UNIT_REVIEWER, is_active=True
        )
        if step.action == StepAction.RETURN:
            body = _("%(comment)s\n修改后由本单位审核人重新推荐至一级库。") % {"comment": body}
    else:
        title = _("储备项目申报%(result)s：%(project)s")
    return notify(
        kind=NotificationKind.DECLARATION_APPROVED
        if step.action == StepAction.APPROVE
        else NotificationKind.DECLARATION_RETURNED,
        title=title % {"result": step.get_action_display(), "project": entry.project.name},
        body=body,
        key=f"reserve:entry:{entry.pk}:step:{step.pk}",
        url=reverse("reserve:entry_detail", args=[entry.pk]),
        users=users,
    )


def circular_published(circular: MonthlyArchive) -> int:
    """R-6: the month's circular, once, to every unit whose pool it reports on, found by id: the
    circular names units as they were at the month's end, and a unit renamed since is told all
    the same (a circular archived before it kept ids, by name)."""
    key = f"reserve:circular:{circular.period}"
    if already_told(kind=NotificationKind.CIRCULAR, key=key):
        return 0
    rows = circular.data.get("rows", [])
    return notify(
        kind=NotificationKind.CIRCULAR,
        title=_("%(month)s储备工作通报已发布") % {"month": period_name(circular.period)},
        key=key,
        url=reverse("reserve:circular", args=[circular.period]),
        units=[
            *(row["unit_id"] for row in rows if "unit_id" in row),
            *units_named(row["unit"] for row in rows if "unit_id" not in row),
        ],
    )


def city_summary_reported(summary: MonthlyArchive) -> int:
    """R-6: the month's city-wide reserve summary is reported to the city government (市发展改革委
    定期将全市项目储备汇总情况向市政府报告), once: to everyone of the city government, as A-8's
    monthly report is. The circular's page carries the summary."""
    key = f"reserve:city-summary:{summary.period}"
    if already_told(kind=NotificationKind.CIRCULAR, key=key):
        return 0
    figures = summary.data
    return notify(
        kind=NotificationKind.CIRCULAR,
        title=_("%(month)s全市项目储备汇总情况已报市政府") % {"month": period_name(summary.period)},
        body=_(
            "二级库在库项目%(projects)s个，在库总投资%(investment)s万元；"
            "健康度全部达标的库%(healthy)s个（共%(pools)s个）。"
        )
        % {
            "projects": figures.get("projects", 0),
            "investment": format_wan(Decimal(figures.get("total_investment", "0"))),
            "healthy": figures.get("healthy_pools", 0),
            "pools": figures.get("pools", 0),
        },
        key=key,
        url=reverse("reserve:circular", args=[summary.period]),
        **leader_or_city_government(None),
    )


def detail_list_provided(detail_list: MonthlyArchive) -> int:
    """R-6 ("市发展改革委每月向市招商局通报全市储备项目情况，提供项目明细表"): the month's archived
    project detail list is announced to the investment bureau, once, pointing at the page it is
    downloaded from — the bureau's people, who alone download it besides the DRC
    (`permissions.can_download_monthly_list`)."""
    key = f"reserve:detail-list:{detail_list.period}"
    if already_told(kind=NotificationKind.CIRCULAR, key=key):
        return 0
    return notify(
        kind=NotificationKind.CIRCULAR,
        title=_("%(month)s全市储备项目明细表已提供") % {"month": period_name(detail_list.period)},
        body=_("全市储备项目%(count)s个，总投资%(investment)s万元，供招商引资工作参考。")
        % {
            "count": detail_list.row_count,
            "investment": format_wan(Decimal(detail_list.data.get("total_investment", "0"))),
        },
        key=key,
        url=reverse("reserve:monthly"),
        users=User.objects.filter(role=Role.INVESTMENT_BUREAU, is_active=True),
    )


def candidate_removed(candidate: Candidate) -> int:
    """R-9: a candidate taken off the list — the other side hears of it: the DRC when the unit
    that chose it removed it, that unit when the DRC did, and whoever chose it unless he removed
    it himself; the remover's own unit is not told of its own act."""
    chooser = candidate.added_by
    remover = candidate.removed_by
    units = {chooser.unit_id, *drc_unit_ids()} - {remover.unit_id, None}
    return notify(
        kind=NotificationKind.CANDIDATE_REMOVED,
        title=_("%(project)s已从%(year)s年%(channel)s候选项目中移除")
        % {
            "project": candidate.project.name,
            "year": candidate.year,
            "channel": candidate.get_channel_display(),
        },
        body=_("移除人：%(who)s；理由：%(reason)s（R-9）")
        % {"who": remover.display_name, "reason": candidate.removal_reason},
        key=f"reserve:candidate:{candidate.pk}:removed",
        url=reverse("reserve:candidates") + "?removed=1",
        users=[chooser] if chooser.pk != remover.pk else [],
        units=units,
    )
