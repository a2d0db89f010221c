"""Lists in headless Chromium: on a phone (390 px) a list reads as one card per row, each cell
led by its column's name, its row's forms usable at the card's foot and nothing wider than the
screen; on a desktop (1366 px) the table keeps its header row; in between (768 px) a wide table
scrolls inside itself with its rows' names in view; at a laptop's (1000 px) the level-1 queue's
names keep room beside its rows' review forms."""

import io

import pytest
from django.conf import settings
from django.core.management import call_command

from tests.browser import watch
from tests.conftest import browser_login

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Representative lists: the project library, the level-1 review queue (a check box and a
# review form on every row), the assistance cases (twelve columns) and the enterprises.
LISTS = [
    ("staff", "/projects/"),
    ("drc", "/reserve/review/level-1/"),
    ("drc", "/assistance/"),
    ("drc", "/enterprise/"),
]

# What the first row of the page's list shows: each cell's column name as drawn before it, the
# header's own names, and where the row's parts are on the screen.
FIRST_ROW = """() => {
  const table = [...document.querySelectorAll('main table')]
    .find((t) => t.tHead && t.tBodies[0] && t.tBodies[0].querySelector('a'));
  if (!table) return null;
  const header = [...table.tHead.rows[0].cells].map((th) => th.innerText.replace(/[▲▼]/g, '').trim());
  const row = [...table.tBodies[0].rows].find((r) => r.cells.length > 1);
  const box = (el) => { const r = el.getBoundingClientRect(); return {left: r.left, right: r.right, top: r.top, width: r.width}; };
  const shown = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  return {
    header,
    headerShown: shown(table.tHead.rows[0]) && table.tHead.rows[0].getBoundingClientRect().height > 0,
    labels: [...row.cells].map((td) => getComputedStyle(td, '::before').content),
    row: box(row),
    cells: [...row.cells].map(box),
    controls: [...row.querySelectorAll('input:not([type=hidden]), button')].map((el) => ({
      type: el.type, shown: shown(el), ...box(el), form: !!el.closest('form'),
    })),
  };
}"""


def open_as(browser, live_server, username: str, width: int):
    context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 800})
    page = context.new_page()
    page.set_default_timeout(15000)
    browser_login(page, live_server, username, settings.DEMO_PASSWORD)
    return context, page, watch(page)


def recommend_one_to_the_drc() -> None:
    """The demo fills the level-1 queue by its projects' ids, which tests run before move: one
    pooled entry more is recommended, so the queue has a row with its review form."""
    from reserve import services
    from reserve.choices import EntryStatus, PoolLevel
    from reserve.models import Entry
    from yingkou.choices import Role
    from yingkou.models import User

    entry = (
        Entry.objects.filter(level=PoolLevel.LEVEL_2, status=EntryStatus.APPROVED)
        .select_related("pool")
        .order_by("id")
        .first()
    )
    reviewer = User.objects.filter(role=Role.UNIT_REVIEWER, unit=entry.pool.unit_id).first()
    services.entry_recommend(entry=entry, user=reviewer)


def test_a_list_reads_as_cards_on_a_phone_and_as_a_table_on_a_desktop(live_server, _browser):
    call_command("seed_demo", projects=20, stdout=io.StringIO())
    recommend_one_to_the_drc()
    found = {}
    for width in (390, 1366):
        for username, path in LISTS:
            context, page, errors = open_as(_browser, live_server, username, width)
            page.goto(f"{live_server.url}{path}")
            where = f"{username} {path} @ {width}px"
            problems = [f"console: {error}" for error in errors]
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            if overflow > 0:
                problems.append(f"the page scrolls sideways by {overflow} px")
            row = page.evaluate(FIRST_ROW)
            if row is None:
                found[where] = ["no list with a row to check"]
                context.close()
                continue
            named = [f'"{name}："' for name in row["header"]]
            if width == 390:
                # Every cell of the row is led by its own column's name (a check box's column
                # is named for screen readers only: 选择).
                if row["labels"] != named:
                    problems.append(f"cells labelled {row['labels']}, not {named}")
                if row["row"]["right"] > width:
                    problems.append(f"the row reaches {row['row']['right']} px")
                if len({round(cell["left"]) for cell in row["cells"]}) != 1:
                    problems.append("the row's cells are not lines of one card")
                for control in row["controls"]:
                    if not control["shown"] or control["right"] > width:
                        problems.append(f"a {control['type']} is out of reach: {control}")
                fields = [c for c in row["controls"] if c["form"] and c["type"] == "text"]
                for field in fields:
                    if field["width"] < row["row"]["width"] * 0.8:
                        problems.append(f"a row's comment is {field['width']} px wide")
                # The row's form comes at the card's foot, below every other cell.
                in_form = [c["top"] for c in row["controls"] if c["form"]]
                if in_form and min(in_form) < max(cell["top"] for cell in row["cells"]):
                    problems.append("the row's form is not at the card's foot")
            else:
                if not row["headerShown"]:
                    problems.append("the header row is not shown")
                if any(label not in ("none", "normal") for label in row["labels"]):
                    problems.append(f"cells repeat their column names: {row['labels']}")
                if len({round(cell["top"]) for cell in row["cells"]}) != 1:
                    problems.append("the row's cells are not on one line")
            if path == "/reserve/review/level-1/" and not any(
                c["form"] and c["type"] == "submit" for c in row["controls"]
            ):
                problems.append("the queue's row has no review form to check")
            if problems:
                found[where] = problems
            context.close()
    assert not found, found


