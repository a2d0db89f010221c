"""A-2, 一个项目、一位领导: a case opened without its assisting leader (a reserve handover or a
direct opening with no earlier team) is opened all the same, but it is shown as lacking him — the
list's and the API's 缺帮扶领导 filter, the lead unit's and the DRC's dashboards, a reminder on the
week's dispatch day — and is not published (A-5) until its area or department names one."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from assistance import jobs, services
from assistance.choices import CaseStatus, TeamStatus, Tier
from assistance.dashboard import panels
from tests.assistance.factories import AssistanceCaseFactory
from tests.clock import at
from tests.conftest import api_as
from tests.factories import LeaderFactory, ProjectFactory
from tests.queries import count_queries
from yingkou.choices import LeaderRank, NotificationKind
from yingkou.errors import RuleViolation
from yingkou.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def opened(area, drc):
    """A local project taken in straight from the reserve: no earlier team, so no leader."""
    project = ProjectFactory(
        name="鲅鱼圈区新材料项目",
        owner_unit=area,
        landing_unit=area,
        total_investment=Decimal("20000"),
        stage="reserve",
    )
    return services.assistance_case_open(project=project, user=drc, source="reserve")


@pytest.fixture
def principal(area):
    return LeaderFactory(name="王区长", title="区长", rank=LeaderRank.PRINCIPAL, unit=area)


def _name_leader(case, leader, user):
    services.assistance_team_propose(
        case=case,
        user=user,
        responsible_leader=None,
        assisting_leader=leader,
        project_liaison=user,
    )


def _listed(client, query: str) -> list[int]:
    return [case.pk for case in client.get(reverse("assistance:list") + query).context["page"]]


def test_a_local_case_opened_without_a_leader_is_opened_and_shown_as_lacking_him(
    client, opened, owner
):
    assert opened.tier == Tier.LOCAL
    assert opened.team.lead_leader is None
    assert opened.leader_missing
    assert not opened.team_arranged
    client.force_login(owner)
    assert _listed(client, "?leader_missing=true") == [opened.pk]
    assert _listed(client, "?leader_missing=false") == []
    page = client.get(reverse("assistance:list")).content.decode()
    assert "缺帮扶领导，待地区、部门确定" in page
    detail = client.get(reverse("assistance:detail", args=[opened.pk])).content.decode()
    assert "data-leader-missing" in detail


def test_the_list_export_does_not_call_a_team_without_its_leader_approved(
    client, opened, owner, principal
):
    client.force_login(owner)

    def team_column():
        response = client.get(reverse("assistance:list") + "?export=xlsx")
        rows = list(
            load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(
                values_only=True
            )
        )
        return [row[8] for row in rows[3:]]

    assert team_column() == ["缺帮扶领导，待地区、部门确定"]
    _name_leader(opened, principal, owner)
    assert team_column() == ["已同意"]


def test_naming_the_leader_takes_the_case_off_the_filter_and_onto_the_public_page(
    client, opened, owner, principal, area
):
    public = reverse("assistance:public_unit", args=[area.code])
    feed = reverse("assistance:public_feed", args=[area.code])
    assert "鲅鱼圈区新材料项目" not in client.get(public).content.decode()
    assert client.get(feed).json()["projects"] == []
    assert area.name not in client.get(reverse("assistance:public")).content.decode()

    _name_leader(opened, principal, owner)

    opened.refresh_from_db()
    assert not opened.leader_missing and opened.team_arranged
    client.force_login(owner)
    assert _listed(client, "?leader_missing=true") == []
    assert _listed(client, "?leader_missing=false") == [opened.pk]
    client.logout()
    page = client.get(public).content.decode()
    assert "鲅鱼圈区新材料项目" in page and "王区长（区长）" in page
    assert [p["assisting_leader"] for p in client.get(feed).json()["projects"]] == [
        "王区长（区长）"
    ]


def test_only_active_cases_lack_a_leader(client, area, drc):
    for status in (CaseStatus.HANDED_OVER, CaseStatus.CLOSED):
        AssistanceCaseFactory(
            project=ProjectFactory(owner_unit=area, landing_unit=area),
            team__lead_unit=area,
            status=status,
        )
    client.force_login(drc)
    assert _listed(client, "?leader_missing=true") == []


def test_the_api_filters_and_says_which_cases_lack_a_leader(opened, owner, principal, area):
    led = AssistanceCaseFactory(
        project=ProjectFactory(owner_unit=area, landing_unit=area),
        team__lead_unit=area,
        team__lead_leader=principal,
    )
    api = api_as(owner)
    rows = api.get("/api/v1/assistance/projects/", {"leader_missing": "true"}).json()["results"]
    assert [(row["id"], row["leader_missing"]) for row in rows] == [(opened.pk, True)]
    rows = api.get("/api/v1/assistance/projects/", {"leader_missing": "false"}).json()["results"]
    assert [(row["id"], row["leader_missing"]) for row in rows] == [(led.pk, False)]


def _row(user, label):
    rows = [row for panel in panels(user) for row in panel["rows"]]
    (found,) = [row for row in rows if row[0] == label]
    return found


def test_the_lead_units_and_the_drcs_dashboards_count_them_and_link_to_the_list(
    client, opened, owner, outsider, drc, other_area
):
    # A city case of another area still waiting for its city leader counts for the DRC,
    # not for a lead unit's own list of leaders to name.
    AssistanceCaseFactory(
        project=ProjectFactory(owner_unit=other_area, landing_unit=other_area),
        team__lead_unit=other_area,
        tier=Tier.CITY,
        team_status=TeamStatus.PROPOSED,
    )
    label, count, url = _row(owner, "本单位牵头、缺帮扶领导的项目（A-2）")
    assert count == 1
    client.force_login(owner)
    assert _listed(client, url[len(reverse("assistance:list")) :]) == [opened.pk]
    assert _row(outsider, "本单位牵头、缺帮扶领导的项目（A-2）")[1] == 0
    label, count, url = _row(drc, "缺帮扶领导的帮扶项目（A-2）")
    assert count == 2
    client.force_login(drc)
    assert len(_listed(client, url[len(reverse("assistance:list")) :])) == 2


def test_a_unit_does_not_count_the_cases_it_only_serves_on(opened, teammate, department):
    opened.team.cooperating_units.set([department])
    assert _row(teammate, "本单位牵头、缺帮扶领导的项目（A-2）")[1] == 0


def test_the_lead_unit_is_reminded_on_the_weeks_dispatch_day_once(
    opened, owner, reviewer, outsider, principal
):
    friday = dt.date(2026, 11, 27)
    with at(friday, 9):
        assert jobs.assistance_leader_missing_reminders(friday) == "发出提醒 2 条"
        assert jobs.assistance_leader_missing_reminders(friday) == "发出提醒 0 条"
    told = Notification.objects.filter(kind=NotificationKind.LEADER_MISSING)
    assert {n.user for n in told} == {owner, reviewer}
    assert told.first().title == "本单位牵头的1个帮扶项目尚未确定帮扶领导"
    assert "leader_missing=true" in told.first().url
    with at(friday - dt.timedelta(days=1), 9):
        assert jobs.assistance_leader_missing_reminders(friday - dt.timedelta(days=1)) == (
            "今天不是周调度日"
        )
    # A catch-up run of an older week tells nobody.
    with at(friday + dt.timedelta(days=7), 9):
        assert jobs.assistance_leader_missing_reminders(friday - dt.timedelta(days=7)) == (
            "发出提醒 0 条"
        )


def test_on_a_friday_off_the_reminder_comes_on_the_last_working_day_before_it(opened, owner):
    # National Day 2026: Friday 2 October is off; the week's dispatch day is Wednesday 30 September.
    with at(dt.date(2026, 9, 30), 9):
        assert jobs.assistance_leader_missing_reminders(dt.date(2026, 9, 30)) == "发出提醒 1 条"


def test_no_reminder_once_the_leader_is_named(opened, owner, principal):
    _name_leader(opened, principal, owner)
    friday = dt.date(2026, 11, 27)
    with at(friday, 9):
        assert jobs.assistance_leader_missing_reminders(friday) == "发出提醒 0 条"


def test_the_filtered_list_runs_a_fixed_number_of_queries(client, owner, area, principal):
    client.force_login(owner)
    urls = [
        reverse("assistance:list") + "?leader_missing=true",
        reverse("assistance:list") + "?leader_missing=false&led_by_unit=true",
    ]

    def add(n):
        for index in range(n):
            AssistanceCaseFactory(
                project=ProjectFactory(owner_unit=area, landing_unit=area),
                team__lead_unit=area,
                team__lead_leader=principal if index % 2 else None,
            )

    add(4)
    few = [count_queries(lambda url=url: client.get(url)) for url in urls]
    add(36)
    assert [count_queries(lambda url=url: client.get(url)) for url in urls] == few


def test_a_leader_is_still_refused_on_a_local_proposal_without_one(opened, owner):
    # A-2 stays a rule when the unit edits the team: it cannot save a local team without him.
    with pytest.raises(RuleViolation) as refused:
        _name_leader(opened, None, owner)
    assert refused.value.rule == "A-2"
