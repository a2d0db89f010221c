"""Writes on the shared domain (HackSoft style: keyword-only, typed, full_clean())."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from yingkou import rules
from yingkou.choices import Stage
from yingkou.errors import RecordExists, StaleVersion
from yingkou.history import changed_by, one_history_row
from yingkou.models import Project, ProjectChangeRequest, Team, Unit, User
from yingkou.permissions import can_create_project, can_edit_project, require
from yingkou.project_changes import (
    Reevaluation,
    project_changed,
    project_dependents,
    rule_values,
)


def save_with_history(
    obj,
    user: User | None,
    *,
    update_fields=None,
    reason: str = "",
    exclude=None,
    validate_constraints: bool = True,
    relations: dict | None = None,
) -> None:
    """Validate and save a business record, recording who made the change (SPEC §0 history).

    The one way to write a business record: services, imports, jobs and the demo all call it, so
    no change reaches the database without its historical row naming the user (None for a job).
    A partial save (`update_fields`) validates the fields it writes; `reason` is the history's
    change reason (e.g. why a project left a pool). `exclude` and `validate_constraints=False`
    are for the callers whose database constraint is the lock (they catch the IntegrityError).
    `relations` sets many-to-many lists with the save (`relations={"members": [...]}`): the
    save and its lists are one historical row of the final state.
    """
    if update_fields is not None:
        written = set(update_fields)
        skipped = [
            f.name
            for f in obj._meta.concrete_fields
            if f.name not in written and f.attname not in written
        ]
        obj.full_clean(exclude=skipped, validate_unique=False, validate_constraints=False)
    else:
        obj.full_clean(exclude=exclude, validate_constraints=validate_constraints)
    if relations:
        with one_history_row(obj, user, reason):
            obj.save(update_fields=update_fields)
            for name, values in relations.items():
                getattr(obj, name).set(values)
        return
    obj._history_user = user
    if reason:
        obj._change_reason = reason[:100]
    obj.save(update_fields=update_fields)


def set_with_history(obj, user: User | None, **relations) -> None:
    """Set many-to-many relations of a saved record (`team, user, members=[...]`): one
    historical row of the final lists naming the user, none when no list changes."""
    relations = {name: list(values) for name, values in relations.items()}
    unchanged = all(
        set(getattr(obj, name).values_list("pk", flat=True))
        == {getattr(value, "pk", value) for value in values}
        for name, values in relations.items()
    )
    if unchanged:
        return
    with one_history_row(obj, user):
        for name, values in relations.items():
            getattr(obj, name).set(values)


def delete_with_history(obj, user: User | None) -> None:
    """Delete a business record; its last historical row (a deletion) names the user."""
    obj._history_user = user
    obj.delete()


def stale(record, message: str, error: type[StaleVersion] = StaleVersion) -> StaleVersion:
    """The refusal of an edit made on an older version of `record`, naming who saved the newer
    one and when (its newest history row): the editor learns whose work the refusal keeps, and
    whom to ask, before opening the record again."""
    history = getattr(record, "history", None)
    last = history and history.select_related("history_user").order_by("-history_id").first()
    if last is None:
        return error(message, record=record)
    when = date_format(timezone.localtime(last.history_date), "n月j日 H:i")
    saved = _("最近一次由%(who)s于%(when)s保存") % {
        "who": changed_by(last.history_user),
        "when": when,
    }
    return error(f"{message}（{saved}）", record=record)


def claim_version(record, expected_version: int, message: str) -> None:
    """Of two people who edit the same version of a record exactly one saves: the conditional
    UPDATE raises the version for the first, the second is refused (`StaleVersion`, API 409)
    instead of silently overwriting the first's work. Call inside the save's transaction, then
    change the record (its version is reloaded here) and save it."""
    claimed = (
        type(record)
        .objects.filter(pk=record.pk, version=expected_version)
        .update(version=F("version") + 1)
    )
    if not claimed:
        raise stale(record, message)
    record.version = expected_version + 1


def claimed_or_new(model, expected_version: int | None, message: str, **key):
    """The one record of `key` a person edits (a yearly plan, a unit's liaison, a unit's figures of a period, ...), claimed
    on the version the editor saw: 0 when there was none yet. Someone who saved it in between
    makes the edit stale (StaleVersion; RecordExists when the edit was made on none) instead of
    being overwritten; None (no person's edit) claims whatever version is there. The caller
    saves it with `save_claimed`."""
    record = model.objects.select_for_update().filter(**key).first()
    if record is None:
        if expected_version:
            raise StaleVersion(message)
        return model(**key)
    if expected_version == 0:
        raise stale(record, message, RecordExists)
    claim_version(record, record.version if expected_version is None else expected_version, message)
    return record


def save_claimed(record, user: User | None, message: str, **key) -> None:
    """Save a record from `claimed_or_new`; of two people creating the same one at once the
    second finds the first's (on validation, or the unique constraint on insert) and is refused
    like any stale edit."""
    creating = record._state.adding
    try:
        with transaction.atomic():
            save_with_history(record, user)
    except (IntegrityError, ValidationError):
        found = type(record).objects.filter(**key).first() if creating else None
        if found is not None:
            raise stale(found, message) from None
        raise


def dispatch_record(model, *, user: User, remarks: str, expected_version: int | None, **key):
    """Record (or amend) the one dispatch of a period (`yingkou.models.Dispatch`: A-8's week,
    N-6's month) on the version the editor saw (0: none yet; a stale one is refused), naming who
    dispatched and when. The caller asks its permission and rules first, and tells the units."""
    message = _("本期调度意见已被他人记录或修改，请刷新页面后在最新内容上重新填写。")
    dispatch = claimed_or_new(model, expected_version, message, **key)
    dispatch.remarks = remarks
    dispatch.dispatched_by = user
    dispatch.dispatched_on = timezone.localdate()
    save_claimed(dispatch, user, message, **key)
    return dispatch


def lock_for_update(record):
    """Lock the record's row until the transaction ends and reload it (call inside atomic).

    A state change checks its rule on the state it is about to overwrite: of two requests
    released together, the second waits here and then sees the first one's result, so it is
    refused instead of silently undoing it (no lost update, no double action).
    """
    type(record)._default_manager.select_for_update().filter(pk=record.pk).values("pk").first()
    record.refresh_from_db()
    return record


@transaction.atomic
def close_deadline_work(
    item, user: User, *, allowed, check, outcome: str, done_on=None, status: str | None = None
):
    """Close an owned, time-limited item (`DeadlineWork`: an A-3 problem, an A-7 meeting task,
    an E-3 problem or coordinated task, an E-4 complaint): lock its row, ask `allowed(user, item)`
    and the item's rule `check(item, done_on)` on the locked state, then record how (`outcome`)
    and when (`done_on`, today by default) it was done, with its closed `status` where it has one.
    The one way such an item is closed, so two closings at once close it once."""
    lock_for_update(item)
    require(allowed(user, item))
    done_on = done_on or timezone.localdate()
    check(item, done_on)
    item.done_on = done_on
    item.outcome = outcome
    if status is not None:
        item.status = status
    save_with_history(item, user)
    return item


def project_create(
    *, user: User, owner_unit: Unit | None = None, allowed: bool | None = None, **fields
) -> Project:
    """A new project of the user's unit, in a stage a unit may open (§1). Guarded here, whoever
    calls: by `can_create_project`, unless a workflow that opens projects for its own step passes
    the answer of its predicate as `allowed` (the reserve declaration: `can_declare`; the
    negotiation opening: `can_open_case` for the negotiating unit)."""
    require(can_create_project(user) if allowed is None else allowed)
    rules.project_creation_stage_rule(fields.get("stage") or Stage.PLANNING)
    project = Project(owner_unit=owner_unit or user.unit, **fields)
    save_with_history(project, user)
    return project


def projects_create(
    *,
    user: User,
    projects: list[Project],
    allowed: bool | None = None,
    batch_size: int = 500,
) -> list[Project]:
    """Many new projects of the user's unit at once (Excel import): the guard and the rule of
    `project_create` for each, inserted in batches with one historical row each naming the user.
    The caller has validated each project (`full_clean`); the database keeps codes unique."""
    require(can_create_project(user) if allowed is None else allowed)
    for project in projects:
        rules.project_creation_stage_rule(project.stage or Stage.PLANNING)
        project.owner_unit = project.owner_unit or user.unit
    return bulk_create_with_history(projects, Project, batch_size=batch_size, default_user=user)


@dataclass(frozen=True)
class ProjectEdit:
    """The outcome of an edit: the saved project, the change request holding the rule fields
    that wait for review (None when everything was saved), and what the rules decided again
    once rule fields were saved (`project_changed`; None when none was)."""

    project: Project
    change_request: "ProjectChangeRequest | None" = None
    reevaluations: "tuple[Reevaluation, ...] | None" = None


def _attname(name: str) -> str:
    return Project._meta.get_field(name).attname


@transaction.atomic
def project_edit(
    *, project: Project, user: User, expected_version: int, reason: str = "", **fields
) -> ProjectEdit:
    """An edit by a person (form, API). The stage is never edited (§1: the workflows move it).
    When unit staff change a rule field of a project a decision rests on, those fields become a
    change request and the project keeps its approved values; the other fields save directly."""
    from yingkou.change_requests import change_request_submit

    require(can_edit_project(user, project))
    rules.project_stage_edit_rule(current=project.stage, requested=fields.pop("stage", None))
    values = {_attname(name): value for name, value in fields.items()}
    values = {name: getattr(value, "pk", value) for name, value in values.items()}
    reviewed = {
        name: value
        for name, value in values.items()
        if name in rules.REVIEWED_FIELDS and value != getattr(project, name)
    }
    if not reviewed or not rules.change_review_needed_rule(
        user=user, dependents=project_dependents(project)
    ):
        return _project_update(
            project=project, user=user, expected_version=expected_version, **fields
        )
    direct = {name: value for name, value in fields.items() if _attname(name) not in reviewed}
    if direct:
        project = project_update(
            project=project, user=user, expected_version=expected_version, **direct
        )
    elif not Project.objects.filter(pk=project.pk, version=expected_version).exists():
        raise stale(project, _("该项目已被他人修改，请刷新页面后在最新版本上重新编辑。"))
    request = change_request_submit(project=project, user=user, changes=reviewed, reason=reason)
    return ProjectEdit(project, request)


def project_update(*, project: Project, user: User, expected_version: int, **fields) -> Project:
    """Save changes made on `expected_version`; refuse them if someone saved in between.

    The conditional UPDATE is the lock: of two editors of one version, exactly one wins. The
    stage is never edited (§1: the workflows move it); a change of a rule field re-evaluates
    what rests on the project in the same transaction. People's edits go through
    `project_edit`, which sends reviewed changes to a change request first.
    """
    return _project_update(
        project=project, user=user, expected_version=expected_version, **fields
    ).project


@transaction.atomic
def _project_update(
    *, project: Project, user: User, expected_version: int, **fields
) -> ProjectEdit:
    rules.project_stage_edit_rule(current=project.stage, requested=fields.pop("stage", None))
    claimed = Project.objects.filter(pk=project.pk, version=expected_version).update(
        version=F("version") + 1
    )
    if not claimed:
        raise stale(project, _("该项目已被他人修改，请刷新页面后在最新版本上重新编辑。"))
    before = rule_values(project)
    for name, value in fields.items():
        setattr(project, name, value)
    project.version = expected_version + 1
    save_with_history(project, user)
    if before == rule_values(project):
        return ProjectEdit(project)
    return ProjectEdit(
        project, reevaluations=tuple(project_changed(project=project, before=before, user=user))
    )


def project_check_stage(*, project: Project, stage: str) -> None:
    """Only the allowed stage transitions of SPEC §1 (策划包装 → … → 投产运营, or 终止)."""
    rules.project_stage_move_rule(project, stage)


@transaction.atomic
def project_move_stage(*, project: Project, stage: str, user: User | None) -> Project:
    """Move a project to its next stage: only the workflows that own the stages call this
    (approval, negotiation, signing, assistance, production). What rests on the stage is
    re-evaluated in the same transaction (e.g. R-1: a project past planning leaves its pool)."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    project_check_stage(project=project, stage=stage)
    before = rule_values(project)
    project.stage = stage
    project.version += 1
    save_with_history(project, user, update_fields=["stage", "version", "updated_at"])
    project_changed(project=project, before=before, user=user)
    return project


@transaction.atomic
def team_carry_over(
    *, project: Project, from_phase: str, to_phase: str, user: User | None
) -> Team | None:
    """Start the next phase's team from the previous one (保持帮扶领导、部门、团队不变, A-1, E-1).

    Returns the existing team of `to_phase` untouched if there is one. A team is carried only
    forward (negotiation → assistance → enterprise); the copy is validated and its history names
    `user` (None for a job).
    """
    rules.team_carry_over_rule(from_phase=from_phase, to_phase=to_phase)
    existing = Team.objects.filter(project=project, phase=to_phase).first()
    if existing:
        return existing
    source = Team.objects.filter(project=project, phase=from_phase).first()
    if source is None:
        return None
    team = Team(
        project=project,
        phase=to_phase,
        lead_leader=source.lead_leader,
        lead_unit=source.lead_unit,
        main_negotiating_unit=source.main_negotiating_unit,
        service_liaison=source.service_liaison,
        project_liaison=source.project_liaison,
    )
    save_with_history(
        team,
        user,
        relations={
            "cooperating_units": list(source.cooperating_units.all()),
            "members": list(source.members.all()),
        },
    )
    return team
