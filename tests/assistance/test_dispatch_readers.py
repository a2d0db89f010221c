"""A-4 (推进组每月调度所负责地区): a month's dispatch of a promotion group is read by the group as it
stood in that month — the areas it covered, its head and its members then — kept with the
archive, whatever happens to the group afterwards: an area moved to another group reads its old
group's dispatches of the months before and not the new group's; a group deleted since is still
read by its areas of then. The same on the archive list, the page, its file and the API."""

import datetime as dt
import importlib

import pytest
import time_machine
from django.apps import apps
from django.urls import reverse

from assistance import jobs
from assistance.choices import ReportKind
from assistance.models import SupervisionReport
from tests.assistance.factories import promotion_group
from tests.clock import at
from tests.factories import UnitFactory, UserFactory
from tests.queries import assert_constant_queries
from yingkou.choices import NotificationKind, Role, UnitKind
from yingkou.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def park(db):
    with time_machine.travel(dt.datetime(2017, 1, 1, tzinfo=dt.UTC), tick=False):
        return UnitFactory(name="营口高新技术产业开发区", code="GX", kind=UnitKind.PARK)


@pytest.fixture
def park_staff(park):
    return UserFactory(username="gx", role=Role.UNIT_STAFF, unit=park)


@pytest.fixture
def groups(area, other_area, park):
    return (
        promotion_group("第一推进组", [area]),
        promotion_group("第二推进组", [other_area]),
        promotion_group("第三推进组", [park]),
    )


def _dispatch(group_id: int, month: str = "2026-10") -> SupervisionReport:
    return SupervisionReport.objects.get(
        kind=ReportKind.DISPATCH, period_key=month, scope=f"group-{group_id}"
    )


@pytest.fixture
def october(groups, area, other_area):
    """October dispatched on time; in November 鲅鱼圈区 moved from the first group to the
    second and the third group was dissolved."""
    first, second, third = groups
    with at(dt.date(2026, 11, 1), 18):
        jobs.assistance_dispatch(dt.date(2026, 10, 15))
    dispatches = {"first": _dispatch(first.id), "second": _dispatch(second.id)}
    dispatches["third"] = _dispatch(third.id)
    with at(dt.date(2026, 11, 5), 18):
        first.areas.set([])
        second.areas.set([other_area, area])
        third.delete()
    return dispatches


def _page(client, report) -> bool:
    return client.get(reverse("assistance:report", args=[report.pk])).status_code == 200


def _file(client, report) -> bool:
    url = reverse("assistance:report", args=[report.pk]) + "?export=xlsx"
    return client.get(url).status_code == 200


def _list(client, report) -> bool:
    return report.pk in {r.pk for r in client.get(reverse("assistance:reports")).context["page"]}


def _api(client, report) -> bool:
    return client.get(f"/api/v1/assistance/reports/{report.pk}/").status_code == 200


def _api_list(client, report) -> bool:
    rows = client.get("/api/v1/assistance/reports/", {"kind": "dispatch"}).json()["results"]
    return report.pk in {row["id"] for row in rows}


SURFACES = [_page, _file, _list, _api, _api_list]


@pytest.mark.parametrize("reads", SURFACES)
def test_an_area_moved_since_reads_its_old_groups_dispatch_of_the_month_not_the_new_ones(
    client, owner, october, reads
):
    client.force_login(owner)  # staff of 鲅鱼圈区
    assert reads(client, october["first"])
    assert not reads(client, october["second"])


def test_the_moved_area_reads_its_old_groups_dispatch_whole_and_the_new_group_its_own(
    client, owner, outsider, october
):
    client.force_login(owner)
    url = reverse("assistance:report", args=[october["first"].pk])
    assert "data-read-in-part" not in client.get(url).content.decode()
    api = client.get(f"/api/v1/assistance/reports/{october['first'].pk}/").json()
    assert api["read_in_part"] is False and api["content"]["areas"] == ["鲅鱼圈区"]
    client.force_login(outsider)  # 盖州市 stays in the second group and still reads its October
    assert _page(client, october["second"]) and not _page(client, october["first"])


