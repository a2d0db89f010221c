"""One shape for owned, time-limited work: the record's answer and the list's filter agree, for
every kind, on the boundaries of "overdue", "due soon" and "done"."""

import datetime as dt

import pytest

from assistance.models import Problem as AssistanceProblem
from enterprise.models import Complaint
from tests.assistance.factories import ProblemFactory
from tests.enterprise.factories import ComplaintFactory

pytestmark = pytest.mark.django_db

DUE = dt.date(2026, 11, 30)


def _complaint(done_on=None):
    c = ComplaintFactory(received_on=dt.date(2026, 11, 2), due_on=DUE)
    if done_on:
        Complaint.objects.filter(pk=c.pk).update(done_on=done_on, status="replied")
        c.refresh_from_db()
    return c


def _problem(done_on=None):
    p = ProblemFactory(due_on=DUE)
    if done_on:
        AssistanceProblem.objects.filter(pk=p.pk).update(done_on=done_on, status="solved")
        p.refresh_from_db()
    return p


@pytest.mark.parametrize("make", [_complaint, _problem], ids=["complaint", "assistance-problem"])
@pytest.mark.parametrize(
    ("done_on", "today", "overdue", "overdue_open", "state"),
    [
        (None, DUE, False, False, "due"),
        (None, DUE - dt.timedelta(days=3), False, False, "due"),  # Friday: Mon is 1 working day
        (None, DUE - dt.timedelta(days=4), False, False, "due"),  # Thursday: 2 working days
        (None, DUE - dt.timedelta(days=5), False, False, "due"),  # Wednesday: 3 working days
        (None, DUE - dt.timedelta(days=6), False, False, "ok"),
        (None, DUE + dt.timedelta(days=1), True, True, "late"),
        (DUE, DUE + dt.timedelta(days=9), False, False, "done"),
        (DUE + dt.timedelta(days=1), DUE + dt.timedelta(days=9), True, False, "done"),
    ],
)
def test_record_and_list_agree_on_the_deadline(make, done_on, today, overdue, overdue_open, state):
    record = make(done_on)
    model = type(record)
    assert record.is_overdue(today) is overdue
    assert record.is_overdue(today, open_only=True) is overdue_open
    assert model.objects.overdue(today).filter(pk=record.pk).exists() is overdue
    assert model.objects.overdue(today, open_only=True).filter(pk=record.pk).exists() is (
        overdue_open
    )
    assert record.deadline_state(today) == state
    assert model.objects.due_soon(today).filter(pk=record.pk).exists() is (state == "due")


def test_escalation_is_asked_the_same_way():
    problem = _problem()
    assert not problem.is_escalated
    assert not AssistanceProblem.objects.escalated().exists()
    AssistanceProblem.objects.filter(pk=problem.pk).update(escalated=True, escalated_on=DUE)
    problem.refresh_from_db()
    assert problem.is_escalated
    assert list(AssistanceProblem.objects.escalated()) == [problem]
    # Complaints are never escalated: the question has one answer for them too.
    _complaint()
    assert not Complaint.objects.escalated().exists()
