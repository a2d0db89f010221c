"""Where the dashboard charts put their words, drawn by static/js/charts.js in headless Chromium
from the specs the dashboards build (yingkou.charts.chart), in the chart cards of site.css at a
desktop (1366 px) and a phone (375 px) width: threshold labels, slice names and month labels
each readable, none on top of another."""

import datetime as dt
import mimetypes
from decimal import Decimal
from pathlib import Path

import pytest
from django.template.loader import render_to_string

from tests.browser import VIEWPORTS
from yingkou import charts

pytestmark = [pytest.mark.browser]

ROOT = Path(__file__).resolve().parent.parent
ORIGIN = "http://charts.test"
PAGE = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<link rel="stylesheet" href="/static/css/site.css"></head>
<body><main><section class="card panel"><div class="grid charts">{cards}</div></section></main>
<script src="/static/vendor/echarts/echarts.min.js"></script>
<script src="/static/js/charts.js"></script></body></html>"""


# Every chart drawn and still: ECharts moves its labels into place for a second.
DRAWN = """() => [...document.querySelectorAll('[data-chart]')].every((el) => {
  const chart = window.echarts && echarts.getInstanceByDom(el);
  return chart && chart.getZr().animation.isFinished();
})"""


def draw(browser, viewport: str, specs: list[dict]):
    """A page of chart cards in a home page's panel, as the dashboards draw them; static files
    from the repository."""
    width, height = VIEWPORTS[viewport]
    context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": height})
    page = context.new_page()
    cards = "".join(render_to_string("includes/chart.html", {"chart": spec}) for spec in specs)

    def serve(route):
        path = route.request.url.removeprefix(ORIGIN)
        if path.startswith("/static/"):
            file = ROOT / path.removeprefix("/")
            route.fulfill(
                body=file.read_bytes(),
                content_type=mimetypes.guess_type(file.name)[0] or "text/plain",
            )
        else:
            route.fulfill(body=PAGE.format(cards=cards), content_type="text/html")

    page.route(f"{ORIGIN}/**", serve)
    page.goto(f"{ORIGIN}/")
    page.wait_for_function(DRAWN)
    return context, page


# The texts a chart draws, and of those `wanted` names (all when null) each with its string as drawn (a truncated one
# ends in …), the pairs of them drawn one over the other or closer than `gap` px, and those
# cut off by the chart's edge. Two texts at one angle are
# compared in the frame of the first, as the rotated rectangles they are: the upright boxes of
# a row of labels at 45° overlap however far apart the labels stand.
DRAWN_TEXTS = """([id, wanted, gap]) => {
  const chart = echarts.getInstanceByDom(document.querySelector(`[data-chart="${id}"]`));
  const texts = [];
  chart.getZr().storage.getDisplayList(true).forEach((el) => {
    if (el.type !== 'tspan' && el.type !== 'text') return;
    if (el.ignore || el.invisible || !el.style || !el.style.text) return;
    const m = el.getComputedTransform() || [1, 0, 0, 1, 0, 0];
    const r = el.getBoundingRect();
    const corners = [[r.x, r.y], [r.x + r.width, r.y], [r.x, r.y + r.height],
                     [r.x + r.width, r.y + r.height]]
      .map(([x, y]) => [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]]);
    texts.push({ text: String(el.style.text), m, r, corners,
                 angle: Math.round(Math.atan2(m[1], m[0]) * 180 / Math.PI) });
  });
  const toLocal = (m, [x, y]) => {
    const det = m[0] * m[3] - m[1] * m[2];
    const dx = x - m[4], dy = y - m[5];
    return [(m[3] * dx - m[2] * dy) / det, (m[0] * dy - m[1] * dx) / det];
  };
  const box = (points) => [Math.min(...points.map((p) => p[0])), Math.min(...points.map((p) => p[1])),
                           Math.max(...points.map((p) => p[0])), Math.max(...points.map((p) => p[1]))];
  const shown = texts.filter((t) => wanted === null || wanted.includes(t.text));
  const overlaps = [];
  shown.forEach((a, i) => shown.slice(i + 1).forEach((b) => {
    const same = a.angle === b.angle;
    const boxA = same ? [a.r.x, a.r.y, a.r.x + a.r.width, a.r.y + a.r.height] : box(a.corners);
    const boxB = box(same ? b.corners.map((p) => toLocal(a.m, p)) : b.corners);
    if (boxA[0] < boxB[2] + gap && boxB[0] < boxA[2] + gap
        && boxA[1] < boxB[3] + gap && boxB[1] < boxA[3] + gap) {
      overlaps.push([a.text, b.text]);
    }
  }));
  const [width, height] = [chart.getWidth(), chart.getHeight()];
  const outside = shown.filter((t) => {
    const [x0, y0, x1, y1] = box(t.corners);
    return x0 < -0.5 || y0 < -0.5 || x1 > width + 0.5 || y1 > height + 0.5;
  }).map((t) => t.text);
  return { texts: texts.map((t) => t.text), overlaps, outside };
}"""


def health_chart() -> dict:
    """The R-4 chart as reserve.dashboard builds it, for pools one of which holds seven times
    its plan: the 80% and 30% lines are then some 15 px apart."""
    pools = ["鲅鱼圈区", "盖州市", "营口市水利局", "营口市总工会", "站前区", "老边区"]
    return charts.chart(
        "reserve-health",
        "各储备库健康度（R-4，%）",
        kind="bar",
        categories=pools,
        series=[
            {
                "name": "在库总投资／规划投资总额",
                "values": [600.0, 462.5, 520.0, 140.0, 670.0, 250.0],
                "threshold": 200.0,
                "threshold_label": "2倍",
            },
            {
                "name": "非房地产占比",
                "values": [100.0, 95.2, 88.0, 100.0, 92.1, 79.5],
                "threshold": 80.0,
                "threshold_label": "80%",
            },
            {
                "name": "5亿元以上（含5亿元）占比",
                "values": [35.0, 42.1, 0.0, 31.0, 55.0, 28.0],
                "threshold": 30.0,
                "threshold_label": "30%",
            },
        ],
        axes=["%"],
    )


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_threshold_labels_of_the_r4_chart_stand_apart(_browser, viewport):
    """The R-4 chart drew its 80% and 30% labels, both above the lines' right ends, one on the
    other once a pool's plan ratio stretched the axis to 700%: 2 px apart, the 30% just under
    the 80% line, as if it were that line's."""
    context, page = draw(_browser, viewport, [health_chart()])
    labels = ["2倍", "80%", "30%"]
    drawn = page.evaluate(DRAWN_TEXTS, ["chart-reserve-health", labels, 4])
    context.close()
    assert set(drawn["texts"]) >= set(labels), drawn
    assert drawn["overlaps"] == []


