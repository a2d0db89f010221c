"""Scheduled jobs of the negotiation app, registered with yingkou.scheduling (SPEC §6)."""

import datetime as dt

from yingkou.asof import scheduled_moment
from yingkou.scheduling import job

from .choices import ArchiveKind


@job("daily", "negotiation_question_deadlines", "投资方问题到期及逾期清单（N-4）")
def question_deadlines(day: dt.date) -> str:
    """N-4: list the investor questions due today and the late ones; the list is kept per day,
    as of the morning's run, so a catch-up of the day keeps what the on-time run would have."""
    from .models import NegotiationArchive
    from .notices import deadline_notices
    from .selectors import questions_due_and_late

    due, late = questions_due_and_late(day, scheduled_moment("daily", day))
    archive, created = NegotiationArchive.objects.get_or_create(
        kind=ArchiveKind.QUESTION_DEADLINES,
        period=day.isoformat(),
        defaults={"payload": {"due": due, "late": late}},
    )
    payload = archive.payload
    deadline_notices(day)
    return f"今日到期 {len(payload['due'])} 项，已超期 {len(payload['late'])} 项" + (
        "" if created else "（沿用已归档）"
    )


@job("daily", "negotiation_question_escalation", "逾期投资方问题按渠道升级（N-4）")
def question_escalation(day: dt.date) -> str:
    """N-4: escalate the questions past due along their route."""
    from .services import investor_questions_escalate

    return f"升级 {investor_questions_escalate(day=day)} 个逾期问题"


@job(
    "daily",
    "negotiation_report_reminders",
    "洽谈项目月度推进情况上报提醒（N-6，月末前3个工作日和最后一个工作日）",
)
def report_reminders(day: dt.date) -> str:
    """N-6: on the month's reminder days, remind each lead unit whose teams have not reported
    the month's progress yet; told once per reminder and month, so a rerun tells nobody twice."""
    from .notices import progress_reports_due
    from .rules import progress_report_reminder_rule

    if progress_report_reminder_rule(day) is None:
        return "今天不是推进情况上报提醒日"
    return f"发出提醒 {progress_reports_due(day)} 条"


@job("monthly", "negotiation_circular", "洽谈项目月度通报（N-6）")
def monthly_circular(day: dt.date) -> str:
    """N-6: archive the month's negotiation circular (page + Excel), once per month."""
    from .models import NegotiationArchive
    from .notices import circular_published
    from .selectors import circular_payload

    payload = circular_payload(day)
    archive, created = NegotiationArchive.objects.get_or_create(
        kind=ArchiveKind.CIRCULAR, period=payload["period"], defaults={"payload": payload}
    )
    if created:
        circular_published(archive.payload)
    return f"{archive.period}：{len(archive.payload['rows'])} 个洽谈项目" + (
        "" if created else "（沿用已归档）"
    )


@job("yearly", "negotiation_appraisal", "洽谈工作年终考核（N-6，截至12月31日冻结）")
def year_end_appraisal(day: dt.date) -> str:
    """N-6: freeze the year's appraisal of every lead unit as of 31 December."""
    from .services import appraisal_freeze

    archive = appraisal_freeze(year=day.year)
    return f"{archive.period}：{len(archive.payload['rows'])} 个单位"
