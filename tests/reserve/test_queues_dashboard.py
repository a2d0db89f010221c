import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from reserve import dashboard, selectors, services
from tests.factories import UnitFactory, UserFactory
from tests.queries import assert_constant_queries
from tests.reserve.conftest import bulk_pooled, make_project, pooled
from yingkou.choices import Role

pytestmark = pytest.mark.django_db


def test_each_role_sees_exactly_its_own_queue(
    area, other_area, owner, reviewer, drc, outsider, level1
):
    gz_boss = UserFactory(username="gz_boss", role=Role.UNIT_REVIEWER, unit=other_area)
    mine = services.entry_declare(project=make_project(area), user=owner, submit=True)
    theirs = services.entry_declare(project=make_project(other_area), user=outsider, submit=True)
    draft = services.entry_declare(project=make_project(area), user=owner)
    recommended = services.entry_recommend(entry=pooled(area, owner, reviewer), user=reviewer)
    assert set(selectors.level2_queue(reviewer)) == {mine}
    assert set(selectors.level2_queue(gz_boss)) == {theirs}
    assert set(selectors.level1_queue()) == {recommended}
    services.entry_return(entry=recommended, user=drc, comment="请补充")
    assert set(selectors.level2_queue(reviewer)) == {mine, recommended}
    assert draft not in selectors.level2_queue(reviewer)


def panel_rows(user):
    return {
        label: value for panel in dashboard.panels(user) for label, value, _url in panel["rows"]
    }


def test_dashboard_panels_per_role(area, owner, reviewer, drc, bureau, city_leader_user, level1):
    services.entry_declare(project=make_project(area), user=owner)
    services.entry_declare(project=make_project(area), user=owner, submit=True)
    services.entry_recommend(entry=pooled(area, owner, reviewer), user=reviewer)
    assert panel_rows(owner)["草稿待提交"] == 1
    assert panel_rows(owner)["本周五更新"] == "未确认"
    assert panel_rows(reviewer)["待审核（二级库）"] == 1
    assert panel_rows(drc)["一级库待审核"] == 1
    assert panel_rows(bureau)["最新项目明细表"] == "暂无"
    # The month as its readers name it, not its key (2026-10).
    services.monthly_archive_detail_list(year=2026, month=10)
    assert panel_rows(bureau)["最新项目明细表"] == "2026年10月"
    # A city leader has no reserve queue, only the city-wide charts of pooled investment.
    (leader_panel,) = dashboard.panels(city_leader_user)
    assert leader_panel["rows"] == []
    assert {chart["id"] for chart in leader_panel["charts"]} >= {"chart-reserve-by-industry"}


def test_dashboard_fixed_queries(client, owner, area):
    client.force_login(owner)
    assert_constant_queries(
        lambda: client.get(reverse("home")), lambda n: bulk_pooled(area, owner, n)
    )


def test_entry_and_pool_exports(client, drc, owner, reviewer, area):
    pooled(area, owner, reviewer, amount="1234.50", name="导出项目")
    client.force_login(drc)
    response = client.get(reverse("reserve:entry_list") + "?export=xlsx&q=导出")
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values)[2:]
    assert rows[1][1] == "导出项目" and rows[1][7] == 1234.5 and rows[1][10] == "已入库"
    response = client.get(reverse("reserve:pool_list") + "?export=xlsx")
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values)[2:]
    assert rows[0][0] == "储备库"
    assert any(r[3] == 1234.5 for r in rows[1:])


def test_candidate_twice_is_a_form_error(client, drc, owner, reviewer, area):
    project = pooled(area, owner, reviewer).project
    client.force_login(drc)
    data = {"channel": "policy_loans", "year": 2026, "project": project.pk}
    assert client.post(reverse("reserve:candidates"), data).status_code == 302
    assert client.post(reverse("reserve:candidates"), data).status_code == 200


def test_dashboard_pool_health_and_sections_agree_with_the_pool_list(
    area, other_area, owner, outsider, reviewer, drc, level1
):
    """The dashboard reads R-4 health and the sections in one pass; the figures are those of the
    pool list (pools_with_health), and only level-2 pools count towards the sections."""
    from decimal import Decimal

    from reserve.models import Pool

    gz_boss = UserFactory(username="gz_boss", role=Role.UNIT_REVIEWER, unit=other_area)
    pooled(area, owner, reviewer, "50000.00", industry="C30")  # exactly 5亿: large
    pooled(area, owner, reviewer, "1000.00", industry="K70", is_real_estate=True)
    recommended = services.entry_recommend(
        entry=pooled(area, owner, reviewer, "3000.00", industry="C13"), user=reviewer
    )
    services.entry_approve(entry=recommended, user=drc)  # now in level 1 too
    pooled(other_area, outsider, gz_boss, "2000.00", industry="D44")
    UnitFactory()  # its pool is empty
    pools, sections = selectors.pools_with_health_by_section(Pool.objects.all())
    expected = {pool.pk: pool.health for pool in selectors.pools_with_health(Pool.objects.all())}
    assert {pool.pk: pool.health for pool in pools} == expected
    assert [pool.pk for pool in pools] == list(expected)  # same order
    assert any(pool.health.project_count == 0 for pool in pools)  # empty pools too
    assert sections == {
        "C": Decimal("53000.00"),
        "K": Decimal("1000.00"),
        "D": Decimal("2000.00"),
    }


def test_the_health_chart_measures_against_the_plan_total(area, owner, reviewer):
    """R-4 compares the pool with its plan period's total (规划投资总额), not a yearly plan."""
    pooled(area, owner, reviewer, "1000.00")
    [health] = [c for c in dashboard.reserve_charts(reviewer) if c["id"] == "chart-reserve-health"]
    assert health["spec"]["series"][0]["name"] == "在库总投资／规划投资总额"
