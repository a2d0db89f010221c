"""Schema-driven fuzzing of the whole API against its own OpenAPI description (schemathesis):
every operation, as a DRC reviewer and as unit staff, with a fixed seed and a bounded number of
examples. Nothing a client can send makes the server fail (5xx), and every documented answer
matches the schema. The figures of the last run are in the README."""

import json
from collections import Counter

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.db import connections
from django.test import Client
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, Phase, given, seed, settings
from rest_framework.renderers import JSONRenderer
from schemathesis.specs.openapi.checks import response_schema_conformance

from reserve import services as reserve_services
from tests.factories import ProjectFactory, UnitFactory, UserFactory
from yingkou.choices import Role, UnitKind

pytestmark = pytest.mark.django_db

SEED = 20171127
EXAMPLES = 2


@pytest.fixture
def in_process_wsgi(monkeypatch):
    """Requests run in the test's transaction, as Django's test client does it. The handler would
    otherwise close the connection at the start and end of every request (a no-op on SQLite's
    in-memory test database, fatal on PostgreSQL); Django's own test client, also used here,
    reconnects those signal handlers after each of its requests, so the close itself is disabled."""
    for connection in connections.all():
        monkeypatch.setattr(connection, "close_if_unusable_or_obsolete", lambda: None)
    yield WSGIHandler()


def token_for(user) -> str:
    response = Client().post(
        "/api/v1/auth/token/", {"username": user.username, "password": "pw-for-tests-1"}
    )
    assert response.status_code == 200, response.content
    return response.json()["token"]


def where(exc: BaseException) -> str:
    """The schema locations a response broke (the full report is long)."""
    text = "\n".join(str(e) for e in getattr(exc, "exceptions", None) or [exc])
    return (
        "; ".join(line.strip() for line in text.splitlines() if "Schema at" in line) or text[:300]
    )


def the_schema():
    document = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(JSONRenderer().render(document))


def fuzz(schema, app, token: str) -> dict:
    figures = {
        "operations": 0,
        "requests": 0,
        "statuses": Counter(),
        "server_errors": [],
        "mismatches": [],
    }
    headers = {"Authorization": f"Token {token}"}
    for result in schema.get_all_operations():
        operation = result.ok()
        figures["operations"] += 1

        @seed(SEED)
        @settings(
            max_examples=EXAMPLES,
            database=None,
            deadline=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def run(case):
            response = case.call(app=app, headers=headers)
            figures["requests"] += 1
            figures["statuses"][response.status_code] += 1
            label = f"{case.method} {case.formatted_path} -> {response.status_code}"
            if response.status_code >= 500:
                figures["server_errors"].append(label)
                return
            try:
                case.validate_response(response, checks=[response_schema_conformance])
            except (Exception, BaseExceptionGroup) as exc:  # noqa: BLE001  all collected, reported
                figures["mismatches"].append(f"{label}: {where(exc)}")

        run()
    return figures


def on_real_records(schema, app, token: str, figures: dict) -> None:
    """Random ids mostly answer 404, so every GET on one record (and its sub-resources) is also
    called with the ids its list returns: the documented answers of real records are checked."""
    headers = {"Authorization": f"Token {token}"}
    client = Client(HTTP_AUTHORIZATION=f"Token {token}")
    ids: dict[str, list[int]] = {}
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.method.upper() != "GET" or "{id}" not in operation.path:
            continue
        collection = operation.path.split("{id}")[0]
        if collection not in ids:
            answer = client.get(collection, {"page_size": 5})
            body = answer.json() if answer.status_code == 200 else {}
            rows = body.get("results", body) if isinstance(body, dict) else body
            ids[collection] = [row["id"] for row in rows if isinstance(row, dict) and "id" in row]
        for pk in ids[collection][:3]:
            case = operation.Case(path_parameters={"id": pk})
            response = case.call(app=app, headers=headers)
            figures["requests"] += 1
            figures["statuses"][response.status_code] += 1
            label = f"GET {operation.path} id={pk} -> {response.status_code}"
            if response.status_code >= 500:
                figures["server_errors"].append(label)
                continue
            try:
                case.validate_response(response, checks=[response_schema_conformance])
            except (Exception, BaseExceptionGroup) as exc:  # noqa: BLE001
                figures["mismatches"].append(f"{label}: {where(exc)}")


def world(area, drc_unit) -> None:
    """A little of everything, with the optional links left empty (where nulls hide)."""
    from assistance.services import assistance_plan_save
    from tests.assistance.factories import AssistanceCaseFactory, ProblemFactory
    from tests.enterprise.factories import (
        ComplaintFactory,
        EnterpriseFactory,
        InspectionFactory,
        PromiseFactory,
        VisitFactory,
    )
    from tests.negotiation.factories import open_case

    for project in ProjectFactory.create_batch(3, owner_unit=area, landing_unit=area):
        reserve_services.entry_declare(project=project, user=UserFactory(unit=area))
    ProblemFactory(case=AssistanceCaseFactory(project__owner_unit=area))
    open_case(negotiating_unit=area, project=ProjectFactory(owner_unit=area, landing_unit=area))
    enterprise = EnterpriseFactory(introducing_unit=area)
    VisitFactory(enterprise=enterprise)
    ComplaintFactory(receiving_unit=area, enterprise=enterprise)
    InspectionFactory(enterprise=enterprise)
    PromiseFactory(enterprise=enterprise)
    # an adopted yearly plan, whose reads say by when it is to be published.
    assistance_plan_save(
        unit=area,
        year=timezone.localdate().year,  # a year its unit writes a plan for today
        title="帮扶方案",
        content="一企一策",
        is_published=True,
        user=UserFactory(role=Role.UNIT_REVIEWER, unit=area),
    )


@pytest.mark.parametrize("role", ["drc", "unit_staff"])
def test_no_server_error_and_no_schema_mismatch(role, in_process_wsgi, capsys):
    area = UnitFactory(name="鲅鱼圈区", code="BYQ", kind=UnitKind.COUNTY)
    drc_unit = UnitFactory(name="营口市发展和改革委员会", code="FGW", kind=UnitKind.DRC)
    user = (
        UserFactory(role=Role.DRC_REVIEWER, unit=drc_unit)
        if role == "drc"
        else UserFactory(role=Role.UNIT_STAFF, unit=area)
    )
    world(area, drc_unit)
    schema = schemathesis.openapi.from_dict(the_schema())
    token = token_for(user)
    figures = fuzz(schema, in_process_wsgi, token)
    on_real_records(schema, in_process_wsgi, token, figures)
    with capsys.disabled():
        print(
            f"\n[{role}] {figures['operations']} operations, {figures['requests']} requests, "
            f"{len(figures['server_errors'])} server errors, "
            f"{len(figures['mismatches'])} schema mismatches; "
            f"answers {dict(sorted(figures['statuses'].items()))}"
        )
    assert figures["server_errors"] == []
    assert figures["mismatches"] == [], "\n".join(figures["mismatches"])
