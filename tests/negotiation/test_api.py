"""API: SPEC §8 field names, 404 outside the remit, 403 for a forbidden action, 400 naming the rule."""

import datetime as dt

import pytest

from negotiation import services
from negotiation.choices import QuestionKind
from tests.conftest import api_as
from tests.factories import ProjectFactory, UserFactory
from tests.negotiation.factories import city_leader, open_case
from tests.queries import assert_constant_queries

pytestmark = pytest.mark.django_db

CASE_FIELDS = {
    "id",
    "project",
    "negotiating_unit",
    "landing_unit",
    "stage",
    "rule",
    "tier",
    "lead_leader",
    "lead_unit",
    "cooperating_units",
    "main_negotiating_unit",
    "liaison",
}
QUESTION_FIELDS = {"id", "negotiation", "kind", "asked_on", "due_on", "answered_on"}


def test_case_fields_rule_and_tier(case, teammate, department, area, principal):
    body = api_as(teammate).get("/api/v1/negotiations/").json()
    row = body["results"][0]
    assert set(row) >= CASE_FIELDS
    assert row["rule"] == 4
    assert row["tier"] == "B"
    assert row["lead_unit"] == department.pk
    assert row["lead_leader"] == principal.pk
    assert row["cooperating_units"] == [area.pk]
    assert row["main_negotiating_unit"] == department.pk
    assert row["liaison"] is None
    assert row["stage"] == "contact"


def test_outsider_gets_404_and_teammate_403(case, owner, outsider):
    assert api_as(outsider).get(f"/api/v1/negotiations/{case.pk}/").status_code == 404
    assert api_as(outsider).get("/api/v1/negotiations/").json()["count"] == 0
    assert api_as(owner).get(f"/api/v1/negotiations/{case.pk}/").status_code == 200
    response = api_as(owner).post(
        f"/api/v1/negotiations/{case.pk}/move/", {"stage": "inspection"}, format="json"
    )
    assert response.status_code == 403


