"""API contract of SPEC §8: `assistance/projects/` and `assistance/problems/`."""

import datetime as dt
from decimal import Decimal

import pytest

from assistance.choices import TeamStatus, Tier
from tests.assistance.factories import AssistanceCaseFactory, ProblemFactory
from tests.conftest import api_as
from tests.factories import LeaderFactory, ProjectFactory, UnitFactory, UserFactory
from tests.queries import assert_constant_queries
from yingkou.choices import LeaderRank

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(area, department):
    case = AssistanceCaseFactory(
        project=ProjectFactory(owner_unit=area, landing_unit=area),
        team__lead_unit=area,
        responsible_leader=LeaderFactory(rank=LeaderRank.PRINCIPAL, unit=area, title="区长"),
    )
    case.team.cooperating_units.set([department])
    return case


def test_case_fields(case, owner):
    response = api_as(owner).get("/api/v1/assistance/projects/")
    assert response.status_code == 200
    row = response.json()["results"][0]
    assert {"id", "project", "tier", "assisting_leader", "responsible_leader"} <= set(row)
    assert row["project"] == case.project_id
    assert row["tier"] in ("city", "local")
    assert row["responsible_leader"] == case.responsible_leader_id
    assert row["total_investment"] == "1000.00"
    assert row["construction_status"] is None  # no monthly figures yet


def test_case_figures(case, owner):
    import datetime as dt

    from assistance.models import ProgressReport

    ProblemFactory(case=case, due_on=dt.date(2000, 1, 1))
    ProblemFactory(case=case, status="solved", done_on=dt.date(2026, 11, 1))
    ProgressReport.objects.create(
        case=case, month=dt.date(2026, 9, 1), planned_investment=100, actual_investment=200
    )
    ProgressReport.objects.create(
        case=case, month=dt.date(2026, 10, 1), planned_investment=100, actual_investment=80
    )
    row = api_as(owner).get(f"/api/v1/assistance/projects/{case.pk}/").json()
    assert (row["open_problems"], row["late_problems"]) == (1, 1)
    assert row["progress_month"] == "2026-10-01"
    assert row["construction_status"] == "behind"  # the latest month decides


def test_problem_fields(case, owner):
    problem = ProblemFactory(case=case, due_on=dt.date(2026, 12, 3))
    row = api_as(owner).get("/api/v1/assistance/problems/").json()["results"][0]
    assert {"id", "case", "category", "owner_unit", "due_on", "status", "escalated"} <= set(row)
    assert row["id"] == problem.pk
    assert row["due_on"] == "2026-12-03"
    assert row["category"] == "land"
    assert row["escalated"] is False


def test_owner_teammate_outsider(case, owner, teammate, outsider, drc, city_leader_user):
    url = f"/api/v1/assistance/projects/{case.pk}/"
    for user in (owner, teammate, drc, city_leader_user):
        assert api_as(user).get(url).status_code == 200
    assert api_as(outsider).get(url).status_code == 404
    assert api_as(outsider).get("/api/v1/assistance/projects/").json()["count"] == 0
    problem = ProblemFactory(case=case)
    assert api_as(outsider).get(f"/api/v1/assistance/problems/{problem.pk}/").status_code == 404
    assert api_as(teammate).get(f"/api/v1/assistance/problems/{problem.pk}/").status_code == 200


def test_anonymous_is_refused(case, api):
    assert api.get("/api/v1/assistance/projects/").status_code in (401, 403)


def test_open_case_through_the_api(area, owner, drc):
    project = ProjectFactory(owner_unit=area, landing_unit=area, total_investment=Decimal("50000"))
    response = api_as(owner).post(
        "/api/v1/assistance/projects/", {"project": project.pk, "source": "reserve"}
    )
    assert response.status_code == 201, response.json()
    assert response.json()["tier"] == Tier.CITY
    assert response.json()["team_status"] == TeamStatus.PROPOSED
    again = api_as(drc).post("/api/v1/assistance/projects/", {"project": project.pk})
    assert again.json()["id"] == response.json()["id"]


def test_open_below_scope_is_400_naming_the_rule(area, owner):
    project = ProjectFactory(owner_unit=area, landing_unit=area, total_investment=Decimal("999.99"))
    response = api_as(owner).post("/api/v1/assistance/projects/", {"project": project.pk})
    assert response.status_code == 400
    assert response.json()["rule"] == "A-1"


