"""Two requests released together never both act on one state, and neither is lost (issue 15).

Whichever request wins, the other is refused on the state the winner left, never applied over it.
"""

import datetime as dt

import pytest
from django.urls import reverse

from enterprise import services
from enterprise.models import Complaint, Enterprise, Inspection
from tests.concurrency import codes, postgres_only, race, race_pages
from tests.enterprise.factories import ComplaintFactory, EnterpriseFactory, InspectionFactory
from tests.factories import UnitFactory, UserFactory
from yingkou.choices import Role, UnitKind

pytestmark = postgres_only

COMPLAINTS = "/api/v1/enterprise/complaints"
INSPECTIONS = "/api/v1/enterprise/inspections"


@pytest.fixture
def complaint(area):
    return ComplaintFactory(receiving_unit=area, handling_unit=area)


def test_reply_and_transfer_together(complaint, owner, department):
    replied, transferred = race(
        (owner, "post", f"{COMPLAINTS}/{complaint.pk}/reply/", {"reply": "已书面答复。"}),
        (owner, "post", f"{COMPLAINTS}/{complaint.pk}/transfer/", {"to_unit": department.pk}),
    )
    assert codes([replied, transferred])[0] == 200
    assert codes([replied, transferred])[1] in (400, 403)
    complaint.refresh_from_db()
    if replied.status_code == 200:
        assert (
            complaint.outcome == "已书面答复。"
            and complaint.handling_unit_id == complaint.receiving_unit_id
        )
        assert not complaint.transfers.exists()
    else:
        assert complaint.done_on is None and complaint.handling_unit_id == department.pk


def test_two_replies_together(complaint, owner, reviewer):
    first, second = race(
        (owner, "post", f"{COMPLAINTS}/{complaint.pk}/reply/", {"reply": "甲的答复"}),
        (reviewer, "post", f"{COMPLAINTS}/{complaint.pk}/reply/", {"reply": "乙的答复"}),
    )
    assert codes([first, second]) == [200, 400]
    winner = first if first.status_code == 200 else second
    assert Complaint.objects.get(pk=complaint.pk).outcome == winner.json()["reply"]
    assert "已书面答复" in (second if winner is first else first).json()["detail"]


@pytest.fixture
def plan(area):
    agency = UnitFactory(code="STHJ", level="city", enforcement_system="ecology")
    return InspectionFactory(enterprise=EnterpriseFactory(introducing_unit=area), agency=agency)


@pytest.fixture
def legal(db):
    unit = UnitFactory(name="营口市司法局", code="SFJ", kind=UnitKind.LEGAL_AFFAIRS)
    return UserFactory(username="legal", role=Role.LEGAL_AFFAIRS, unit=unit)


def test_approve_and_reject_together(plan, legal):
    approved, rejected = race(
        (legal, "post", f"{INSPECTIONS}/{plan.pk}/approve/", {}),
        (legal, "post", f"{INSPECTIONS}/{plan.pk}/reject/", {}),
    )
    assert codes([approved, rejected]) == [200, 400]
    status = Inspection.objects.get(pk=plan.pk).status
    assert status == ("approved" if approved.status_code == 200 else "rejected")


def test_a_pending_plan_withdrawn_while_approved_is_never_left_approved(plan, legal):
    """E-5: the agency withdraws its pending plan as the government approves it. Approved first,
    it is then withdrawn (an approved plan may be); withdrawn first, the approval is refused — it
    never stands approved after its agency withdrew it."""
    staff = UserFactory(role=Role.UNIT_STAFF, unit=plan.agency)
    withdrawn, approved = race(
        (
            staff,
            "post",
            f"{INSPECTIONS}/{plan.pk}/withdraw/",
            {"reason": "企业已停产，本年不再检查"},
        ),
        (legal, "post", f"{INSPECTIONS}/{plan.pk}/approve/", {}),
    )
    assert withdrawn.status_code == 200
    assert approved.status_code in (200, 400)
    assert Inspection.objects.get(pk=plan.pk).status == "withdrawn"
    assert [row.status for row in plan.history.order_by("history_id")][-1] == "withdrawn"


def test_two_edits_of_one_enterprise_version(area, owner, reviewer):
    enterprise = EnterpriseFactory(introducing_unit=area)
    url = f"/api/v1/enterprises/{enterprise.pk}/"
    first, second = race(
        (owner, "patch", url, {"address": "新港大路8号", "version": 1}),
        (owner, "patch", url, {"contact_name": "王经理", "version": 1}),
    )
    assert codes([first, second]) == [200, 409]
    saved = Enterprise.objects.get(pk=enterprise.pk)
    assert saved.version == 2
    if first.status_code == 200:
        assert saved.address == "新港大路8号" and saved.contact_name != "王经理"
    else:
        assert saved.contact_name == "王经理" and saved.address != "新港大路8号"


