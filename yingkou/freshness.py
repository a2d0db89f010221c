"""Results kept in each process while the records they were read from stay unchanged.

A list that city-wide users open many times between writes (the A-8 weekly list reads 14,000
projects under construction from four tables) is computed once per change instead of once per
request. What a result was read from is named by *marks*: a mark is a number in the shared cache
(Redis: one for every web and worker process) that every write of the records it stands for
raises. A result is kept with the marks read *before* it was computed and used while they are
unchanged: a write the computation could not see has raised one of them since.

A write raises its marks twice: at once, so that the writing request (and a test inside its
transaction) reads its own change, and again once its transaction commits, because a reader may
have computed in between from the database as it stood before the commit and kept that under
the value raised first. The writing transaction itself computes what it reads but keeps none of
it until it commits: were it rolled back, a result kept from its writes would stand under marks
that no commit raises again. Cached by the newest history row instead, a result could miss such a
write for good: history ids and dates are taken before commit, not in commit order.

A mark may also say *what* was written (`(name, item)`, e.g. the case whose weekly report was
saved): each raise then leaves its item in the cache under the mark's new value, for
KEEP_SECONDS. A result kept with a `patch` is brought up to date from those items instead of
computed again, when only such marks moved and every step between is still there; a step
missing (a raise without an item, a cache restarted, too many steps) computes it afresh.

Every business write goes through django-simple-history (`save_with_history`, the admin), whose
signal for each historical row asks the watchers of its model (`watch`) which marks it raises.
Writes made in bulk without that signal (seeding a city) call `everything_changed()`. A kept
result is also dropped after KEEP_SECONDS: that bounds what a write outside both (by hand in the
database) or a moment without the shared cache can leave stale.
"""

import logging
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction
from django.dispatch import receiver
from simple_history.signals import post_create_historical_record

logger = logging.getLogger(__name__)

T = TypeVar("T")

KEEP_SECONDS = 10 * 60
# Results kept per process, the oldest computed dropped first: each is one list (one week, or
# one unit's keys: a few hundred kilobytes for a department that sees 17,000 cases).
KEEP_RESULTS = 64
# Raised by `everything_changed()`: part of every result's marks.
EVERYTHING = "everything"
# A kept result is patched across at most this many raises of its marks, else computed again.
PATCH_STEPS = 200

# A mark raised: its name, or (name, item written).
Raised = str | tuple[str, object]

# model -> functions (record, historical row) -> the marks the write raises
_watchers: dict[type, list[Callable[[object, object], Iterable[Raised]]]] = {}
_kept: OrderedDict[str, tuple[tuple, float, object]] = OrderedDict()
# The development server answers requests in threads.
_lock = threading.Lock()


def watch(model, marks: Callable[[object, object], Iterable[Raised]]) -> None:
    """Raise the marks `marks(record, historical_row)` names (a name, or a name and the item
    written) whenever a record of `model` is written (saved or deleted with its history).
    Register in an AppConfig.ready()."""
    _watchers.setdefault(model, []).append(marks)


@receiver(post_create_historical_record)
def _historical_row_written(sender, instance, history_instance, **kwargs) -> None:
    names = {
        raised
        for marks in _watchers.get(type(instance), ())
        for raised in marks(instance, history_instance)
    }
    if names:
        written(*names)


def written(*names: Raised) -> None:
    """Records behind the marks `names` (each a name, or a name and the item written) were
    written in the current transaction."""
    _raise(names)
    connection = transaction.get_connection()
    connection.freshness_writer = _transaction(connection)
    transaction.on_commit(lambda: _raise(names))


def _transaction(connection):
    """The outermost atomic block of `connection` that a test case did not open (that one is
    never committed), or None outside a transaction."""
    for block in connection.atomic_blocks:
        if not block._from_testcase:
            return block
    return None


