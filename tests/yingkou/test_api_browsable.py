"""The browsable API opened in a browser: a list whose records point at projects draws no select
of projects (DRF would list up to 1,000 of them), only the raw-data form to write through."""

import re

import pytest

from tests.assistance.factories import AssistanceCaseFactory
from tests.factories import ProjectFactory
from tests.queries import assert_constant_queries

pytestmark = pytest.mark.django_db

URL = "/api/v1/assistance/projects/"


def option_texts(page: str) -> list[str]:
    return re.findall(r"<option[^>]*>([^<]*)</option>", page)


def browse(client):
    return client.get(URL, HTTP_ACCEPT="text/html")


def add_projects(area, count: int) -> None:
    for _ in range(count):
        ProjectFactory(name="可选港口项目", owner_unit=area)
        AssistanceCaseFactory(project__name="已帮扶港口项目", project__owner_unit=area)


def test_the_browsable_list_lists_no_project_to_choose(client, drc, area):
    add_projects(area, 3)
    client.force_login(drc)
    response = browse(client)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "已帮扶港口项目" in page  # the list itself is shown
    assert not [text for text in option_texts(page) if "港口项目" in text]
    assert 'name="_content"' in page  # writing goes through the raw-data form


def test_the_browsable_list_runs_a_fixed_number_of_queries(client, drc, area):
    client.force_login(drc)
    assert_constant_queries(
        lambda: browse(client), lambda count: add_projects(area, count), small=3, large=30
    )


def test_a_client_that_asks_for_nothing_in_particular_still_gets_json(client, drc, area):
    add_projects(area, 1)
    client.force_login(drc)
    response = client.get(URL)
    assert response["Content-Type"] == "application/json"
    assert response.json()["results"]
