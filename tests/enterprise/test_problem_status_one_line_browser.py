"""At a desktop's width (1366 px) a problem's status in the list reads on one line: 办理中 is not
broken into 办理 / 中 when the names beside it fill their columns."""

import datetime as dt

import pytest

from enterprise.models import Problem
from tests.conftest import browser_login
from tests.enterprise.factories import EnterpriseFactory
from tests.factories import UnitFactory
from yingkou.choices import UnitKind

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "pw-for-tests-1"

# Each row's status and how many lines it takes.
STATUS_LINES = """() => [...document.querySelectorAll('main table tbody tr')].map((row) => {
  const cell = row.cells[row.cells.length - 1];
  const range = document.createRange();
  range.selectNodeContents(cell);
  return [cell.innerText.trim(), new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size];
})"""


def test_the_status_reads_on_one_line(live_server, _browser, supervisor):
    unit = UnitFactory(
        name="营口仙人岛能源化工区住房和城乡建设局", code="XRD-ZJJ", kind=UnitKind.COUNTY
    )
    for n in range(3):
        enterprise = EnterpriseFactory(
            name=f"营口仙人岛能源化工区城市更新片区开发及配套基础设施建设项目（{n:03d}）",
            introducing_unit=unit,
        )
        Problem.objects.create(
            enterprise=enterprise,
            category="labour",
            description="园区企业普遍反映技术工人和高级管理人才短缺，招聘渠道有限，希望协调对接职业院校",
            raised_on=dt.date(2026, 11, 2),
            first_unit=unit,
            owner_unit=unit,
            due_on=dt.date(2026, 11, 16),
            recorded_by=supervisor,
        )
    supervisor.set_password(PASSWORD)
    supervisor.save()
    context = _browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 800})
    page = context.new_page()
    browser_login(page, live_server, supervisor.username, PASSWORD)
    page.goto(f"{live_server.url}/enterprise/problems/")
    statuses = page.evaluate(STATUS_LINES)
    context.close()
    assert len(statuses) == 3 and all(lines == 1 for _status, lines in statuses), statuses
