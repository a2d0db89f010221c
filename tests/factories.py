"""Factories for the shared domain. Apps add theirs in tests/<app>/factories.py."""

import datetime as dt
from decimal import Decimal

import factory
import time_machine
from django.conf import settings

from yingkou.choices import AdministrativeLevel, LeaderRank, Role, UnitKind
from yingkou.models import Leader, Project, Team, Unit, User


def formed_early():
    """Inside it, records are made in 2017: there before any period a test archives."""
    return time_machine.travel(dt.datetime(2017, 1, 1, tzinfo=dt.UTC), tick=False)


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"测试单位{n}")
    code = factory.Sequence(lambda n: f"U{n:04d}")
    kind = UnitKind.COUNTY
    level = factory.LazyAttribute(
        lambda unit: (
            AdministrativeLevel.COUNTY
            if unit.kind in UnitKind.areas()
            else AdministrativeLevel.CITY
        )
    )


class LeaderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Leader

    name = factory.Sequence(lambda n: f"领导{n}")
    title = "副市长"
    rank = LeaderRank.CITY_LEADER
    unit = factory.SubFactory(UnitFactory, kind=UnitKind.CITY_GOVERNMENT)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.UNIT_STAFF
    unit = factory.SubFactory(UnitFactory)
    password = factory.PostGenerationMethodCall("set_password", "pw-for-tests-1")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    name = factory.Sequence(lambda n: f"测试项目{n}")
    owner_unit = factory.SubFactory(UnitFactory)
    landing_unit = factory.SelfAttribute("owner_unit")
    industry = "C26"
    total_investment = Decimal("1000.00")


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    project = factory.SubFactory(ProjectFactory)
    phase = "negotiation"
    lead_unit = factory.SelfAttribute("project.owner_unit")


DEMO_PASSWORD = settings.DEMO_PASSWORD
