"""Dashboard charts as plain data: a view puts them in the page with `json_script`, and
static/js/charts.js draws them with Apache ECharts (served from static/vendor/echarts)."""

import datetime as dt
from decimal import Decimal

from django.db import models
from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone


def chart(
    chart_id: str,
    title: str,
    *,
    kind: str,
    categories: list,
    series: list[dict],
    axes: list[str] | None = None,
    horizontal: bool = False,
) -> dict:
    """kind: bar, line, pie or funnel. A series is {"name", "values", optional "axis" (0 or 1),
    "kind" (bar/line), "stack", "threshold" and "threshold_label"}; `axes` names the units."""
    return {
        "id": f"chart-{chart_id}",
        "title": str(title),
        "spec": {
            "kind": kind,
            "categories": [str(c) for c in categories],
            "series": [
                {**s, "name": str(s["name"]), "values": [_plain(v) for v in s["values"]]}
                for s in series
            ],
            "axes": [str(a) for a in axes or []],
            "horizontal": horizontal,
        },
    }


def _plain(value):
    if isinstance(value, Decimal):
        return float(round(value, 2))
    return value


def last_months(count: int = 12, today: dt.date | None = None) -> list[dt.date]:
    """The first days of the last `count` months, oldest first, ending with the current one."""
    today = today or timezone.localdate()
    year, month = today.year, today.month
    months = []
    for _ in range(count):
        months.append(dt.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return list(reversed(months))


def monthly(queryset, date_field: str, months: list[dt.date], *, total: str | None = None):
    """Counts (or sums of `total`) per month of `date_field`, one query, zero-filled."""
    start = months[0]
    if isinstance(queryset.model._meta.get_field(date_field), models.DateTimeField):
        start = timezone.make_aware(dt.datetime.combine(start, dt.time.min))
    lookup = f"{date_field}__gte"
    rows = (
        queryset.filter(**{lookup: start})
        .annotate(month=TruncMonth(date_field))
        .order_by()
        .values("month")
        .annotate(value=Sum(total) if total else Count("pk"))
    )
    by_month = {}
    for row in rows:
        month = row["month"]
        if isinstance(month, dt.datetime):
            month = timezone.localtime(month).date() if timezone.is_aware(month) else month.date()
        by_month[month.replace(day=1)] = row["value"] or 0
    return [by_month.get(m, 0) for m in months]


def month_labels(months: list[dt.date]) -> list[str]:
    return [
        f"{m.year}年{m.month}月" if m.month == 1 or i == 0 else f"{m.month}月"
        for i, m in enumerate(months)
    ]
