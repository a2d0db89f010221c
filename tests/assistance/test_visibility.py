"""visible_to(user) of every assistance queryset: owner, teammate, outsider, city-wide, anonymous."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser

from assistance.models import ActionItem, AssistanceCase, JointMeeting, Problem
from tests.assistance.factories import AssistanceCaseFactory, JointMeetingFactory, ProblemFactory
from tests.factories import LeaderFactory, ProjectFactory, UnitFactory, UserFactory
from yingkou.choices import UnitKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(area, department):
    case = AssistanceCaseFactory(
        project=ProjectFactory(owner_unit=area, landing_unit=area), team__lead_unit=area
    )
    case.team.cooperating_units.set([department])
    return case


def test_cases(case, owner, reviewer, teammate, outsider, drc, bureau, city_leader_user):
    for user in (owner, reviewer, teammate, drc, bureau, city_leader_user):
        assert list(AssistanceCase.objects.visible_to(user)) == [case], user
    assert not AssistanceCase.objects.visible_to(outsider).exists()
    assert not AssistanceCase.objects.visible_to(AnonymousUser()).exists()
    assert not AssistanceCase.objects.visible_to(UserFactory(unit=None)).exists()


def test_landing_area_sees_a_department_led_case(area, department, owner):
    case = AssistanceCaseFactory(
        project=ProjectFactory(owner_unit=department, landing_unit=area),
        team__lead_unit=department,
    )
    assert list(AssistanceCase.objects.visible_to(owner)) == [case]


def test_problems(case, owner, outsider, teammate):
    own = ProblemFactory(case=case)
    assigned = ProblemFactory(case=case, owner_unit=outsider.unit)
    assert set(Problem.objects.visible_to(owner)) == {own, assigned}
    assert set(Problem.objects.visible_to(teammate)) == {own, assigned}
    assert list(Problem.objects.visible_to(outsider)) == [assigned]


def test_meetings_and_action_items(case, owner, outsider):
    utility = UnitFactory(code="GD", name="供电公司", kind=UnitKind.UTILITY)
    staff = UserFactory(unit=utility)
    meeting = JointMeetingFactory(
        case=case, convened_by=LeaderFactory(), held_on=dt.date(2026, 11, 20)
    )
    meeting.attendees.set([utility, owner.unit])
    item = ActionItem.objects.create(
        meeting=meeting, description="接电", owner_unit=utility, due_on=dt.date(2026, 12, 1)
    )
    assert list(JointMeeting.objects.visible_to(owner)) == [meeting]  # no duplicate rows
    assert list(JointMeeting.objects.visible_to(staff)) == [meeting]  # an attendee
    assert list(ActionItem.objects.visible_to(staff)) == [item]
    assert not JointMeeting.objects.visible_to(outsider).exists()
    assert not ActionItem.objects.visible_to(outsider).exists()
