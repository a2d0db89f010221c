"""Authorisation as data: who may open which page and call which API operation.

`tests/yingkou/access_table.py` holds one row per route of the project (found by walking the URL
resolver) and method: the identities that get through. Every identity — each role of a unit
(鲅鱼圈区), staff of another unit (盖州市), each city-wide role, an enforcement agency, an
administrator and an anonymous visitor — requests every row, on records owned by 鲅鱼圈区. Getting
through is 2xx/3xx, or 400/409 for a write refused on its content; being kept out is 401, 403, 404
or a redirect to the login. A route the table lacks fails the test, so a new URL needs a row."""

import datetime as dt
import json
import re
from decimal import Decimal

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.yingkou.access_table import ADMIN, IDENTITIES, TABLE
from tests.yingkou.test_public_pages import as_route

ARGUMENT = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")
SKIPPED = re.compile(r"<(\w+:)?format>|\\\.")  # the API's format suffixes: the same views
DAY = dt.date(2026, 11, 2)


def routes(patterns=None, prefix="", callback_of=None):
    """(route, callback) of every URL of the project, e.g. ("reserve/pools/<int:pk>/", view)."""
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        text = prefix + as_route(pattern)
        if isinstance(pattern, URLResolver):
            yield from routes(pattern.url_patterns, text)
        elif isinstance(pattern, URLPattern) and not SKIPPED.search(text):
            yield text, pattern.callback


def api_methods(callback) -> list[str]:
    """The methods a DRF view answers (a router's viewset or an APIView)."""
    actions = getattr(callback, "actions", None)
    if actions:
        return sorted(method.upper() for method in actions if method not in ("head", "options"))
    cls = getattr(callback, "cls", None)
    if cls is None:
        return []
    return sorted(
        method.upper()
        for method in ("get", "post", "put", "patch", "delete")
        if hasattr(cls, method) and method in cls.http_method_names
    )


