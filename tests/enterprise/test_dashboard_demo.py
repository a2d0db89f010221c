"""The home-page panel (fixed queries) and the demo data (idempotent)."""

import pytest

from enterprise import dashboard
from enterprise import demo as enterprise_demo
from enterprise.models import Complaint, Enterprise, Inspection, PolicyPromise, Visit
from tests.enterprise.factories import ComplaintFactory, EnterpriseFactory, VisitFactory
from tests.queries import assert_constant_queries
from yingkou import demo as foundation_demo


@pytest.mark.django_db
def test_panel_runs_a_fixed_number_of_queries(owner, area, legal):
    def add(n):
        for _ in range(n):
            enterprise = EnterpriseFactory(introducing_unit=area)
            VisitFactory(enterprise=enterprise)
            ComplaintFactory(receiving_unit=area)

    assert_constant_queries(lambda: dashboard.panels(owner), add, large=40)
    rows = dashboard.panels(legal)[0]["rows"]
    assert rows[0][1] == 40  # city-wide: every enterprise
    assert dashboard.panels(owner)[0]["rows"][0][1] == 40


@pytest.mark.django_db
def test_demo_is_idempotent():
    foundation_demo.seed(projects=80)
    enterprise_demo.seed()
    counts = [m.objects.count() for m in (Enterprise, Visit, Complaint, Inspection, PolicyPromise)]
    assert all(counts), counts
    assert Complaint.objects.overdue().exists()
    enterprise_demo.seed()
    assert [
        m.objects.count() for m in (Enterprise, Visit, Complaint, Inspection, PolicyPromise)
    ] == counts
