"""One definition per number: every count on every role's dashboard equals the rows of the page
its link opens (the issue found 9 → 77, 5 → 37, 30 → 37 …)."""

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client

from yingkou.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Seeded once for the module inside a transaction that is rolled back at its end, each test
    in a savepoint of it. A flush instead would also empty what the data migrations wrote (the
    E-1 industry authorities), and every test after this module would run without it."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("seed_demo", projects=80, stdout=open("/dev/null", "w"))  # noqa: SIM115
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _rows_of(client: Client, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["page"].paginator.count


@pytest.mark.parametrize(
    "username",
    [
        "staff",
        "reviewer",
        "staff_gxj",
        "drc",
        "zsj",
        "leader",
        "supervisor",
        "legal",
        "byq_sthj",
        "admin",
    ],
)
def test_every_dashboard_count_is_the_rows_of_its_linked_list(demo, username):
    client = Client()
    client.force_login(User.objects.get(username=username))
    home = client.get("/")
    checked = 0
    for panel in home.context["panels"]:
        for label, value, url in panel["rows"]:
            if not isinstance(value, int) or not url:
                continue  # amounts and dates describe, they do not count rows
            assert _rows_of(client, url) == value, f"{panel['title']} · {label} → {url}"
            checked += 1
    for stage in home.context["stages"]:
        url = f"/projects/?stage={stage['value']}"
        assert _rows_of(client, url) == stage["count"], url
        checked += 1
    assert checked > len(home.context["stages"]) or username in {"admin", "byq_sthj"}


def test_the_counts_are_not_all_zero(demo):
    """The demo exercises the links: a leader has questions and escalations to look at."""
    client = Client()
    client.force_login(User.objects.get(username="leader"))
    values = [
        value
        for panel in client.get("/").context["panels"]
        for _label, value, _url in panel["rows"]
        if isinstance(value, int)
    ]
    assert sum(values) > 0


CHARTS_BY_ROLE = {
    "drc": {
        "chart-stages",
        "chart-new-projects",
        "chart-reserve-by-area",
        "chart-reserve-by-industry",
        "chart-reserve-health",
        "chart-negotiation-funnel",
        "chart-negotiation-trend",
        "chart-assistance-problems",
        "chart-enterprise-complaints",
    },
    "staff": {"chart-stages", "chart-reserve-health", "chart-assistance-unit-problems"},
    "leader": {"chart-negotiation-funnel", "chart-assistance-problems"},
}


@pytest.mark.parametrize("username", sorted(CHARTS_BY_ROLE))
def test_each_role_sees_the_charts_of_its_work_without_inline_script_or_style(demo, username):
    import re

    client = Client()
    client.force_login(User.objects.get(username=username))
    page = client.get("/").content.decode()
    drawn = set(re.findall(r'data-chart="([^"]+)"', page))
    empty = set(re.findall(r'data-chart-empty="([^"]+)"', page))  # shown as "暂无数据"
    assert CHARTS_BY_ROLE[username] <= drawn | empty
    for chart_id in drawn:  # each chart's data is in the page as JSON
        assert f'<script id="{chart_id}" type="application/json">' in page
    assert "style=" not in page
    scripts = re.findall(r"<script(?P<attrs>[^>]*)>", page)
    assert all("src=" in attrs or 'type="application/json"' in attrs for attrs in scripts)
    assert "/static/vendor/echarts/echarts.min.js" in page


def test_a_leader_sees_a_list_of_the_projects_they_lead(demo):
    client = Client()
    client.force_login(User.objects.get(username="leader"))
    page = client.get("/")
    lists = [p["records"] for p in page.context["panels"] if p.get("records")]
    titles = {items["title"] for items in lists}
    assert {"我牵头的在谈项目", "我帮扶的重点项目"} <= titles
    assert any(items["rows"] for items in lists)