def build_world():
    """The records every identity asks for, all owned by 鲅鱼圈区, and the identities."""
    from assistance.models import (
        AssistancePlan,
        CoordinationEntry,
        CoordinationReport,
        PromotionGroup,
        SupervisionReport,
    )
    from enterprise import services as enterprise_services
    from negotiation.models import InvestorQuestion
    from reserve import services as reserve_services
    from reserve.models import Candidate
    from tests.assistance.factories import (
        AssistanceCaseFactory,
        JointMeetingFactory,
        ProblemFactory,
    )
    from tests.enterprise.factories import (
        AssessmentResultFactory,
        ComplaintFactory,
        EnterpriseFactory,
        InspectionFactory,
        PromiseFactory,
        VisitFactory,
    )
    from tests.factories import LeaderFactory, ProjectFactory, UnitFactory, UserFactory
    from tests.negotiation.factories import open_case
    from yingkou.change_requests import change_request_submit
    from yingkou.choices import LeaderRank, Role, UnitKind
    from yingkou.models import Notification
    from yingkou.models.exports import ExportJob

    area = UnitFactory(name="鲅鱼圈区", code="BYQ", kind=UnitKind.COUNTY)
    other = UnitFactory(name="盖州市", code="GZ", kind=UnitKind.COUNTY)
    department = UnitFactory(name="营口市工业和信息化局", code="GXJ", kind="municipal_department")
    city_units = {
        "drc": UnitFactory(name="营口市发展和改革委员会", code="FGW", kind=UnitKind.DRC),
        "bureau": UnitFactory(name="营口市招商局", code="ZSJ", kind=UnitKind.INVESTMENT_BUREAU),
        "leader": UnitFactory(name="营口市人民政府", code="SZF", kind=UnitKind.CITY_GOVERNMENT),
        "supervisor": UnitFactory(
            name="营口市营商环境建设局", code="YSHJ", kind=UnitKind.SUPERVISION_BUREAU
        ),
        "legal": UnitFactory(name="营口市司法局", code="SFJ", kind=UnitKind.LEGAL_AFFAIRS),
    }
    agency_unit = UnitFactory(
        name="鲅鱼圈区生态环境分局",
        code="BYQ-STHJ",
        kind=UnitKind.MUNICIPAL_DEPARTMENT,
        level="county",
        enforcement_system="ecology",
        parent=area,
    )
    roles = {
        "drc": Role.DRC_REVIEWER,
        "bureau": Role.INVESTMENT_BUREAU,
        "leader": Role.CITY_LEADER,
        "supervisor": Role.SUPERVISOR,
        "legal": Role.LEGAL_AFFAIRS,
    }
    users = {
        "staff": UserFactory(username="t_staff", role=Role.UNIT_STAFF, unit=area),
        "reviewer": UserFactory(username="t_reviewer", role=Role.UNIT_REVIEWER, unit=area),
        "outsider": UserFactory(username="t_outsider", role=Role.UNIT_STAFF, unit=other),
        "agency": UserFactory(username="t_agency", role=Role.UNIT_STAFF, unit=agency_unit),
        "admin": UserFactory(username="t_admin", is_superuser=True, is_staff=True, role=""),
        **{
            name: UserFactory(username=f"t_{name}", role=role, unit=city_units[name])
            for name, role in roles.items()
        },
    }
    UserFactory(username="t_other_reviewer", role=Role.UNIT_REVIEWER, unit=other)
    vice_mayor = LeaderFactory(
        name="张海峰", rank=LeaderRank.CITY_LEADER, unit=city_units["leader"], user=users["leader"]
    )
    vice_mayor.portfolio_units.set([area])

    project = ProjectFactory(name="鲅鱼圈区精细化工项目", owner_unit=area, landing_unit=area)
    for unit in (area, other, city_units["drc"]):
        reserve_services.pool_ensure_for_unit(unit=unit)
    draft = reserve_services.entry_declare(project=project, user=users["staff"])
    submitted = reserve_services.entry_declare(
        project=ProjectFactory(owner_unit=area, landing_unit=area), user=users["staff"], submit=True
    )
    # a candidate chosen from outside the pools, with its written reason.
    candidate = Candidate.objects.create(
        channel="national_bonds",
        year=DAY.year,
        project=project,
        in_pool=False,
        override_reason="省级重大项目，经市政府常务会议研究同意纳入。",
        added_by=users["drc"],
    )
    change = change_request_submit(
        project=ProjectFactory(owner_unit=area, landing_unit=area),
        user=users["staff"],
        changes={"total_investment": Decimal("3000.00")},
    )
    export = ExportJob.objects.create(user=users["staff"], kind="projects", title="项目清单")
    notice = Notification.objects.create(
        user=users["staff"], kind="general", key="access:1", day=DAY, title="测试通知"
    )

    negotiation = open_case(
        negotiating_unit=area,
        project=ProjectFactory(owner_unit=area, landing_unit=area),
        user=users["staff"],
    )
    task = negotiation.tasks.create(
        title="协调用地",
        owner_unit=area,
        due_on=DAY + dt.timedelta(days=30),
        assigned_by=users["staff"],
        assigned_on=DAY,
    )
    question = InvestorQuestion.objects.create(
        case=negotiation,
        kind="policy",
        question="用地指标何时落实？",
        owner_unit=area,
        asked_on=DAY,
        due_on=DAY + dt.timedelta(days=5),
        raised_by=users["staff"],
    )

    case = AssistanceCaseFactory(
        project__owner_unit=area, project__landing_unit=area, team__lead_leader=vice_mayor
    )
    problem = ProblemFactory(case=case)
    meeting = JointMeetingFactory(
        case=case, convened_by=vice_mayor, held_on=DAY, minutes="原纪要", decisions="原议定事项"
    )
    plan = AssistancePlan.objects.create(
        unit=area,
        year=2026,
        title="帮扶方案",
        content="一企一策",
        is_published=True,
        adopted_on=DAY,
    )
    group = PromotionGroup.objects.create(name="第一推进组")
    group.areas.set([area])
    report = SupervisionReport.objects.create(
        kind="weekly",
        period_key="2026-W45",
        scope="",
        title="帮扶周报",
        content={"week": "2026-11-02"},
    )

    coordination_report = CoordinationReport.objects.create(
        year=2026, number=1, title="建议名单", compiled_by=users["drc"], compiled_on=DAY
    )
    coordination = CoordinationEntry.objects.create(
        case=case,
        proposing_unit=area,
        involved_unit=department,
        matter="协调电力接入",
        proposed_by=users["staff"],
        proposed_on=DAY,
        status="reported",
        report=coordination_report,
    )

    enterprise = EnterpriseFactory(name="鲅鱼圈企业", introducing_unit=area)
    visit = VisitFactory(enterprise=enterprise)
    complaint = ComplaintFactory(receiving_unit=area)
    inspection = InspectionFactory(enterprise=enterprise, agency=agency_unit)
    promise = PromiseFactory(enterprise=enterprise)
    assessment = AssessmentResultFactory(period="2026-Q3", unit=area, verdict="criticised")
    enterprise_problem = enterprise_services.problem_raise(
        enterprise=enterprise,
        user=users["staff"],
        category="land",
        description="用地手续办理慢",
        raised_on=DAY,
    )
    other_enterprise = EnterpriseFactory(name="盖州企业", introducing_unit=other)
    # E-3: 鲅鱼圈区 is asked to help with a task of the problem.
    enterprise_problem.actions.create(
        unit=area, task="协调用地指标", due_on=DAY + dt.timedelta(days=10)
    )

    pks = {
        "project": project.pk,
        "draft": draft.pk,
        "entry": submitted.pk,
        "pool": draft.pool_id,
        "candidate": candidate.pk,
        "change": change.pk,
        "notice": notice.pk,
        "export": export.pk,
        "negotiation": negotiation.pk,
        "task": task.pk,
        "question": question.pk,
        "case": case.pk,
        "problem": problem.pk,
        "meeting": meeting.pk,
        "plan": plan.pk,
        "group": group.pk,
        "report": report.pk,
        "coordination_report": coordination_report.pk,
        "coordination": coordination.pk,
        "enterprise": enterprise.pk,
        "complaint": complaint.pk,
        "visit": visit.pk,
        "inspection": inspection.pk,
        "promise": promise.pk,
        "assessment": assessment.pk,
        "enterprise_problem": enterprise_problem.pk,
        "unit": area.pk,
        "leader": vice_mayor.pk,
        "other_enterprise": other_enterprise.pk,
        "department": department.pk,
        "drc_unit": city_units["drc"].pk,
    }
    return {"users": users, "pks": pks, "area_code": area.code}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module inside a transaction that is rolled back at its end; each test
    runs in a savepoint of it, so writes of one identity do not reach the next."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


