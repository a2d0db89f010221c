"""Foundation jobs: keep the working-day calendar trustworthy ahead of time (SPEC §1), and send
the daily digest email to the users who chose it (提醒设置)."""

import datetime as dt

from yingkou.notifications import daily_digest_day, notification_daily_digests_queue
from yingkou.scheduling import job
from yingkou.workdays import official_data_known


@job("daily", "calendar_coverage", "工作日历覆盖检查")
def calendar_coverage(day: dt.date) -> str:
    """Warn in December when next year's make-up working days still have to be entered."""
    from yingkou.models import CalendarDay

    next_year = day.year + 1
    if day.month < 12 or official_data_known(next_year):
        return "日历完整"
    entered = CalendarDay.objects.filter(date__year=next_year, is_working_day=True).count()
    return f"{next_year}：尚无国务院放假安排，已录入调休上班日 {entered} 天"


@job("daily", "notification_daily_digest", "每日汇总邮件（工作日）", after_others=True)
def notification_daily_digest(day: dt.date) -> str:
    """Email each user who chose 每日汇总 one digest of their notices not yet emailed and still
    unread, on working days (`daily_digest_day`). It runs after the other daily jobs, so the
    morning's reminders are in it; the emails go after the run commits (`send_daily_digests`),
    each recipient claimed as it goes, so a failure part way through sends nobody twice."""
    if not daily_digest_day(day):
        return "非工作日或补跑以前的日期，不发送；未发送的通知由下一个工作日的汇总发送"
    return f"每日汇总邮件：{notification_daily_digests_queue()} 人有待发送的通知"
