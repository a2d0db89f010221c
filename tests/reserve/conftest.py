from decimal import Decimal

import pytest

from reserve import services
from reserve.models import Pool
from tests.factories import ProjectFactory


def make_project(unit, amount="1000.00", **fields):
    return ProjectFactory(
        owner_unit=unit, landing_unit=unit, total_investment=Decimal(amount), **fields
    )


def pooled(unit, staff, reviewer, amount="1000.00", **fields):
    """A project declared, submitted and approved into the unit's level-2 pool."""
    entry = services.entry_declare(
        project=make_project(unit, amount, **fields), user=staff, submit=True
    )
    return services.entry_approve(entry=entry, user=reviewer)


@pytest.fixture
def pool(area):
    return Pool.objects.get(unit=area)


@pytest.fixture
def level1(drc_unit):
    return Pool.objects.get(unit=drc_unit, level=1)


@pytest.fixture
def entry(project, owner):
    return services.entry_declare(project=project, user=owner)


@pytest.fixture
def submitted(entry, owner):
    return services.entry_submit(entry=entry, user=owner)


@pytest.fixture
def approved(submitted, reviewer):
    return services.entry_approve(entry=submitted, user=reviewer)


@pytest.fixture
def recommended(approved, reviewer, level1):
    return services.entry_recommend(entry=approved, user=reviewer)


def bulk_pooled(unit, staff, count: int, amount="2000.00") -> None:
    """`count` approved entries in the unit's pool, inserted in bulk (for query-count tests)."""
    from django.utils import timezone

    from reserve.models import Entry, Membership
    from yingkou.freshness import everything_changed
    from yingkou.models import Project

    pool = Pool.objects.get(unit=unit, level=2)
    projects = Project.objects.bulk_create(
        [
            Project(
                name=f"批量项目{i}",
                owner_unit=unit,
                landing_unit=unit,
                industry="C26",
                total_investment=Decimal(amount),
                stage="reserve",
            )
            for i in range(count)
        ]
    )
    entries = Entry.objects.bulk_create(
        [Entry(project=p, pool=pool, status="approved", declared_by=staff) for p in projects]
    )
    Membership.objects.bulk_create(
        [
            Membership(pool=pool, project=e.project, entry=e, level=2, since=timezone.now())
            for e in entries
        ]
    )
    # Written without history, as seeding does: results kept from before are not used again.
    everything_changed()