@pytest.fixture
def problem(area, owner):
    return services.problem_raise(
        enterprise=EnterpriseFactory(introducing_unit=area),
        user=owner,
        category="funds",
        description="流动资金贷款难",
        raised_on=dt.date.today(),
    )


def test_two_one_time_notices_together(problem, owner, reviewer):
    url = f"/api/v1/enterprise/problems/{problem.pk}/materials/"
    first, second = race(
        (owner, "post", url, {"materials": "营业执照"}),
        (reviewer, "post", url, {"materials": "财务报表"}),
    )
    assert codes([first, second]) == [200, 400]
    winner = first if first.status_code == 200 else second
    problem.refresh_from_db()
    assert problem.materials == ("营业执照" if winner is first else "财务报表")


def test_one_department_asked_twice_together(problem, owner, reviewer, department):
    url = f"/api/v1/enterprise/problems/{problem.pk}/request-action/"
    due_on = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    first, second = race(
        (owner, "post", url, {"unit": department.pk, "task": "对接银行", "due_on": due_on}),
        (reviewer, "post", url, {"unit": department.pk, "task": "对接担保", "due_on": due_on}),
    )
    assert codes([first, second]) == [200, 400]
    assert problem.actions.filter(unit=department, done_on__isnull=True).count() == 1


def test_accepted_and_rejected_reply_together(area, supervisor, owner):
    """The complainant's view recorded twice at once: a rejection (reopening) is never undone
    by an acceptance that read the reply before it."""
    complaint = ComplaintFactory(
        receiving_unit=area, handling_unit=area, done_on=dt.date.today(), outcome="已答复"
    )
    url = reverse("enterprise:complaint_feedback", args=[complaint.pk])
    accepted, rejected = race_pages(
        (supervisor, url, {"accepted": "1"}), (owner, url, {"accepted": "0"})
    )
    assert rejected.status_code == 302
    complaint.refresh_from_db()
    assert complaint.reopened and complaint.done_on is None
    if accepted.status_code == 302:  # recorded before the rejection, which then reopened it
        assert complaint.history.filter(accepted_by_complainant=True).exists()
    else:  # after it: nothing to accept any more
        assert accepted.status_code == 200
        assert not complaint.history.filter(accepted_by_complainant=True).exists()


def test_two_hand_ons_together(problem, owner, reviewer, department, other_area):
    url = f"/api/v1/enterprise/problems/{problem.pk}/hand-on/"
    first, second = race(
        (owner, "post", url, {"to_unit": department.pk, "reason": "属工信职责"}),
        (reviewer, "post", url, {"to_unit": other_area.pk, "reason": "属盖州市职责"}),
    )
    # The second finds the problem no longer its unit's (E-3 首问负责) and is refused.
    assert codes([first, second]) == [200, 403]
    winner = department if first.status_code == 200 else other_area
    problem.refresh_from_db()
    assert problem.owner_unit == winner and problem.handovers.count() == 1


def test_two_solutions_together(problem, owner, reviewer):
    url = f"/api/v1/enterprise/problems/{problem.pk}/solve/"
    first, second = race(
        (owner, "post", url, {"solution": "甲的办法"}),
        (reviewer, "post", url, {"solution": "乙的办法"}),
    )
    assert codes([first, second]) == [200, 400]
    problem.refresh_from_db()
    assert problem.outcome == ("甲的办法" if first.status_code == 200 else "乙的办法")


def test_one_coordinated_task_reported_twice_together(problem, owner, teammate, department):
    action = services.problem_request_action(
        problem=problem,
        user=owner,
        unit=department,
        task="对接银行",
        due_on=dt.date.today() + dt.timedelta(days=30),
    )
    other = UserFactory(role=Role.UNIT_STAFF, unit=department)
    url = f"/api/v1/enterprise/problems/{problem.pk}/complete-action/"
    first, second = race(
        (teammate, "post", url, {"action": action.pk, "result": "甲：已放贷"}),
        (other, "post", url, {"action": action.pk, "result": "乙：已放贷"}),
    )
    assert codes([first, second]) == [200, 400]
    action.refresh_from_db()
    assert action.outcome == ("甲：已放贷" if first.status_code == 200 else "乙：已放贷")
