"""Scheduled jobs of the enterprise app (SPEC §6). Each is idempotent for its period: its archive
has a unique (kind, period) key, so a second run of the period changes nothing."""

import datetime as dt

from django.db import transaction

from yingkou.scheduling import job, period_key
from yingkou.scheduling.periods import period_bounds

from . import selectors
from .models import Archive, AssessmentResult

VISIT_CHECK = "visit_compliance"
DEADLINES = "deadlines"


@job("monthly", "enterprise_visit_compliance", "重点企业每月对口服务情况（E-2）")
def visit_compliance(day: dt.date) -> str:
    """E-2: archive every key enterprise without a visit in the month, and who answers for it."""
    key = period_key("monthly", day)
    if Archive.objects.filter(kind=VISIT_CHECK, period=key).exists():
        return f"{key} already archived"
    moment = selectors.visit_moment(day)
    missing = selectors.enterprises_without_visit(month=day, moment=moment)
    rows = [
        {
            "enterprise": e.pk,
            "name": e.name,
            "responsible_unit": e.responsible_unit.name,
            "responsible_leader": str(e.responsible_leader or ""),
            "counterpart_unit": e.counterpart_unit.name,
            "last_visit": e.last_visit.isoformat() if e.last_visit else None,
        }
        for e in missing
    ]
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
    return f"{key}: {len(rows)} key enterprises without a visit"


@job("daily", "enterprise_deadlines", "企业问题、投诉举报、政策承诺到期和超期（E-3、E-4、E-6）")
def deadlines(day: dt.date) -> str:
    """Archive the day's overdue deadlines, with the overdue complaints per handling unit that the
    upper levels track (督办, E-4)."""
    key = period_key("daily", day)
    counts = selectors.overdue_counts(today=day)
    data = {**counts, "complaints_by_unit": selectors.overdue_complaints_by_unit(day)}
    Archive.objects.get_or_create(kind=DEADLINES, period=key, defaults={"data": data})
    return "; ".join(f"{name} overdue: {count}" for name, count in counts.items())


@job("quarterly", "enterprise_assessment", "各地区、各部门营商环境考核评价（E-7）")
def assessment(day: dt.date) -> str:
    """E-7: archive the quarter's assessment of every area and department."""
    key = period_key("quarterly", day)
    start, end = period_bounds("quarterly", day)
    with transaction.atomic():
        created = 0
        for row in selectors.assessment_preview(key, start, end):
            score = row["score"]
            _, was_created = AssessmentResult.objects.get_or_create(
                period=key,
                unit=row["unit"],
                defaults={
                    "market_growth": score.market_growth,
                    "satisfaction": row["figures"].satisfaction if row["figures"] else None,
                    "investment_growth": score.investment_growth,
                    "targets_rate": score.targets_rate,
                    "complaints_due": row["complaints_due"],
                    "complaints_on_time": row["complaints_on_time"],
                    "score": score.score,
                    "verdict": score.verdict,
                },
            )
            created += was_created
    return f"{key}: {created} assessments archived"
