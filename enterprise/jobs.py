"""Scheduled jobs of the enterprise app (SPEC §6). Each is idempotent for its period: its archive
has a unique (kind, period) key, so a second run of the period changes nothing."""

import datetime as dt

from django.utils import timezone

from yingkou.asof import scheduled_moment
from yingkou.dates import long_date
from yingkou.scheduling import PeriodNotOver, job, period_key
from yingkou.scheduling.periods import period_bounds

from . import notices, rules, selectors, services
from .models import Archive

VISIT_CHECK = "visit_compliance"
DEADLINES = "deadlines"
# The run record's outcome names what is overdue as the pages do.
OVERDUE_LABELS = {
    "complaints": "投诉举报",
    "problems": "企业问题",
    "actions": "协调事项",
    "promises": "政策承诺",
}


@job("monthly", "enterprise_visit_compliance", "重点企业每月对口服务情况（E-2）")
def visit_compliance(day: dt.date) -> str:
    """E-2: archive every key enterprise without a visit in the month, and who answers for it."""
    key = period_key("monthly", day)
    if Archive.objects.filter(kind=VISIT_CHECK, period=key).exists():
        return f"{key}：已归档"
    moment = selectors.visit_moment(day)
    rows = selectors.visit_check_rows(month=day, moment=moment)
    coverage = selectors.visit_coverage_by_unit(month=day, moment=moment)
    Archive.objects.create(
        kind=VISIT_CHECK,
        period=key,
        data={
            "missing": rows,
            "key_enterprises": sum(c.key for c in coverage),
            "visited": sum(c.visited for c in coverage),
        },
    )
    notices.visits_missed(key, rows)
    return f"{key}：{len(rows)} 家重点企业本月未走访"


@job("daily", "enterprise_deadlines", "企业问题、投诉举报、政策承诺到期和超期（E-3、E-4、E-6）")
def deadlines(day: dt.date) -> str:
    """Archive the day's overdue deadlines, with the overdue complaints per handling unit that the
    upper levels track (督办, E-4)."""
    key = period_key("daily", day)
    # As of the morning's run: a catch-up of the day archives what the on-time run would have,
    # a complaint answered or a promise kept since included.
    moment = scheduled_moment("daily", day)
    counts = selectors.overdue_counts(day, moment)
    data = {**counts, "complaints_by_unit": selectors.overdue_complaints_by_unit(day, moment)}
    Archive.objects.get_or_create(kind=DEADLINES, period=key, defaults={"data": data})
    notices.deadline_notices(day)
    return "；".join(
        f"{OVERDUE_LABELS.get(name, name)}超期 {count} 件" for name, count in counts.items()
    )


@job("quarterly", "enterprise_assessment", "各地区、各部门营商环境考核评价（E-7）")
def assessment(day: dt.date) -> str:
    """E-7: archive the quarter's assessment of every area and department once its figures'
    reporting window has closed; until then the run is deferred and retried."""
    key = period_key("quarterly", day)
    start, end = period_bounds("quarterly", day)
    _defer_while_reporting(key, end)
    created = services.assessment_archive(period=key, start=start, end=end)
    return f"{key}：归档考核评价 {created} 份"


@job(
    "yearly",
    "enterprise_annual_assessment",
    "各地区、各部门营商环境年度考核（E-7，截至12月31日冻结）",
)
def annual_assessment(day: dt.date) -> str:
    """E-7: freeze the year's assessment of every area and department as of 31 December (the
    fourth quarter's figures as reported in its window)."""
    key = period_key("yearly", day)
    start, end = period_bounds("yearly", day)
    _defer_while_reporting(key, end)
    created = services.assessment_archive(period=key, start=start, end=end)
    return f"{key}：归档年度考核 {created} 份"


def _defer_while_reporting(key: str, end: dt.date) -> None:
    """E-7: the runner makes a closed period due the day after it ends; the assessment waits
    further, until the units' reporting window has closed (deferred runs are retried daily)."""
    if not rules.assessment_may_archive_rule(end, timezone.localdate()):
        closes = rules.assessment_reporting_closes_rule(end)
        raise PeriodNotOver(f"{key}：考核数据报送至{long_date(closes)}，截止后考核")


@job("daily", "enterprise_inspection_merges_stuck", "待合并和无法合并的执法检查计划（E-5）")
def inspection_merges_stuck(day: dt.date) -> str:
    """E-5: every group of plans waiting to be merged is told as it stands — to those who merge
    it when it may be merged, with why and what to do when no agency may lead on the plans'
    days (notices.merge_groups_told), once per state. Every change to the plans, a unit or an
    enterprise's area tells at once; this catches a group nobody could be told of (its level had
    nobody to merge) once someone can. Running it again tells nobody twice."""
    told = notices.merge_groups_told()
    return f"待合并和无法合并的执法检查计划：通知 {told} 人次"
