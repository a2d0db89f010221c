"""The problem and inspection lists are narrowed to one enterprise by what a user types, its
name or credit code; the enterprise's id (a link, the API) stays a hidden field of the form."""

import datetime as dt

import pytest
from django.urls import reverse

from enterprise.models import Problem
from tests.enterprise.factories import EnterpriseFactory, InspectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def enterprises(area):
    return (
        EnterpriseFactory(name="营口港精细化工有限公司", credit_code="91210800MA0XXXXX1A"),
        EnterpriseFactory(name="鲅鱼圈区康养服务中心"),
    )


def _problem(enterprise, supervisor, description):
    return Problem.objects.create(
        enterprise=enterprise,
        category="funds",
        description=description,
        raised_on=dt.date(2026, 11, 2),
        first_unit=enterprise.responsible_unit,
        owner_unit=enterprise.responsible_unit,
        due_on=dt.date(2026, 11, 16),
        recorded_by=supervisor,
    )


def _shown(client, url, query):
    return client.get(url, query).content.decode()


def test_problems_are_filtered_by_the_enterprise_name_typed(client, supervisor, enterprises):
    chemical, care = enterprises
    _problem(chemical, supervisor, "流动资金紧张")
    _problem(care, supervisor, "技术工人短缺")
    client.force_login(supervisor)
    url = reverse("enterprise:problems")
    page = _shown(client, url, {"enterprise_name": "精细化工"})
    assert "流动资金紧张" in page and "技术工人短缺" not in page
    page = _shown(client, url, {"enterprise_name": "MA0XXXXX1A"})
    assert "流动资金紧张" in page and "技术工人短缺" not in page
    # A box to type a name in, not a number box only an id fits.
    assert 'name="enterprise_name"' in page
    assert 'type="hidden" name="enterprise" value="' not in page
    page = _shown(client, url, {"enterprise": care.pk})
    assert f'<input type="hidden" name="enterprise" value="{care.pk}"' in page
    assert "技术工人短缺" in page and "流动资金紧张" not in page


def test_inspections_are_filtered_by_the_enterprise_name_typed(client, supervisor, enterprises):
    chemical, care = enterprises
    InspectionFactory(enterprise=chemical, purpose="排污许可执行情况检查")
    InspectionFactory(enterprise=care, purpose="产品质量监督检查")
    client.force_login(supervisor)
    page = _shown(client, reverse("enterprise:inspections"), {"enterprise_name": "康养"})
    assert "产品质量监督检查" in page and "排污许可执行情况检查" not in page
    assert 'type="number" name="enterprise"' not in page
