"""Builders for negotiation tests: cases are opened through the service, as users do."""

import datetime as dt

from tests.factories import LeaderFactory, UnitFactory, UserFactory
from yingkou.choices import LeaderRank, Role, UnitKind


def city_leader(*, units=(), industries=(), name=None, retired=False):
    leader = LeaderFactory(
        rank=LeaderRank.CITY_LEADER,
        is_retired=retired,
        portfolio_industries=list(industries),
        **({"name": name} if name else {}),
    )
    leader.portfolio_units.set(units)
    return leader


def unit_leader(unit, rank=LeaderRank.PRINCIPAL, name=None):
    return LeaderFactory(
        unit=unit,
        rank=rank,
        title="局长" if rank == LeaderRank.PRINCIPAL else "副局长",
        **({"name": name} if name else {}),
    )


def staff_of(unit, username=None, role=Role.UNIT_STAFF):
    return UserFactory(username=username or f"staff_{unit.code}_{role}", role=role, unit=unit)


def open_case(*, negotiating_unit, project, user=None, opened_on=None):
    from negotiation.services import negotiation_case_open

    user = user or staff_of(negotiating_unit)
    return negotiation_case_open(
        project=project,
        negotiating_unit=negotiating_unit,
        user=user,
        opened_on=opened_on or dt.date(2026, 11, 2),
    )


def party_org(code="ZGH", name="营口市总工会"):
    return UnitFactory(code=code, name=name, kind=UnitKind.PARTY_ORG)


def area_department(area, code=None, name=None):
    return UnitFactory(
        code=code or f"{area.code}-GXJ",
        name=name or f"{area.name}工业和信息化局",
        kind=UnitKind.MUNICIPAL_DEPARTMENT,
        level="county",
        parent=area,
    )
