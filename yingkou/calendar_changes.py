"""Changes of the working-day calendar (§1 Working days) and the deadlines counted on it.

A due date a rule counts on the calendar — a complaint's 7 working days or statutory limit (E-4),
an enterprise problem's 10 working days (E-3), an investor's policy question's 3 days ending on a
working day (N-4) — is kept on its record when it is set, so that lists, filters, the API and the
daily notices read it in one query. An administrator who enters a day off or a make-up working
day afterwards (a year the official calendar did not know yet, a correction) changes what those
rules count: each open item whose due date is its rule's and whose count passes over a changed
day is counted again, in the same transaction, its new date kept in its history with who and
why, and the unit that must act on it told. A date a person set (not the rule's) stays. Items
already done keep the date they were held to.
"""

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from yingkou.choices import NotificationKind
from yingkou.dates import long_date, month_day
from yingkou.models import CalendarDay, User
from yingkou.notifications import DeadlineItems, Notice, notify_many
from yingkou.services import delete_with_history, save_with_history
from yingkou.workdays import is_working_day

#: Each app's deadline kinds (`yingkou.notifications.DeadlineItems`): its open items, the unit
#: that must act on each. The kinds whose model counts its due date (`COUNTED_FROM`) follow.
KINDS = (
    "enterprise.notices.deadline_kinds",
    "negotiation.notices.deadline_kinds",
)


def _counted_over(days: set[dt.date]) -> list[tuple[DeadlineItems, object]]:
    """The open items whose due date is their rule's and whose count may pass over one of
    `days`: counted from before the latest of them and due on or after the earliest (a day after
    an item's due date, or before its start, changes nothing it counts)."""
    found = []
    for path in KINDS:
        for kind in import_string(path)():
            start = getattr(kind.items.model, "COUNTED_FROM", None)
            if start is None:
                continue
            items = kind.items.filter(**{f"{start}__lt": max(days), "due_on__gte": min(days)})
            found.extend((kind, item) for item in items if item.due_on == item.rule_due_on())
    return found


def days_now(days: set[dt.date]) -> str:
    """What the changed days are now, "12月9日为放假日、12月12日为工作日": an entry removed
    leaves its day to the official calendar, so the notice says what that day has become."""
    return "、".join(
        _("%(day)s为%(what)s")
        % {"day": month_day(day), "what": _("工作日") if is_working_day(day) else _("放假日")}
        for day in sorted(days)
    )


def _count_again(found, *, days: set[dt.date], user: User | None) -> list[Notice]:
    """Count the due dates of `found` again on the calendar as it is now; keep and tell each
    one that moved. Returns the notices of those that moved."""
    changed = "、".join(long_date(day) for day in sorted(days))
    reason = _("工作日历调整（%(days)s）后按规则重新计算期限") % {"days": changed}
    body = _("工作日历调整后%(days)s，期限按规则重新计算。") % {"days": days_now(days)}
    notices = []
    for kind, item in found:
        due, was = item.rule_due_on(), item.due_on
        if due == was:
            continue
        item.due_on = due
        save_with_history(item, user, update_fields=["due_on"], reason=reason)
        described = kind.describe(item)
        notices.append(
            Notice(
                kind=NotificationKind.DEADLINE_MOVED,
                title=_("%(what)s期限由%(was)s调整为%(due)s：%(name)s")
                % {
                    "what": kind.what,
                    "was": month_day(was),
                    "due": month_day(due),
                    "name": described["name"],
                },
                body=body,
                key=f"{kind.key}:{item.pk}:due:{due.isoformat()}",
                url=described["url"],
                unit_ids=(described["unit_id"],),
            )
        )
    notify_many(notices)
    return notices


def _days(*days: dt.date | None) -> set[dt.date]:
    return {day for day in days if day is not None}


@transaction.atomic
def calendar_day_save(*, day: CalendarDay, user: User | None) -> list[Notice]:
    """§1: an administrator enters or corrects a calendar day (a day off, a make-up working day);
    the deadlines counted over it, and over the date it had before, are counted again. Returns
    the notices of the due dates that moved."""
    before = CalendarDay.objects.filter(pk=day.pk).values_list("date", flat=True).first()
    days = _days(day.date, before)
    found = _counted_over(days)
    save_with_history(day, user)
    return _count_again(found, days=days, user=user)


@transaction.atomic
def calendar_days_delete(*, days: Iterable[CalendarDay], user: User | None) -> list[Notice]:
    """§1: entries removed, the official calendar applies to their dates again; the deadlines
    counted over them are counted again. Returns the notices of the due dates that moved."""
    days = list(days)
    if not days:
        return []
    dates = _days(*(day.date for day in days))
    found = _counted_over(dates)
    for day in days:
        delete_with_history(day, user)
    return _count_again(found, days=dates, user=user)