def test_a_wide_tables_names_stay_in_view_while_it_scrolls_on_a_tablet(live_server, _browser):
    """Between the phone's cards and the desktop (768 px) the twelve columns of the assistance
    cases scroll inside the table; its first column (the project's name) stays where it was, so
    the figures at the row's end are read beside their project."""
    call_command("seed_demo", projects=20, stdout=io.StringIO())
    context, page, _ = open_as(_browser, live_server, "drc", 768)
    page.goto(f"{live_server.url}/assistance/")
    table = page.locator("main table:has(thead):has(tbody tr a)").first
    table.scroll_into_view_if_needed()
    first = table.locator("tbody tr").first.locator("td").first
    before = first.bounding_box()
    scrolled = table.evaluate("t => { t.scrollLeft = t.scrollWidth; return t.scrollLeft; }")
    after = first.bounding_box()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    context.close()
    assert scrolled > 0, "the table does not scroll: nothing to check"
    assert round(after["x"]) == round(before["x"])


# The level-1 queue's rows: how many lines each project's name takes, and whether each row's
# review form keeps its comment and buttons on one line.
QUEUE_ROWS = """() => [...document.querySelectorAll('main table tbody tr')]
  .filter((tr) => tr.querySelector('td a') && tr.querySelector('form'))
  .map((tr) => {
    const boxes = [...tr.querySelectorAll('form input[type=text], form button')]
      .map((el) => el.getBoundingClientRect());
    return {
      name: tr.querySelector('td a').innerText,
      lines: tr.querySelector('td a').getClientRects().length,
      formOnOneLine: Math.max(...boxes.map((b) => b.top)) < Math.min(...boxes.map((b) => b.bottom)),
    };
  })"""


def test_the_level_1_queue_s_names_read_beside_the_row_forms_at_a_laptop_s_width(
    live_server, _browser
):
    """At 1000 px the row's form on one line took a third of the queue and each project's name
    wrapped every few characters (five lines and more); it stacks its comment above its buttons
    there, and stays on one line on a wider screen."""
    from reserve.selectors import level1_queue
    from yingkou.models import Project

    call_command("seed_demo", projects=20, stdout=io.StringIO())
    recommend_one_to_the_drc()
    # Names as long as the city's longest (28 characters).
    queued = level1_queue().values_list("project_id", flat=True)
    Project.objects.filter(pk__in=list(queued)).update(
        name="营口高新技术产业开发区污水处理及再生水利用项目（025）"
    )
    rows = {}
    for width in (1000, 1400):
        context, page, errors = open_as(_browser, live_server, "drc", width)
        page.goto(f"{live_server.url}/reserve/review/level-1/")
        rows[width] = page.evaluate(QUEUE_ROWS)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert not errors
        context.close()
    assert rows[1000], "the queue has no row with its review form to check"
    assert [row for row in rows[1000] if row["lines"] > 3] == []
    assert all(row["formOnOneLine"] for row in rows[1400])


def test_the_pool_list_s_names_keep_their_room_beside_the_r4_columns(live_server, _browser):
    """The pool list's bar and its three one-line R-4 headings left the pools' names four
    characters wide at 1366 px (营口市工商业联合会二级项目储备库 in four lines): each name reads
    in two lines at most there and at a laptop's 1024 px, and the page never scrolls
    sideways."""
    call_command("seed_demo", projects=20, stdout=io.StringIO())
    lines = {}
    for width in (1024, 1366):
        context, page, errors = open_as(_browser, live_server, "drc", width)
        page.goto(f"{live_server.url}/reserve/pools/")
        lines[width] = page.evaluate(
            "[...document.querySelectorAll('main table tbody td:first-child a')]"
            ".map((a) => a.getClientRects().length)"
        )
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert not errors
        context.close()
    assert lines[1366] and lines[1024]
    assert max(lines[1366]) <= 2 and max(lines[1024]) <= 2


def test_a_phone_folds_an_unused_filter_form_and_keeps_a_used_one_open(live_server, _browser):
    """On a phone the project library's fifteen empty filter boxes filled the first screen: the
    list began below them. They fold behind 显示查询条件 (the buttons 查询, 导出 Excel, 新增项目
    stay), open on a tap, and stay open when the list is filtered, so what filters it is in
    sight. A desktop shows the form as it was."""
    call_command("seed_demo", projects=20, stdout=io.StringIO())
    context, page, errors = open_as(_browser, live_server, "staff", 390)
    page.goto(f"{live_server.url}/projects/")
    toggle = page.locator("[data-filter-toggle]")
    search = page.locator("form.filters input[name=q]")
    assert toggle.inner_text() == "显示查询条件"
    assert not search.is_visible()
    assert page.get_by_role("link", name="新增项目").is_visible()
    assert page.locator("table.cards tbody tr").first.bounding_box()["y"] < 740
    toggle.click()
    assert search.is_visible()
    assert toggle.inner_text() == "收起查询条件"
    assert toggle.get_attribute("aria-expanded") == "true"

    page.goto(f"{live_server.url}/projects/?q=%E6%B8%AF")
    assert search.is_visible()
    assert search.input_value() == "港"
    assert toggle.inner_text() == "收起查询条件"
    assert errors == []
    context.close()

    context, page, errors = open_as(_browser, live_server, "staff", 1366)
    page.goto(f"{live_server.url}/projects/")
    assert page.locator("form.filters input[name=q]").is_visible()
    assert not page.locator("[data-filter-toggle]").is_visible()
    context.close()