def industry_pie() -> dict:
    """The pie of pooled investment by industry section as reserve.dashboard builds it: fifteen
    sections, some of them long names."""
    from yingkou.industries import SECTIONS

    names = list(SECTIONS.values())[:15]
    return charts.chart(
        "reserve-by-industry",
        "入库项目总投资（按行业门类）",
        kind="pie",
        categories=names,
        series=[
            {
                "name": "在库总投资（万元）",
                "values": [9611.85 * (i + 1) ** 2 / 20 for i in range(len(names))][::-1],
            }
        ],
    )


def complaint_pie() -> dict:
    return charts.chart(
        "enterprise-complaints",
        "投诉答复是否按时",
        kind="pie",
        categories=["按时答复", "超期答复", "超期未答复", "办理中（未到期）"],
        series=[
            {"name": "投诉", "values": [14, 3, 5, 2], "tones": ["done", "warn", "late", "open"]}
        ],
    )


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_every_slice_is_named_in_full(_browser, viewport):
    """On a phone the labels around the pie of fifteen industries read 电…, 农、林、牧… or
    just …, and its legend showed two names of fifteen at a time: each slice is now named in
    full, with its amount, and no name is drawn over another or cut off at the chart's edge."""
    specs = [industry_pie(), complaint_pie()]
    context, page = draw(_browser, viewport, specs)
    found = {}
    for spec in specs:
        names = spec["spec"]["categories"]
        drawn = page.evaluate(DRAWN_TEXTS, [spec["id"], None, 0])
        texts = drawn["texts"]
        problems = [t for t in texts if "…" in t]
        problems += [name for name in names if not any(t.startswith(name + "：") for t in texts)]
        problems += [t for t in texts if t.endswith(",") or t.startswith(",")]  # 994,↵176.87
        problems += drawn["overlaps"] + drawn["outside"]
        if problems:
            found[spec["id"]] = problems
    context.close()
    assert found == {}


