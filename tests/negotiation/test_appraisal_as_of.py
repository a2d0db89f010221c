"""N-6: a year's appraisal frozen late (the yearly job catching up in January or later) equals
the one frozen on 1 January: its units named as they were on 31 December."""

import datetime as dt

import pytest

from negotiation import services
from negotiation.models import NegotiationArchive
from tests.clock import at
from tests.factories import UnitFactory
from tests.negotiation.test_year_end import negotiated_in_2025
from yingkou.choices import UnitKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def area(frozen_today):
    with at(dt.date(2025, 9, 1), 18):
        return UnitFactory(name="鲅鱼圈区", code="BYQ", kind=UnitKind.COUNTY)


@pytest.fixture
def department(frozen_today):
    with at(dt.date(2025, 9, 1), 18):
        return UnitFactory(
            name="营口市工业和信息化局", code="GXJ", kind=UnitKind.MUNICIPAL_DEPARTMENT
        )


def test_a_year_frozen_late_names_its_units_as_at_31_december(
    dept_project, department, teammate, principal
):
    negotiated_in_2025(dept_project, department, teammate)
    with at(dt.date(2026, 1, 1), 18):
        on_time = services.appraisal_freeze(year=2025).payload
        NegotiationArchive.objects.all().delete()
    assert [row["unit"] for row in on_time["rows"]] == ["营口市工业和信息化局"]
    with at(dt.date(2026, 1, 8), 18):
        department.name = "营口市工业和信息化局（更名）"
        department.save()
    with at(dt.date(2026, 1, 20), 18):
        assert services.appraisal_freeze(year=2025).payload == on_time
