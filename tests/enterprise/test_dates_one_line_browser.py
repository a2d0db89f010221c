"""At a desktop's width (1366 px) a day in the enterprise lists reads on one line: the last
visit of a row whose names fill their columns is not broken at its hyphens (2026-12- / 05)."""

import pytest

from tests.conftest import browser_login
from tests.enterprise.factories import EnterpriseFactory, VisitFactory
from tests.factories import LeaderFactory, UnitFactory
from yingkou.choices import LeaderRank, UnitKind

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "pw-for-tests-1"

# How many lines each day of the list's visit column takes.
DAY_LINES = """() => [...document.querySelectorAll('main table tbody tr')].map((row) => {
  const cell = row.cells[5];
  const range = document.createRange();
  range.selectNodeContents(cell);
  return [cell.innerText.trim(), new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size];
})"""


def test_the_last_visit_reads_on_one_line(live_server, _browser, supervisor):
    unit = UnitFactory(
        name="营口仙人岛能源化工区住房和城乡建设局", code="XRD-ZJJ", kind=UnitKind.COUNTY
    )
    leader = LeaderFactory(name="马国强", title="管委会主任", rank=LeaderRank.PRINCIPAL, unit=unit)
    for n in range(3):
        enterprise = EnterpriseFactory(
            name=f"营口仙人岛能源化工区城市更新片区开发及配套基础设施建设项目（{n:03d}）",
            introducing_unit=unit,
            responsible_leader=leader,
            is_key=True,
        )
        VisitFactory(enterprise=enterprise)
    supervisor.set_password(PASSWORD)
    supervisor.save()
    context = _browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 800})
    page = context.new_page()
    browser_login(page, live_server, supervisor.username, PASSWORD)
    page.goto(f"{live_server.url}/enterprise/")
    days = page.evaluate(DAY_LINES)
    context.close()
    assert days and all(lines == 1 for _day, lines in days), days