# Which record a route's <pk> names: the longest route prefix that matches.
RECORDS = {
    "projects/change-requests/": "change",
    "projects/": "project",
    "inbox/": "notice",
    "exports/": "export",
    "reserve/entries/": "entry",
    "reserve/review/level-1/": "entry",
    "reserve/pools/": "pool",
    "reserve/candidates/": "candidate",
    "negotiation/tasks/": "task",
    "negotiation/questions/": "question",
    "negotiation/": "negotiation",
    "assistance/problems/": "problem",
    "assistance/meetings/": "meeting",
    "assistance/groups/": "group",
    "assistance/reports/": "report",
    "assistance/plans/": "plan",
    "assistance/coordination/reports/": "coordination_report",
    "assistance/": "case",
    "enterprise/problems/": "enterprise_problem",
    "enterprise/complaints/": "complaint",
    "enterprise/inspections/": "inspection",
    "enterprise/promises/": "promise",
    "enterprise/": "enterprise",
    "api/v1/reserve/pools/": "pool",
    "api/v1/reserve/entries/": "entry",
    "api/v1/negotiations/questions/": "question",
    "api/v1/negotiations/tasks/": "task",
    "api/v1/negotiations/": "negotiation",
    "api/v1/assistance/projects/": "case",
    "api/v1/assistance/problems/": "problem",
    "api/v1/assistance/coordination/": "coordination",
    "api/v1/assistance/plans/": "plan",
    "api/v1/assistance/reports/": "report",
    "api/v1/enterprises/": "enterprise",
    "api/v1/enterprise/visits/": "visit",
    "api/v1/enterprise/complaints/": "complaint",
    "api/v1/enterprise/inspections/": "inspection",
    "api/v1/enterprise/problems/": "enterprise_problem",
    "api/v1/enterprise/promises/": "promise",
    "api/v1/enterprise/assessments/": "assessment",
    "api/v1/units/": "unit",
    "api/v1/leaders/": "leader",
    "api/v1/projects/": "project",
    "api/v1/change-requests/": "change",
}
SAMPLES = {
    "period": "2026-10",
    "quarter": "2026-Q3",
    "year": "2026",
    "action": "submit",
    "decision": "approve",
    "app_label": "reserve",
    "url": "reserve/entry",
    "object_id": "1",
}