def _writing() -> bool:
    """Whether this thread reads inside a transaction that wrote records behind marks and is
    not committed yet: what it computes from may still be rolled back, under marks already
    raised, so it must not be kept."""
    connection = transaction.get_connection()
    writer = _transaction(connection)
    return writer is not None and getattr(connection, "freshness_writer", None) is writer


def everything_changed() -> None:
    """Writes made without history signals (in bulk): no result kept before is used again."""
    written(EVERYTHING)


def kept(
    key: str,
    marks: Iterable[str],
    compute: Callable[[], T],
    patch: tuple[str, Callable[[T, set], T]] | None = None,
) -> T:
    """`compute()`, or the result this process kept for `key` while `marks` are unchanged and it
    is younger than KEEP_SECONDS. `patch` (a mark of `marks` and a function): when only that
    mark moved and the items of every raise in between are known, `function(kept, items)` brings
    the kept result up to date instead; it returns a new result and leaves the kept one as it
    was. Without the shared cache, computed every time."""
    names = (*marks, EVERYTHING)
    if _writing():
        return compute()
    try:
        now = _current(names)
    except Exception:  # the shared cache is unreachable: nothing can be known to be unchanged
        logger.warning("freshness marks unreadable; %s computed afresh", key, exc_info=True)
        return compute()
    if None in now:  # a mark the cache would not hold: nothing can be keyed on it
        return compute()
    with _lock:
        held = _kept.get(key)
    fresh = held is not None and time.monotonic() - held[1] < KEEP_SECONDS
    if fresh and held[0] == now:
        return held[2]
    started = time.monotonic()
    items = _items_since(names, held[0], now, patch[0]) if fresh and patch else None
    if items is not None:
        result = patch[1](held[2], items)
        started = held[1]  # a patched result is as old as the one it came from
    else:
        result = compute()
    with _lock:
        _kept[key] = (now, started, result)
        _kept.move_to_end(key)
        while len(_kept) > KEEP_RESULTS:
            _kept.popitem(last=False)
    return result


def _items_since(names: tuple, then: tuple, now: tuple, mark: str) -> set | None:
    """The items written under `mark` between its values `then` and `now`, if it is the only
    mark that moved and every raise in between left its item; else None."""
    moved = [name for name, old, new in zip(names, then, now, strict=True) if old != new]
    if moved != [mark]:
        return None
    old, new = then[names.index(mark)], now[names.index(mark)]
    if not isinstance(old, int) or not 0 < new - old <= PATCH_STEPS:
        return None
    steps = [f"{_key(mark)}@{value}" for value in range(old + 1, new + 1)]
    try:
        found = cache.get_many(steps)
    except Exception:
        return None
    if len(found) != len(steps):
        return None
    return set(found.values())


def forget() -> None:
    """Drop what this process keeps (tests: the database is rolled back under the marks)."""
    with _lock:
        _kept.clear()


def _key(name: str) -> str:
    return f"freshness:{name}"


def _current(names: tuple[str, ...]) -> tuple:
    keys = [_key(name) for name in names]
    values = cache.get_many(keys)
    for key in keys:
        if key not in values:
            # A mark starts at a random number, not 0: one lost with the cache and started again
            # must not come back to a value some process kept a result under.
            cache.add(key, secrets.randbits(48), timeout=None)
            values[key] = cache.get(key)
    return tuple(values[key] for key in keys)


def _raise(names: Iterable[Raised]) -> None:
    for raised in names:
        name, item = raised if isinstance(raised, tuple) else (raised, None)
        key = _key(name)
        try:
            try:
                value = cache.incr(key)
            except ValueError:  # not there yet (or lost): any new value differs from the kept
                cache.add(key, secrets.randbits(48), timeout=None)
                continue
            if item is not None:
                # Between the raise and this, a reader finds the step without its item and
                # computes afresh.
                cache.set(f"{key}@{value}", item, timeout=KEEP_SECONDS)
        except Exception:
            # A write must not fail for its cache: results are dropped after KEEP_SECONDS anyway.
            logger.warning("freshness mark %s not raised", name, exc_info=True)
