"""A chart colours a state as the lists do (overdue is red everywhere), says in words when it has
nothing to draw, and gives large amounts an axis that reads."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.template.loader import render_to_string

from yingkou import charts

ROOT = Path(__file__).resolve().parents[2]


def test_an_empty_chart_says_so_instead_of_drawing_an_empty_axis():
    empty = charts.chart(
        "problems",
        "帮扶问题",
        kind="bar",
        categories=["土地"],
        series=[{"name": "已逾期", "values": [0]}],
    )
    assert empty["empty"]
    html = render_to_string("includes/chart.html", {"chart": empty})
    assert "暂无数据" in html and "data-chart=" not in html
    drawn = charts.chart(
        "x", "x", kind="bar", categories=["a"], series=[{"name": "n", "values": [3]}]
    )
    assert not drawn["empty"]
    assert 'data-chart="chart-x"' in render_to_string("includes/chart.html", {"chart": drawn})
    assert charts.chart("y", "y", kind="pie", categories=[], series=[{"name": "n", "values": []}])[
        "empty"
    ]


@pytest.mark.django_db
def test_overdue_problems_and_complaints_are_red_as_on_the_lists(drc):
    from assistance.dashboard import problem_chart
    from assistance.selectors import problem_list
    from enterprise.dashboard import complaint_chart

    series = problem_chart(problem_list(user=drc), "t", "p")["spec"]["series"]
    assert {s["name"]: s["tone"] for s in series}["已逾期"] == "late"
    assert {s["name"]: s["tone"] for s in series}["待解决（未逾期）"] == "open"
    from django.utils import timezone

    spec = complaint_chart(drc, timezone.localdate())["spec"]
    tones = dict(zip(spec["categories"], spec["series"][0]["tones"], strict=True))
    assert tones["超期未答复"] == "late"
    script = (ROOT / "static/js/charts.js").read_text()
    css = (ROOT / "static/css/site.css").read_text()
    red = re.search(r"\.bad \{ color: (#[0-9a-f]{6})", css)[1]
    assert f'late: "{red}"' in script
    palette = re.search(r"var PALETTE = \[([^\]]*)\]", script)[1]
    assert red not in palette and "#b71c1c" not in palette  # red is only for overdue


def test_large_amounts_are_drawn_in_yi_yuan():
    values, unit = charts.amount_axis([Decimal("2000000000.00"), Decimal("50000.00"), None])
    assert unit == "亿元" and values == [Decimal("200000"), Decimal("5"), None]
    assert charts.amount_axis([Decimal("9000.00")]) == ([Decimal("9000.00")], "万元")
