"""Factories of the assistance app."""

import datetime as dt
from decimal import Decimal

import factory

from assistance.choices import CaseSource, ProblemCategory, TeamStatus, Tier
from assistance.models import AssistanceCase, JointMeeting, Problem, PromotionGroup
from tests.factories import LeaderFactory, ProjectFactory, TeamFactory, formed_early


class AssistanceCaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AssistanceCase

    project = factory.SubFactory(ProjectFactory, total_investment=Decimal("20000.00"))
    tier = Tier.LOCAL
    source = CaseSource.DIRECT
    team = factory.SubFactory(
        TeamFactory, project=factory.SelfAttribute("..project"), phase="assistance"
    )
    team_status = TeamStatus.APPROVED
    opened_on = dt.date(2026, 1, 5)


class ProblemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Problem

    case = factory.SubFactory(AssistanceCaseFactory)
    category = ProblemCategory.LAND
    title = factory.Sequence(lambda n: f"用地指标问题{n}")
    owner_unit = factory.SelfAttribute("case.project.owner_unit")
    raised_on = dt.date(2026, 11, 2)
    due_on = dt.date(2026, 11, 30)


class JointMeetingFactory(factory.django.DjangoModelFactory):
    """A joint meeting (A-7) recorded as `services.meeting_create` records it: from the unit its
    convener is in when he convenes it."""

    class Meta:
        model = JointMeeting

    case = factory.SubFactory(AssistanceCaseFactory)
    convened_by = factory.SubFactory(LeaderFactory)
    convening_unit = factory.SelfAttribute("convened_by.unit")
    held_on = dt.date(2026, 11, 20)


def promotion_group(name: str, areas, **fields) -> PromotionGroup:
    """A promotion group formed, with its areas, before any month a test dispatches: a month's
    dispatches go to the groups as they stood at its end."""
    with formed_early():
        group = PromotionGroup.objects.create(name=name, **fields)
        group.areas.set(areas)
    return group
