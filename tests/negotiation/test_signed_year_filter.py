"""The case list's 签约年度 box takes what a person may type into it."""

import pytest
from django.urls import reverse

from tests.conftest import api_as

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("year", ["20266", "0", "-1", "10000"])
@pytest.mark.parametrize("name", ["negotiation:list", "negotiation:pool"])
def test_a_year_no_date_can_have_does_not_fail_the_list(client, case, bureau, name, year):
    client.force_login(bureau)
    response = client.get(reverse(name), {"signed_year": year})
    assert response.status_code == 200


def test_a_year_no_date_can_have_is_refused_by_the_api(case, bureau):
    response = api_as(bureau).get("/api/v1/negotiations/", {"signed_year": "20266"})
    assert response.status_code == 400
    assert "signed_year" in response.json()
