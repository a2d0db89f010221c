"""At a desktop's width (1366 px) a problem's category, time limit and status in the list each
read on one line when the names beside them fill their columns: 办理中 is not broken into
办理 / 中, 用工、人才 not after its 、, an overdue day not before its 超期."""

import datetime as dt

import pytest
from django.utils import timezone

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

# Each row's category, time limit and status, and how many lines each takes.
CELL_LINES = """() => [...document.querySelectorAll('main table tbody tr')].flatMap((row) =>
  [1, 5, 6].map((column) => {
    const cell = row.cells[column];
    const range = document.createRange();
    range.selectNodeContents(cell);
    return [cell.innerText.trim(), new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size];
  }))"""


def test_the_category_time_limit_and_status_read_on_one_line(live_server, _browser, supervisor):
    unit = UnitFactory(
        name="营口仙人岛能源化工区住房和城乡建设局", code="XRD-ZJJ", kind=UnitKind.COUNTY
    )
    today = timezone.localdate()
    for n in range(3):
        enterprise = EnterpriseFactory(
            name=f"营口仙人岛能源化工区城市更新片区开发及配套基础设施建设项目（{n:03d}）",
            introducing_unit=unit,
        )
        Problem.objects.create(
            enterprise=enterprise,
            category="labour",
            description="园区企业普遍反映技术工人和高级管理人才短缺，招聘渠道有限，希望协调对接职业院校",
            raised_on=today - dt.timedelta(days=30),
            first_unit=unit,
            owner_unit=unit,
            due_on=today - dt.timedelta(days=16),  # overdue: 超期 beside the day
            recorded_by=supervisor,
        )
    supervisor.set_password(PASSWORD)
    supervisor.save()
    context = _browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 800})
    page = context.new_page()
    browser_login(page, live_server, supervisor.username, PASSWORD)
    page.goto(f"{live_server.url}/enterprise/problems/")
    cells = page.evaluate(CELL_LINES)
    context.close()
    assert len(cells) == 9 and all(lines == 1 for _text, lines in cells), cells
    assert {text for text, _lines in cells} >= {"用工、人才", "办理中"}, cells
    assert all(text.endswith("超期") for text, _lines in cells[1::3]), cells
