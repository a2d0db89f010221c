"""A report as of a past moment leaves out the records created after it, and keeps those that
predate their history (no historical row at all), as `rows_as_of` reads them."""

import datetime as dt

import pytest
import time_machine

from tests.factories import UnitFactory
from yingkou.asof import created_since, end_of
from yingkou.models import Unit

pytestmark = pytest.mark.django_db


def test_only_a_record_created_after_the_moment_is_created_since():
    with time_machine.travel(dt.datetime(2026, 9, 30, 2, tzinfo=dt.UTC), tick=False):
        before = UnitFactory(code="OLD")
    at_the_end = end_of(dt.date(2026, 9, 30))
    with time_machine.travel(at_the_end, tick=False):
        after = UnitFactory(code="NEW")  # at the moment itself: not there before it
    [unrecorded] = Unit.objects.bulk_create([Unit(name="无历史单位", code="RAW", kind="county")])
    with time_machine.travel(dt.datetime(2026, 10, 8, 2, tzinfo=dt.UTC), tick=False):
        before.name = "改名"
        before.save()  # changed since, but created before

    since = Unit.objects.filter(created_since(Unit, at_the_end)).values_list("pk", flat=True)
    assert list(since) == [after.pk]
    assert unrecorded.pk not in since
