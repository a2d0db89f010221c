"""R-2: "各县(市)区、园区和市直各行业主管部门、有关单位负责二级项目储备库建设". The city's other
units that bring projects (the investment bureau, party and mass organisations) run a level-2 pool
and declare into it; units that bring none, and a county's own organisations, run none."""

import importlib

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from reserve import rules, services
from reserve.choices import EntryStatus
from reserve.models import Pool
from tests.factories import ProjectFactory, UnitFactory, UserFactory
from yingkou.choices import Role, UnitKind

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("kind", "level", "runs_pool"),
    [
        (UnitKind.INVESTMENT_BUREAU, "city", True),
        (UnitKind.PARTY_ORG, "city", True),
        (UnitKind.MUNICIPAL_DEPARTMENT, "city", True),
        (UnitKind.PARTY_ORG, "county", False),
        (UnitKind.MUNICIPAL_DEPARTMENT, "county", False),
        (UnitKind.SUPERVISION_BUREAU, "city", False),
        (UnitKind.LEGAL_AFFAIRS, "city", False),
        (UnitKind.UTILITY, "city", False),
        (UnitKind.CITY_GOVERNMENT, "city", False),
    ],
)
def test_which_units_run_a_level_2_pool(kind, level, runs_pool):
    unit = UnitFactory(kind=kind, level=level)
    assert (rules.pool_unit_rule(unit) == 2) is runs_pool
    assert Pool.objects.filter(unit=unit, level=2).exists() is runs_pool


def test_a_mass_organisation_declares_its_project_into_its_own_pool(area):
    union = UnitFactory(name="营口市总工会", kind=UnitKind.PARTY_ORG, level="city")
    staff = UserFactory(role=Role.UNIT_STAFF, unit=union)
    reviewer = UserFactory(role=Role.UNIT_REVIEWER, unit=union)
    project = ProjectFactory(owner_unit=union, landing_unit=area, total_investment=1000)
    entry = services.entry_declare(project=project, user=staff)
    assert entry.pool == Pool.objects.get(unit=union)
    services.entry_submit(entry=entry, user=staff)
    entry = services.entry_approve(entry=entry, user=reviewer, comment="同意入库")
    assert entry.status == EntryStatus.APPROVED


def test_existing_units_get_their_pool_with_its_history(bureau):
    migration = importlib.import_module("reserve.migrations.0007_pools_of_related_units")
    union = UnitFactory(name="营口市工商业联合会", kind=UnitKind.PARTY_ORG, level="city")
    Pool.objects.filter(unit__in=[bureau.unit, union]).delete()
    state = MigrationLoader(connection).project_state(("reserve", "0007_pools_of_related_units"))
    migration.create_pools(state.apps, None)
    migration.create_pools(state.apps, None)  # a second run creates nothing
    for unit in (bureau.unit, union):
        pool = Pool.objects.get(unit=unit)
        assert (pool.level, pool.name) == (2, f"{unit.name}二级项目储备库")
        assert [row.history_type for row in pool.history.all()] == ["+"]
