from decimal import Decimal

import pytest

from tests.conftest import api_as
from tests.factories import LeaderFactory, ProjectFactory, UnitFactory
from tests.queries import assert_constant_queries
from yingkou.choices import Stage

pytestmark = pytest.mark.django_db


def test_token_login(api, owner):
    response = api.post("/api/v1/auth/token/", {"username": "alice", "password": "pw-for-tests-1"})
    assert response.status_code == 200
    token = response.json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/v1/projects/").status_code == 200
    bad = api.post("/api/v1/auth/token/", {"username": "alice", "password": "wrong"})
    assert bad.status_code == 400


def test_project_fields_are_the_contract(owner, project):
    row = api_as(owner).get(f"/api/v1/projects/{project.pk}/").json()
    for field in [
        "id",
        "name",
        "code",
        "owner_unit",
        "landing_unit",
        "industry",
        "sector",
        "is_real_estate",
        "capital_origin",
        "total_investment",
        "investor_intent_clear",
        "stage",
        "version",
    ]:
        assert field in row
    assert row["total_investment"] == "1000.00"  # decimal string in 万元


def test_units_and_leaders_fields(owner, area):
    leader = LeaderFactory(portfolio_industries=["C"])
    leader.portfolio_units.add(area)
    api = api_as(owner)
    unit = api.get(f"/api/v1/units/{area.pk}/").json()
    assert set(unit) >= {"id", "name", "code", "kind", "parent", "level", "enforcement_system"}
    row = api.get(f"/api/v1/leaders/{leader.pk}/").json()
    assert row["portfolio_units"] == [area.pk]
    assert row["portfolio_industries"] == ["C"]
    assert row["rank"] == "city_leader" and row["is_retired"] is False


def test_reference_data_is_read_only_over_the_api(owner):
    assert api_as(owner).post("/api/v1/units/", {"name": "x"}).status_code == 403


def test_filters_by_unit_stage_industry_sector_amount_real_estate_and_name(drc, area, other_area):
    ProjectFactory(
        name="化工新材料", owner_unit=area, industry="C26", total_investment=Decimal("50000")
    )
    ProjectFactory(
        name="滨海商住", owner_unit=other_area, industry="K70", total_investment=Decimal("999.99")
    )
    ProjectFactory(
        name="冷链物流",
        owner_unit=other_area,
        industry="G59",
        stage=Stage.SIGNED,
        total_investment=Decimal("1000"),
    )
    api = api_as(drc)

    def names(query):
        return sorted(
            row["name"] for row in api.get(f"/api/v1/projects/?{query}").json()["results"]
        )

    assert names(f"unit={area.pk}") == ["化工新材料"]
    assert names("stage=signed") == ["冷链物流"]
    assert names("industry=C") == ["化工新材料"]
    assert names("sector=tertiary") == ["冷链物流", "滨海商住"]
    assert names("is_real_estate=true") == ["滨海商住"]
    assert names("investment_min=1000") == ["冷链物流", "化工新材料"]
    assert names("investment_max=1000") == ["冷链物流", "滨海商住"]
    assert names("q=物流") == ["冷链物流"]
    ordered = api.get("/api/v1/projects/?ordering=total_investment").json()["results"]
    assert [row["name"] for row in ordered] == ["滨海商住", "冷链物流", "化工新材料"]


def test_pagination(drc, area):
    ProjectFactory.create_batch(60, owner_unit=area)
    body = api_as(drc).get("/api/v1/projects/").json()
    assert body["count"] == 60 and len(body["results"]) == 50 and body["next"]


def test_a_stale_version_gets_409_and_nothing_is_overwritten(owner, drc, project):
    first = api_as(drc).patch(
        f"/api/v1/projects/{project.pk}/", {"name": "发改委版本", "version": 1}, format="json"
    )
    assert first.status_code == 200
    second = api_as(owner).patch(
        f"/api/v1/projects/{project.pk}/", {"name": "录入员版本", "version": 1}, format="json"
    )
    assert second.status_code == 409
    assert "刷新" in second.json()["detail"]
    project.refresh_from_db()
    assert project.name == "发改委版本"


def test_an_update_without_version_is_refused(owner, project):
    response = api_as(owner).patch(f"/api/v1/projects/{project.pk}/", {"name": "x"}, format="json")
    assert response.status_code == 400
    assert "version" in response.json()


def test_a_forbidden_stage_jump_is_a_400_naming_the_rule(owner, project):
    response = api_as(owner).patch(
        f"/api/v1/projects/{project.pk}/", {"stage": "operating", "version": 1}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["rule"] == "§1"
    assert "项目阶段不能直接修改" in response.json()["detail"]
    project.refresh_from_db()
    assert (project.stage, project.version) == ("planning", 1)


def test_validation_messages_are_chinese(owner):
    response = api_as(owner).post(
        "/api/v1/projects/",
        {"name": "x", "industry": "C", "total_investment": "-1", "code": "bad"},
        format="json",
    )
    assert response.status_code == 400
    assert "项目代码格式" in str(response.json()["code"])


def _more_projects(area, other_area):
    def add(count):
        units = [area, other_area]
        for index in range(count):
            ProjectFactory(owner_unit=units[index % 2], landing_unit=units[(index + 1) % 2])

    return add


def test_project_endpoint_queries_do_not_grow_with_rows(drc, area, other_area):
    api = api_as(drc)
    assert_constant_queries(
        lambda: api.get("/api/v1/projects/?page_size=500"), _more_projects(area, other_area)
    )


def test_project_endpoint_queries_for_unit_staff_do_not_grow(owner, area, other_area):
    api = api_as(owner)
    assert_constant_queries(
        lambda: api.get("/api/v1/projects/?page_size=500"), _more_projects(area, other_area)
    )


def test_leader_endpoint_queries_do_not_grow(drc, area):
    def add(count):
        for _ in range(count):
            LeaderFactory(unit=area).portfolio_units.add(area)

    api = api_as(drc)
    assert_constant_queries(lambda: api.get("/api/v1/leaders/?page_size=500"), add)


def test_unit_endpoint_queries_do_not_grow(drc):
    api = api_as(drc)
    assert_constant_queries(
        lambda: api.get("/api/v1/units/?page_size=500"), lambda n: UnitFactory.create_batch(n)
    )


def test_project_list_page_queries_do_not_grow(client, owner, area, other_area):
    client.force_login(owner)
    assert_constant_queries(lambda: client.get("/projects/"), _more_projects(area, other_area))


def test_home_dashboard_queries_do_not_grow(client, owner, area, other_area):
    client.force_login(owner)
    assert_constant_queries(lambda: client.get("/"), _more_projects(area, other_area))


def test_openapi_schema_lists_the_contract_paths(client):
    schema = client.get("/api/schema/?format=json").json()
    assert "/api/v1/projects/" in schema["paths"]
    assert "/api/v1/auth/token/" in schema["paths"]


@pytest.mark.django_db
def test_a_project_lands_only_in_an_area_or_park(owner, drc_unit, area):
    """Unit staff cannot set the landing unit to the DRC or any department (SPEC §1)."""
    response = api_as(owner).post(
        "/api/v1/projects/",
        {
            "name": "落地测试",
            "industry": "C26",
            "total_investment": "100",
            "landing_unit": drc_unit.pk,
        },
    )
    assert response.status_code == 400 and "landing_unit" in response.json()
    response = api_as(owner).post(
        "/api/v1/projects/",
        {"name": "落地测试", "industry": "C26", "total_investment": "100", "landing_unit": area.pk},
    )
    assert response.status_code == 201, response.json()
