"""Enterprise lists: one ordering for page, API and export."""

from decimal import Decimal

import pytest

from tests.conftest import api_as
from tests.enterprise.factories import ComplaintFactory, EnterpriseFactory
from tests.queries import assert_constant_queries
from tests.sorting import api_order, export_order, page_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def enterprises(area):
    return [
        EnterpriseFactory(name=name, introducing_unit=area, total_investment=Decimal(amount))
        for name, amount in (("乙企业", "30000"), ("甲企业", "10000"), ("丙企业", "30000"))
    ]


@pytest.mark.parametrize("ordering", ["name", "-total_investment", "responsible_unit,-name", ""])
def test_page_api_and_export_list_enterprises_in_the_same_order(client, drc, enterprises, ordering):
    client.force_login(drc)
    on_page = page_order(client, "/enterprise/", ordering, lambda e: e.name)
    api = api_as(drc)
    assert on_page == api_order(api, "/api/v1/enterprises/", ordering, lambda e: e["name"])
    assert on_page == export_order(client, "/enterprise/", ordering, column=1)
    assert sorted(on_page) == sorted(e.name for e in enterprises)


@pytest.mark.parametrize("ordering", ["tracking_number", "-reply_due", "channel,-subject", ""])
def test_page_and_api_list_complaints_in_the_same_order(client, drc, area, ordering):
    import datetime as dt

    for index, subject in enumerate(("乙事项", "甲事项", "丙事项")):
        ComplaintFactory(
            subject=subject, receiving_unit=area, due_on=dt.date(2026, 11, 11 + index % 2)
        )
    client.force_login(drc)
    url = "/enterprise/complaints/"
    on_page = page_order(client, url, ordering, lambda c: c.pk)
    api = api_as(drc)
    assert on_page == api_order(api, "/api/v1/enterprise/complaints/", ordering, lambda c: c["id"])


def test_a_sorted_enterprise_list_runs_a_fixed_number_of_queries(client, drc, area):
    client.force_login(drc)
    assert_constant_queries(
        lambda: client.get("/enterprise/", {"ordering": "-responsible_leader,name"}),
        lambda n: EnterpriseFactory.create_batch(n, introducing_unit=area),
    )
