"""One sub-navigation pattern: each app's pages show its items, each item visible by a permission
predicate, the current page marked; no template decides by role."""

import pathlib
import re

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def labels_of(html: str) -> list[str]:
    return [label for label, _current in subnav(html)]


def subnav(html: str) -> list[tuple[str, bool]]:
    block = re.search(r'<nav class="subnav".*?</nav>', html, re.S)
    assert block, "the page has the sub-navigation"
    return [
        (label, 'aria-current="page"' in attrs)
        for attrs, label in re.findall(r"<a href=\"[^\"]*\"([^>]*)>([^<]+)</a>", block.group(0))
    ]


def test_enterprise_pages_share_one_subnav_and_mark_the_current_one(client, owner, drc):
    client.force_login(owner)
    items = subnav(client.get(reverse("enterprise:complaints")).content.decode())
    labels = [label for label, _ in items]
    assert labels[:6] == ["企业", "每月走访", "企业问题", "投诉举报", "涉企执法检查", "政策承诺"]
    assert "考核评价" not in labels  # can_see_assessment: not unit staff
    assert [label for label, current in items if current] == ["投诉举报"]
    client.force_login(drc)
    labels = [label for label, _ in subnav(client.get(reverse("enterprise:list")).content.decode())]
    assert "考核评价" in labels


def test_assistance_items_follow_the_predicates(client, owner, drc, city_leader_user):
    client.force_login(owner)
    owner_items = dict(subnav(client.get(reverse("assistance:list")).content.decode()))
    assert "本单位待办" in owner_items and "上报市政府的问题" not in owner_items
    assert owner_items["帮扶项目"] is True
    client.force_login(city_leader_user)
    page = client.get(reverse("assistance:list") + "?mine=true").content.decode()
    leader_items = dict(subnav(page))
    assert "待我同意" in leader_items and "本单位待办" not in leader_items
    assert leader_items["我帮扶的项目"] is True and leader_items["帮扶项目"] is False
    client.force_login(drc)
    drc_items = dict(subnav(client.get(reverse("assistance:problems")).content.decode()))
    assert "待汇总团队" in drc_items and "上报市政府的问题" in drc_items


def test_negotiation_and_reserve_pages_have_the_same_subnav(client, owner, bureau):
    client.force_login(bureau)
    labels = labels_of(client.get(reverse("negotiation:list")).content.decode())
    assert labels == ["项目洽谈", "投资方问题", "在谈项目库", "月度通报", "年终考核"]
    client.force_login(owner)
    labels = labels_of(client.get(reverse("negotiation:list")).content.decode())
    assert "在谈项目库" not in labels and "年终考核" not in labels
    labels = labels_of(client.get(reverse("reserve:my_pool")).content.decode())
    assert labels == ["我的储备库", "申报项目"]


def test_no_template_decides_by_role():
    root = pathlib.Path(settings.BASE_DIR) / "templates"
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.html")
        if re.search(r"user\.role\s*==|user\.role\s+in\b|is_superuser", path.read_text())
    ]
    assert offenders == []


def top_menu(html: str) -> list[tuple[str, str, bool]]:
    block = re.search(r'<nav aria-label="主菜单">(.*?)</nav>', html, re.S)
    assert block, "the page has the top menu"
    return [
        (label, href, 'aria-current="page"' in attrs)
        for href, attrs, label in re.findall(
            r'<a href="([^"]*)"([^>]*)>([^<]+)</a>', block.group(1)
        )
    ]


def test_each_app_is_one_top_menu_entry_leading_to_the_users_first_page(client, owner, drc, bureau):
    client.force_login(drc)
    menu = top_menu(client.get(reverse("reserve:pool_list")).content.decode())
    labels = [label for label, _href, _active in menu]
    assert labels == [
        "首页",
        "项目库",
        "变更审核",
        "项目储备",
        "项目洽谈",
        "精准帮扶",
        "企业帮扶",
        "定时任务",
        "访问记录",
    ]
    reserve = next(entry for entry in menu if entry[0] == "项目储备")
    # The DRC's reserve work starts at its level-1 review; the page shown is marked as the app's.
    assert reserve == ("项目储备", reverse("reserve:drc_queue"), True)
    client.force_login(owner)
    menu = top_menu(client.get(reverse("home")).content.decode())
    assert ("项目储备", reverse("reserve:my_pool"), False) in menu
    assert "访问记录" not in [label for label, _href, _active in menu]
    client.force_login(bureau)
    menu = top_menu(client.get(reverse("home")).content.decode())
    assert ("项目储备", reverse("reserve:monthly"), False) in menu


def test_a_unit_running_no_pool_is_not_led_to_one(client, area):
    """R-2: a county's own bureaus declare through their county's pool and run none; their staff
    and reviewers had a 项目储备 entry whose pages (我的储备库, 申报项目) answered 404, and the
    home page's 本周五更新 row linked to it."""
    from tests.factories import UnitFactory, UserFactory
    from yingkou.choices import Role, UnitKind

    bureau = UnitFactory(
        code="BYQ-STHJ",
        name="鲅鱼圈区生态环境分局",
        kind=UnitKind.MUNICIPAL_DEPARTMENT,
        level="county",
        parent=area,
        enforcement_system="ecology",
    )
    for role in (Role.UNIT_STAFF, Role.UNIT_REVIEWER):
        client.force_login(UserFactory(username=f"byq_sthj_{role}", role=role, unit=bureau))
        menu = top_menu(client.get(reverse("home")).content.decode())
        assert "项目储备" not in [label for label, _href, _active in menu]
        for label, href, _active in menu:
            assert client.get(href).status_code == 200, label
        home = client.get(reverse("home")).content.decode()
        assert reverse("reserve:my_pool") + '"' not in home


def test_the_top_menu_marks_only_the_closest_entry(client, reviewer):
    """The change requests' page lies under the project library's address: the top menu marked
    both 项目库 and 变更审核 as the page the reviewer is on."""
    client.force_login(reviewer)
    page = client.get(reverse("projects:change_requests")).content.decode()
    menu = re.search(r'<nav aria-label="主菜单">.*?</nav>', page, re.S).group(0)
    marked = re.findall(r'<a href="[^"]*" class="active" aria-current="page">([^<]+)</a>', menu)
    assert marked == ["变更审核"]
    page = client.get(reverse("projects:list")).content.decode()
    menu = re.search(r'<nav aria-label="主菜单">.*?</nav>', page, re.S).group(0)
    marked = re.findall(r'<a href="[^"]*" class="active" aria-current="page">([^<]+)</a>', menu)
    assert marked == ["项目库"]
