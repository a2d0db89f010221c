"""Inspection plans (E-5) as tests build them: enforcement agencies, legal affairs offices and
plans filed through the service, as their agency's staff files them."""

import datetime as dt

from enterprise import services
from tests.factories import UnitFactory, UserFactory
from yingkou.choices import NotificationKind, Role, UnitKind
from yingkou.models import Notification

PLAN_DAY = dt.date(2026, 12, 10)


def agency(code, level, system, parent=None):
    return UnitFactory(
        code=code,
        name=f"{code}执法机关",
        kind=UnitKind.MUNICIPAL_DEPARTMENT,
        level=level,
        enforcement_system=system,
        parent=parent,
    )


def legal_office(code, level, parent=None):
    unit = UnitFactory(
        code=code, name=f"{code}司法局", kind=UnitKind.LEGAL_AFFAIRS, level=level, parent=parent
    )
    return UserFactory(username=f"legal_{code}", role=Role.LEGAL_AFFAIRS, unit=unit)


def plan(unit, enterprise, day=PLAN_DAY):
    return services.inspection_plan(
        user=UserFactory(role=Role.UNIT_STAFF, unit=unit),
        enterprise=enterprise,
        planned_on=day,
        purpose="安全生产检查",
    )


def staff(unit):
    return UserFactory(username=f"{unit.code}_staff", role=Role.UNIT_STAFF, unit=unit)


def withdrawal_told():
    """Who was told of a plan's withdrawal (撤回)."""
    return sorted(
        Notification.objects.filter(
            kind=NotificationKind.INSPECTION_PLAN, key__endswith=":withdrawn"
        ).values_list("user__username", flat=True)
    )