def test_a_team_breaking_n2_is_a_400_naming_the_rule(case, teammate, area, department):
    vice_mayor = city_leader(units=[department])
    response = api_as(teammate).post(
        f"/api/v1/negotiations/{case.pk}/team/",
        {
            "lead_leader": vice_mayor.pk,
            "cooperating_units": [area.pk],
            "service_liaison": teammate.pk,
            "version": 1,
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["rule"] == "N-2"
    assert "第4条" in response.json()["detail"]


def test_open_and_move_through_the_api(teammate, department, area):
    project = ProjectFactory(owner_unit=department, landing_unit=area, total_investment="100000.00")
    client = api_as(teammate)
    response = client.post(
        "/api/v1/negotiations/",
        {"project": project.pk, "negotiating_unit": department.pk, "opened_on": "2026-11-02"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["rule"] == 1
    assert response.json()["tier"] == "A"
    case_id = response.json()["id"]
    moved = client.post(
        f"/api/v1/negotiations/{case_id}/move/",
        {"stage": "inspection", "on": "2026-11-10"},
        format="json",
    )
    assert moved.json()["stage"] == "inspection"
    skipped = client.post(
        f"/api/v1/negotiations/{case_id}/move/", {"stage": "signed"}, format="json"
    )
    assert skipped.status_code == 400
    assert skipped.json()["rule"] == "N-1"
    composition = client.get(f"/api/v1/negotiations/{case_id}/composition/").json()
    assert composition["rule"] == 1
    assert composition["lead_requirement"] == "vice_mayor_of_department"


def test_questions_route_is_not_swallowed_by_the_case_detail(case, owner, area, outsider):
    client = api_as(owner)
    response = client.post(
        "/api/v1/negotiations/questions/",
        {
            "negotiation": case.pk,
            "kind": "policy",
            "question": "能否享受高新技术企业税收优惠？",
            "owner_unit": area.pk,
            "asked_on": "2026-11-25",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert set(body) >= QUESTION_FIELDS
    # 2026-11-28 is a Saturday: the 3 days end on the next working day (N-4 decision).
    assert body["due_on"] == "2026-11-30"
    assert body["negotiation"] == case.pk
    listed = client.get("/api/v1/negotiations/questions/").json()
    assert listed["results"][0]["due_on"] == "2026-11-30"
    assert api_as(outsider).get(f"/api/v1/negotiations/questions/{body['id']}/").status_code == 404
    answer = client.post(
        f"/api/v1/negotiations/questions/{body['id']}/answer/",
        {
            "answer": "符合条件",
            "answered_on": "2026-11-26",
            "delivered_on": "2026-11-26",
            "version": body["version"],
        },
        format="json",
    )
    assert answer.status_code == 200
    assert answer.json()["answered_on"] == "2026-11-26"
    assert answer.json()["version"] == body["version"] + 1


def test_a_superior_question_without_its_body_is_a_400(case, owner, department):
    response = api_as(owner).post(
        "/api/v1/negotiations/questions/",
        {
            "negotiation": case.pk,
            "kind": "superior",
            "question": "能否纳入国家重大项目库？",
            "owner_unit": department.pk,
            "asked_on": "2026-11-25",
            "due_on": "2026-12-25",
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["rule"] == "N-4"


def test_case_list_runs_a_fixed_number_of_queries(teammate, department, area, other_area):
    client = api_as(teammate)

    def add_cases(n):
        for index in range(n):
            project = ProjectFactory(owner_unit=department, landing_unit=area)
            case = open_case(negotiating_unit=department, project=project, user=teammate)
            # Liaisons who answer, were deactivated or moved away (N-5): decided from what the
            # page's rows hold, with no query of their own.
            unit = (department, department, other_area)[index % 3]
            case.team.service_liaison = UserFactory(unit=unit, is_active=index % 3 != 1)
            case.team.save()

    assert_constant_queries(
        lambda: client.get("/api/v1/negotiations/?page_size=100"), add_cases, small=2, large=12
    )


def test_question_list_runs_a_fixed_number_of_queries(case, teammate, department, area):
    client = api_as(teammate)
    other = open_case(
        negotiating_unit=department,
        project=ProjectFactory(owner_unit=department, landing_unit=area),
        user=teammate,
    )

    def add_questions(n):
        for index in range(n):
            services.investor_question_raise(
                case=(case, other)[index % 2],
                user=teammate,
                kind=QuestionKind.POLICY,
                question="问题",
                owner_unit=department,
                asked_on=dt.date(2026, 11, 20),
            )

    assert_constant_queries(
        lambda: client.get("/api/v1/negotiations/questions/?page_size=100"),
        add_questions,
        small=4,
        large=40,
    )


def test_tasks_are_assigned_by_the_lead_unit_only(case, teammate, owner, outsider, area):
    payload = {"title": "出具规划条件", "owner_unit": area.pk, "due_on": "2026-12-10"}
    url = f"/api/v1/negotiations/{case.pk}/tasks/"
    assert api_as(owner).post(url, payload, format="json").status_code == 403
    assert api_as(outsider).post(url, payload, format="json").status_code == 404
    created = api_as(teammate).post(url, payload, format="json")
    assert created.status_code == 201
    task_id = created.json()["id"]
    listed = api_as(owner).get(f"/api/v1/negotiations/tasks/?case={case.pk}").json()
    assert [row["id"] for row in listed["results"]] == [task_id]
    assert api_as(outsider).get(f"/api/v1/negotiations/tasks/{task_id}/").status_code == 404
    done = api_as(owner).post(
        f"/api/v1/negotiations/tasks/{task_id}/report/",
        {"status": "done", "result": "已出具", "version": created.json()["version"]},
        format="json",
    )
    assert done.status_code == 200
    assert done.json()["done_on"] == "2026-11-26"


@pytest.mark.parametrize(
    ("amount", "tier"),
    [("100000.00", "A"), ("99999.99", "B"), ("10000.00", "B"), ("9999.99", "C")],
)
def test_tier_filter_uses_the_n2_boundaries(teammate, department, area, amount, tier):
    project = ProjectFactory(owner_unit=department, landing_unit=area, total_investment=amount)
    open_case(negotiating_unit=department, project=project, user=teammate)
    client = api_as(teammate)
    for value in ("A", "B", "C"):
        rows = client.get(f"/api/v1/negotiations/?tier={value}").json()["results"]
        assert len(rows) == (1 if value == tier else 0)
        if rows:
            assert rows[0]["tier"] == tier


def test_the_pool_holds_only_open_cases(client, case, teammate, bureau):
    from django.urls import reverse

    from negotiation.choices import NegotiationStage

    client.force_login(bureau)
    assert case.project.name in client.get(reverse("negotiation:pool")).content.decode()
    services.negotiation_case_move(
        case=case, stage=NegotiationStage.ENDED, user=teammate, note="投资方放弃"
    )
    assert case.project.name not in client.get(reverse("negotiation:pool")).content.decode()
    assert case.project.name in client.get(reverse("negotiation:list")).content.decode()


def test_a_main_negotiating_unit_off_the_team_is_a_400_citing_n3(
    case, teammate, area, department, principal
):
    from tests.factories import UnitFactory
    from yingkou.choices import UnitKind

    utility = UnitFactory(name="营口供电公司", code="GDGS", kind=UnitKind.UTILITY)
    payload = {
        "lead_leader": principal.pk,
        "cooperating_units": [area.pk],
        "main_negotiating_unit": utility.pk,
        "service_liaison": teammate.pk,
        "version": 1,
    }
    response = api_as(teammate).post(
        f"/api/v1/negotiations/{case.pk}/team/", payload, format="json"
    )
    assert response.status_code == 400
    assert response.json()["rule"] == "N-3"
    # The lead unit itself, or a unit on the team, is accepted.
    payload["main_negotiating_unit"] = department.pk
    response = api_as(teammate).post(
        f"/api/v1/negotiations/{case.pk}/team/", payload, format="json"
    )
    assert response.status_code == 200
    assert response.json()["main_negotiating_unit"] == department.pk
    from yingkou.errors import RuleViolation

    with pytest.raises(RuleViolation) as exc:
        services.negotiation_main_unit_name(case=case, unit=utility, user=teammate)
    assert exc.value.rule == "N-3"
    services.negotiation_team_add_unit(case=case, unit=utility, user=teammate)
    # On the team now, the utility passes N-3; the liaison the team edit set (the department's)
    # then no longer fits N-5, read from the saved team and not from the caller's stale copy.
    with pytest.raises(RuleViolation) as exc:
        services.negotiation_main_unit_name(case=case, unit=utility, user=teammate)
    assert exc.value.rule == "N-5"
    case.team.refresh_from_db()
    assert case.team.main_negotiating_unit == department
    assert case.team.service_liaison == teammate


def test_a_stale_team_edit_is_refused_with_409(case, teammate, area, department, principal):
    """Two lead-unit officials edit the team of the case loaded at version 1: the second is
    told, not saved over the first."""
    url = f"/api/v1/negotiations/{case.pk}/team/"
    payload = {
        "lead_leader": principal.pk,
        "cooperating_units": [area.pk],
        "main_negotiating_unit": department.pk,
        "service_liaison": teammate.pk,
        "version": 1,
    }
    first = api_as(teammate).post(url, payload, format="json")
    assert first.status_code == 200 and first.json()["version"] == 2
    stale = api_as(teammate).post(url, {**payload, "cooperating_units": []}, format="json")
    assert stale.status_code == 409
    assert "已被他人修改" in stale.json()["detail"]
    case.refresh_from_db()
    assert case.version == 2
    assert list(case.team.cooperating_units.values_list("pk", flat=True)) == [area.pk]


def test_a_team_edit_names_its_version(case, teammate, area, department, principal):
    edits = case.team.history.count()
    response = api_as(teammate).post(
        f"/api/v1/negotiations/{case.pk}/team/",
        {
            "lead_leader": principal.pk,
            "cooperating_units": [area.pk],
            "service_liaison": teammate.pk,
        },
        format="json",
    )
    assert response.status_code == 400 and "version" in response.json()
    case.refresh_from_db()
    assert case.version == 1 and case.team.history.count() == edits


def test_a_stale_task_report_is_refused_with_409(task, teammate, owner):
    """The owner unit and the lead unit report on the task loaded at version 1: the second is
    told, not saved over the first (a task completed twice keeps its first completion)."""
    url = f"/api/v1/negotiations/tasks/{task.pk}/report/"
    first = api_as(owner).post(url, {"status": "done", "result": "已出具", "version": 1})
    assert first.status_code == 200 and first.json()["version"] == 2
    stale = api_as(teammate).post(url, {"status": "in_progress", "result": "办理中", "version": 1})
    assert stale.status_code == 409 and "已被他人更新" in stale.json()["detail"]
    task.refresh_from_db()
    assert (task.status, task.outcome, task.version) == ("done", "已出具", 2)
    assert task.history.count() == 2  # assigned, then the one report that won


def test_a_task_report_names_its_version(task, owner):
    response = api_as(owner).post(
        f"/api/v1/negotiations/tasks/{task.pk}/report/", {"status": "done"}
    )
    assert response.status_code == 400 and "version" in response.json()
    task.refresh_from_db()
    assert (task.status, task.version) == ("open", 1)


def _question(case, teammate, area):
    return services.investor_question_raise(
        case=case,
        user=teammate,
        kind=QuestionKind.POLICY,
        question="能否享受土地出让金返还？",
        owner_unit=area,
        asked_on=dt.date(2026, 11, 25),
    )


def test_a_stale_answer_is_refused_with_409(case, teammate, owner, area):
    question = _question(case, teammate, area)
    url = f"/api/v1/negotiations/questions/{question.pk}/answer/"
    body = {"answer": "符合条件", "answered_on": "2026-11-26", "version": 1}
    first = api_as(owner).post(url, body)
    assert first.status_code == 200 and first.json()["version"] == 2
    stale = api_as(teammate).post(url, {**body, "answer": "不符合条件"})
    assert stale.status_code == 409 and "已被他人修改" in stale.json()["detail"]
    question.refresh_from_db()
    assert (question.outcome, question.version) == ("符合条件", 2)
    missing = api_as(owner).post(url, {"answer": "补充", "answered_on": "2026-11-26"})
    assert missing.status_code == 400 and "version" in missing.json()


def test_readers_are_refused_before_their_body_is_read(case, task, teammate, owner, area):
    """A city-wide reader posting nothing to a lead-unit action or a report is refused (403),
    not told what its body lacks (400)."""
    from tests.factories import UserFactory
    from yingkou.choices import Role

    bureau = UserFactory(username="zsj_reader", role=Role.INVESTMENT_BUREAU)
    question = _question(case, teammate, area)
    for url in (
        f"/api/v1/negotiations/{case.pk}/team/",
        f"/api/v1/negotiations/{case.pk}/move/",
        f"/api/v1/negotiations/{case.pk}/tasks/",
        f"/api/v1/negotiations/tasks/{task.pk}/report/",
        f"/api/v1/negotiations/questions/{question.pk}/answer/",
    ):
        assert api_as(bureau).post(url, {}).status_code == 403, url
    assert api_as(owner).post(f"/api/v1/negotiations/{case.pk}/team/", {}).status_code == 403
    assert api_as(teammate).post(f"/api/v1/negotiations/{case.pk}/team/", {}).status_code == 400
