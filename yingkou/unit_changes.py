"""One place that decides again what rests on a unit when an administrator changes its kind,
level, parent, code, enforcement system or whether it is active (§1).

A unit's kind (a municipal department, a party or mass organisation, a county, district or
park...) and its administrative level decide which kind of body it is when it negotiates, and so
which of N-2's seven rules applies to its open negotiations (`negotiation.rules.
negotiating_body_kind`, `case_rule_of`). Its kind, level, parent and code also place it in a
county or park and in the city's or a county's government, and its enforcement system makes it a
law-enforcement agency: what E-5 reads to say which enterprises an agency may inspect, which
agency is the upper level of another and which government approves its plans
(`enterprise.rules.inspection_unfit_reasons`), and so which plans wait to be merged, whether
an agency may lead them and — with whether a legal affairs office is active — who merges them
(`enterprise.notices.merge_group_notices`). Units are kept in the admin; when one is saved
there with another of these fields, `unit_changed` asks each app, through its own service, to
judge again in the same transaction the open records that rest on it, and the people who must
act are told — as `yingkou.people_changes` does for a leader.
"""

from yingkou.choices import NotificationKind
from yingkou.project_changes import Reevaluation, reevaluate

#: The fields of a unit the rules read: its kind of body (N-2), its place in the tree, its
#: enforcement system and whether it is active — an inactive legal affairs office merges no
#: plans, its government does (E-5).
UNIT_RULE_FIELDS = ("kind", "level", "parent_id", "code", "enforcement_system", "is_active")

#: Each app's answer to a unit change: `(*, unit, before: dict, user) -> list[Reevaluation]`.
UNIT_ANSWERS = (
    "negotiation.services.negotiation_unit_changed",
    "enterprise.services.enterprise_unit_changed",
)


def unit_rule_values(unit) -> dict:
    """The unit's rule fields as they are now (to compare before and after a save)."""
    return {name: getattr(unit, name) for name in UNIT_RULE_FIELDS}


def unit_changed(*, unit, before: dict, user) -> list[Reevaluation]:
    """Judge again every open record that rests on `unit`'s rule fields, now that they changed
    from `before` (see `unit_rule_values`); each app records a changed decision in its record's
    history (or, for a marker read live, leaves it to the unit's own) and those concerned are
    told."""
    if before == unit_rule_values(unit):
        return []
    return reevaluate(
        UNIT_ANSWERS,
        kind=NotificationKind.UNIT_CHANGED,
        prefix=f"unit:{unit.pk}",
        unit=unit,
        before=before,
        user=user,
    )
