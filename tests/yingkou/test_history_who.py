"""SPEC §0: every change to a business record is kept in its history with who made it and
when, also when the record changes as a consequence of a write to another one."""

import pytest
from django.urls import reverse

from reserve.models import Pool
from tests.factories import UserFactory
from yingkou.choices import Role, UnitKind
from yingkou.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def root(db):
    return UserFactory(username="root", role=Role.DRC_REVIEWER, is_superuser=True, is_staff=True)


def test_the_pool_of_a_unit_added_in_the_admin_names_the_administrator(client, root):
    """R-2: a county added in the admin runs a level-2 pool from then on; the pool's history
    says the administrator who added the county made it, not 系统."""
    client.force_login(root)

    response = client.post(
        reverse("admin:yingkou_unit_add"),
        {
            "code": "210899",
            "name": "新区",
            "kind": UnitKind.COUNTY,
            "level": "county",
            "is_active": "on",
        },
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    pool = Pool.objects.get(unit=Unit.objects.get(code="210899"))
    created = pool.history.get()
    assert created.history_type == "+"
    assert created.history_user == root
    assert created.history_date is not None
