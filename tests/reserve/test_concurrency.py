"""Declaring one project twice at once: one declaration, the other a 400 in Chinese (issue 15)."""

from reserve.models import Entry
from tests.concurrency import codes, postgres_only, race
from tests.reserve.conftest import make_project

pytestmark = postgres_only


def test_declaring_one_project_twice_together(owner, area, pool):
    project = make_project(area, "1000.00")
    body = {"project": project.pk}
    first, second = race(
        (owner, "post", "/api/v1/reserve/entries/", body),
        (owner, "post", "/api/v1/reserve/entries/", body),
    )
    assert codes([first, second]) == [201, 400]
    refused = first if first.status_code == 400 else second
    assert refused.json()["rule"] == "R-2" and "只能在一个项目库" in refused.json()["detail"]
    assert Entry.objects.filter(project=project).count() == 1