def trend_chart() -> dict:
    """The monthly trend of negotiation.dashboard on 8 December 2026: 2026年1月 to 12月, two
    value axes."""
    months = charts.last_months(12, today=dt.date(2026, 12, 8))
    return charts.chart(
        "negotiation-trend",
        "每月新接触项目与签约投资",
        kind="bar",
        categories=charts.month_labels(months),
        series=[
            {"name": "新接触项目", "values": [4, 4, 3, 6, 7, 9, 3, 9, 7, 6, 2, 0]},
            {
                "name": "签约投资（万元）",
                "values": [0, 0, 0, 100000, 0, 440000, 0, 0, 780000, 230000, 1150000, 80000],
                "axis": 1,
                "kind": "line",
            },
        ],
        axes=["个", "万元"],
        every_label=True,
    )


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_every_month_of_a_trend_is_named(_browser, viewport):
    """ECharts left out the labels that did not fit: 2月 beside 2026年1月 on a desktop (the
    trend beside the negotiation funnel, half the row), every other month on a phone. Each
    month is now named, none over its neighbour."""
    spec = trend_chart()
    months = spec["spec"]["categories"]
    assert months[:2] == ["2026年1月", "2月"]
    funnel = charts.chart(
        "negotiation-funnel",
        "洽谈漏斗（到达各阶段的项目数）",
        kind="funnel",
        categories=["接触", "考察论证", "协商洽谈", "签约"],
        series=[{"name": "项目数", "values": [62, 54, 45, 34]}],
    )
    context, page = draw(_browser, viewport, [funnel, spec])
    drawn = page.evaluate(DRAWN_TEXTS, [spec["id"], months, 2])
    context.close()
    assert [m for m in months if m not in drawn["texts"]] == []
    assert drawn["overlaps"] == [] and drawn["outside"] == []


def area_chart(count: int) -> dict:
    """Pooled investment by unit as reserve.dashboard builds it for the DRC: a bar per unit
    running a level-2 pool, in 亿元."""
    units = [f"营口市第{i + 1}储备单位" if i % 3 else f"区县{i + 1}" for i in range(count)]
    totals, unit = charts.amount_axis([Decimal(90000 + 37519 * i) for i in range(count)])
    return charts.chart(
        "reserve-by-area",
        "入库项目总投资（按单位）",
        kind="bar",
        categories=units,
        series=[{"name": "在库总投资", "values": totals}],
        axes=[unit],
        horizontal=True,
    )


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_every_bar_of_the_units_chart_is_named(_browser, viewport):
    """With the city's 22 pools the card's 280 px held ten names and left out every other
    one, so a bar could not be told from its neighbour: each is named now, the chart as tall
    as its names need."""
    spec = area_chart(22)
    units = spec["spec"]["categories"]
    context, page = draw(_browser, viewport, [spec])
    drawn = page.evaluate(DRAWN_TEXTS, [spec["id"], units, 1])
    context.close()
    assert [u for u in units if u not in drawn["texts"]] == []
    assert drawn["overlaps"] == [] and drawn["outside"] == []


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_amounts_read_with_two_decimals_as_the_tables_write_them(_browser, viewport):
    """A slice of 804,206.30 万元 read 804,206.3 and one of 213,953.00 read 213,953; a count
    keeps no decimals."""
    amounts = charts.chart(
        "reserve-by-industry",
        "入库项目总投资（按行业门类）",
        kind="pie",
        categories=["制造业", "教育", "建筑业"],
        series=[
            {
                "name": "在库总投资（万元）",
                "values": [Decimal("804206.30"), Decimal("213953.00"), Decimal("1729399.21")],
            }
        ],
    )
    specs = [amounts, complaint_pie()]
    context, page = draw(_browser, viewport, specs)
    texts = {
        spec["id"]: page.evaluate(DRAWN_TEXTS, [spec["id"], None, 0])["texts"] for spec in specs
    }
    context.close()
    for slice_text in ("制造业：804,206.30", "教育：213,953.00", "建筑业：1,729,399.21"):
        assert any(t.replace("\n", "") == slice_text for t in texts[amounts["id"]]), slice_text
    assert any(t.replace("\n", "") == "超期未答复：5" for t in texts["chart-enterprise-complaints"])
