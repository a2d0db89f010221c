"""The standard units as they stand in every archived period, and the weekly dispatch's two
projects under construction (A-8), shared by the test modules."""

import datetime as dt
from pathlib import Path

import pytest

from tests.assistance.factories import AssistanceCaseFactory
from tests.clock import at
from tests.factories import ProjectFactory


def pytest_collection_modifyitems(items):
    # Every assistance test may archive or read a past period: its standard units were there.
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.units_formed_early)


def _first_of_june():
    # 10 o'clock local time (UTC+8) on 1 June 2026, when both cases were opened.
    return at(dt.date(2026, 6, 1))


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
