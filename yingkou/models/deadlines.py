"""Owned, time-limited work: one shape for every item a unit must finish by a date.

Assistance problems (A-3), enterprise problems and their coordinated actions (E-3), complaints
(E-4), investor questions (N-4) and team tasks (N-3) are the same thing: a unit owns an item, it
falls due on a date, it is done (solved, answered, replied, completed) on a date or is still open,
and some kinds are escalated when late. Each of them inherits `DeadlineWork` and its queryset
`DeadlineQuerySet`, so "overdue", "due soon", the deadline state and "escalated" are decided here
once and mean the same on every page, list, export, notice and job.

Every such model has the same three fields, so lists, exports, jobs and templates read the same
names everywhere (the source document's "限时办结": a time limit, a date done, what was done):
- `due_on`: the date it falls due (办结时限、答复期限、完成时限);
- `done_on`: the date it was done (solved, answered to the investor, replied in writing,
  completed), empty while open;
- `outcome`: what was done (解决情况、答复意见、书面答复、落实情况), declared by each model with
  its own label;
and `owner_unit` (or the unit asked) owns it. A model declares only what really differs:
- `OPEN_WHEN`: what "still open" means, `{field: value}` — a value, a tuple of values, or None
  for an empty field (default: `done_on` is empty);
- `ESCALATED_FIELD`: the date it was escalated, for kinds that escalate (else None).
The API keeps the names it published before (`reply_due`, `replied_on`, `solved_on`, ...)
through serializer fields with `source=`.
"""

import datetime as dt

from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from yingkou.choices import DeadlineState
from yingkou.querysets import UnitScopedQuerySet
from yingkou.workdays import add_working_days

#: An open item due within this many working days is "due soon" (3个工作日内到期).
DUE_SOON_WORKING_DAYS = 3


def due_soon_until(today: dt.date) -> dt.date:
    """The last due date that is "due soon" on `today`: DUE_SOON_WORKING_DAYS working days ahead
    on the working-day calendar (`yingkou.workdays`). Counted in calendar days, an item due on the
    first day after the National Day break was first warned on its due day, since deadline notices
    are given on working days only. One calendar query: a page, a list or a job computes it once
    and hands it to `deadline_state` for every row."""
    return add_working_days(today, DUE_SOON_WORKING_DAYS)


def deadline_state(*, is_open: bool, due_on: dt.date, today: dt.date, soon_until: dt.date) -> str:
    """Done once closed; late after its due date; due soon up to `soon_until` (`due_soon_until`
    of `today`); else in time."""
    if not is_open:
        return DeadlineState.DONE
    if due_on < today:
        return DeadlineState.LATE
    if due_on <= soon_until:
        return DeadlineState.DUE
    return DeadlineState.OK


def _lookup(field: str, value) -> dict:
    if value is None:
        return {f"{field}__isnull": True}
    if isinstance(value, tuple | list | frozenset | set):
        return {f"{field}__in": list(value)}
    return {field: value}


def _matches(values, field: str, value) -> bool:
    current = values[field]
    if value is None:
        return current is None
    if isinstance(value, tuple | list | frozenset | set):
        return current in value
    return current == value


class _Fields:
    """A record read as the values of its fields, for the rules written over plain values."""

    __slots__ = ("record",)

    def __init__(self, record):
        self.record = record

    def __getitem__(self, field: str):
        return getattr(self.record, field)


class DeadlineQuerySet(UnitScopedQuerySet):
    """The list side of `DeadlineWork`: the same decisions as filters (one query each)."""

    def open_q(self, prefix: str = "") -> Q:
        return self.model.open_q(prefix)

    def overdue_q(self, today: dt.date, *, open_only: bool = False, prefix: str = "") -> Q:
        return self.model.overdue_q(today, open_only=open_only, prefix=prefix)

    def due_soon_q(self, today: dt.date, prefix: str = "", *, until: dt.date | None = None) -> Q:
        return self.model.due_soon_q(today, prefix, until=until)

    def open(self):
        return self.filter(self.open_q())

    def overdue(self, today: dt.date | None = None, *, open_only: bool = False):
        """Past the deadline and still open, or done after it (a late reply counts: E-7 scores
        it); `open_only`: only the ones still to be chased."""
        return self.filter(self.overdue_q(today or timezone.localdate(), open_only=open_only))

    def due_soon(self, today: dt.date | None = None):
        return self.filter(self.due_soon_q(today or timezone.localdate()))

    def escalated(self):
        field = self.model.ESCALATED_FIELD
        return self.filter(**{f"{field}__isnull": False}) if field else self.none()


