"""Writes on the shared domain (HackSoft style: keyword-only, typed, full_clean())."""

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from yingkou.errors import RuleViolation, StaleVersion
from yingkou.models import Project, Team, Unit, User


def save_with_history(obj, user: User | None) -> None:
    """Validate and save a business record, recording who made the change (SPEC §0 history)."""
    obj.full_clean()
    obj._history_user = user
    obj.save()


def lock_for_update(record):
    """Lock the record's row until the transaction ends and reload it (call inside atomic).

    A state change checks its rule on the state it is about to overwrite: of two requests
    released together, the second waits here and then sees the first one's result, so it is
    refused instead of silently undoing it (no lost update, no double action).
    """
    type(record)._default_manager.select_for_update().filter(pk=record.pk).values("pk").first()
    record.refresh_from_db()
    return record


def project_create(*, user: User, owner_unit: Unit | None = None, **fields) -> Project:
    project = Project(owner_unit=owner_unit or user.unit, **fields)
    save_with_history(project, user)
    return project


@transaction.atomic
def project_update(*, project: Project, user: User, expected_version: int, **fields) -> Project:
    """Save changes made on `expected_version`; refuse them if someone saved in between.

    The conditional UPDATE is the lock: of two editors of one version, exactly one wins.
    """
    claimed = Project.objects.filter(pk=project.pk, version=expected_version).update(
        version=F("version") + 1
    )
    if not claimed:
        raise StaleVersion(_("该项目已被他人修改，请刷新页面后在最新版本上重新编辑。"))
    stage = fields.pop("stage", None)
    for name, value in fields.items():
        setattr(project, name, value)
    project.version = expected_version + 1
    if stage is not None and stage != project.stage:
        project_check_stage(project=project, stage=stage)
        project.stage = stage
    save_with_history(project, user)
    return project


def project_check_stage(*, project: Project, stage: str) -> None:
    """Only the allowed stage transitions of SPEC §1 (策划包装 → … → 投产运营, or 终止)."""
    if not project.can_move_to(stage):
        current = project.get_stage_display()
        target = dict(Project._meta.get_field("stage").choices).get(stage, stage)
        raise RuleViolation(
            "§1",
            _("项目阶段不能从“%(current)s”变更为“%(target)s”。")
            % {"current": current, "target": target},
            field="stage",
        )


@transaction.atomic
def project_move_stage(*, project: Project, stage: str, user: User | None) -> Project:
    """Move a project to its next stage; used by the apps' handovers (signing, completion…)."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    project_check_stage(project=project, stage=stage)
    project.stage = stage
    project.version += 1
    project._history_user = user
    project.save()
    return project


@transaction.atomic
def team_carry_over(*, project: Project, from_phase: str, to_phase: str) -> Team | None:
    """Start the next phase's team from the previous one (保持帮扶领导、部门、团队不变, A-1, E-1).

    Returns the existing team of `to_phase` untouched if there is one.
    """
    existing = Team.objects.filter(project=project, phase=to_phase).first()
    if existing:
        return existing
    source = Team.objects.filter(project=project, phase=from_phase).first()
    if source is None:
        return None
    cooperating = list(source.cooperating_units.all())
    members = list(source.members.all())
    team = Team.objects.create(
        project=project,
        phase=to_phase,
        lead_leader=source.lead_leader,
        lead_unit=source.lead_unit,
        main_negotiating_unit=source.main_negotiating_unit,
        service_liaison=source.service_liaison,
        project_liaison=source.project_liaison,
    )
    team.cooperating_units.set(cooperating)
    team.members.set(members)
    return team
