import pytest

from reserve import demo
from reserve.models import Candidate, Entry, Membership, MonthlyArchive, Pool, WeeklyUpdate
from yingkou import demo as foundation

pytestmark = pytest.mark.django_db


def test_demo_seed_is_idempotent_and_covers_the_features():
    foundation.seed(projects=40)
    demo.seed()
    counts = [
        m.objects.count()
        for m in (Pool, Entry, Membership, WeeklyUpdate, Candidate, MonthlyArchive)
    ]
    demo.seed()
    assert counts == [
        m.objects.count()
        for m in (Pool, Entry, Membership, WeeklyUpdate, Candidate, MonthlyArchive)
    ]
    assert all(counts)
    assert Pool.objects.filter(level=1).count() == 1
    assert Pool.objects.filter(unit__code="BYQ", level=2).exists()
    assert Entry.objects.filter(level=1, status="approved").exists()
