"""A-5 建议名单: at a desktop's width (1366 px) a line's day and status read on one line when its
matter fills the row, on the list and on the report (2026-12-03 is not broken into 2026-12- / 03,
市政府已同意 not into 市政府已同 / 意); at a phone's width the page still fits."""

import pytest

from assistance import services
from tests.assistance.factories import AssistanceCaseFactory
from tests.browser import page_problems, watch
from tests.conftest import browser_login
from tests.factories import ProjectFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "pw-for-tests-1"

# In the table of the lines (the one headed 需协调事项), the text of the given columns of each row
# and how many lines each takes.
CELL_LINES = """(columns) => {
  const table = [...document.querySelectorAll('main table')]
    .find((t) => t.tHead.innerText.includes('需协调事项'));
  return [...table.tBodies[0].rows].flatMap((row) => columns.map((column) => {
    const range = document.createRange();
    range.selectNodeContents(row.cells[column]);
    const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
    return [row.cells[column].innerText.trim(), tops.size];
  }));
}"""

MATTER = "项目配套道路跨越相邻地区，需其参与服务团队并协调征地拆迁、管线迁改和临时用地手续办理"


def _lines(page, url, columns):
    page.goto(url)
    return page.evaluate(CELL_LINES, columns)


def test_a_lines_day_and_status_read_on_one_line(
    live_server, _browser, area, other_area, owner, drc, city_leader_user
):
    # Named as people are, so the page's text has no login in it.
    for user, (surname, given) in ((drc, ("钱", "立军")), (city_leader_user, ("张", "海峰"))):
        user.last_name, user.first_name = surname, given
        user.save()
    cases = [
        AssistanceCaseFactory(
            project=ProjectFactory(
                name=f"鲅鱼圈区城市更新片区开发及配套基础设施建设项目（{n:03d}）",
                owner_unit=area,
                landing_unit=area,
            ),
            team__lead_unit=area,
        )
        for n in range(2)
    ]
    entries = [
        services.coordination_propose(
            case=case, user=owner, involved_unit=other_area, matter=MATTER
        )
        for case in cases
    ]
    report = services.coordination_compile(user=drc, note="本期汇总两项，请市政府协调。")
    services.coordination_decide(
        entry=entries[0],
        user=city_leader_user,
        agreed=True,
        decision="同意。请相关地区指派专人参加服务团队，一周内对接。",
    )
    services.coordination_propose(
        case=cases[1], user=owner, involved_unit=other_area, matter="供水管线路由需相邻地区协调"
    )
    drc.set_password(PASSWORD)
    drc.save()
    context = _browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 800})
    page = context.new_page()
    browser_login(page, live_server, drc.username, PASSWORD)
    listed = _lines(page, f"{live_server.url}/assistance/coordination/", [4, 5])
    reported = _lines(page, f"{live_server.url}/assistance/coordination/reports/{report.pk}/", [4])
    context.close()
    assert len(listed) == 6 and all(lines == 1 for _text, lines in listed), listed
    assert len(reported) == 2 and all(lines == 1 for _text, lines in reported), reported

    phone = _browser.new_context(locale="zh-CN", viewport={"width": 375, "height": 740})
    page = phone.new_page()
    errors = watch(page)
    browser_login(page, live_server, drc.username, PASSWORD)
    found = {}
    for url in ("/assistance/coordination/", f"/assistance/coordination/reports/{report.pk}/"):
        page.goto(f"{live_server.url}{url}")
        found[url] = page_problems(page, 375, errors)
    phone.close()
    assert found == {url: [] for url in found}
