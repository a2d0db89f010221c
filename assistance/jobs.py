"""Scheduled jobs of the assistance app (SPEC §6): the daily deadline list (A-3, A-7), the monthly
dispatch of every promotion group and report to the city government (A-4, A-8), the quarterly
inspection report (A-8), the weekly dispatch of projects under construction (帮扶机制二(一)). Each
archives its result once per period."""

import datetime as dt

from django.utils import timezone

from yingkou.asof import end_of, live_moment, period_end, scheduled_moment
from yingkou.dates import long_date, month_day
from yingkou.models.deadlines import due_soon_until
from yingkou.notifications import deadline_notices_day
from yingkou.scheduling import PeriodNotOver, job, period_key
from yingkou.scheduling.periods import period_bounds

from . import notices, rules, selectors, services
from .choices import ReminderOccasion, ReportKind


def _moment(period: str, day: dt.date) -> dt.datetime:
    """A period is reported as of its end, read from the records' history, so a late run equals
    an on-time one; run by hand before the period ends, as of now."""
    return min(period_end(period, day), live_moment())


@job("daily", "assistance_deadlines", "精准帮扶问题和会议任务到期、逾期提醒")
def assistance_deadlines(day: dt.date) -> str:
    """List the problems and action items due soon and late (A-3, A-7)."""
    soon_until = due_soon_until(day)
    # Read as of the on-time run's moment: a catch-up of an earlier day archives what was open
    # then, not what is open today.
    moment = scheduled_moment("daily", day)
    lists = selectors.due_and_late(today=day, soon_until=soon_until, moment=moment)
    _, created = services.report_archive(
        kind=ReportKind.DEADLINES,
        period_key=period_key("daily", day),
        scope="city",
        title=f"{long_date(day)}精准帮扶问题到期提醒",
        # The cut-off says how "due" was counted: lists archived before it was kept counted 3
        # calendar days, and their page does not call them 3 working days.
        content={"date": day.isoformat(), "soon_until": soon_until.isoformat(), **lists},
    )
    notices.deadline_notices(day, soon_until=soon_until)
    return f"3个工作日内到期 {len(lists['due'])} 项，已超期 {len(lists['late'])} 项" + (
        "" if created else "（沿用已归档）"
    )


@job("daily", "assistance_follow_project", "精准帮扶项目随项目阶段移交或终止")
def assistance_follow_project(day: dt.date) -> str:
    """A-1, E-1: a case follows its project when the stage was changed elsewhere (the project
    page, another app): completed or operating → handed on to enterprise help; stopped → closed."""
    handed, closed = services.assistance_cases_follow_projects()
    return f"移交企业帮扶 {handed} 个，终止 {closed} 个"


@job("monthly", "assistance_dispatch", "精准帮扶推进组月调度及向市政府报告问题")
def assistance_dispatch(day: dt.date) -> str:
    """Archive every promotion group's dispatch and the report of reserve and construction
    problems to the city government for the month (A-4, A-8)."""
    key = period_key("monthly", day)
    first, _ = period_bounds("monthly", day)
    label = f"{first.year}年{first.month}月"
    snapshot = selectors.snapshot_at(_moment("monthly", day))
    # The groups, their names and areas as they stood at the month's end, as the cases are.
    groups = selectors.promotion_groups_as_of(snapshot.moment)
    for group in groups:
        content, lead_units = selectors.group_dispatch(group=group, snapshot=snapshot)
        dispatch, created = services.report_archive(
            kind=ReportKind.DISPATCH,
            period_key=key,
            scope=f"group-{group.id}",
            title=f"{group.name}{label}精准帮扶调度",
            content={"month": key, **content},
            lead_units=lead_units,
            group_areas=group.area_ids,
            group_people=group.people_ids,
        )
        if created:
            notices.dispatch_published(dispatch)
    report, created = services.report_archive(
        kind=ReportKind.CITY_REPORT,
        period_key=key,
        scope="city",
        title=f"{label}项目储备和建设中存在的困难和问题",
        content={"month": key, **selectors.city_report(snapshot=snapshot)},
    )
    if created:
        notices.city_report_published(report)
    outcome = f"{key}：{len(groups)} 个帮扶组调度，全市报告已生成"
    # an area no group covered is dispatched by nobody; the run says so (as the groups page),
    # of the month's end like the dispatches.
    uncovered = selectors.areas_without_group_as_of(snapshot.moment, groups)
    if uncovered:
        outcome += f"；无推进组负责、未调度的地区 {len(uncovered)} 个：{'、'.join(uncovered)}"
    return outcome