def test_after_the_move_the_area_reads_its_new_groups_dispatch(client, owner, october, groups):
    with at(dt.date(2026, 12, 1), 18):
        jobs.assistance_dispatch(dt.date(2026, 11, 15))
    client.force_login(owner)
    assert _page(client, _dispatch(groups[1].id, "2026-11"))
    assert not _page(client, _dispatch(groups[0].id, "2026-11"))
    # and October stays as it was
    assert _page(client, october["first"]) and not _page(client, october["second"])


@pytest.mark.parametrize("reads", SURFACES)
def test_a_deleted_groups_dispatch_is_read_by_its_areas_of_then(
    client, park_staff, outsider, october, reads
):
    client.force_login(park_staff)
    assert reads(client, october["third"])
    client.force_login(outsider)
    assert not reads(client, october["third"])


def test_the_head_and_members_of_the_month_read_it_and_not_those_named_since(
    client, groups, department, other_area
):
    head = UserFactory(username="head", role=Role.UNIT_STAFF, unit=department)
    member = UserFactory(username="member", role=Role.UNIT_STAFF, unit=department)
    later = UserFactory(username="later", role=Role.UNIT_STAFF, unit=department)
    first = groups[0]
    with at(dt.date(2026, 9, 1), 18):
        first.head = head
        first.save()
        first.members.set([member])
    with at(dt.date(2026, 11, 1), 18):
        jobs.assistance_dispatch(dt.date(2026, 10, 15))
    with at(dt.date(2026, 11, 5), 18):
        first.head = later
        first.save()
        first.members.set([later])
    report = _dispatch(first.id)
    for user in (head, member):
        client.force_login(user)
        assert _page(client, report) and _api(client, report)
    client.force_login(later)
    assert not _page(client, report) and not _api(client, report)


def test_a_dispatch_built_late_tells_the_group_of_its_month(groups, department, park_staff):
    """The dispatch's notice goes to those who read it: the head and the areas of the month,
    though the group was deleted before the run."""
    head = UserFactory(username="head", role=Role.UNIT_STAFF, unit=department)
    third = groups[2]
    third_id = third.id
    with at(dt.date(2026, 9, 1), 18):
        third.head = head
        third.save()
    with at(dt.date(2026, 11, 5), 18):
        third.delete()
    with at(dt.date(2026, 11, 26), 18):
        jobs.assistance_dispatch(dt.date(2026, 10, 15))
    report = _dispatch(third_id)
    told = {
        n.user
        for n in Notification.objects.filter(
            kind=NotificationKind.CIRCULAR, key=f"assistance:report:{report.pk}"
        )
    }
    assert {head, park_staff} <= told


def test_dispatches_archived_before_get_the_readers_of_their_month(
    client, owner, groups, area, other_area, park
):
    first, second, third = groups
    with at(dt.date(2026, 11, 1), 18):
        legacy = [
            SupervisionReport.objects.create(
                kind=ReportKind.DISPATCH,
                period_key="2026-10",
                scope=f"group-{group.pk}",
                title=f"{group.name}2026年10月精准帮扶调度",
                content={"month": "2026-10", "cases": [], "problems": []},
            )
            for group in groups
        ]
    with at(dt.date(2026, 11, 5), 18):
        first.areas.set([])
        second.areas.set([other_area, area])
        third.delete()
    migration = importlib.import_module("assistance.migrations.0019_dispatch_group_readers")
    migration.keep_archived_dispatch_readers(apps, None)
    assert [list(report.group_areas.all()) for report in legacy] == [
        [area],
        [other_area],
        [park],
    ]
    client.force_login(owner)
    assert _page(client, legacy[0]) and not _page(client, legacy[1])


def test_the_api_list_runs_a_fixed_number_of_queries(client, owner, area):
    client.force_login(owner)
    made = []

    def add(n):
        for _ in range(n):
            group = promotion_group(f"推进组{len(made)}", [area])
            with at(dt.date(2026, 11, 1), 18):
                made.append(
                    SupervisionReport.objects.create(
                        kind=ReportKind.DISPATCH,
                        period_key="2026-10",
                        scope=f"group-{group.pk}",
                        title=group.name,
                    )
                )
            made[-1].group_areas.set([area])

    assert_constant_queries(lambda: client.get("/api/v1/assistance/reports/"), add, 3, 30)
