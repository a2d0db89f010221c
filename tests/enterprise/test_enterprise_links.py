"""A problem, inspection, promise or complaint names its enterprise as a link to the
enterprise's page, in its list and on its own page, where the reader may open that page; an
agency, which sees its inspections but not the enterprise, reads the name alone."""

import datetime as dt

import pytest
from django.urls import reverse

from enterprise.models import Problem
from tests.enterprise.factories import (
    ComplaintFactory,
    EnterpriseFactory,
    InspectionFactory,
    PromiseFactory,
)
from tests.enterprise.inspections import agency
from tests.factories import UserFactory
from yingkou.choices import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def enterprise(area):
    return EnterpriseFactory(name="营口港精细化工有限公司", introducing_unit=area)


def _link(enterprise) -> str:
    return f'<a href="{enterprise.get_absolute_url()}">{enterprise}</a>'


def test_every_matter_links_its_enterprise(client, supervisor, enterprise):
    problem = Problem.objects.create(
        enterprise=enterprise,
        category="funds",
        description="流动资金紧张",
        raised_on=dt.date(2026, 11, 2),
        first_unit=enterprise.responsible_unit,
        owner_unit=enterprise.responsible_unit,
        due_on=dt.date(2026, 11, 16),
        recorded_by=supervisor,
    )
    inspection = InspectionFactory(enterprise=enterprise)
    promise = PromiseFactory(enterprise=enterprise)
    complaint = ComplaintFactory(enterprise=enterprise, receiving_unit=supervisor.unit)
    client.force_login(supervisor)
    for url in (
        reverse("enterprise:problems"),
        reverse("enterprise:problem", args=[problem.pk]),
        reverse("enterprise:inspections"),
        reverse("enterprise:inspection", args=[inspection.pk]),
        reverse("enterprise:promises"),
        reverse("enterprise:promise", args=[promise.pk]),
        reverse("enterprise:complaint", args=[complaint.pk]),
    ):
        assert _link(enterprise) in client.get(url).content.decode(), url


def test_an_agency_reads_the_name_without_a_link_it_could_not_follow(client, area, enterprise):
    bureau = agency("BYQ-SCJG", "county", "market", parent=area)
    inspection = InspectionFactory(enterprise=enterprise, agency=bureau)
    client.force_login(UserFactory(role=Role.UNIT_STAFF, unit=bureau))
    assert client.get(enterprise.get_absolute_url()).status_code == 404
    for url in (
        reverse("enterprise:inspections"),
        reverse("enterprise:inspection", args=[inspection.pk]),
    ):
        page = client.get(url).content.decode()
        assert str(enterprise) in page and _link(enterprise) not in page, url
