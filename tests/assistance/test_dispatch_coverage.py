"""A-4: 成立重点项目精准帮扶行动推进组，分地区负责推进; 推进组每月调度所负责地区. An area no group covers
gets no monthly dispatch: the groups page and the monthly run name it. A group's dispatch goes also
to the lead units of the cases it lists — a department leading a project in the group's areas
reads it (the rows of its own cases) and is told of it; a unit it does not concern gets 404."""

import datetime as dt
import importlib
import io

import pytest
from django.apps import apps
from django.urls import reverse
from openpyxl import load_workbook

from assistance import jobs
from assistance.choices import ReportKind
from assistance.models import SupervisionReport
from tests.assistance.factories import AssistanceCaseFactory, ProblemFactory, promotion_group
from tests.clock import at
from tests.factories import ProjectFactory, UnitFactory, UserFactory
from yingkou.choices import NotificationKind, Role, UnitKind
from yingkou.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(area):
    return promotion_group("第一推进组", [area])


@pytest.fixture
def cases(area, department):
    """In 鲅鱼圈区: one case led by the area itself, one led by a municipal department. The port's
    industry is water transport (G55), not the department's: as their competent department it
    would see (and read) the key projects of its own industries (A-3)."""
    with at(dt.date(2026, 6, 1), 18):
        own = AssistanceCaseFactory(
            project=ProjectFactory(
                name="鲅鱼圈区港口物流项目",
                owner_unit=area,
                landing_unit=area,
                stage="construction",
                industry="G55",
            ),
            team__lead_unit=area,
        )
        led = AssistanceCaseFactory(
            project=ProjectFactory(
                name="工信局引进的新材料项目",
                owner_unit=department,
                landing_unit=area,
                stage="construction",
            ),
            team__lead_unit=department,
        )
    with at(dt.date(2026, 10, 2), 18):
        ProblemFactory(case=own, title="港口用地指标", owner_unit=area)
        ProblemFactory(case=led, title="新材料供电线路", owner_unit=department)
    return own, led


def _dispatch(group) -> SupervisionReport:
    return SupervisionReport.objects.get(kind=ReportKind.DISPATCH, scope=f"group-{group.pk}")


# --- areas no group covers ---------------------------------------------------------------------


def test_the_groups_page_names_the_areas_no_group_covers(client, drc, group, area, other_area):
    park = UnitFactory(name="营口高新技术产业开发区", code="GX", kind=UnitKind.PARK)
    UnitFactory(name="已撤销的园区", code="OLD", kind=UnitKind.PARK, is_active=False)
    client.force_login(drc)
    response = client.get(reverse("assistance:groups"))
    assert [u.name for u in response.context["areas_without_group"]] == [other_area.name, park.name]
    page = response.content.decode()
    assert "data-areas-without-group" in page and "盖州市" in page and "已撤销的园区" not in page
    group.areas.add(other_area, park)
    response = client.get(reverse("assistance:groups"))
    assert response.context["areas_without_group"] == []
    assert "data-areas-without-group" not in response.content.decode()


def test_the_monthly_run_names_the_areas_it_did_not_dispatch(group, cases, other_area):
    with at(dt.date(2026, 11, 1), 18):
        outcome = jobs.assistance_dispatch(dt.date(2026, 10, 15))
    assert outcome.endswith("无推进组负责、未调度的地区 1 个：盖州市")
    with at(dt.date(2026, 11, 5), 18):
        group.areas.add(other_area)
    SupervisionReport.objects.all().delete()
    # The month's run built late names what its on-time run did not dispatch, as of its end.
    with at(dt.date(2026, 11, 26), 18):
        assert jobs.assistance_dispatch(dt.date(2026, 10, 15)) == outcome
    with at(dt.date(2026, 12, 1), 18):
        assert "未调度" not in jobs.assistance_dispatch(dt.date(2026, 11, 15))


# --- who reads a group's dispatch ----------------------------------------------------------------


def _status(client, report, export=False) -> int:
    url = reverse("assistance:report", args=[report.pk])
    return client.get(url + ("?export=xlsx" if export else "")).status_code


