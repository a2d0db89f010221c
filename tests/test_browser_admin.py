"""An administrator at work in the admin, in a real browser: he retires a vice-mayor who leads a
negotiation, reads under "saved" what that set in motion and who was told, reads the leader's
history, picks the leader's industries by name, and opens a scheduled task. No page breaks the
Content-Security-Policy or shows beat's schedule notation."""

import datetime as dt
from decimal import Decimal

import pytest
from django_celery_beat.models import PeriodicTask

from negotiation.services import negotiation_case_open, negotiation_team_update
from tests.browser import watch
from tests.factories import ProjectFactory, UnitFactory, UserFactory
from tests.negotiation.factories import city_leader
from tests.test_browser_csp import REPORT_VIOLATIONS
from yingkou.choices import Role, UnitKind
from yingkou.scheduling.beat import install_schedules

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _led_by(vice_mayor):
    """N-2 rule 1: a department negotiates a project of exactly 10亿, its vice-mayor leads."""
    department = vice_mayor.portfolio_units.get()
    area = UnitFactory(name="鲅鱼圈区", code="BYQ", kind=UnitKind.COUNTY)
    staff = UserFactory(username="bob", role=Role.UNIT_STAFF, unit=department)
    project = ProjectFactory(
        name="船舶修理项目",
        owner_unit=department,
        landing_unit=area,
        total_investment=Decimal("100000.00"),
        stage="reserve",
    )
    case = negotiation_case_open(
        project=project, negotiating_unit=department, user=staff, opened_on=dt.date(2026, 1, 8)
    )
    negotiation_team_update(
        case=case,
        user=staff,
        lead_leader=vice_mayor,
        cooperating_units=[area],
        main_negotiating_unit=None,
        service_liaison=staff,
    )


def test_an_administrator_reads_what_his_change_set_in_motion(live_server, _browser):
    department = UnitFactory(
        name="营口市交通运输局", code="JTYS", kind=UnitKind.MUNICIPAL_DEPARTMENT
    )
    vice_mayor = city_leader(units=[department], name="刘振宇")
    _led_by(vice_mayor)
    install_schedules()  # as every migrate does; an earlier test may have flushed them
    task = PeriodicTask.objects.get(name="friday-reserve-update")
    UserFactory(username="root", is_superuser=True, is_staff=True, role="")
    context = _browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    context.add_init_script(REPORT_VIOLATIONS)
    page = context.new_page()
    page.set_default_timeout(15000)
    errors = watch(page)
    found = {}

    def seen(label: str) -> None:
        page.wait_for_load_state("networkidle")
        found[label], errors[:] = list(errors), []

    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", "root")
    page.fill("input[name=password]", "pw-for-tests-1")
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")

    page.goto(f"{live_server.url}/admin/yingkou/leader/{vice_mayor.pk}/change/")
    seen("leader form")
    # The industries' two-list picker sits right of its label, as the units' picker does.
    label = page.locator(".field-portfolio_industries label").first.bounding_box()
    picker = page.locator(".field-portfolio_industries .selector").bounding_box()
    assert picker["x"] >= label["x"] + label["width"]
    assert abs(picker["y"] - label["y"]) < 40
    page.select_option("#id_portfolio_industries_from", label="G55 水上运输业")
    page.click("#id_portfolio_industries_add")
    page.check("#id_is_retired")
    page.click("input[name=_continue]")
    seen("leader saved")
    messages = page.inner_text("ul.messagelist")
    assert "成功修改了 领导“刘振宇（副市长）”" in messages
    assert "（1）船舶修理项目的牵头领导须调整（已通知：营口市交通运输局）" in messages

    page.goto(f"{live_server.url}/admin/yingkou/leader/{vice_mayor.pk}/history/")
    seen("leader history")
    history = " ".join(page.inner_text("#change-history").split())  # &nbsp; around the arrow
    assert "已退休: 否 → 是" in history and "分管行业: — → G55 水上运输业" in history
    # The date and the person keep one line beside the wide changes column.
    date_cell = page.locator("#change-history tbody tr").first.locator("td").nth(1)
    assert date_cell.evaluate("cell => getComputedStyle(cell).whiteSpace") == "nowrap"

    page.goto(f"{live_server.url}/admin/django_celery_beat/periodictask/{task.pk}/change/")
    seen("task form")
    chosen = page.locator("#id_crontab option:checked").inner_text()
    assert chosen == "每周五 09:00（北京时间）"
    assert "(m/h/dM/MY/d)" not in page.inner_text("body")
    context.close()
    assert {label: problems for label, problems in found.items() if problems} == {}