def test_open_outside_remit(area, outsider):
    project = ProjectFactory(owner_unit=area, landing_unit=area, total_investment=Decimal("5000"))
    response = api_as(outsider).post("/api/v1/assistance/projects/", {"project": project.pk})
    assert response.status_code == 404


def test_team_decision_actions(case, owner, drc, city_leader_user):
    leader = LeaderFactory(user=city_leader_user, unit=city_leader_user.unit)
    case.tier = Tier.CITY
    case.team_status = TeamStatus.PROPOSED
    case.save()
    url = f"/api/v1/assistance/projects/{case.pk}/"
    response = api_as(drc).post(url + "compile/", {"assisting_leader": case.responsible_leader_id})
    assert response.status_code == 400
    assert response.json()["rule"] == "A-2"
    response = api_as(drc).post(url + "compile/", {"assisting_leader": leader.pk})
    assert response.status_code == 200, response.json()
    assert response.json()["assisting_leader"] == leader.pk
    assert api_as(owner).post(url + "approve/").status_code == 403
    assert api_as(drc).post(url + "approve/").status_code == 403
    response = api_as(city_leader_user).post(url + "return/", {"comment": "补充供水单位"})
    assert response.json()["team_status"] == "returned"


def test_problem_create_solve_escalate(case, owner, outsider):
    response = api_as(owner).post(
        "/api/v1/assistance/problems/",
        {
            "case": case.pk,
            "category": "water",
            "title": "供水管网未到红线",
            "owner_unit": case.project.owner_unit_id,
            "due_on": "2099-01-10",
        },
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    url = f"/api/v1/assistance/problems/{pk}/"
    response = api_as(owner).post(url + "escalate/", {"reason": "管网改造资金需市级统筹"})
    assert response.json()["escalated"] is True
    response = api_as(owner).post(url + "escalate/", {"reason": "again"})
    assert response.status_code == 400 and response.json()["rule"] == "A-3"
    assert api_as(outsider).post(url + "solve/", {"resolution": "x"}).status_code == 404
    response = api_as(owner).post(url + "solve/", {"resolution": "已通水"})
    assert response.json()["status"] == "solved"


def test_problem_for_an_invisible_case_is_404(case, outsider, other_area):
    response = api_as(outsider).post(
        "/api/v1/assistance/problems/",
        {
            "case": case.pk,
            "category": "land",
            "title": "x",
            "owner_unit": other_area.pk,
            "due_on": "2099-01-10",
        },
    )
    assert response.status_code == 404


def test_lists_run_constant_queries(area, other_area, drc):
    client = api_as(drc)

    def add_cases(n):
        for index in range(n):
            case = AssistanceCaseFactory(project=ProjectFactory(owner_unit=area))
            case.team.cooperating_units.add(UnitFactory())
            # Liaisons who answer, were deactivated or moved away: decided from what the
            # page's rows hold, with no query of their own.
            case.team.service_liaison = UserFactory(unit=area, is_active=index % 2 == 0)
            case.team.project_liaison = UserFactory(unit=(area, other_area)[index % 2])
            case.team.save()
            ProblemFactory(case=case)

    assert_constant_queries(
        lambda: client.get("/api/v1/assistance/projects/?page_size=500"), add_cases, 3, 30
    )
    assert_constant_queries(
        lambda: client.get("/api/v1/assistance/problems/?page_size=500"), add_cases, 3, 30
    )


def test_every_a5_step_through_the_api(case, owner, drc, city_leader_user, department, outsider):
    """A-5 by another system: propose (the area), compile (the DRC), approve (the city leader)."""
    city = LeaderFactory(user=city_leader_user, unit=city_leader_user.unit)
    case.tier = Tier.CITY
    case.team_status = TeamStatus.PROPOSED
    case.save()
    url = f"/api/v1/assistance/projects/{case.pk}/"
    payload = {
        "responsible_leader": case.responsible_leader_id,
        "assisting_leader": city.pk,
        "team_units": [department.pk],
        "members": [owner.pk],
        "service_liaison": owner.pk,
        "project_liaison": owner.pk,
        "version": 1,
    }
    assert api_as(outsider).post(url + "propose/", payload, format="json").status_code == 404
    response = api_as(owner).post(url + "propose/", payload, format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["team_status"] == "proposed"
    assert body["assisting_leader"] == city.pk
    assert body["responsible_leader"] == case.responsible_leader_id
    case.refresh_from_db()
    assert list(case.team.cooperating_units.all()) == [department]
    assert list(case.team.members.all()) == [owner]
    assert api_as(drc).post(url + "compile/").json()["team_status"] == "compiled"
    response = api_as(city_leader_user).post(url + "approve/")
    assert response.json()["team_status"] == "approved"


def test_city_tier_proposal_with_a_county_leader_assisting_is_400_citing_a2(case, owner, area):
    county_principal = LeaderFactory(rank=LeaderRank.PRINCIPAL, unit=area, title="区委书记")
    case.tier = Tier.CITY
    case.save()
    response = api_as(owner).post(
        f"/api/v1/assistance/projects/{case.pk}/propose/",
        {
            "responsible_leader": case.responsible_leader_id,
            "assisting_leader": county_principal.pk,
            "service_liaison": owner.pk,
            "project_liaison": owner.pk,
            "version": 1,
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["rule"] == "A-2"


def test_a_stale_team_proposal_is_refused_with_409(case, owner, area):
    head = LeaderFactory(rank=LeaderRank.IN_CHARGE, unit=area, title="副区长")
    url = f"/api/v1/assistance/projects/{case.pk}/propose/"
    payload = {
        "assisting_leader": head.pk,
        "service_liaison": owner.pk,
        "project_liaison": owner.pk,
        "plan": "第一版",
    }
    first = api_as(owner).post(url, {**payload, "version": 1}, format="json")
    assert first.status_code == 200, first.json()
    assert first.json()["version"] == 2
    stale = api_as(owner).post(url, {**payload, "plan": "覆盖", "version": 1}, format="json")
    assert stale.status_code == 409
    assert "已被他人修改" in stale.json()["detail"]
    case.refresh_from_db()
    assert (case.plan, case.version) == ("第一版", 2)


def test_a_team_proposal_names_its_version(case, owner):
    response = api_as(owner).post(
        f"/api/v1/assistance/projects/{case.pk}/propose/",
        {"service_liaison": owner.pk, "project_liaison": owner.pk, "plan": "x"},
        format="json",
    )
    assert response.status_code == 400 and "version" in response.json()
    case.refresh_from_db()
    assert case.version == 1 and case.plan != "x"


def test_listed_cases_carry_their_own_figures_on_every_page(case, area, owner):
    """The list's page is picked on the cases, then only its rows get their figures: on the
    first page and on a later one, each row keeps its own counts, in the list's order."""
    smaller = AssistanceCaseFactory(
        project=ProjectFactory(owner_unit=area, total_investment=Decimal("3000")),
        team__lead_unit=area,
    )
    case.project.total_investment = Decimal("9000")
    case.project.save()
    ProblemFactory(case=case, due_on=dt.date(2000, 1, 1))
    ProblemFactory(case=smaller, escalated=True, due_on=dt.date(2099, 1, 1))
    ProblemFactory(case=smaller, due_on=dt.date(2099, 1, 1))
    client = api_as(owner)
    for query in ("", "?page_size=1&page=2"):
        answer = client.get(f"/api/v1/assistance/projects/{query}").json()
        assert "results" in answer, (query, answer)
        rows = answer["results"]
        figures = [(r["id"], r["open_problems"], r["late_problems"]) for r in rows]
        expected = [(case.pk, 1, 1), (smaller.pk, 2, 0)]
        assert figures == (expected[1:] if "page=2" in query else expected), query


def test_a_units_pages_by_number_count_and_order_what_it_sees(owner, area, other_area):
    """Unit staff's pages are cut from one read of the cases it sees: the count, the order,
    the links and a page past the end are those of the list."""
    amounts = ("90000.00", "60000.00", "30000.00")
    mine = [
        AssistanceCaseFactory(project=ProjectFactory(owner_unit=area, total_investment=amount))
        for amount in amounts
    ]
    AssistanceCaseFactory(project=ProjectFactory(owner_unit=other_area, total_investment=70000))
    client = api_as(owner)

    first = client.get("/api/v1/assistance/projects/?page_size=2").json()
    assert first["count"] == 3
    assert [row["id"] for row in first["results"]] == [mine[0].pk, mine[1].pk]
    assert first["previous"] is None and "page=2" in first["next"]
    second = client.get(first["next"]).json()
    assert [row["id"] for row in second["results"]] == [mine[2].pk]
    assert second["next"] is None
    ascending = client.get("/api/v1/assistance/projects/?page_size=2&ordering=total_investment")
    assert [row["id"] for row in ascending.json()["results"]] == [mine[2].pk, mine[1].pk]
    assert client.get("/api/v1/assistance/projects/?page_size=2&page=3").status_code == 404
