"""The monthly circular's page (N-6) as the bureau reads it."""

import datetime as dt

import pytest
import time_machine
from django.test.html import parse_html
from django.urls import reverse

from negotiation.jobs import monthly_circular

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(dept_project, department, teammate, principal):
    """The conftest's case, recorded on the day it was opened, so that October's circular has it."""
    from negotiation.services import negotiation_case_open

    with time_machine.travel(dt.datetime(2026, 10, 8, 10, tzinfo=dt.UTC), tick=False):
        return negotiation_case_open(
            project=dept_project,
            negotiating_unit=department,
            user=teammate,
            opened_on=dt.date(2026, 10, 8),
            investor="万华化学",
        )


def test_the_stage_summary_says_what_its_numbers_are(client, case, bureau):
    """A count and an amount side by side need their headings: 项目数, 总投资（万元）."""
    monthly_circular(dt.date(2026, 10, 31))
    client.force_login(bureau)
    page = client.get(reverse("negotiation:circular", args=["2026-10"])).content.decode()
    summary = page.split("按阶段</h2>")[1].split("</table>")[0] + "</table>"
    assert parse_html("<th class='num'>项目数</th>") in parse_html(summary)
    assert parse_html("<th class='num'>总投资（万元）</th>") in parse_html(summary)


def test_each_project_of_the_circular_opens_its_case_for_whoever_may_see_it(
    client, case, bureau, outsider
):
    monthly_circular(dt.date(2026, 10, 31))
    link = f'<a href="{reverse("negotiation:detail", args=[case.pk])}">精细化工新材料项目</a>'
    client.force_login(bureau)
    page = client.get(reverse("negotiation:circular", args=["2026-10"])).content.decode()
    assert link in page
    client.force_login(outsider)
    page = client.get(reverse("negotiation:circular", args=["2026-10"])).content.decode()
    assert "精细化工新材料项目" in page
    assert link not in page


def test_the_circular_and_its_list_name_the_month_as_people_do(client, case, bureau):
    monthly_circular(dt.date(2026, 10, 31))
    client.force_login(bureau)
    page = client.get(reverse("negotiation:circular", args=["2026-10"])).content.decode()
    assert "<h1>洽谈项目月度通报 2026年10月</h1>" in page
    listed = client.get(reverse("negotiation:circulars")).content.decode()
    assert ">2026年10月</a>" in listed and ">2026-10</a>" not in listed
