"""E-4: a complaint reopened because the complainant did not accept the reply gets a fresh time
limit, counted by the same rule from the day it reopened — here across the National Day break
of 2026 (1–7 October off, Saturday 10 October a make-up working day)."""

import datetime as dt

import pytest

from enterprise import jobs, services
from enterprise.rules import complaint_reply_due_rule
from tests.enterprise.factories import ComplaintFactory
from yingkou.calendar_changes import calendar_day_save
from yingkou.choices import NotificationKind
from yingkou.errors import RuleViolation
from yingkou.models import CalendarDay, Notification

pytestmark = pytest.mark.django_db

RECEIVED = dt.date(2026, 9, 14)
REOPENED = dt.date(2026, 9, 30)


def _on(time_machine, day: dt.date) -> None:
    time_machine.move_to(dt.datetime.combine(day, dt.time(2), tzinfo=dt.UTC), tick=False)


@pytest.fixture
def reopened(time_machine, area, owner, supervisor):
    """Received 14 September, answered on its due date, not accepted on 30 September."""
    _on(time_machine, RECEIVED)
    complaint = ComplaintFactory(
        receiving_unit=area, received_on=RECEIVED, due_on=complaint_reply_due_rule(RECEIVED, None)
    )
    first_due = complaint.due_on
    _on(time_machine, first_due)
    services.complaint_reply(complaint=complaint, user=owner, outcome="已书面答复")
    _on(time_machine, REOPENED)
    services.complaint_feedback(complaint=complaint, user=supervisor, accepted=False)
    complaint.refresh_from_db()
    complaint.first_due = first_due
    return complaint


def test_the_reopened_complaint_is_due_7_working_days_after_reopening(reopened):
    # 8, 9, 10 (make-up Saturday), 12, 13, 14, 15 October.
    assert reopened.first_due < REOPENED
    assert reopened.reopened_on == REOPENED
    assert reopened.due_on == dt.date(2026, 10, 15)
    assert not reopened.is_overdue(REOPENED)
    assert not reopened.is_overdue(dt.date(2026, 10, 15))
    assert reopened.is_overdue(dt.date(2026, 10, 16))
    # The old due date stays in the history, with why it moved.
    latest, before = reopened.history.all()[:2]
    assert before.due_on == reopened.first_due
    assert "E-4" in latest.history_change_reason
    assert "重新计算为2026年10月15日" in latest.history_change_reason


def test_a_statutory_limit_is_counted_again_from_reopening(time_machine, area, owner, supervisor):
    """One calendar day from 30 September ends on 1 October, a day off: the next working day."""
    _on(time_machine, RECEIVED)
    complaint = ComplaintFactory(
        receiving_unit=area, received_on=RECEIVED, statutory_days=1, due_on=dt.date(2026, 9, 15)
    )
    services.complaint_reply(complaint=complaint, user=owner, outcome="已书面答复")
    _on(time_machine, REOPENED)
    services.complaint_feedback(complaint=complaint, user=supervisor, accepted=False)
    complaint.refresh_from_db()
    assert complaint.due_on == dt.date(2026, 10, 8)


def test_the_reminders_work_from_the_new_date(time_machine, reopened, owner):
    def told(day):
        _on(time_machine, day)
        jobs.deadlines(day)
        return set(
            Notification.objects.filter(user=owner, kind__in=("item_due", "item_overdue"))
            .filter(key__startswith=f"enterprise:complaint:{reopened.pk}:")
            .values_list("title", flat=True)
        )

    assert not any("已逾期" in title for title in told(REOPENED))
    assert any("今日到期" in title for title in told(dt.date(2026, 10, 15)))
    assert any("已逾期" in title for title in told(dt.date(2026, 10, 16)))


def test_the_reopening_notice_names_the_new_due_date(reopened, owner):
    notice = Notification.objects.get(user=owner, kind=NotificationKind.HANDED_OVER)
    assert notice.body == "答复期限：2026年10月15日"


def test_a_calendar_change_counts_the_new_limit_again(reopened, admin_user):
    calendar_day_save(
        day=CalendarDay(date=dt.date(2026, 10, 10), is_working_day=False, note="更正"),
        user=admin_user,
    )
    reopened.refresh_from_db()
    assert reopened.due_on == dt.date(2026, 10, 16)


def test_the_new_reply_is_not_dated_before_the_reopening(reopened, owner):
    with pytest.raises(RuleViolation):
        services.complaint_reply(
            complaint=reopened, user=owner, outcome="重新答复", done_on=dt.date(2026, 9, 29)
        )
