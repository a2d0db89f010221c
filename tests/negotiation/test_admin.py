"""The admin's pages for a negotiation case's records name the case by id, not by a select that
lists every case (some 23,000 at city scale)."""

import re

import pytest

from tests.factories import ProjectFactory, UserFactory
from tests.negotiation.factories import open_case
from tests.queries import count_queries

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["teamtask", "teammeeting", "progressreport"])
def test_a_case_record_s_admin_form_lists_no_case(client, area, owner, model):
    admin = UserFactory(username="root", is_superuser=True, is_staff=True, role="")
    client.force_login(admin)
    url = f"/admin/negotiation/{model}/add/"

    def open_cases(count):
        for _ in range(count):
            open_case(negotiating_unit=area, project=ProjectFactory(owner_unit=area), user=owner)

    open_cases(2)
    client.get(url)  # the first visit also reads what the admin keeps (content types)
    few = count_queries(lambda: client.get(url))
    open_cases(10)
    assert count_queries(lambda: client.get(url)) == few
    page = client.get(url).content.decode()
    assert re.search(r'<input type="text" name="case"[^>]*class="vForeignKeyRawIdAdminField"', page)
    assert '<select name="case"' not in page
