"""Records as they stood at a past moment, read from their django-simple-history tables.

Archived reports (circulars, lists, dispatches, assessments) are computed as of their period's end
(SPEC §6), so a report run late equals the one run on time. Every read here is ONE query over the
historical table — the latest history row per record with `history_date` before the moment —
never a loop of `as_of()` per object, because these reports run over tens of thousands of records.
"""

import datetime as dt
from collections.abc import Callable
from typing import TypeVar

from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from yingkou.scheduling.periods import CLOSING, Period, due_on, period_bounds


def end_of(day: dt.date) -> dt.datetime:
    """The moment a local day is over: midnight at the start of the next day (exclusive)."""
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


def live_moment() -> dt.datetime:
    """Now, for a live preview of a period still running (截至今日): just after the present, so
    that what was saved this instant is included."""
    return timezone.now() + dt.timedelta(microseconds=1)


def period_end(period: str, day: dt.date) -> dt.datetime:
    """The moment the period (monthly, quarterly, …) containing `day` is over."""
    return end_of(period_bounds(period, day)[1])


def scheduled_moment(period: str, day: dt.date) -> dt.datetime:
    """The moment the on-time run of a period that acts inside it (the daily lists, the weekly
    reminder) is sent by its cadence — the daily lists at 07:30 on their day, Asia/Shanghai, or
    when an administrator moved their schedule to (`beat.sent_at`) — or now, for a run made by
    hand before then. Such a run reads its records as of this moment, so a catch-up days later
    lists what the on-time run listed (a closing period reads as of its end, `period_end`)."""
    from yingkou.scheduling.beat import sent_at
    from yingkou.scheduling.registry import CADENCES, RUN_PERIOD_TASK

    period = Period(period)
    if period in CLOSING:
        raise ValueError(f"A {period} period is read as of its end, not of its run.")
    cadence = next(c for c in CADENCES if c.task == RUN_PERIOD_TASK and c.period is period)
    sent = sent_at(cadence)
    return min(timezone.make_aware(dt.datetime.combine(due_on(period, day), sent)), live_moment())


T = TypeVar("T")


def written_since(moment: dt.datetime, *models) -> bool:
    """Whether any historical row of `models` is dated at or after `moment`: one query, each
    part one step down a history date index."""
    parts, params = [], []
    for model in models:
        later = model.history.model.objects.filter(history_date__gte=moment)
        sql, part_params = later.order_by().values("pk").query.sql_with_params()
        parts.append(f"EXISTS ({sql})")
        params.extend(part_params)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + " OR ".join(parts), params)
        return bool(cursor.fetchone()[0])


# A preview as of now reads the current tables again, as of a new present, this many times when
# writes keep landing during its read, before it leaves the report to the history.
LIVE_ATTEMPTS = 3


def read_as_of(
    moment: dt.datetime | None,
    models: tuple,
    *,
    live: Callable[[], T],
    history: Callable[[dt.datetime], T],
) -> T:
    """A report of `models` as they stood just before `moment` (None: now, a running period's
    preview): `history(moment)` reads it from their historical tables (`as_of`, `rows_as_of`),
    `live()` from their current tables — the same report, for a fraction of the time, whenever
    no historical row of them is dated at or after the moment.

    Why that is the same: every change of a business record writes its historical row (one way
    to write, `save_with_history`), dated by the clock after the record's row was written and
    locked, so a record's newest row by date is the one its current state came from. If none of
    them is dated at or after the moment, every record reads now what its latest row before the
    moment says. The check runs again after the live read: a write committed in between (dated
    after the moment) would be in the live read and not in the history, so then the history
    answers — or, for a preview as of now, the live read is made again as of a new present.
    `live()` must keep what `as_of` leaves out: a record without any historical row (written in
    bulk without history) is not there as of any moment, while `rows_as_of` reads such a record
    as it is now."""
    for _attempt in range(LIVE_ATTEMPTS if moment is None else 1):
        at = moment or live_moment()
        if written_since(at, *models):
            break
        result = live()
        if not written_since(at, *models):
            return result
    return history(at)


