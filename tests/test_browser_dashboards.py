"""Every role's dashboard in headless Chromium at a desktop (1366 px) and a phone (375 px) width:
the charts are drawn, the menu fits or folds, and the page has no console error, no horizontal
overflow and no English in its text."""

import io

import pytest
from django.conf import settings
from django.core.management import call_command

from tests.browser import PHONE_MAX, VIEWPORTS, page_problems, watch
from tests.conftest import browser_login

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ROLES = ["staff", "reviewer", "drc", "zsj", "leader", "supervisor", "legal", "sthj"]
# Beyond each dashboard, the pages of everyday work a role opens that no journey walks: the
# change-request queue, the inbox and its settings, the run records, the audit log, E-7's
# assessment and accountability, inspections, the A-5 team proposal, the weekly dispatch, the
# published progress and the proposal lists; and the forms that choose a project or an
# enterprise with a remote picker (declaring, opening a negotiation or an assistance case,
# choosing a funding candidate, recording a complaint or an inspection).
ROLE_PAGES = {
    "staff": [
        "/inbox/",
        "/inbox/preferences/",
        "/enterprise/inspections/",
        "a5",
        "/assistance/weekly/",
        "/assistance/progress/",
        "/reserve/declare/",
        "/negotiation/new/",
    ],
    "reviewer": ["/projects/change-requests/", "/inbox/"],
    "drc": [
        "/projects/change-requests/",
        "/scheduled-runs/",
        "/audit/",
        "/enterprise/assessment/",
        "/assistance/weekly/",
        "/assistance/coordination/",
        "/assistance/open/",
        "/reserve/candidates/",
    ],
    "supervisor": [
        "/enterprise/assessment/",
        "/audit/",
        "/enterprise/inspections/",
        "/enterprise/complaints/new/",
    ],
    "sthj": ["/enterprise/inspections/new/"],
    "leader": ["/enterprise/inspections/", "/inbox/", "/assistance/queue/"],
}


def a5_page(username: str) -> str:
    """The team proposal page of a case the user's unit proposes for (A-5)."""
    from assistance import permissions
    from assistance.models import AssistanceCase
    from yingkou.models import User

    user = User.objects.get(username=username)
    for case in AssistanceCase.objects.visible_to(user):
        if permissions.can_propose_team(user, case):
            return f"/assistance/{case.pk}/team/"
    raise AssertionError(f"{username} proposes no team in the demo")


def test_every_role_dashboard_at_desktop_and_phone_width(live_server, _browser):
    call_command("seed_demo", projects=40, stdout=io.StringIO())
    found = {}
    for username in ROLES:
        for width, height in VIEWPORTS.values():
            context = _browser.new_context(
                locale="zh-CN", viewport={"width": width, "height": height}
            )
            page = context.new_page()
            page.set_default_timeout(15000)
            errors = watch(page)
            browser_login(page, live_server, username, settings.DEMO_PASSWORD)
            page.wait_for_selector("[data-chart] canvas")
            problems = page_problems(page, width, errors)
            nav = page.locator("header nav")
            if width < PHONE_MAX:
                assert not nav.is_visible(), "the menu is folded on a phone"
                page.click("header .menu-button")
                assert nav.is_visible()
                problems += page_problems(page, width, [])
            else:
                header_height = page.evaluate("document.querySelector('header').offsetHeight")
                if header_height > 60:
                    problems.append(f"the menu wraps: header {header_height} px high")
            if problems:
                found[f"{username} @ {width}px"] = problems
            for path in ROLE_PAGES.get(username, []):
                path = a5_page(username) if path == "a5" else path
                response = page.goto(f"{live_server.url}{path}")
                assert response.status == 200, path
                problems = page_problems(page, width, errors)
                errors.clear()
                if problems:
                    found[f"{username} {path} @ {width}px"] = problems
            context.close()
    assert not found, found


SUBNAV_PAGES = [
    "/reserve/review/level-1/",
    "/negotiation/",
    "/assistance/",
    "/enterprise/complaints/",
]


def test_every_app_subnav_fits_at_desktop_and_scrolls_on_a_phone(live_server, _browser):
    """One sub-navigation in all four apps: one line of tabs at 1366 px; at 375 px it scrolls
    inside itself and the page does not overflow."""
    call_command("seed_demo", projects=20, stdout=io.StringIO())
    found = {}
    for width, height in VIEWPORTS.values():
        context = _browser.new_context(locale="zh-CN", viewport={"width": width, "height": height})
        page = context.new_page()
        page.set_default_timeout(15000)
        errors = watch(page)
        browser_login(page, live_server, "drc", settings.DEMO_PASSWORD)
        for path in SUBNAV_PAGES:
            page.goto(f"{live_server.url}{path}")
            subnav = page.locator("nav.subnav")
            assert subnav.count() == 1, path
            assert subnav.locator("a[aria-current=page]").count() == 1, path
            problems = page_problems(page, width, errors)
            box = subnav.bounding_box()
            if box["x"] + box["width"] > width:
                problems.append(f"the sub-navigation is {box['width']} px wide")
            if width >= 1366 and box["height"] > 45:
                problems.append(f"the sub-navigation wraps: {box['height']} px high")
            if problems:
                found[f"{path} @ {width}px"] = problems
        context.close()
    assert not found, found


