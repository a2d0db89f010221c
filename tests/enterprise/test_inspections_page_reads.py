"""E-5's inspections page decides who may merge, which groups of plans it offers and whether
each row still fits on one reading of the units, not one per question."""

import pytest

from tests.enterprise.factories import EnterpriseFactory, InspectionFactory
from tests.queries import unit_reads

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["drc", "legal"])
def test_the_inspections_page_reads_the_units_once(client, request, area, who):
    InspectionFactory(enterprise=EnterpriseFactory(area=area))
    client.force_login(request.getfixturevalue(who))
    read = unit_reads(client, "/enterprise/inspections/")
    assert read and len(read) == len(set(read)), read
