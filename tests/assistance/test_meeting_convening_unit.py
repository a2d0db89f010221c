"""A-7: a joint meeting's record (纪要, 议定事项, tasks) is kept by the unit its convener convened it
from (`JointMeeting.convening_unit`, stored when it is recorded), not by whatever unit he is in
now: a convener who moves leaves the right with the unit that convened it and brings none to his
new one. The meetings recorded before are filled by the migration, in their history."""

import datetime as dt
import importlib

import pytest
import time_machine
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from assistance import permissions as perm
from assistance import services
from assistance.models import JointMeeting
from tests.assistance.factories import AssistanceCaseFactory, JointMeetingFactory
from tests.factories import LeaderFactory, ProjectFactory, UnitFactory, UserFactory
from tests.leaders import save_leader
from yingkou.choices import LeaderRank, Role, UnitKind

# 10 o'clock in Yingkou (UTC+8) on Tuesday 10 November 2026.
TUESDAY = dt.datetime(2026, 11, 10, 2, tzinfo=dt.UTC)


@pytest.fixture
def root(db):
    return UserFactory(username="root", role=Role.DRC_REVIEWER, is_superuser=True, is_staff=True)


@pytest.fixture
def district_head(area):
    """The area's own leader, who assists its local case and convenes its meetings."""
    return LeaderFactory(name="郑区长", rank=LeaderRank.PRINCIPAL, unit=area, title="区长")


@pytest.fixture
def meeting(area, owner, district_head):
    """A local case's joint meeting that its assisting leader convened, recorded by the area."""
    project = ProjectFactory(owner_unit=area, landing_unit=area, industry="C26")
    case = AssistanceCaseFactory(project=project, team__lead_unit=area)
    case.team.lead_leader = district_head
    case.team.save()
    utility = UnitFactory(name="供电公司", kind=UnitKind.UTILITY)
    with time_machine.travel(TUESDAY, tick=False):
        return services.meeting_create(
            case=case, user=owner, held_on=dt.date(2026, 11, 20), attendees=[utility]
        )


@pytest.mark.django_db
def test_a_meeting_keeps_the_unit_it_was_convened_from(client, meeting, owner, area):
    assert meeting.convening_unit == area == meeting.convened_by.unit
    recorded = meeting.history.last()  # as created, before its attendees were set
    assert recorded.convening_unit_id == area.pk and recorded.history_user == owner
    client.force_login(owner)
    page = client.get(reverse("assistance:meeting", args=[meeting.pk])).content.decode()
    assert f"<dt>召集单位</dt><dd>{area}</dd>" in page


@pytest.mark.django_db
def test_the_convening_unit_keeps_the_minutes_when_the_convener_moves(
    client, root, meeting, district_head, owner, teammate, department, area
):
    """郑区长 moves to 工信局: the area, which convened the meeting through him, keeps its record;
    工信局's staff, who see the case as the industry's department (A-3), read it but do not
    gain the right."""
    client.force_login(root)
    save_leader(client, district_head, unit=department.pk)
    district_head.refresh_from_db()
    meeting = JointMeeting.objects.select_related("case__team", "convened_by").get(pk=meeting.pk)
    assert district_head.unit == department and meeting.convening_unit == area

    assert perm.can_edit_minutes(owner, meeting) and not perm.can_edit_minutes(teammate, meeting)
    minutes = reverse("assistance:meeting_minutes", args=[meeting.pk])
    items = reverse("assistance:meeting_item_add", args=[meeting.pk])
    task = {"description": "接电", "owner_unit": department.pk, "due_on": "2026-11-30"}
    client.force_login(teammate)
    assert client.get(reverse("assistance:meeting", args=[meeting.pk])).status_code == 200
    assert (
        client.post(minutes, {"minutes": "改写", "decisions": "", "version": 1}).status_code == 403
    )
    assert client.post(items, task).status_code == 403
    with pytest.raises(PermissionDenied):
        services.meeting_update_minutes(
            meeting=meeting, user=teammate, minutes="改写", decisions="", expected_version=1
        )

    client.force_login(owner)
    page = client.get(reverse("assistance:meeting", args=[meeting.pk])).content.decode()
    assert f'action="{minutes}"' in page
    response = client.post(minutes, {"minutes": "研究供电接入", "decisions": "", "version": 1})
    assert response.status_code == 302
    assert client.post(items, task).status_code == 302
    meeting.refresh_from_db()
    assert meeting.minutes == "研究供电接入" and meeting.action_items.count() == 1
    assert meeting.history.first().history_user == owner


migration = importlib.import_module("assistance.migrations.0014_meeting_convening_unit_fill")
BEFORE = [("assistance", "0012_dispatch_lead_units")]
AFTER = [("assistance", "0015_meeting_convening_unit_required")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)


def _latest():
    """Every app's newest migration: what the other tests need the database back at (a fixed
    target would leave out migrations added after it)."""
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_meetings_recorded_before_take_their_conveners_unit_in_their_history(area, other_area):
    leader = LeaderFactory(name="郑区长", rank=LeaderRank.PRINCIPAL, unit=area, title="区长")
    recorded = JointMeetingFactory(convened_by=leader)
    version = recorded.version
    try:
        _migrate(BEFORE)
        # Meanwhile he moved: the record is filled with where he is now, the unit whose staff
        # kept it until the column existed.
        leader.unit = other_area
        leader.save()
        _migrate(AFTER)
    finally:
        _migrate(_latest())

    recorded = JointMeeting.objects.get(pk=recorded.pk)
    assert recorded.convening_unit == other_area and recorded.version == version
    latest = recorded.history.first()
    assert latest.convening_unit_id == other_area.pk and latest.history_user is None
    assert "A-7" in latest.history_change_reason and "盖州市" in latest.history_change_reason
    assert recorded.history.count() == 2  # as recorded, then as filled
    migration.fill(apps, None)  # run again: nothing more
    assert recorded.history.count() == 2


@pytest.mark.django_db
def test_the_convening_unit_opens_its_meeting_even_when_not_on_the_case(client, other_area):
    """A-7: the unit that convened a meeting keeps its record, so its staff open the meeting
    though their unit is neither on the case nor among the attendees."""
    convener = LeaderFactory(rank=LeaderRank.PRINCIPAL, unit=other_area, title="市长")
    meeting = JointMeetingFactory(convened_by=convener)
    assert meeting.convening_unit == other_area
    staff = UserFactory(role=Role.UNIT_STAFF, unit=other_area)
    client.force_login(staff)
    assert client.get(reverse("assistance:meeting", args=[meeting.pk])).status_code == 200
    assert perm.can_edit_minutes(staff, meeting)
