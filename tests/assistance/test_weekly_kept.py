"""A-8: the city's weekly list keeps its sites between writes, and shows every write at once."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from assistance import rules, selectors, services
from tests.assistance.factories import AssistanceCaseFactory
from tests.assistance.test_weekly_dispatch import D, report
from tests.clock import at
from tests.factories import ProjectFactory
from yingkou.choices import Stage
from yingkou.services import save_with_history

pytestmark = pytest.mark.django_db

WEDNESDAY = D(2026, 6, 3)


def counted(monkeypatch, name):
    """A list that grows each time `selectors.<name>` reads: "city", or "unit" for a unit's."""
    calls = []
    read = getattr(selectors, name)

    def counting(*args):
        calls.append("city" if args[-1] is None else "unit")  # the last argument is `cases`
        return read(*args)

    monkeypatch.setattr(selectors, name, counting)
    return calls


@pytest.fixture
def reads(monkeypatch):
    """How often the city's sites are read from the database."""
    return counted(monkeypatch, "_weekly_sites_live")


@pytest.fixture
def weeks(monkeypatch):
    """How often the city's running week (sites and reports) is read."""
    return counted(monkeypatch, "_weekly_live")


def week(client):
    """The running week's rows as the DRC's API gives them: (project, area, state)."""
    with at(WEDNESDAY):
        rows = client.get("/api/v1/assistance/weekly/").json()["projects"]
    return [(row["project"], row["area"], row["state"]) for row in rows]


def test_the_week_is_read_once_between_writes_and_every_report_shows_at_once(
    client, site, owner, drc, reads, weeks
):
    client.force_login(drc)
    assert week(client) == [("鲅鱼圈区精细化工项目", "鲅鱼圈区", "missing")]
    assert week(client) == [("鲅鱼圈区精细化工项目", "鲅鱼圈区", "missing")]
    assert len(weeks) == 1
    report(site, owner, WEDNESDAY)
    assert week(client) == [("鲅鱼圈区精细化工项目", "鲅鱼圈区", "on_time")]
    with at(WEDNESDAY):
        page = client.get(reverse("assistance:weekly"))
    assert page.context["overview"]["reported"] == 1
    # The report was read alone into the kept week: neither the week nor its sites again.
    assert (weeks, reads) == (["city"], ["city"])


def test_a_week_brought_up_to_date_report_by_report_is_the_week_read_afresh(
    site, other_site, owner, outsider, weeks
):
    saturday = D(2026, 6, 6)

    def minutes_past_ten(minutes):
        """Saturday's reports and reads a few minutes apart: a week is kept ten minutes."""
        return at(D(2026, 6, 6), 10, minutes)

    report(site, owner, WEDNESDAY)  # on time, before the week is kept
    with minutes_past_ten(0):
        selectors.weekly_dispatch(week=saturday, moment=None)
    with minutes_past_ten(1):
        services.weekly_progress_report(
            case=other_site, user=outsider, progress="设备进场", investment=Decimal(300)
        )
    with minutes_past_ten(2):
        services.weekly_progress_report(
            case=site,
            user=owner,
            progress="主体结构封顶",
            investment=Decimal(800),
            expected_version=1,
        )
    with minutes_past_ten(3):
        patched = selectors.weekly_dispatch(week=saturday, moment=None)
        assert weeks == ["city"]  # patched, not read again
        monday = D(2026, 6, 1)
        afresh = selectors._weekly_dispatch(
            monday, rules.weekly_progress_due_rule(monday), None, None
        )
    assert patched == afresh
    assert [(row["state"], row["progress"]) for row in patched["projects"]] == [
        ("late", "设备进场"),
        ("late", "主体结构封顶"),
    ]


def test_a_unit_sees_its_own_rows_of_the_kept_week_as_its_cases_are_now(
    client, site, other_site, owner, other_area, reads
):
    client.force_login(owner)
    with at(WEDNESDAY):
        rows = client.get("/api/v1/assistance/weekly/").json()
    assert [row["project"] for row in rows["projects"]] == ["鲅鱼圈区精细化工项目"]
    assert rows["not_reported_units"] == ["鲅鱼圈区"]
    # Put on the other project's team: its row shows at once.
    with at(WEDNESDAY):
        other_site.team.cooperating_units.add(owner.unit)
        rows = client.get("/api/v1/assistance/weekly/").json()
    assert [row["project"] for row in rows["projects"]] == [
        "盖州市物流园项目",
        "鲅鱼圈区精细化工项目",
    ]
    assert set(reads) == {"city"}  # the city's week, of which the unit's rows


def test_a_write_the_sites_rest_on_shows_at_once(client, site, area, owner, drc, reads):
    client.force_login(drc)
    week(client)
    with at(WEDNESDAY):
        site.project.name = "鲅鱼圈区精细化工二期项目"
        save_with_history(site.project, owner)
    assert week(client) == [("鲅鱼圈区精细化工二期项目", "鲅鱼圈区", "missing")]
    with at(WEDNESDAY):
        area.name = "鲅鱼圈经济技术开发区"
        save_with_history(area, None)
    assert week(client) == [("鲅鱼圈区精细化工二期项目", "鲅鱼圈经济技术开发区", "missing")]
    with at(WEDNESDAY):
        AssistanceCaseFactory(
            project=ProjectFactory(
                name="鲅鱼圈区港口物流项目",
                owner_unit=area,
                landing_unit=area,
                stage="construction",
            ),
            team__lead_unit=area,
        )
    assert [row[0] for row in week(client)] == ["鲅鱼圈区港口物流项目", "鲅鱼圈区精细化工二期项目"]
    assert len(reads) == 4


def test_a_project_leaving_construction_leaves_the_list_at_once(client, site, owner, drc, reads):
    client.force_login(drc)
    assert len(week(client)) == 1
    with at(WEDNESDAY):
        services.assistance_case_advance(case=site, stage=Stage.COMPLETED, user=owner)
    assert week(client) == []
    assert len(reads) == 2


def test_a_project_outside_construction_keeps_the_sites(client, site, area, owner, drc, reads):
    client.force_login(drc)
    week(client)
    with at(WEDNESDAY - dt.timedelta(days=1)):
        planned = ProjectFactory(name="规划中的项目", owner_unit=area, stage="planning")
    with at(WEDNESDAY):
        planned.name = "规划中的项目（调整）"
        save_with_history(planned, owner)
    week(client)
    assert len(reads) == 1