@job("quarterly", "assistance_inspection", "精准帮扶季度督导检查报告及季度考核")
def assistance_inspection(day: dt.date) -> str:
    """Archive the quarterly inspection report of every area and department, with its
    assessment — score, rank, verdict (A-8, 季度考核) — as of the quarter's end, once."""
    key = period_key("quarterly", day)
    start, _end = period_bounds("quarterly", day)
    content = selectors.inspection_report(day=day, moment=_moment("quarterly", day))
    report, created = services.report_archive(
        kind=ReportKind.INSPECTION,
        period_key=key,
        scope="city",
        title=selectors.inspection_title(start),
        content=content,
    )
    if created:
        notices.inspection_published(report)
    rows = report.content["rows"]
    return f"{key}：督导检查 {len(rows)} 个单位" + ("" if created else "（沿用已归档）")


@job("daily", "assistance_weekly_due_reminders", "在建项目周进展应报送日提醒（周五放假时提前）")
def assistance_weekly_due_reminders(day: dt.date) -> str:
    """帮扶机制二(一): on the week's due day (Friday, or earlier when Friday is a day off), remind
    the units whose projects under construction have not reported this week."""
    if rules.weekly_progress_due_rule(day) != day:
        return "今天不是应报送日"
    return f"发出提醒 {notices.weekly_progress_due(day)} 条"


@job("daily", "assistance_leader_missing_reminders", "帮扶项目缺帮扶领导提醒（A-2，每周调度日）")
def assistance_leader_missing_reminders(day: dt.date) -> str:
    """A-2: on the week's dispatch day, remind the areas and departments whose own cases still
    have no assisting leader (一个项目、一位领导)."""
    if rules.weekly_progress_due_rule(day) != day:
        return "今天不是周调度日"
    return f"发出提醒 {notices.leader_missing_reminders(day)} 条"


@job(
    "daily",
    "assistance_publication_reminders",
    "帮扶安排门户网站公示到期前、逾期提醒（A-5）",
)
def assistance_publication_reminders(day: dt.date) -> str:
    """A-5: remind each lead area or department of the arrangements it has to publish on its
    portal — 5 working days before the due day, and once it has passed unpublished — on working
    days (make-up Saturdays included); what came due on a day off or a day the job did not run
    is told on the next run. A catch-up run of an older day tells nobody: the run for today
    tells what is owed."""
    if not deadline_notices_day(day):
        return "非工作日或补跑以前的日期，不发提醒"
    counts = services.assistance_publication_remind(day=day)
    return (
        f"到期前提醒 {counts[ReminderOccasion.COMING]} 个，"
        f"逾期提醒 {counts[ReminderOccasion.OVERDUE]} 个"
    )


@job("weekly", "assistance_weekly_dispatch", "在建项目周调度归档及全市建设项目进展发布（A-8）")
def assistance_weekly_dispatch(day: dt.date) -> str:
    """A-8 (帮扶机制二(一) 周调度): archive the week's progress of every project under construction,
    as of the week's end, and publish it city-wide. Due on the week's Friday like every weekly job,
    it waits until the week is over (reports made on Saturday or Sunday still count, as late), so
    the runner defers it and the reconciler runs it on Monday."""
    monday, sunday = period_bounds("weekly", day)
    key = period_key("weekly", day)
    if not rules.weekly_week_over_rule(monday, timezone.localdate()):
        raise PeriodNotOver(f"{key}：本周至{month_day(sunday)}结束，结束后归档")
    content = selectors.weekly_dispatch(week=monday, moment=end_of(sunday))
    _, created = services.report_archive(
        kind=ReportKind.WEEKLY,
        period_key=key,
        scope="city",
        title=f"{long_date(monday)}至{month_day(sunday)}在建项目周调度",
        content=content,
    )
    reported, total = content["reported"], len(content["projects"])
    return f"{key}：在建项目 {total} 个，已报送 {reported} 个" + (
        "" if created else "（沿用已归档）"
    )
