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


#: Each app's answer to a unit added: `(*, unit, user) -> list[Reevaluation]`. Only E-1 keeps
#: a decision a new unit may change (an area's new department may be the competent one); E-5's
#: groups of plans are told as they stand by their daily job.
UNIT_ADDED_ANSWERS = ("enterprise.services.enterprise_unit_added",)


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


def unit_added(*, unit, user) -> list[Reevaluation]:
    """Judge again what the units decide now that an administrator added `unit`; those
    concerned are told."""
    return reevaluate(
        UNIT_ADDED_ANSWERS,
        kind=NotificationKind.UNIT_CHANGED,
        prefix=f"unit:{unit.pk}",
        unit=unit,
        user=user,
    )


#: Each app's answer to a change of the reference table of competent departments
#: (`IndustryAuthority`): `(*, before, user) -> list[Reevaluation]`. A-3 reads the table live
#: and tells a department given a case; E-1 keeps the counterpart department it decided on
#: each enterprise.
AUTHORITY_ANSWERS = (
    "assistance.services.assistance_authority_changed",
    "enterprise.services.enterprise_authority_changed",
)


def authority_rows() -> list[dict]:
    """The reference table of competent departments as it is now (to hand to
    `industry_authority_changed` after a save)."""
    from yingkou.models import IndustryAuthority

    return list(IndustryAuthority.objects.values())


def industry_authority_changed(*, before: list[dict], user) -> list[Reevaluation]:
    """Decide again what rests on the reference table of competent departments (which kind of
    department is competent for an industry), now that an administrator changed it from
    `before` (see `authority_rows`); those concerned are told."""
    if before == authority_rows():
        return []
    return reevaluate(
        AUTHORITY_ANSWERS,
        kind=NotificationKind.INDUSTRY_AUTHORITY_CHANGED,
        prefix="industry-authority",
        before=before,
        user=user,
    )
