"""A list's query form at a desktop's width (1366 px): its text boxes, select boxes and pickers
are one height, so that the labels of a row stand on one line (the row is aligned at the
boxes' bottoms; a text box 3 px shorter than a picker set its label 3 px lower)."""

import pytest

from tests.conftest import browser_login

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# (label, top of the label, height of its box) of each field of the query form.
FIELDS = """() => [...document.querySelectorAll('form.filters > div')].flatMap((field) => {
  const label = field.querySelector('label');
  const box = field.querySelector('.ts-control')
    || field.querySelector(':scope > input:not([type=hidden]), :scope > select');
  if (!label || !box || box.offsetParent === null) return [];
  return [[label.textContent.trim(), Math.round(label.getBoundingClientRect().top),
           Math.round(box.getBoundingClientRect().height)]];
})"""


def test_the_fields_of_a_query_form_stand_on_one_line(live_server, _browser, owner):
    owner.set_password("pw-for-tests-1")
    owner.save()
    context = _browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 800})
    page = context.new_page()
    browser_login(page, live_server, owner.username, "pw-for-tests-1")
    page.goto(f"{live_server.url}/projects/")
    fields = page.evaluate(FIELDS)
    context.close()
    kinds = {label for label, _top, _height in fields}
    assert {"名称或代码", "申报单位", "产业"} <= kinds, fields
    first_row = [f for f in fields if f[1] == min(top for _label, top, _height in fields)]
    assert len(first_row) >= 3, fields
    single_line = [f for f in fields if f[0] != "项目阶段"]  # a multiple choice grows
    assert len({height for _label, _top, height in single_line}) == 1, fields
    labels_by_top = {}
    for label, top, _height in fields:
        labels_by_top.setdefault(top, []).append(label)
    assert all(
        top_a == top_b or abs(top_a - top_b) > 20
        for top_a in labels_by_top
        for top_b in labels_by_top
    ), labels_by_top


# (text, height) of the boxes and the buttons of the first query form and of the batch bar.
BOXES_AND_BUTTONS = """() => [...document.querySelectorAll('form.filters')].map((form) =>
  [...form.querySelectorAll(':scope > div > :is(input, select, button, .button, .ts-wrapper)')]
    .filter((el) => el.offsetParent !== null && el.type !== 'hidden' && !el.classList.contains('tomselected'))
    .map((el) => [
      (el.textContent.trim() || el.name || el.className).slice(0, 12),
      Math.round(el.getBoundingClientRect().height * 10) / 10,
    ]))"""


def test_buttons_of_a_query_form_are_as_tall_as_its_boxes(live_server, _browser, owner, reviewer):
    """查询 stood 34.4 px high beside 36 px boxes and 导出 Excel 36.4 px (its border): the
    buttons of a query form, and of a queue's batch bar, are as tall as the boxes beside them."""
    reviewer.set_password("pw-for-tests-1")
    reviewer.save()
    context = _browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 800})
    page = context.new_page()
    browser_login(page, live_server, reviewer.username, "pw-for-tests-1")
    found = {}
    for path in ("/projects/", "/reserve/review/"):
        page.goto(f"{live_server.url}{path}")
        found[path] = page.evaluate(BOXES_AND_BUTTONS)
    context.close()
    assert any(text == "导出 Excel" for text, _height in found["/projects/"][0]), found
    assert len(found["/reserve/review/"]) == 2, found  # the query form and the batch bar
    for path, forms in found.items():
        for boxes in forms:
            assert len({height for _text, height in boxes}) == 1, (path, boxes)


# The widths of the visible boxes of a page's query form, by their labels.
BOX_WIDTHS = """() => Object.fromEntries([...document.querySelectorAll('form.filters[method=get] > div')]
  .flatMap((field) => {
    const label = field.querySelector('label');
    const box = field.querySelector(':scope > input:not([type=hidden]), :scope > .ts-wrapper');
    if (!label || !box || box.offsetParent === null) return [];
    return [[label.textContent.trim(), Math.round(box.getBoundingClientRect().width)]];
  }))"""


@pytest.mark.parametrize("path", ["/reserve/review/", "/reserve/review/level-1/"])
def test_the_search_box_of_a_queue_is_as_wide_as_the_picker_beside_it(
    live_server, _browser, reviewer, drc, path
):
    """In the unit's review queue and the DRC's level-1 queue (R-3) the 名称或代码 box stood
    174 px wide beside the 208 px picker of 申报单位."""
    user = drc if "level-1" in path else reviewer
    user.set_password("pw-for-tests-1")
    user.save()
    for width, height in ((1366, 800), (375, 740)):
        context = _browser.new_context(locale="zh-CN", viewport={"width": width, "height": height})
        page = context.new_page()
        browser_login(page, live_server, user.username, "pw-for-tests-1")
        page.goto(f"{live_server.url}{path}")
        if width < 900:
            page.click("[data-filter-toggle]")  # folded on a phone while nothing is filtered
        widths = page.evaluate(BOX_WIDTHS)
        context.close()
        assert widths["名称或代码"] == widths["申报单位"], (width, widths)