def test_a_dispatch_keeps_the_lead_units_of_the_cases_it_lists(group, cases, area, department):
    jobs.assistance_dispatch(dt.date(2026, 10, 15))
    assert set(_dispatch(group).lead_units.all()) == {area, department}


@pytest.mark.parametrize("export", [False, True])
def test_a_department_leading_a_listed_case_reads_the_dispatch(
    client, group, cases, teammate, export
):
    jobs.assistance_dispatch(dt.date(2026, 10, 15))
    client.force_login(teammate)  # staff of the department leading the second case
    assert _status(client, _dispatch(group), export) == 200


def test_the_department_reads_its_own_cases_rows_and_the_area_reads_all(
    client, group, cases, teammate, owner
):
    jobs.assistance_dispatch(dt.date(2026, 10, 15))
    report = _dispatch(group)
    url = reverse("assistance:report", args=[report.pk])
    client.force_login(teammate)
    response = client.get(url)
    assert [row["project"] for row in response.context["content"]["cases"]] == [
        "工信局引进的新材料项目"
    ]
    assert [p["title"] for p in response.context["content"]["problems"]] == ["新材料供电线路"]
    page = response.content.decode()
    assert "data-read-in-part" in page and "鲅鱼圈区港口物流项目" not in page
    sheet = load_workbook(io.BytesIO(b"".join(client.get(url + "?export=xlsx").streaming_content)))
    names = [row[1] for row in sheet.active.iter_rows(values_only=True)]
    assert "工信局引进的新材料项目" in names and "鲅鱼圈区港口物流项目" not in names
    client.force_login(owner)  # the area the group covers reads the whole dispatch
    response = client.get(url)
    assert len(response.context["content"]["cases"]) == 2
    assert "data-read-in-part" not in response.content.decode()


@pytest.mark.parametrize("export", [False, True])
def test_a_unit_with_no_case_in_the_dispatch_gets_404(client, group, cases, outsider, export):
    jobs.assistance_dispatch(dt.date(2026, 10, 15))
    other_department = UnitFactory(
        name="营口市商务局", code="SWJ", kind=UnitKind.MUNICIPAL_DEPARTMENT
    )
    stranger = UserFactory(username="swj", role=Role.UNIT_STAFF, unit=other_department)
    for user in (outsider, stranger):
        client.force_login(user)
        assert _status(client, _dispatch(group), export) == 404
        listed = {r.pk for r in client.get(reverse("assistance:reports")).context["page"]}
        assert _dispatch(group).pk not in listed


def test_the_archive_list_names_the_dispatch_for_the_lead_department(
    client, group, cases, teammate
):
    jobs.assistance_dispatch(dt.date(2026, 10, 15))
    client.force_login(teammate)
    listed = {r.pk for r in client.get(reverse("assistance:reports")).context["page"]}
    assert _dispatch(group).pk in listed


def test_the_lead_department_is_told_of_the_dispatch_and_an_unrelated_unit_is_not(
    group, cases, teammate, owner, outsider
):
    jobs.assistance_dispatch(dt.date(2026, 10, 15))
    told = {
        n.user
        for n in Notification.objects.filter(
            kind=NotificationKind.CIRCULAR, key=f"assistance:report:{_dispatch(group).pk}"
        )
    }
    assert teammate in told and owner in told
    assert outsider not in told


def test_dispatches_archived_before_are_addressed_to_the_units_they_name(
    group, area, department, other_area
):
    report = SupervisionReport.objects.create(
        kind=ReportKind.DISPATCH,
        period_key="2026-09",
        scope=f"group-{group.pk}",
        title="第一推进组2026年9月精准帮扶调度",
        content={
            "month": "2026-09",
            "cases": [{"id": 1, "lead_unit": department.name}, {"id": 2, "lead_unit": "已更名"}],
            "problems": [],
        },
    )
    migration = importlib.import_module("assistance.migrations.0012_dispatch_lead_units")
    migration.address_archived_dispatches(apps, None)
    assert list(report.lead_units.all()) == [department]
