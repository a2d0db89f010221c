"""One place that re-evaluates what rests on a project when its rule fields change (§1).

An approved change request, a direct edit by a reviewer and a workflow's stage move all end in
`project_changed`, which asks each app, through that app's own service, to decide again in the
same transaction: reserve (R-1), negotiation (N-2), assistance (A-2), enterprise (E-1). The order
is fixed and explicit here, like the handovers, so there is no signal to hunt for.
"""

from dataclasses import dataclass, field

from django.utils.module_loading import import_string

from yingkou.rules import RULE_FIELDS

#: Each app's answer to a project change: `(*, project, changed, user) -> list[Reevaluation]`.
ANSWERS = (
    "reserve.services.reserve_project_changed",
    "negotiation.services.negotiation_project_changed",
    "assistance.services.assistance_project_changed",
    "enterprise.services.enterprise_project_changed",
)

#: Each app's list of the decisions resting on a project: `(project) -> list[Dependent]`.
DEPENDENTS = (
    "reserve.selectors.project_dependents",
    "negotiation.selectors.project_dependents",
    "assistance.selectors.project_dependents",
    "enterprise.selectors.project_dependents",
)


@dataclass(frozen=True)
class Dependent:
    """A decision resting on a project's rule fields, e.g. its place in the level-1 pool."""

    label: str
    drc_reviews: bool = False  # the DRC reviews a change too (the level-1 pool, R-3)


@dataclass(frozen=True)
class Reevaluation:
    """A decision an app took again after a project change: what it says, whom it concerns."""

    key: str
    title: str
    body: str = ""
    url: str = ""
    units: tuple[int, ...] = field(default_factory=tuple)
    #: People told besides the units' staff, named by the rule: a leader with a login who now
    #: receives something, or a unit's reviewers where its other staff have nothing to decide.
    users: tuple[int, ...] = field(default_factory=tuple)

    def notice(self, kind: str, prefix: str, *, once: bool = False):
        """What tells the units concerned: it links to the record that was decided again, keyed
        under `prefix` (what changed) so that the same change is told once — that day, or ever
        with `once` (`Notice.once`)."""
        from yingkou.notifications import Notice

        return Notice(
            kind=kind,
            title=self.title,
            key=f"{prefix}:{self.key}",
            url=self.url,
            body=self.body,
            unit_ids=tuple(self.units),
            user_ids=tuple(self.users),
            once=once,
        )


def reevaluate(answers, *, kind: str, prefix: str, **arguments) -> list[Reevaluation]:
    """Ask each app's answer (a dotted path in `answers`) to judge again what rests on the
    changed record, with `arguments`; then tell the units concerned with notices of `kind`, keyed
    under `prefix`. The one loop behind project, leader, person and unit changes. An answer may
    give a `Notice` of its own among its results, sent as it is — its kind and key are those
    the app tells it by whatever changed (E-5's groups of plans to merge, once per state)."""
    # They read the user model: imported late.
    from yingkou.notifications import Notice, notify_many

    results: list[Reevaluation] = []
    for path in answers:
        results.extend(import_string(path)(**arguments))
    notify_many(
        result if isinstance(result, Notice) else result.notice(kind, prefix) for result in results
    )
    return results


def rule_values(project) -> dict:
    """The project's rule fields as they are now (to compare before and after a save)."""
    return {name: getattr(project, name) for name in RULE_FIELDS}


def project_dependents(project) -> list[Dependent]:
    """What rests on the project: its pool, open negotiation, assistance case, enterprise."""
    found: list[Dependent] = []
    for path in DEPENDENTS:
        found.extend(import_string(path)(project))
    return found


def project_changed(*, project, before: dict, user) -> list[Reevaluation]:
    """Re-evaluate every decision resting on the project after its rule fields changed from
    `before` (see `rule_values`). Runs inside the caller's transaction; each app records the new
    decision in its record's history and the units concerned are notified."""
    from yingkou.choices import NotificationKind

    after = rule_values(project)
    changed = {
        name: (before[name], after[name]) for name in RULE_FIELDS if before[name] != after[name]
    }
    if not changed:
        return []
    return reevaluate(
        ANSWERS,
        kind=NotificationKind.PROJECT_REEVALUATED,
        prefix=f"project:{project.pk}",
        project=project,
        changed=changed,
        user=user,
    )
