"""E-7: a quarter's assessment archived late (the scheduler down for weeks, or the archive made
again) equals the one archived on time: the areas and departments assessed, and the offices whose
complaints count for each, are those of the quarter's end, whatever was re-classed, deactivated
or moved since, and a unit added since is not assessed for it; the year before's figures are
those the satisfaction gain was measured on then."""

import datetime as dt
from decimal import Decimal

import pytest

from enterprise import services
from enterprise.models import AssessmentFigures, AssessmentResult
from tests.clock import at
from tests.enterprise.factories import ComplaintFactory
from tests.factories import UnitFactory
from yingkou.choices import UnitKind

pytestmark = pytest.mark.django_db

D = dt.date


def archived() -> dict:
    """The quarter's archive, told by unit code: what it assessed and the complaints it counted."""
    results = AssessmentResult.objects.filter(period="2026-Q3").select_related("unit")
    return {
        result.unit.code: (
            result.complaints_due,
            result.complaints_on_time,
            result.verdict,
            result.satisfaction_gain,
        )
        for result in results
    }


def figures(unit, period: str, **values):
    return AssessmentFigures.objects.create(
        unit=unit,
        period=period,
        new_market_entities=110,
        new_market_entities_last_year=100,
        private_investment=Decimal("110"),
        private_investment_last_year=Decimal("100"),
        targets_total=8,
        targets_met=8,
        **values,
    )


def archive_on(day: dt.date) -> dict:
    with at(day):
        services.assessment_archive(period="2026-Q3", start=D(2026, 7, 1), end=D(2026, 9, 30))
    return archived()


def test_a_quarter_archived_late_assesses_the_units_of_its_end():
    with at(D(2026, 6, 1)):
        area = UnitFactory(name="鲅鱼圈区", code="BYQ", kind=UnitKind.COUNTY)
        other_area = UnitFactory(name="盖州市", code="GZ", kind=UnitKind.COUNTY)
        department = UnitFactory(
            name="营口市工业和信息化局", code="GXJ", kind=UnitKind.MUNICIPAL_DEPARTMENT
        )
        office = UnitFactory(
            name="鲅鱼圈区市场监督管理局",
            code="BYQ-SCJG",
            kind=UnitKind.MUNICIPAL_DEPARTMENT,
            level="county",
            parent=area,
        )
    with at(D(2026, 9, 25)):
        ComplaintFactory(receiving_unit=office, due_on=D(2026, 8, 10), done_on=D(2026, 8, 7))
    with at(D(2025, 10, 15)):
        last_year = figures(area, "2025-Q3", satisfaction=Decimal("91"))
    with at(D(2026, 10, 15)):
        figures(area, "2026-Q3", satisfaction=Decimal("95"))
    # On time: the day after the figures' reporting window closed (20 October).
    on_time = archive_on(D(2026, 10, 21))
    assert on_time.keys() == {"BYQ", "GZ", "GXJ"}
    assert on_time["BYQ"][:2] == (1, 1)
    assert on_time["BYQ"][3] == Decimal("4.00")
    AssessmentResult.objects.all().delete()
    with at(D(2026, 11, 2)):
        area.is_active = False
        area.save()
        department.level = "county"
        department.save()
        office.parent = other_area
        office.save()
        last_year.satisfaction = Decimal("94")
        last_year.save()
        # Added after the quarter: not assessed for it.
        UnitFactory(name="营口市商务局", code="SWJ", kind=UnitKind.MUNICIPAL_DEPARTMENT)
    assert archive_on(D(2026, 11, 26)) == on_time
