"""Dashboard charts as plain data: a view puts them in the page with `json_script`, and
static/js/charts.js draws them with Apache ECharts (served from static/vendor/echarts)."""

import datetime as dt
from decimal import Decimal

from django.db import models
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext


def chart(
    chart_id: str,
    title: str,
    *,
    kind: str,
    categories: list,
    series: list[dict],
    axes: list[str] | None = None,
    horizontal: bool = False,
    every_label: bool = False,
) -> dict:
    """kind: bar, line, pie or funnel. A series is {"name", "values", optional "axis" (0 or 1),
    "kind" (bar/line), "stack", "threshold", "threshold_label", and "tone" (bar/line) or
    "tones" (one per slice of a pie or funnel)}; `axes` names the units. A series of amounts
    (Decimal values) is drawn with two decimals. A tone (TONES) colours
    a state the same on every page: overdue is red, as the lists show it. `every_label`: each
    category is named (a month axis), the labels turned where they do not fit side by side,
    rather than some left out. `empty`: nothing to draw (no category, or every value zero or
    missing); the page says so instead of an empty axis."""
    values = [v for s in series for v in s["values"]]
    return {
        "id": f"chart-{chart_id}",
        "title": str(title),
        "empty": not categories or not any(values),
        "spec": {
            "kind": kind,
            "categories": [str(c) for c in categories],
            "series": [
                {
                    **s,
                    "name": str(s["name"]),
                    "values": [_plain(v) for v in s["values"]],
                    **_amounts(s["values"]),
                }
                for s in series
            ],
            "axes": [str(a) for a in axes or []],
            "horizontal": horizontal,
            "every_label": every_label,
        },
    }


#: The states a series or slice may be coloured by (static/js/charts.js draws them; the colours
#: are those of the lists: .bad, .u-amber, .ok and the slate of a bar still within its time).
TONES = ("late", "warn", "done", "open")


def amount_axis(values: list) -> tuple[list, str]:
    """Amounts in 万元 on a value axis, in 亿元 once the largest is 1亿元 or more: the axis then
    reads 100, 200 … rather than 1,000,000, 2,000,000 … run together."""
    largest = max((abs(v) for v in values if v is not None), default=0)
    if largest < 10000:
        return values, gettext("万元")
    return [None if v is None else Decimal(v) / 10000 for v in values], gettext("亿元")


def _amounts(values: list) -> dict:
    """An amount (a Decimal of 万元 or 亿元) is written with its two decimals, as the tables
    write it: a series of them says so to the drawing."""
    return {"decimals": 2} if any(isinstance(v, Decimal) for v in values) else {}


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
    start, end = _bounds(queryset.model, date_field, months[0], _next_month(months[-1]))
    rows = queryset.filter(**{f"{date_field}__gte": start, f"{date_field}__lt": end})
    aggregates = per_month("value", queryset.model, date_field, months, total=total)
    return per_month_values(rows.aggregate(**aggregates), "value", months)


def per_month(
    prefix: str, model, date_field: str, months: list[dt.date], *, total: str | None = None
) -> dict:
    """Aggregates `{prefix}_{i}`: the count (or sum of `total`) of the rows whose `date_field`
    falls in month i. Conditional aggregates, so that several series and other figures come
    out of one pass over the rows (`aggregate(**per_month(...), ...)`) instead of one query
    each: at city scale a dashboard's queries are full scans of 20,000-100,000 rows."""
    bounds = [*months, _next_month(months[-1])]
    result = {}
    for index, (first, after) in enumerate(zip(bounds, bounds[1:], strict=False)):
        start, end = _bounds(model, date_field, first, after)
        in_month = Q(**{f"{date_field}__gte": start, f"{date_field}__lt": end})
        result[f"{prefix}_{index}"] = (
            Sum(total, filter=in_month) if total else Count("pk", filter=in_month)
        )
    return result


def per_month_values(row: dict, prefix: str, months: list[dt.date]) -> list:
    """The values of `per_month(prefix, ...)` in a result row, zero-filled."""
    return [row[f"{prefix}_{index}"] or 0 for index in range(len(months))]


def _bounds(model, date_field: str, start: dt.date, end: dt.date) -> tuple:
    """The days as values of the field: local midnights for a date-time field."""
    if isinstance(model._meta.get_field(date_field), models.DateTimeField):
        return tuple(
            timezone.make_aware(dt.datetime.combine(day, dt.time.min)) for day in (start, end)
        )
    return start, end


def _next_month(month: dt.date) -> dt.date:
    return dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)


def month_labels(months: list[dt.date]) -> list[str]:
    return [
        f"{m.year}年{m.month}月" if m.month == 1 or i == 0 else f"{m.month}月"
        for i, m in enumerate(months)
    ]
