"""One place that decides again what rests on a person when an administrator changes him (§1).

A leader's rank, unit, retirement and portfolio (分管单位、分管行业) decide whether he may lead a
negotiation team (N-2), assist a project or answer for it as its area's responsible leader
(A-2, A-5) and answer for an operating enterprise (E-1). A user named to answer for something
of a unit — a team's service or project liaison (N-5, A-6), a unit's general liaison (A-6), a
department's service staff for a project (A-3), a pool's weekly update (R-5) — answers no more
once deactivated or moved to another unit (`yingkou.rules.still_answers`): the pages say so and
ask for another, and whoever names the next one must hear of it.

Leaders and users are kept in the admin; when one is saved there, `leader_changed` or
`person_left` asks each app, through its own service, to judge again in the same transaction the
open records that name him, and the units that must act are told — as `yingkou.project_changes`
does for a project's rule fields. A leader's answers are also given what he was before the save
(`leader_rule_values`): what waits on him for his role — an escalation reported to him, a
department's project he is in charge of (A-3) — is told once, when he stops holding the role, not
on every later save. A leader added there goes the same way (`leader_added`, nothing he was
before): he may be the principal leader whom his department's policy promises wait for (E-6).
"""

from yingkou.choices import NotificationKind
from yingkou.project_changes import Reevaluation, reevaluate

#: Each app's answer to a leader change: `(*, leader, before: dict, user) -> list[Reevaluation]`.
LEADER_ANSWERS = (
    "negotiation.services.negotiation_leader_changed",
    "assistance.services.assistance_leader_changed",
    "enterprise.services.enterprise_leader_changed",
)

#: Each app's answer to a user who left (deactivated, or moved to another unit):
#: `(*, person, user) -> list[Reevaluation]`.
PERSON_ANSWERS = (
    "reserve.services.reserve_person_left",
    "negotiation.services.negotiation_person_left",
    "assistance.services.assistance_person_left",
)


def leader_rule_values(leader) -> dict:
    """What the rules read of a leader (his rank, unit, retirement and portfolio), as it is now:
    read before a save, it tells the apps what he was (`leader_changed`)."""
    return {
        "rank": leader.rank,
        "unit_id": leader.unit_id,
        "is_retired": leader.is_retired,
        "portfolio_unit_ids": frozenset(leader.portfolio_units.values_list("pk", flat=True)),
        "portfolio_industries": tuple(leader.portfolio_industries or ()),
    }


def leader_changed(*, leader, before: dict | None, user) -> list[Reevaluation]:
    """Judge again every open record that names `leader`, now that he was saved (his portfolio
    included) from `before` (see `leader_rule_values`; None: he was recorded just now, see
    `leader_added`); each app records a changed decision in its record's history and the units
    concerned are told."""
    return reevaluate(
        LEADER_ANSWERS,
        kind=NotificationKind.PERSON_CHANGED,
        prefix=f"leader:{leader.pk}",
        leader=leader,
        before=before,
        user=user,
    )


def leader_added(*, leader, user) -> list[Reevaluation]:
    """`leader` was recorded just now (the admin, or any code that creates a leader): nothing
    named him yet, but what waits for a leader of his unit and rank is decided as on a change —
    a policy promise of his department that names no principal leader (一把手, 待指定) takes him
    when he is its one serving principal leader (E-6). The same answers and notices as
    `leader_changed`, with nothing he was before."""
    return leader_changed(leader=leader, before=None, user=user)


def person_left(*, person, user) -> list[Reevaluation]:
    """`person` was deactivated or moved to another unit: each app names the open records he
    answered for, and the units that name his successor are told."""
    return reevaluate(
        PERSON_ANSWERS,
        kind=NotificationKind.PERSON_CHANGED,
        prefix=f"person:{person.pk}",
        person=person,
        user=user,
    )
