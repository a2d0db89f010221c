"""Scheduled jobs of the reserve app, registered with yingkou.scheduling (SPEC §6).

The runner refuses a month that has not ended before any job is called, and the archive services
refuse it again (R-6) for every other caller, so the jobs carry no check of their own."""

import datetime as dt

from yingkou.scheduling import job


@job("weekly", "reserve_friday_reminders", "储备库周五更新提醒及周调度（R-5）")
def friday_reminders(day: dt.date) -> str:
    """R-5: on Friday, remind every pool that has not confirmed this week's update."""
    from .services import weekly_reminders_create

    return f"发出提醒 {weekly_reminders_create(day=day)} 条"


@job("daily", "reserve_weekly_due_reminders", "储备库周更新应更新日提醒（R-5，周五放假时提前）")
def weekly_due_reminders(day: dt.date) -> str:
    """R-5: when Friday is a day off the update is due earlier in the week; remind on that day.
    On an ordinary Friday this and the Friday job remind once between them."""
    from .rules import weekly_update_due_rule
    from .services import weekly_reminders_create

    if weekly_update_due_rule(day) != day:
        return "今天不是应更新日"
    return f"发出提醒 {weekly_reminders_create(day=day)} 条"


@job("monthly", "reserve_monthly_circular", "储备工作月度通报及全市汇总（R-6）")
def monthly_circular(day: dt.date) -> str:
    """R-6: archive the circular of every unit's reserve work, circulated to the units, and the
    city summary, reported to the city government."""
    from .notices import circular_published, city_summary_reported
    from .services import monthly_archive_circular

    circular, summary = monthly_archive_circular(year=day.year, month=day.month)
    circular_published(circular)
    city_summary_reported(summary)
    return f"{circular.period}：{circular.row_count} 个储备库"


@job("monthly", "reserve_monthly_list", "招商局月度项目明细表（R-6）")
def monthly_list(day: dt.date) -> str:
    """R-6: archive the project detail list the investment bureau downloads, and tell the
    bureau it is there."""
    from .notices import detail_list_provided
    from .services import monthly_archive_detail_list

    archive = monthly_archive_detail_list(year=day.year, month=day.month)
    detail_list_provided(archive)
    return f"{archive.period}：{archive.row_count} 个项目"
