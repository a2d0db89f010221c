"""Units and leaders shaped like the demo data: areas with their own industry authority
(<AREA>-GXJ), municipal departments, city leaders with portfolios, enforcement agencies."""

import pytest

from tests.enterprise.factories import EnterpriseFactory
from tests.enterprise.inspections import agency, legal_office
from tests.factories import LeaderFactory, UnitFactory, UserFactory
from yingkou.choices import LeaderRank, Role, UnitKind


@pytest.fixture
def city_gov(db):
    return UnitFactory(name="营口市人民政府", code="SZF", kind=UnitKind.CITY_GOVERNMENT)


@pytest.fixture
def commerce(db):
    """营口市商务局: a city-level introducer of enterprises (E-1: the city's department serves)."""
    return UnitFactory(name="营口市商务局", code="SWJ", kind=UnitKind.MUNICIPAL_DEPARTMENT)


@pytest.fixture
def tourism(db):
    """营口市文化旅游局: the competent department of hotels (H61), not of chemicals (C26)."""
    return UnitFactory(name="营口市文化旅游局", code="WHLY", kind=UnitKind.MUNICIPAL_DEPARTMENT)


@pytest.fixture
def area_authority(area):
    return UnitFactory(
        name="鲅鱼圈区工业和信息化局",
        code="BYQ-GXJ",
        kind=UnitKind.MUNICIPAL_DEPARTMENT,
        level="county",
        parent=area,
    )


@pytest.fixture
def area_principal(area):
    return LeaderFactory(name="区长甲", title="区长", rank=LeaderRank.PRINCIPAL, unit=area)


@pytest.fixture
def area_in_charge(area):
    return LeaderFactory(name="副区长乙", title="副区长", rank=LeaderRank.IN_CHARGE, unit=area)


@pytest.fixture
def vice_mayor(city_gov, area):
    leader = LeaderFactory(
        name="张海峰", title="副市长", rank=LeaderRank.CITY_LEADER, unit=city_gov
    )
    leader.portfolio_units.set([area])
    return leader


@pytest.fixture
def supervisor(db):
    unit = UnitFactory(name="营口市营商环境建设局", code="YSHJ", kind=UnitKind.SUPERVISION_BUREAU)
    return UserFactory(username="supervisor", role=Role.SUPERVISOR, unit=unit)


@pytest.fixture
def legal(db):
    unit = UnitFactory(name="营口市司法局", code="SFJ", kind=UnitKind.LEGAL_AFFAIRS)
    return UserFactory(username="legal", role=Role.LEGAL_AFFAIRS, unit=unit)


@pytest.fixture
def frozen_today(time_machine):
    """The machine's date for these tests: Thursday 2026-11-26, Asia/Shanghai."""
    import datetime as dt

    time_machine.move_to(dt.datetime(2026, 11, 26, 10, tzinfo=dt.UTC), tick=False)


# Inspection plans (E-5): an enterprise of the area and two of the area's enforcement agencies,
# as most inspection tests plan them.


@pytest.fixture
def enterprise(area):
    return EnterpriseFactory(name="营口港精细化工有限公司", introducing_unit=area, area=area)


@pytest.fixture
def market(area):
    return agency("BYQ-SCJG", "county", "market", parent=area)


@pytest.fixture
def ecology(area):
    return agency("BYQ-STHJ", "county", "ecology", parent=area)


@pytest.fixture
def market_staff(market):
    return UserFactory(username="scjg_staff", role=Role.UNIT_STAFF, unit=market)


@pytest.fixture
def office(area):
    """The county's legal affairs office, which merges its agencies' plans."""
    return legal_office("BYQ-SFJ", "county", parent=area)
