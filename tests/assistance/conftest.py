"""The standard units as they stand in every archived period, and the weekly dispatch's two
projects under construction (A-8), shared by the test modules."""

import datetime as dt

import pytest
import time_machine

from tests.assistance.factories import AssistanceCaseFactory
from tests.factories import ProjectFactory, UnitFactory
from yingkou.choices import UnitKind


def _founded():
    # The city's areas and departments were there before any period a test archives: a report
    # as of a period's end leaves out the units created after it.
    return time_machine.travel(dt.datetime(2017, 1, 1, tzinfo=dt.UTC), tick=False)


@pytest.fixture
def area(db):
    with _founded():
        return UnitFactory(name="鲅鱼圈区", code="BYQ", kind=UnitKind.COUNTY)


@pytest.fixture
def other_area(db):
    with _founded():
        return UnitFactory(name="盖州市", code="GZ", kind=UnitKind.COUNTY)


@pytest.fixture
def department(db):
    with _founded():
        return UnitFactory(
            name="营口市工业和信息化局", code="GXJ", kind=UnitKind.MUNICIPAL_DEPARTMENT
        )


def _first_of_june():
    # 10 o'clock local time (UTC+8) on 1 June 2026, when both cases were opened.
    return time_machine.travel(dt.datetime(2026, 6, 1, 2, tzinfo=dt.UTC), tick=False)


def _site(name, unit):
    with _first_of_june():
        return AssistanceCaseFactory(
            project=ProjectFactory(
                name=name, owner_unit=unit, landing_unit=unit, stage="construction"
            ),
            team__lead_unit=unit,
        )


@pytest.fixture
def site(area):
    return _site("鲅鱼圈区精细化工项目", area)


@pytest.fixture
def other_site(other_area):
    return _site("盖州市物流园项目", other_area)
