"""A kept result is used while its marks are unchanged, and never after a write it could miss."""

import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction

from yingkou import freshness
from yingkou.freshness import everything_changed, kept, written

# A write raises its marks again on commit (transaction.on_commit).
pytestmark = pytest.mark.django_db


class Computed:
    """A computation that says how often it ran and returns its run's number."""

    def __init__(self):
        self.runs = 0

    def __call__(self):
        self.runs += 1
        return self.runs


def test_kept_while_its_marks_are_unchanged_and_computed_again_after_a_write():
    compute = Computed()
    assert kept("list", ["cases"], compute) == 1
    assert kept("list", ["cases"], compute) == 1
    written("projects")  # another mark
    assert kept("list", ["cases"], compute) == 1
    written("cases")
    assert kept("list", ["cases"], compute) == 2
    everything_changed()
    assert kept("list", ["cases"], compute) == 3


def test_a_reader_between_a_write_and_its_commit_does_not_keep_it_for_good(
    django_capture_on_commit_callbacks,
):
    """The reader computes after the write raised its mark but before the commit, so from the
    database without it, and keeps that. The commit raises the mark again: the next reader
    computes afresh and finds the write."""
    with django_capture_on_commit_callbacks() as commits:
        written("cases")
        assert kept("list", ["cases"], lambda: "without the write") == "without the write"
    assert kept("list", ["cases"], lambda: "with it") == "without the write"
    for commit in commits:
        commit()
    assert kept("list", ["cases"], lambda: "with it") == "with it"


def test_a_transaction_rolled_back_after_its_write_leaves_nothing_kept_from_it():
    """The writing transaction reads its own write, but what it computed is not kept: the
    rollback takes the write away and no commit raises the mark again."""
    compute = Computed()
    assert kept("list", ["cases"], compute) == 1
    with pytest.raises(RuntimeError), transaction.atomic():
        written("cases")
        assert kept("list", ["cases"], compute) == 2
        assert kept("list", ["cases"], compute) == 3
        raise RuntimeError
    assert kept("list", ["cases"], compute) == 4
    assert kept("list", ["cases"], compute) == 4


def test_a_transaction_that_wrote_nothing_behind_marks_keeps_what_it_reads():
    compute = Computed()
    with transaction.atomic():
        assert kept("list", ["cases"], compute) == 1
        assert kept("list", ["cases"], compute) == 1


def test_kept_no_longer_than_keep_seconds(monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(freshness.time, "monotonic", lambda: clock[0])
    compute = Computed()
    kept("list", ["cases"], compute)
    clock[0] += freshness.KEEP_SECONDS - 1
    assert kept("list", ["cases"], compute) == 1
    clock[0] += 1
    assert kept("list", ["cases"], compute) == 2


def test_a_mark_lost_with_the_cache_starts_again_elsewhere():
    compute = Computed()
    kept("list", ["cases"], compute)
    cache.clear()  # Redis restarted: the marks start again at random values
    assert kept("list", ["cases"], compute) == 2


def test_without_the_shared_cache_every_read_computes_and_writes_still_succeed(monkeypatch):
    def unreachable(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(freshness.cache, "get_many", unreachable)
    monkeypatch.setattr(freshness.cache, "incr", unreachable)
    monkeypatch.setattr(freshness.cache, "add", unreachable)
    compute = Computed()
    assert [kept("list", ["cases"], compute) for _ in range(3)] == [1, 2, 3]
    written("cases")  # does not raise


def test_a_mark_the_cache_will_not_hold_keeps_nothing(monkeypatch):
    monkeypatch.setattr(freshness.cache, "get", lambda key, default=None: None)
    monkeypatch.setattr(freshness.cache, "get_many", lambda keys: {})
    compute = Computed()
    assert [kept("list", ["cases"], compute) for _ in range(2)] == [1, 2]


def test_each_process_keeps_a_bounded_number_of_results():
    for number in range(freshness.KEEP_RESULTS + 3):
        kept(f"week-{number}", ["cases"], lambda: [0] * 1000)
    assert len(freshness._kept) == freshness.KEEP_RESULTS


def test_seeding_in_bulk_drops_every_kept_result():
    compute = Computed()
    kept("list", ["cases"], compute)
    call_command("seed_scale", projects=12, stdout=io.StringIO())
    assert kept("list", ["cases"], compute) == 2


class Patched:
    """A kept list brought up to date item by item: says which items each patch was given."""

    def __init__(self):
        self.given = []

    def __call__(self, result, items):
        self.given.append(items)
        return result + sorted(items)


def test_a_kept_result_is_patched_with_the_items_written_since():
    patch = Patched()
    assert kept("list", ["cases", "reports"], lambda: ["base"], ("reports", patch)) == ["base"]
    written(("reports", 7))
    written(("reports", 9), ("reports", 7))
    got = kept("list", ["cases", "reports"], lambda: ["afresh"], ("reports", patch))
    assert got == ["base", 7, 9] and patch.given == [{7, 9}]
    # Kept as patched: unchanged marks give it again without patching.
    assert kept("list", ["cases", "reports"], lambda: ["afresh"], ("reports", patch)) == got
    assert len(patch.given) == 1


def test_computed_afresh_when_more_than_the_patchable_mark_moved_or_a_step_is_unknown():
    patch = Patched()

    def read():
        return kept("list", ["cases", "reports"], lambda: ["afresh"], ("reports", patch))

    kept("list", ["cases", "reports"], lambda: ["base"], ("reports", patch))
    written(("reports", 7), "cases")
    assert read() == ["afresh"]
    written("reports")  # a raise without its item
    kept("list", ["cases", "reports"], lambda: ["base"], ("reports", patch))
    written(("reports", 7))
    written("reports")
    assert read() == ["afresh"]
    assert patch.given == []


def test_too_many_steps_are_computed_afresh(monkeypatch):
    monkeypatch.setattr(freshness, "PATCH_STEPS", 2)
    patch = Patched()
    kept("list", ["reports"], lambda: ["base"], ("reports", patch))
    for item in (1, 2, 3):
        written(("reports", item))
    assert kept("list", ["reports"], lambda: ["afresh"], ("reports", patch)) == ["afresh"]


def test_a_patched_result_is_as_old_as_the_one_it_came_from(monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(freshness.time, "monotonic", lambda: clock[0])
    patch = Patched()
    kept("list", ["reports"], lambda: ["base"], ("reports", patch))
    clock[0] += freshness.KEEP_SECONDS - 1
    written(("reports", 1))
    assert kept("list", ["reports"], lambda: ["afresh"], ("reports", patch)) == ["base", 1]
    clock[0] += 1
    assert kept("list", ["reports"], lambda: ["afresh"], ("reports", patch)) == ["afresh"]
