"""R-5, N-5, A-3, A-6: `still_answers` at its boundaries, the one rule deciding whether a person
named for a unit's duty (a pool's update, a liaison, an industry service) still answers for it."""

from types import SimpleNamespace

import pytest

from yingkou.rules import still_answers

AREA, BUREAU, OTHER = 1, 2, 3


def person(unit_id, *, active=True, parent_id=None):
    unit = SimpleNamespace(pk=unit_id, parent_id=parent_id)
    return SimpleNamespace(unit_id=unit_id, unit=unit, is_active=active)


@pytest.mark.parametrize(
    ("who", "bureaus", "answers"),
    [
        (person(AREA), False, True),
        (person(AREA, active=False), False, False),  # deactivated
        (person(OTHER), False, False),  # moved to another unit
        (person(BUREAU, parent_id=AREA), False, False),  # a bureau counts only when asked
        (person(BUREAU, parent_id=AREA), True, True),
        (person(BUREAU, parent_id=AREA, active=False), True, False),
        (person(None), True, False),  # no unit at all
        (None, True, False),  # no one named
    ],
)
def test_an_active_person_of_the_unit_answers_and_no_one_else(who, bureaus, answers):
    assert still_answers(who, {AREA}, bureaus=bureaus) is answers
