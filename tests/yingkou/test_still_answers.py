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


@pytest.mark.django_db
def test_the_team_query_agrees_with_the_rule_for_every_place_a_liaison_answers_from():
    """`Team.answers_q` (what the A-6 filter, the API and the export read) and `Team._answers`
    (what the pages read) name the same liaisons as answering, case by case."""
    from datetime import date

    from negotiation.models import NegotiationCase
    from tests.factories import ProjectFactory, TeamFactory, UnitFactory, UserFactory
    from yingkou.models import Team

    lead, cooperating, landing, elsewhere = (UnitFactory() for _ in range(4))
    bureau = UnitFactory(parent=cooperating)

    def team(name, liaison, *, phase="assistance"):
        project = ProjectFactory(owner_unit=landing)
        made = TeamFactory(project=project, phase=phase, lead_unit=lead, service_liaison=liaison)
        made.cooperating_units.add(cooperating)
        return name, made

    negotiating = UnitFactory()
    negotiation_teams = dict(
        [
            team("in the negotiating unit", UserFactory(unit=negotiating), phase="negotiation"),
            team(
                "in the project's unit, negotiating", UserFactory(unit=landing), phase="negotiation"
            ),
        ]
    )
    for made in negotiation_teams.values():
        NegotiationCase.objects.create(
            project=made.project,
            negotiating_unit=negotiating,
            team=made,
            opened_on=date(2026, 1, 5),
            stage_changed_on=date(2026, 1, 5),
        )
    teams = dict(
        [
            team("in the lead unit", UserFactory(unit=lead)),
            team("in a cooperating unit", UserFactory(unit=cooperating)),
            team("in a bureau of a team unit", UserFactory(unit=bureau)),
            team("in the project's unit", UserFactory(unit=landing)),
            team("moved to another unit", UserFactory(unit=elsewhere)),
            team("without a unit", UserFactory(unit=None)),
            team("deactivated", UserFactory(unit=lead, is_active=False)),
            team("no one named", None),
        ]
    )
    teams.update(negotiation_teams)
    expected = {
        "in the lead unit": True,
        "in a cooperating unit": True,
        "in a bureau of a team unit": True,
        "in the project's unit": True,
        "moved to another unit": False,
        "without a unit": False,
        "deactivated": False,
        "no one named": False,
        "in the negotiating unit": True,
        "in the project's unit, negotiating": False,
    }
    answering = set(
        Team.objects.filter(Team.answers_q("service_liaison")).values_list("pk", flat=True)
    )
    silent = set(
        Team.objects.exclude(Team.answers_q("service_liaison")).values_list("pk", flat=True)
    )
    by_query = {name: made.pk in answering for name, made in teams.items()}
    by_rule = {
        name: Team.objects.get(pk=made.pk).current_service_liaison is not None
        for name, made in teams.items()
    }
    assert by_query == by_rule == expected
    assert answering | silent == {made.pk for made in teams.values()}
    assert not answering & silent