WHOLE_NUMBER_TICKS = """() => [...document.querySelectorAll('[data-chart]')].flatMap((el) => {
  const chart = echarts.getInstanceByDom(el);
  if (!chart) return [];
  const series = chart.getOption().series;
  const found = [];
  for (const kind of ['xAxis', 'yAxis']) {
    for (const index of [0, 1]) {
      const axis = chart.getModel().getComponent(kind, index);
      if (!axis || axis.get('type') !== 'value') continue;
      const drawn = series.filter((s) => (s[kind + 'Index'] || 0) === index);
      const whole = drawn.every((s) => s.data.every((v) => {
        const value = v !== null && typeof v === 'object' ? v.value : v;
        return value === null || value === undefined || Number.isInteger(Number(value));
      }));
      if (!whole) continue;
      for (const tick of axis.axis.scale.getTicks()) {
        if (!Number.isInteger(tick.value)) found.push(`${el.dataset.chart}: ${tick.value}`);
      }
    }
  }
  return found;
})"""


def test_charts_of_counts_are_ticked_in_whole_numbers(live_server, _browser):
    """A chart of one or two problems has its axis ticked 0, 1, 2, not 0.2, 0.4: nobody has
    0.6 of an overdue problem."""
    call_command("seed_demo", projects=40, stdout=io.StringIO())
    page = _browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900}).new_page()
    page.set_default_timeout(15000)
    browser_login(page, live_server, "staff", settings.DEMO_PASSWORD)
    page.wait_for_selector("[data-chart] canvas")
    assert page.evaluate("document.querySelectorAll('[data-chart]').length") > 3
    assert page.evaluate(WHOLE_NUMBER_TICKS) == []


SLICE_LABELS = """() => {
  const found = [];
  document.querySelectorAll('[data-chart]').forEach((el) => {
    const chart = window.echarts.getInstanceByDom(el);
    const series = chart && chart.getOption().series[0];
    if (!series || (series.type !== 'pie' && series.type !== 'funnel')) return;
    const label = series.label.formatter;
    series.data.forEach((slice) => {
      found.push({
        amount: typeof label === 'function' ? label({ name: slice.name, value: 9611.85 }) : label,
        value: Number(slice.value),
        shown: !(slice.label && slice.label.show === false),
      });
    });
  });
  return found;
}"""


def test_slices_write_amounts_as_tables_do_and_name_no_empty_slice(live_server, _browser):
    """The pie of reserve amounts by industry labelled 房地产业：9611.85 while the table beside
    it writes 9,611.85; and a slice of nothing (投诉 按时答复：0) put its label on top of its
    neighbour's."""
    call_command("seed_demo", projects=40, stdout=io.StringIO())
    page = _browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900}).new_page()
    page.set_default_timeout(15000)
    browser_login(page, live_server, "staff", settings.DEMO_PASSWORD)
    page.wait_for_selector("[data-chart] canvas")
    slices = page.evaluate(SLICE_LABELS)
    assert slices, "the staff's home page draws pies or funnels"
    assert all(s["amount"].endswith("：9,611.85") for s in slices), slices
    assert any(s["value"] == 0 for s in slices), "the demo draws an empty slice"
    assert all(s["shown"] == (s["value"] != 0) for s in slices), slices


# The unit drawn above a value axis ("%", "万元", "个") where it meets the one-line legend.
AXIS_NAMES_UNDER_LEGEND = """() => [...document.querySelectorAll('[data-chart]')].flatMap((el) => {
  const chart = echarts.getInstanceByDom(el);
  const legend = chart && chart.getModel().getComponent('legend');
  if (!legend) return [];
  const legendGroup = chart.getViewOfComponentModel(legend).group;
  const legendBox = legendGroup.getBoundingRect().clone();
  legendBox.applyTransform(legendGroup.getComputedTransform());
  const found = [];
  for (const kind of ['xAxis', 'yAxis']) {
    for (const index of [0, 1]) {
      const axis = chart.getModel().getComponent(kind, index);
      if (!axis || !axis.get('name')) continue;
      chart.getViewOfComponentModel(axis).group.traverse((node) => {
        if (node.type !== 'text' || !node.style || node.style.text !== axis.get('name')) return;
        const box = node.getBoundingRect().clone();
        box.applyTransform(node.getComputedTransform());
        if (box.intersect(legendBox)) found.push(`${el.dataset.chart}: ${axis.get('name')}`);
      });
    }
  }
  return found;
})"""


def test_an_axis_unit_is_not_drawn_across_the_legend(live_server, _browser):
    """The R-4 health chart's "%" sat on its legend's first entry (在库总投资／规划投资总额), and
    on a phone the 万元 and 个 of the two-axis charts ran into their legends."""
    call_command("seed_demo", projects=40, stdout=io.StringIO())
    found = {}
    for width, height in VIEWPORTS.values():
        context = _browser.new_context(locale="zh-CN", viewport={"width": width, "height": height})
        page = context.new_page()
        page.set_default_timeout(15000)
        browser_login(page, live_server, "staff", settings.DEMO_PASSWORD)
        page.wait_for_selector("[data-chart] canvas")
        found[width] = page.evaluate(AXIS_NAMES_UNDER_LEGEND)
        context.close()
    assert found == {width: [] for width, _height in VIEWPORTS.values()}
