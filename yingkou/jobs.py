"""Foundation jobs: keep the working-day calendar trustworthy ahead of time (SPEC §1)."""

import datetime as dt

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
