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
    # The legal affairs office's own plans come first; the enterprise panel follows.
    assert helped(legal) == 40  # city-wide: every enterprise
    assert helped(owner) == 40


def helped(user) -> int:
    """The count of 帮扶企业 on the user's enterprise panel."""
    (panel,) = [p for p in dashboard.panels(user) if p["title"] == "投产运营企业帮扶"]
    return panel["rows"][0][1]


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


@pytest.mark.django_db
def test_the_demo_figures_are_mostly_reported_by_the_units_themselves():
    """E-7: each area and department reports its own figures; the demo shows that flow — most
    rows are entered (and kept in history) by a user of the unit who may report them, a few by the
    supervision bureau (figures delivered on paper)."""
    from enterprise import permissions
    from enterprise.models import AssessmentFigures

    foundation_demo.seed(projects=80)
    enterprise_demo.seed()
    rows = list(AssessmentFigures.objects.select_related("unit", "entered_by"))
    assert rows
    own = [row for row in rows if row.entered_by.unit_id == row.unit_id]
    by_supervisor = [row for row in rows if row.entered_by.username == "supervisor"]
    assert len(own) > len(rows) * 2 / 3 and by_supervisor
    assert len(own) + len(by_supervisor) == len(rows)
    for row in own:
        assert permissions.can_report_figures(row.entered_by, row.unit)
        assert row.history.earliest().history_user == row.entered_by


@pytest.mark.django_db
def test_the_demo_assessments_read_what_the_units_reported():
    """E-7: the demo archives last year's assessment and this year's closed quarters; each reads
    the figures the units reported in its window (last year's from its four quarters), so only
    the few units the demo leaves without figures are 未报送 — not every unit of the city."""
    from collections import Counter

    from enterprise.choices import AssessmentVerdict
    from enterprise.models import AssessmentResult

    foundation_demo.seed(projects=80)
    enterprise_demo.seed()
    foundation_demo.run_closed_periods()
    by_period = Counter()
    missing = Counter()
    for period, verdict in AssessmentResult.objects.values_list("period", "verdict"):
        by_period[period] += 1
        missing[period] += verdict == AssessmentVerdict.NOT_REPORTED
    assert len(by_period) >= 2, by_period
    for period, count in by_period.items():
        assert missing[period] <= count // 5, (period, missing[period], count)