def url_of(route: str, world, record: str | None) -> str:
    def value(match):
        name = match["name"]
        if name == "pk":
            kind = (record if record in world["pks"] else None) or next(
                kind
                for prefix, kind in sorted(RECORDS.items(), key=lambda kv: -len(kv[0]))
                if route.startswith(prefix)
            )
            return str(world["pks"][kind])
        if name == "code":
            return world["area_code"]
        if name == "source":
            return record
        return SAMPLES.get(name, "1")

    url = "/" + ARGUMENT.sub(value, route)
    return re.sub(r"\(\[\^/\]\+\)", "1", url)  # the admin's regex routes


def through(response) -> str:
    """ "in" (got through), "out" (kept out) or the unexpected status."""
    code = response.status_code
    if code in (401, 403, 404):
        return "out"
    if code in (301, 302, 303) and "/login/" in response.get("Location", ""):
        return "out"
    if code < 400 or code in (400, 409):
        return "in"
    return str(code)


def request(client, method: str, url: str, body: dict | None):
    if method == "GET":
        return client.get(url)
    if not url.startswith("/api/"):
        return client.post(url, body or {})  # a page's form
    return client.generic(method, url, json.dumps(body or {}), content_type="application/json")


def rows_for(route: str):
    """The table's rows of a route: (method, variant) → allowed identities."""
    if route.startswith("admin/") and route not in TABLE:
        return {("GET", None): ADMIN}
    return TABLE.get(route, {})


def client_for(name: str, world) -> Client:
    client = Client()
    if name != "anonymous":
        client.force_login(world["users"][name])
    return client


@pytest.mark.parametrize("identity", IDENTITIES)
def test_each_identity_gets_through_exactly_where_the_table_says(identity, world, db):
    from tests.yingkou.access_table import BODIES

    client = client_for(identity, world)
    wrong = []
    for route, _callback in routes():
        for (method, record), allowed in rows_for(route).items():
            url = url_of(route, world, record)
            body = BODIES.get((route, method, record))
            with transaction.atomic():  # one identity's write does not change the next request
                # Logging out uses a client of its own: the requests after it stay signed in.
                who = client_for(identity, world) if route.endswith("logout/") else client
                response = request(who, method, url, body(world["pks"]) if body else None)
                transaction.set_rollback(True)
            outcome = through(response)
            if allowed is ADMIN and identity == "admin" and response.status_code < 500:
                # Inside the admin its own 403/404/405 are answers too (read-only models, an
                # object that does not exist, logging out by GET); only the login keeps one out.
                outcome = "out" if "/login/" in response.get("Location", "") else "in"
            expected = "in" if identity in allowed else "out"
            if outcome != expected:
                wrong.append(f"{method} /{route} [{record or ''}] {response.status_code}")
    assert wrong == [], f"{identity}: " + "\n".join(wrong)


def test_every_route_and_method_has_a_row():
    """A new URL, or an API operation's new method, fails here until the table has its row: the
    safe method if the operation has one, and one of its unsafe methods if it has any."""
    missing = []
    known = set()
    for route, callback in routes():
        known.add(route)
        if route.startswith("admin/") and route not in TABLE:
            continue
        rows = TABLE.get(route)
        if rows is None:
            missing.append(f"/{route}")
            continue
        tested = {method for method, _record in rows}
        methods = set(api_methods(callback))
        if "GET" in methods and "GET" not in tested:
            missing.append(f"GET /{route}")
        if methods - {"GET"} and not methods & tested - {"GET"}:
            missing.append(f"{sorted(methods - {'GET'})} /{route}")
    assert missing == [], "\n".join(missing)
    assert set(TABLE) - known == set(), "rows for routes that no longer exist"
