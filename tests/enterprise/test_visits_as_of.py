"""E-2 reads every month through one path (`read_as_of`): a closed month as recorded by its end,
whatever is edited or deleted afterwards; the month still running as it stands now."""

import datetime as dt

import pytest

from enterprise import selectors
from enterprise.models import Visit
from tests.clock import at
from tests.enterprise.factories import EnterpriseFactory, VisitFactory

pytestmark = pytest.mark.django_db
NOVEMBER = dt.date(2026, 11, 1)
DECEMBER = dt.date(2026, 12, 1)


def figures(month):
    coverage = selectors.visit_coverage_by_unit(month=month)
    missing = {e.name for e in selectors.enterprises_without_visit(month=month)}
    return [(c.key, c.visited) for c in coverage], missing


@pytest.fixture
def visited_in_november(area):
    with at(dt.date(2026, 11, 20)):
        enterprise = EnterpriseFactory(name="甲企业", introducing_unit=area)
        visit = VisitFactory(enterprise=enterprise, visited_on=dt.date(2026, 11, 3))
    return visit


def test_a_closed_month_keeps_a_visit_edited_afterwards(visited_in_november):
    with at(dt.date(2026, 12, 5)):
        assert figures(NOVEMBER) == ([(1, 1)], set())
        visited_in_november.visited_on = dt.date(2026, 12, 2)
        visited_in_november.save()
        assert figures(NOVEMBER) == ([(1, 1)], set())
        assert figures(DECEMBER) == ([(1, 1)], set())  # the running month: the present


def test_a_closed_month_keeps_a_visit_deleted_afterwards(visited_in_november):
    with at(dt.date(2026, 12, 5)):
        visited_in_november.delete()
        assert figures(NOVEMBER) == ([(1, 1)], set())
        assert figures(DECEMBER) == ([(1, 0)], {"甲企业"})


def test_the_running_month_shows_the_present(visited_in_november):
    with at(dt.date(2026, 12, 5)):
        assert figures(DECEMBER) == ([(1, 0)], {"甲企业"})
        visit = VisitFactory(
            enterprise=visited_in_november.enterprise, visited_on=dt.date(2026, 12, 4)
        )
        assert figures(DECEMBER) == ([(1, 1)], set())
        visit.visited_on = dt.date(2026, 11, 30)  # a late entry for November
        visit.save()
        assert figures(DECEMBER) == ([(1, 0)], {"甲企业"})
        # November was over when it was recorded: it does not make up for a month closed.
        assert figures(NOVEMBER) == ([(1, 1)], set())


def test_the_running_month_counts_what_its_archive_will(area):
    """A visit written without history (in bulk) is not in the month's archive, which reads the
    history; the running month, read through the same path, does not count it either."""
    with at(dt.date(2026, 12, 5)):
        enterprise = EnterpriseFactory(name="乙企业", introducing_unit=area)
        Visit.objects.bulk_create(
            [
                Visit(
                    enterprise=enterprise,
                    visiting_unit=area,
                    visited_on=dt.date(2026, 12, 3),
                    visitors="王科长",
                    topics="走访",
                )
            ]
        )
        running = figures(DECEMBER)
    with at(dt.date(2027, 1, 2)):
        assert figures(DECEMBER) == running == ([(1, 0)], {"乙企业"})