def has_history(model) -> Exists:
    """For a live read standing in for `as_of`: the record has at least one historical row."""
    return Exists(model.history.model.objects.filter(id=OuterRef("pk")))


def created_since(model, moment: dt.datetime) -> Exists:
    """For a read of the records that stood at `moment`: the record was created at or after it
    (its creation's history row is dated then), so it was not there yet. A record without any
    history (it predates its history, or was written in bulk without it) is not: `rows_as_of`
    reads it as it is now."""
    return Exists(
        model.history.model.objects.filter(
            id=OuterRef("pk"), history_type="+", history_date__gte=moment
        )
    )


def as_of(model, moment: dt.datetime, among=None) -> QuerySet:
    """The historical rows of `model` that held just before `moment`: for every record, its
    latest history row with `history_date < moment`, records deleted by then left out.

    The result is a queryset of the model's historical class, so it can be filtered, joined
    along foreign keys (`owner_unit__name`), aggregated and used as a subquery; every filter
    added afterwards applies to the state at `moment`, not to older rows.

    `among` (ids, or a subquery of ids) limits the records looked at, before the latest row of
    each is picked: a caller that knows which records can match (those with a history row
    in the month, say) lets the database pick among a few rows instead of the whole history.
    """
    history = model.history.model
    before = history.objects.filter(history_date__lt=moment)
    if among is not None:
        before = before.filter(id__in=among)
    if connection.vendor == "postgresql":
        # DISTINCT ON keeps the first row per id in this order: one index scan, no self-join.
        latest = (
            before.order_by("id", "-history_date", "-history_id")
            .distinct("id")
            .values("history_id")
        )
        rows = history.objects.filter(history_id__in=Subquery(latest))
    else:
        later = before.filter(id=OuterRef("id")).filter(
            Q(history_date__gt=OuterRef("history_date"))
            | Q(history_date=OuterRef("history_date"), history_id__gt=OuterRef("history_id"))
        )
        rows = before.filter(~Exists(later))
    return rows.exclude(history_type="-")


def held_as_of(model, moment: dt.datetime, condition: Q) -> Q:
    """A filter of `model`'s current table: the records for which `condition` held just before
    `moment` (an area active and of its kind at a quarter's end). A record with no history
    before `moment` is judged by its current state, as `rows_as_of` reads it, unless it was
    created since (`created_since`): it was not there yet. One query with the rest of the
    filter."""
    recorded = model.history.model.objects.filter(id=OuterRef("pk"), history_date__lt=moment)
    then = as_of(model, moment).filter(condition).values("id")
    unrecorded = Q(~Exists(recorded), ~created_since(model, moment))
    return Q(pk__in=then) | (unrecorded & condition)


def name_in(rows: dict[int, dict], pk: int | None) -> str | None:
    """A record's name in `rows` (`rows_as_of` with "name"); None without a record, as a join
    gave it."""
    return None if pk is None else rows[pk]["name"]


def rows_as_of(model, moment: dt.datetime, ids, *fields: str) -> dict[int, dict]:
    """`fields` of the records `ids` (a list or a subquery of ids) as they stood at `moment`, by
    id, in two queries. A record with no history before `moment` although something then
    pointed at it (it predates its history, or was written in bulk without it) reads as it is
    now, rather than vanishing from a report."""
    # The ids limit the rows the latest is picked among (`among`), not only the result: picking
    # every team's latest row and then keeping the assistance cases' took 380 of 680 ms of the
    # A-8 quarter at 100,000 projects.
    rows = {row["id"]: row for row in as_of(model, moment, among=ids).values("id", *fields)}
    # NOT EXISTS, not NOT IN: PostgreSQL hashes a NOT IN subquery's every row (a whole history).
    recorded = model.history.model.objects.filter(id=OuterRef("pk"), history_date__lt=moment)
    for row in model.objects.filter(pk__in=ids).filter(~Exists(recorded)).values("id", *fields):
        rows[row["id"]] = row
    return rows
