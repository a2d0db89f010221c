"""E-3, E-4, E-6: the day's archive of overdue deadlines is that of the morning's run (07:30,
Asia/Shanghai): a catch-up of the day — the scheduler down, the reconciler running it the next
morning — archives what the on-time run would have, a complaint answered or entered since
included."""

import datetime as dt

import pytest

from enterprise import jobs, services
from enterprise.models import Archive
from tests.clock import at
from tests.enterprise.factories import ComplaintFactory

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 11, 24)


def archived() -> dict:
    return Archive.objects.get(kind=jobs.DEADLINES, period=DAY.isoformat()).data


def test_a_day_archived_late_is_the_archive_of_its_morning(area, other_area, owner):
    with at(dt.date(2026, 11, 10), 10):
        late = ComplaintFactory(receiving_unit=area, due_on=dt.date(2026, 11, 20))
    with at(DAY, 7, 45):
        jobs.deadlines(DAY)
    on_time = archived()
    assert (on_time["complaints"], on_time["complaints_by_unit"]) == (1, {area.name: 1})
    Archive.objects.all().delete()
    with at(DAY, 10):
        # Answered after the morning's run, and a complaint entered late, due before the day.
        services.complaint_reply(complaint=late, user=owner, outcome="已书面答复")
        ComplaintFactory(receiving_unit=other_area, due_on=dt.date(2026, 11, 23))
    with at(DAY + dt.timedelta(days=1), 8, 30):
        jobs.deadlines(DAY)
    assert archived() == on_time
