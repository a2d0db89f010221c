"""One place that decides again what rests on a leader when an administrator changes him (§1).

A leader's rank, unit, retirement and portfolio (分管单位、分管行业) decide whether he may lead a
negotiation team (N-2), assist a project or answer for it as its area's responsible leader
(A-2, A-5) and answer for an operating enterprise (E-1). Leaders are reference data kept in the
admin; when one is saved there, `leader_changed` asks each app, through its own service, to judge
again in the same transaction the open records that name him, and the units that must act on a
changed decision are told — as `yingkou.project_changes` does for a project's rule fields.
"""

from django.utils.module_loading import import_string

from yingkou.choices import NotificationKind
from yingkou.notifications import Notice, notify_many
from yingkou.project_changes import Reevaluation

#: Each app's answer to a leader change: `(*, leader, user) -> list[Reevaluation]`.
ANSWERS = (
    "negotiation.services.negotiation_leader_changed",
    "assistance.services.assistance_leader_changed",
    "enterprise.services.enterprise_leader_changed",
)


def leader_changed(*, leader, user) -> list[Reevaluation]:
    """Judge again every open record that names `leader`, now that he was saved (his portfolio
    included); each app records a changed decision in its record's history and the units
    concerned are told."""
    results: list[Reevaluation] = []
    for path in ANSWERS:
        results.extend(import_string(path)(leader=leader, user=user))
    notify_many(
        Notice(
            kind=NotificationKind.LEADER_CHANGED,
            title=result.title,
            key=f"leader:{leader.pk}:{result.key}",
            url=result.url,
            body=result.body,
            unit_ids=result.units,
        )
        for result in results
    )
    return results
