"""A-2 after a key project's landing area changed: the case keeps its lead unit, leader and team
(一个项目、一位领导、一个团队、一抓到底), and the area it leaves, the area it lands in and the lead
unit are told — as N-2 and E-1 tell both areas of theirs."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from assistance import services
from tests.clock import at
from tests.factories import ProjectFactory, UserFactory
from yingkou import services as shared
from yingkou.choices import NotificationKind, Role
from yingkou.models import Notification

pytestmark = pytest.mark.django_db


def _told(user):
    return list(Notification.objects.filter(user=user, kind=NotificationKind.PROJECT_REEVALUATED))


def test_a_landing_area_changed_tells_both_areas_and_keeps_the_lead(area, other_area, drc, owner):
    newcomer = UserFactory(username="gz", role=Role.UNIT_STAFF, unit=other_area)
    project = ProjectFactory(
        name="精细化工项目",
        owner_unit=area,
        landing_unit=area,
        industry="C26",
        total_investment=Decimal("20000.00"),
    )
    with at(dt.date(2026, 11, 10)):
        case = services.assistance_case_open(project=project, user=drc, source="direct")
        lead = case.team.lead_unit_id
        project.refresh_from_db()
        shared.project_update(
            project=project, user=drc, expected_version=project.version, landing_unit=other_area
        )

    case.refresh_from_db()
    assert case.team.lead_unit_id == lead == area.pk
    for user in (owner, newcomer):
        (notice,) = _told(user)
        assert notice.title == "精细化工项目的落地地区已变更为盖州市"
        assert "由鲅鱼圈区变更为盖州市" in notice.body and "A-2" in notice.body
        assert notice.url == reverse("assistance:detail", args=[case.pk])


def test_another_change_tells_no_area_of_a_move(area, drc, owner):
    project = ProjectFactory(
        owner_unit=area, landing_unit=area, industry="C26", total_investment=Decimal("20000.00")
    )
    with at(dt.date(2026, 11, 10)):
        services.assistance_case_open(project=project, user=drc, source="direct")
        project.refresh_from_db()
        shared.project_update(
            project=project, user=drc, expected_version=project.version, name="改名项目"
        )

    assert [n for n in _told(owner) if "落地地区" in n.title] == []
