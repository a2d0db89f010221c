import pytest
from django.urls import reverse

from reserve import services
from tests.factories import UnitFactory
from tests.reserve.conftest import make_project, pooled
from yingkou.choices import UnitKind
from yingkou.errors import RuleViolation

pytestmark = pytest.mark.django_db

SECRET = "0417-9999999"


def test_public_feed_lists_only_published_pooled_projects_with_public_fields(
    client, area, owner, reviewer
):
    shown = pooled(
        area,
        owner,
        reviewer,
        amount="5000",
        name="公开项目",
        contact_phone=SECRET,
        investor="保密投资方",
    )
    pooled(area, owner, reviewer, name="未公开项目")
    services.entry_publish(entry=shown, published=True, user=owner)
    draft = services.entry_declare(project=make_project(area, name="草稿项目"), user=owner)
    with pytest.raises(RuleViolation) as exc:
        services.entry_publish(entry=draft, published=True, user=owner)
    assert exc.value.rule == "R-7"

    feed = client.get(reverse("reserve:public_feed", args=[area.code]))
    assert feed.status_code == 200
    body = feed.json()
    assert [p["name"] for p in body["projects"]] == ["公开项目"]
    assert set(body["projects"][0]) == {
        "name",
        "owner_unit",
        "landing_unit",
        "industry",
        "total_investment",
        "construction_content",
        "start_year",
        "end_year",
        "pool_level",
        "since",
    }
    page = client.get(reverse("reserve:public_unit", args=[area.code])).content.decode()
    for text in (feed.content.decode("unicode_escape"), page):
        assert SECRET not in text and "保密投资方" not in text
        assert "未公开项目" not in text and "草稿项目" not in text
    assert "公开项目" in page
    # the page names the norm it publishes under by its issued title.
    assert "依据《营口市项目储备工作服务规范》公开的储备项目" in page


def test_outsider_cannot_publish(area, owner, reviewer, outsider):
    entry = pooled(area, owner, reviewer)
    with pytest.raises(Exception):  # noqa: B017,PT011  PermissionDenied
        services.entry_publish(entry=entry, published=True, user=outsider)


def test_public_page_of_unit_without_pool_is_404(client):
    no_pool = UnitFactory(kind=UnitKind.SUPERVISION_BUREAU)
    assert client.get(reverse("reserve:public_feed", args=[no_pool.code])).status_code == 404


def test_the_public_page_shows_a_page_at_a_time_and_the_feed_all(
    client, area, owner, reviewer, monkeypatch
):
    """A county's pool publishes hundreds of projects: the page is paged, largest investment
    first, the next page holding the next ones; the feed lists them all."""
    for n in range(25):
        entry = pooled(area, owner, reviewer, amount=str(5000 - n), name=f"公开项目{n:02}")
        services.entry_publish(entry=entry, published=True, user=owner)
    # Every published project is reachable: the pager is not cut where the working lists' is.
    monkeypatch.setattr("yingkou.paging.MAX_ROWS_PAGED", 20)
    url = reverse("reserve:public_unit", args=[area.code])
    first = client.get(url, {"per_page": 20})
    second = client.get(url, {"per_page": 20, "page": 2})
    assert [row["name"] for row in first.context["rows"]] == [f"公开项目{n:02}" for n in range(20)]
    assert [row["name"] for row in second.context["rows"]] == [
        f"公开项目{n:02}" for n in range(20, 25)
    ]
    assert "?per_page=20&amp;page=2" in first.content.decode()
    feed = client.get(reverse("reserve:public_feed", args=[area.code])).json()
    assert feed["count"] == 25 and len(feed["projects"]) == 25


def test_the_drc_publishes_the_level_1_pools_major_projects_from_5_yi(
    client, area, owner, reviewer, drc, drc_unit, level1
):
    """R-7 "市发展改革委…定期向社会发布重大建设项目储备有关情况": 重大 is the source's 5亿元以上
    (含5亿元). A smaller level-1 project stays public on its own unit's page."""
    for amount, name in (("50000.00", "恰好五亿项目"), ("49999.99", "差一分五亿项目")):
        entry = pooled(area, owner, reviewer, amount=amount, name=name)
        services.entry_recommend(entry=entry, user=reviewer)
        services.entry_approve(entry=entry, user=drc)
        services.entry_publish(entry=entry, published=True, user=drc)

    feed = client.get(reverse("reserve:public_feed", args=[drc_unit.code])).json()
    assert [row["name"] for row in feed["projects"]] == ["恰好五亿项目"]
    page = client.get(reverse("reserve:public_unit", args=[drc_unit.code])).content.decode()
    assert "全市重大建设项目储备" in page and "5亿元以上（含5亿元）" in page
    assert "恰好五亿项目" in page and "差一分五亿项目" not in page
    unit_feed = client.get(reverse("reserve:public_feed", args=[area.code])).json()
    assert {row["name"] for row in unit_feed["projects"]} == {"恰好五亿项目", "差一分五亿项目"}
