import pytest

from reserve import demo
from reserve.models import Candidate, Entry, Membership, MonthlyArchive, Pool, WeeklyUpdate
from yingkou import demo as foundation

pytestmark = pytest.mark.django_db


def test_demo_seed_is_idempotent_and_covers_the_features():
    foundation.seed(projects=40)
    demo.seed()
    foundation.run_closed_periods()  # the archives come from the closed periods' jobs
    counts = [
        m.objects.count()
        for m in (Pool, Entry, Membership, WeeklyUpdate, Candidate, MonthlyArchive)
    ]
    demo.seed()
    foundation.run_closed_periods()
    assert counts == [
        m.objects.count()
        for m in (Pool, Entry, Membership, WeeklyUpdate, Candidate, MonthlyArchive)
    ]
    assert all(counts)
    assert Pool.objects.filter(level=1).count() == 1
    assert Pool.objects.filter(unit__code="BYQ", level=2).exists()
    assert Entry.objects.filter(level=1, status="approved").exists()


def test_the_demo_has_a_past_whose_circulars_and_lists_agree():
    """Declarations and approvals are spread over the months before today with their history,
    so each closed month's list has projects and says what its circular says."""
    foundation.seed(projects=120)
    demo.seed()
    foundation.run_closed_periods()
    lists = {a.period: a for a in MonthlyArchive.objects.filter(kind="detail_list")}
    summaries = {a.period: a.data for a in MonthlyArchive.objects.filter(kind="city_summary")}
    assert len(lists) == foundation.MONTHS_OF_PAST and set(summaries) == set(lists)
    counts = [lists[period].row_count for period in sorted(lists)]
    assert counts[-1] > 0 and counts != [counts[-1]] * len(counts)  # the pools grew
    for period, archive in lists.items():
        level1 = summaries[period]["level1"]
        # Every pooled project is in a level-2 pool; the list names each once.
        assert summaries[period]["projects"] == archive.row_count, period
        assert summaries[period]["total_investment"] == archive.data["total_investment"]
        assert level1 is None or level1["project_count"] <= archive.row_count
