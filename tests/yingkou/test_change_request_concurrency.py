"""Two reviewers deciding one change request at once: one decision, the other refused on the
decided request (issue 15)."""

from decimal import Decimal

from tests.concurrency import codes, postgres_only, race
from tests.factories import ProjectFactory
from yingkou.change_requests import change_request_submit

pytestmark = postgres_only


def test_approving_and_returning_one_change_request_together(area, owner, reviewer):
    project = ProjectFactory(owner_unit=area, landing_unit=area, total_investment=Decimal("2000"))
    change = change_request_submit(
        project=project, user=owner, changes={"total_investment": Decimal("3000.00")}
    )
    base = f"/api/v1/change-requests/{change.pk}"
    approved, returned = race(
        (reviewer, "post", f"{base}/approve/", {}),
        (reviewer, "post", f"{base}/return/", {"comment": "投资额依据不足"}),
    )
    assert codes([approved, returned]) == [200, 400]
    change.refresh_from_db()
    project.refresh_from_db()
    if approved.status_code == 200:
        assert change.status == "approved" and project.total_investment == Decimal("3000.00")
    else:
        assert change.status == "returned" and project.total_investment == Decimal("2000.00")