class DeadlineWork(models.Model):
    """Abstract base of owned, time-limited items (see the module's docstring)."""

    OPEN_WHEN: dict | None = None
    ESCALATED_FIELD: str | None = None
    #: The date its rule counts the due date from on the working-day calendar (`rule_due_on`),
    #: for the kinds whose due date a rule counts; None where people set it.
    COUNTED_FROM: str | None = None

    class Meta:
        abstract = True

    def rule_due_on(self) -> dt.date | None:
        """The due date the item's rule counts from `COUNTED_FROM` on the calendar as it stands
        now; None when no rule counts it. An open item whose due date is its rule's follows the
        calendar when an administrator changes it (`yingkou.calendar_changes`)."""
        return None

    # -- one record

    @classmethod
    def _open_when(cls) -> dict:
        return cls.OPEN_WHEN if cls.OPEN_WHEN is not None else {"done_on": None}

    def is_open(self) -> bool:
        return self.open_in(_Fields(self))

    def is_overdue(self, today: dt.date | None = None, *, open_only: bool = False) -> bool:
        """As `overdue_q`: past the deadline and still open, or (unless `open_only`) done late."""
        return self.overdue_in(_Fields(self), today, open_only=open_only)

    # -- one row of plain values (an export's `values()`), keyed by field name

    @classmethod
    def deadline_fields(cls) -> tuple[str, ...]:
        """The fields `open_in` and `overdue_in` read."""
        return tuple(dict.fromkeys((*cls._open_when(), "due_on", "done_on")))

    @classmethod
    def open_in(cls, values) -> bool:
        return all(_matches(values, f, v) for f, v in cls._open_when().items())

    @classmethod
    def overdue_in(cls, values, today: dt.date | None = None, *, open_only: bool = False) -> bool:
        if cls.open_in(values):
            return (today or timezone.localdate()) > values["due_on"]
        if open_only:
            return False
        done_on = values["done_on"]
        return bool(done_on and done_on > values["due_on"])

    def days_overdue(self, today: dt.date | None = None) -> int:
        """Whole days an open item is past its deadline (0 when done or not yet due)."""
        if not self.is_overdue(today, open_only=True):
            return 0
        return ((today or timezone.localdate()) - self.due_on).days

    def deadline_state(self, today: dt.date | None = None, *, soon_until=None) -> str:
        """One record's state; a list passes `soon_until` it computed once for all its rows."""
        today = today or timezone.localdate()
        return deadline_state(
            is_open=self.is_open(),
            due_on=self.due_on,
            today=today,
            soon_until=soon_until or due_soon_until(today),
        )

    @property
    def is_escalated(self) -> bool:
        return bool(self.ESCALATED_FIELD and getattr(self, self.ESCALATED_FIELD))

    # -- as filters (`prefix` reaches the items through a relation, e.g. "problems__")

    @classmethod
    def open_q(cls, prefix: str = "") -> Q:
        q = Q()
        for field, value in cls._open_when().items():
            q &= Q(**_lookup(f"{prefix}{field}", value))
        return q

    @classmethod
    def overdue_q(cls, today: dt.date, *, open_only: bool = False, prefix: str = "") -> Q:
        late = cls.open_q(prefix) & Q(**{f"{prefix}due_on__lt": today})
        if open_only:
            return late
        done_late = {f"{prefix}done_on__gt": F(f"{prefix}due_on")}
        return late | (~cls.open_q(prefix) & Q(**done_late))

    @classmethod
    def due_soon_q(cls, today: dt.date, prefix: str = "", *, until: dt.date | None = None) -> Q:
        """Open and due from `today` up to `until` (`due_soon_until(today)` unless given, so that
        a page that also states each row's `deadline_state` counts the same cut-off)."""
        horizon = until or due_soon_until(today)
        return cls.open_q(prefix) & Q(**{f"{prefix}due_on__range": (today, horizon)})
