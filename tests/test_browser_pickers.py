"""The unit, leader and person pickers are searchable in a real browser (Tom Select, served
locally) and keep working under the strict Content-Security-Policy; the general liaison's people
follow the unit chosen."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser import watch
from tests.conftest import browser_login
from tests.factories import UnitFactory
from yingkou.choices import UnitKind

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_unit_is_found_by_typing_part_of_its_name(live_server, browser_page, drc, project):
    for index in range(30):
        UnitFactory(
            code=f"D{index:02}", name=f"营口市第{index}局", kind=UnitKind.MUNICIPAL_DEPARTMENT
        )
    wanted = UnitFactory(code="ZZ", name="营口市自然资源局", kind=UnitKind.MUNICIPAL_DEPARTMENT)
    page = browser_page
    errors = watch(page)
    browser_login(page, live_server, "drc", "pw-for-tests-1")
    page.goto(f"{live_server.url}/projects/")
    picker = page.locator("select[name=owner_unit] + .ts-wrapper")
    picker.click()
    page.keyboard.type("自然资源")
    options = picker.locator(".ts-dropdown .option")
    expect(options).to_have_text(["营口市自然资源局"])  # waits while the list narrows
    options.first.click()
    page.click("form.filters button[type=submit]")
    page.wait_for_url(f"**owner_unit={wanted.pk}**")
    assert page.locator("select[name=owner_unit]").input_value() == str(wanted.pk)
    assert errors == []  # no script error and no blocked inline style or script


def test_a_project_is_found_by_typing_and_chosen_from_the_remote_picker(
    live_server, browser_page, owner, area, other_area
):
    from decimal import Decimal

    from tests.factories import ProjectFactory

    for index in range(30):
        ProjectFactory(
            name=f"鲅鱼圈区第{index}号项目", owner_unit=area, total_investment=Decimal("2000")
        )
    wanted = ProjectFactory(
        name="鲅鱼圈区港口物流园", owner_unit=area, total_investment=Decimal("3000")
    )
    ProjectFactory(name="盖州市港口物流园", owner_unit=other_area, total_investment=Decimal("9000"))
    page = browser_page
    errors = watch(page)
    browser_login(page, live_server, "alice", "pw-for-tests-1")
    page.goto(f"{live_server.url}/assistance/open/")
    assert page.locator("select[name=project] option[value]:not([value=''])").count() == 0
    picker = page.locator("select[name=project] + .ts-wrapper")
    picker.click()
    options = picker.locator(".ts-dropdown .option")
    expect(options.first).to_have_text("鲅鱼圈区港口物流园")  # the largest first, on focus
    page.keyboard.type("物流")
    expect(options).to_have_text(["鲅鱼圈区港口物流园"])  # not the other unit's
    options.first.click()
    page.select_option("select[name=source]", index=1)
    page.click("form.card button[type=submit]")
    page.wait_for_url(f"{live_server.url}/assistance/*/")
    wanted.refresh_from_db()
    assert wanted.assistance_case is not None
    assert errors == []


def open_(picker) -> None:
    """Open a picker and wait until it has taken the focus: text typed before that (no person
    is that fast) leaves Tom Select dropping what is typed next."""
    picker.click()
    expect(picker).to_have_class(re.compile(r"\bfocus\b"))
    expect(picker).to_have_class(re.compile(r"\bdropdown-active\b"))


def test_a_person_is_found_with_their_unit_and_the_liaison_follows_the_unit(
    live_server, browser_page, drc, area, other_area, owner, outsider
):
    from assistance.models import GeneralLiaison
    from tests.factories import UserFactory

    UserFactory(username="zhangwei1", unit=area, last_name="张", first_name="伟")
    namesake = UserFactory(username="zhangwei2", unit=other_area, last_name="张", first_name="伟")
    page = browser_page
    errors = watch(page)
    browser_login(page, live_server, "drc", "pw-for-tests-1")
    page.goto(f"{live_server.url}/assistance/liaisons/?unit={area.pk}")
    liaison = page.locator("select[name=liaison] + .ts-wrapper")
    people = liaison.locator(".ts-dropdown .option")
    open_(liaison)
    page.keyboard.type("张")
    expect(people).to_have_text(["张伟（鲅鱼圈区）"])  # the area's own, named with its unit
    page.keyboard.press("Escape")
    page.click("h1")  # done with it
    unit = page.locator("select[name=unit] + .ts-wrapper")
    open_(unit)
    # One input event: the list narrows once, so no search is still pending when it is chosen.
    page.keyboard.insert_text("盖州")
    expect(unit.locator(".ts-dropdown .option")).to_have_text(["盖州市"])
    unit.locator(".ts-dropdown .option").first.click()
    open_(liaison)
    expect(people).to_have_text(["请选择", "charlie（盖州市）", "张伟（盖州市）"])
    page.keyboard.type("张")
    expect(people).to_have_text(["张伟（盖州市）"])
    people.first.click()
    page.click("form.card button[type=submit]")
    page.wait_for_url(f"{live_server.url}/assistance/groups/")
    assert GeneralLiaison.objects.get(unit=other_area).user == namesake
    assert errors == []


def test_an_empty_required_picker_is_reported_at_its_box_until_chosen(
    live_server, browser_page, drc, area, other_area, outsider
):
    """Tom Select hides the select the browser refuses: its message stood at the page's corner
    and the focus went nowhere to be seen. The picker's own box says it, one field at a time,
    and nothing is sent until every required picker is chosen."""
    from assistance.models import GeneralLiaison

    page = browser_page
    errors = watch(page)
    browser_login(page, live_server, "drc", "pw-for-tests-1")
    page.goto(f"{live_server.url}/assistance/liaisons/")
    sent = []
    page.on(
        "request", lambda request: sent.append(request.url) if request.method == "POST" else None
    )
    unit = page.locator("select[name=unit] + .ts-wrapper")
    unit_box = page.locator("#id_unit-ts-control")
    unit_note = page.locator("#id_unit-missing")
    liaison = page.locator("select[name=liaison] + .ts-wrapper")
    liaison_box = page.locator("#id_liaison-ts-control")
    page.click("form.card button[type=submit]")
    expect(unit_box).to_be_focused()
    expect(unit_box).to_have_attribute("aria-invalid", "true")
    expect(unit_box).to_have_attribute("aria-describedby", "id_unit-missing")
    expect(unit_note).to_have_text("请选择此项")
    expect(unit_note).to_be_visible()
    note_at, box_at = unit_note.bounding_box(), unit.bounding_box()
    assert 0 <= box_at["y"] - (note_at["y"] + note_at["height"]) < 20  # just above the box
    # The list stays closed: opened, it lay under the pointer that had pressed the button.
    expect(unit).not_to_have_class(re.compile(r"\bdropdown-active\b"))
    expect(liaison_box).not_to_have_attribute("aria-invalid", "true")  # reported next
    open_(unit)
    page.keyboard.insert_text("盖州")
    expect(unit.locator(".ts-dropdown .option")).to_have_text(["盖州市"])
    unit.locator(".ts-dropdown .option").first.click()
    expect(unit_note).to_be_hidden()
    expect(unit_box).not_to_have_attribute("aria-invalid", "true")
    page.click("form.card button[type=submit]")
    expect(liaison_box).to_be_focused()
    expect(liaison_box).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_liaison-missing")).to_be_visible()
    assert sent == []  # the form was not sent
    open_(liaison)
    people = liaison.locator(".ts-dropdown .option")
    expect(people).to_have_text(["请选择", "charlie（盖州市）"])
    people.last.click()
    expect(page.locator("#id_liaison-missing")).to_be_hidden()
    page.click("form.card button[type=submit]")
    page.wait_for_url(f"{live_server.url}/assistance/groups/")
    assert GeneralLiaison.objects.get(unit=other_area).user == outsider
    assert errors == []


@pytest.mark.parametrize("width", [1366, 375])
def test_a_focused_empty_picker_reads_its_placeholder_whole(
    live_server, browser_page, drc, area, width
):
    """The search input beside the focused choice was as wide as the form's fields and squeezed
    the choice: 请选择 read 请…."""
    page = browser_page
    page.set_viewport_size({"width": width, "height": 740})
    browser_login(page, live_server, "drc", "pw-for-tests-1")
    page.goto(f"{live_server.url}/assistance/liaisons/")
    unit = page.locator("select[name=unit] + .ts-wrapper")
    open_(unit)
    chosen = unit.locator(".ts-control .item")
    expect(chosen).to_have_text("请选择")
    whole = chosen.evaluate("item => item.scrollWidth <= item.clientWidth")
    assert whole, "the placeholder is cut off"
