"""E-6's migration on a database that holds promises still to be kept: the column is added and
filled in one migration, which PostgreSQL allows only once the rows' deferred checks have run."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from enterprise.models import PolicyPromise
from tests.enterprise.factories import PromiseFactory
from tests.factories import LeaderFactory
from yingkou.choices import LeaderRank

BEFORE = [("enterprise", "0016_counterpart_of_city_introducers")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)


def _latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_fills_pending_promises_on_a_database_that_holds_them():
    promise = PromiseFactory()
    leader = LeaderFactory(name="局长甲", rank=LeaderRank.PRINCIPAL, unit=promise.responsible_unit)
    try:
        _migrate(BEFORE)
        _migrate(_latest())
    finally:
        _migrate(_latest())
    promise = PolicyPromise.objects.get(pk=promise.pk)
    assert promise.principal_leader == leader
    latest = promise.history.first()
    assert latest.principal_leader_id == leader.pk and "E-6" in latest.history_change_reason
