"""Where the dashboard charts put their words, drawn by static/js/charts.js in headless Chromium
from the specs the dashboards build (yingkou.charts.chart), in the chart cards of site.css at a
desktop (1366 px) and a phone (375 px) width: threshold labels, slice names and month labels
each readable, none on top of another."""

import mimetypes
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
<body><main><div class="grid charts">{cards}</div></main>
<script src="/static/vendor/echarts/echarts.min.js"></script>
<script src="/static/js/charts.js"></script></body></html>"""


def draw(browser, viewport: str, specs: list[dict]):
    """A page of chart cards as the dashboards draw them; static files from the repository."""
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
    page.wait_for_function(
        "[...document.querySelectorAll('[data-chart]')].every((el) => el.querySelector('canvas'))"
    )
    page.wait_for_timeout(300)  # past ECharts' first frame
    return context, page


# The texts a chart draws that `wanted` names, each with its string as drawn (a truncated one
# ends in …), and the pairs of them drawn one over the other or closer than `gap` px. Two texts at one angle are
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
  const shown = texts.filter((t) => wanted.includes(t.text));
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
  return { texts: texts.map((t) => t.text), overlaps };
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
