"""Writes of the reserve app (HackSoft style: `<entity>_<action>(*, ..., user)`, full_clean()).

Every rule is decided in reserve.rules; these functions apply it and record who did what."""

import datetime as dt
import tempfile
from decimal import Decimal
from importlib import import_module

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from yingkou import services as shared
from yingkou.choices import NotificationKind, Stage
from yingkou.errors import RuleViolation
from yingkou.models import Project, Unit, User
from yingkou.notifications import drc_unit_ids, notify_many
from yingkou.permissions import require
from yingkou.project_changes import Reevaluation
from yingkou.scheduling import period_key
from yingkou.scheduling.periods import period_bounds
from yingkou.services import (
    claimed_or_new,
    lock_for_update,
    save_claimed,
    save_with_history,
)

from . import notices, rules
from . import permissions as perms
from .choices import ArchiveKind, EntryStatus, PoolLevel, StepAction
from .models import (
    Candidate,
    Entry,
    Membership,
    MonthlyArchive,
    Pool,
    ReserveFund,
    Step,
    WeeklyReminder,
    WeeklyUpdate,
)

# ---------------------------------------------------------------- pools


def pool_ensure_for_unit(*, unit: Unit, user: User | None = None) -> Pool | None:
    """The unit's pool, created if the unit should run one (R-2); None for other units. `user`:
    who made the unit so (its history names him); None where a pool found missing is made up
    (a job, a declaration in a unit that has none yet)."""
    level = rules.pool_unit_rule(unit)
    if level is None:
        return None
    if level == PoolLevel.LEVEL_1:
        existing = Pool.objects.filter(level=PoolLevel.LEVEL_1).first()
        if existing:
            return existing
        name = _("市级一级项目储备库")
    else:
        existing = Pool.objects.filter(unit=unit, level=level).first()
        if existing:
            return existing
        name = _("%(unit)s二级项目储备库") % {"unit": unit.name}
    pool = Pool(unit=unit, level=level, name=name)
    try:
        with transaction.atomic():
            save_with_history(pool, user, validate_constraints=False)
    except IntegrityError:  # created by a concurrent request
        return Pool.objects.get(unit=unit, level=level)
    return pool


def pools_ensure() -> int:
    """Create the missing pools of every unit (demo seed, existing databases). Returns how many."""
    have = set(Pool.objects.values_list("unit_id", flat=True))
    created = 0
    for unit in Unit.objects.filter(is_active=True).exclude(pk__in=have):
        if pool_ensure_for_unit(unit=unit) is not None:
            created += 1
    return created


def level1_pool() -> Pool:
    pool = Pool.objects.filter(level=PoolLevel.LEVEL_1).select_related("unit").first()
    if pool is None:
        from yingkou.choices import UnitKind

        drc = Unit.objects.filter(kind=UnitKind.DRC).first()
        rules.level1_pool_rule(drc)
        pool = pool_ensure_for_unit(unit=drc)
    return pool


# A plan or a choice made on no page, so on nothing shown (a job, the demo): it is never stale.
UNSEEN = object()


def _plan_of(pool: Pool) -> tuple[str, Decimal | None]:
    """The fields the DRC's plan (R-4) is made of, as compared for a stale edit."""
    return (pool.plan_period, pool.plan_investment)


def _plan_at_version(pool: Pool, version: int) -> tuple[str, Decimal | None] | None:
    """The plan the pool held at `version` (None: no such version was recorded), read back from
    its history: a version read by an API client stands for the plan it read."""
    then = pool.history.filter(version=version).order_by("-history_id").first()
    return None if then is None else _plan_of(then)


@transaction.atomic
def pool_set_plan(
    *,
    pool: Pool,
    plan_period: str,
    plan_investment: Decimal | None,
    user: User,
    seen_plan: tuple[str, Decimal | None] | object = UNSEEN,
    expected_version: int | None = None,
) -> Pool:
    """R-4: the DRC sets each pool's plan period and plan investment total. A person's edit
    names the plan it was made on (`seen_plan`, the period and total the form was drawn with;
    through the API, the `expected_version` read, standing for the plan at that version); one
    made after someone else changed the plan is refused (StaleVersion) instead of overwriting
    it. The responsible person, chosen by the unit on the same record meanwhile (R-5), is no
    reason to refuse it."""
    require(perms.can_set_plan(user, pool), _("规划投资总额由市发展改革委设定。"))
    # Of two edits sent together the second waits here, then finds the first one's plan; the
    # row is reloaded, so a field another writer changed in between (the person) is kept.
    lock_for_update(pool)
    if seen_plan is UNSEEN and expected_version is not None:
        seen_plan = (
            _plan_of(pool)
            if expected_version == pool.version
            else _plan_at_version(pool, expected_version)
        )
    if seen_plan is not UNSEEN and _plan_of(pool) != seen_plan:
        raise shared.stale(
            pool, _("该储备库的规划已被他人修改，请刷新页面后在最新版本上重新填写。")
        )
    pool.version += 1
    pool.plan_period = plan_period
    pool.plan_investment = plan_investment
    save_with_history(pool, user)
    return pool


# ---------------------------------------------------------------- declaration and review


def declaring_pool(user: User) -> Pool:
    require(perms.can_declare(user), _("只有单位录入员可以申报储备项目。"))
    pool = pool_ensure_for_unit(unit=user.unit)
    rules.declaring_pool_rule(pool)
    return pool


def _step(entry: Entry, action: str, level: int, user: User, comment: str = "") -> Step:
    return Step(entry=entry, action=action, level=level, actor=user, comment=comment)


def _record(entry: Entry, action: str, level: int, user: User, comment: str = "") -> Step:
    step = _step(entry, action, level, user, comment)
    save_with_history(step, user, exclude=["entry"])
    return step


@transaction.atomic
def entry_declare(*, project: Project, user: User, submit: bool = False) -> Entry:
    """Declare an existing project of the user's unit into its level-2 pool (申报, R-1, R-3)."""
    pool = declaring_pool(user)
    # Two declarations of one project released together: the second waits for the first and
    # then finds its entry, so it is refused like any duplicate.
    lock_for_update(project)
    require(perms.can_declare_project(user, project), _("只能申报本单位的项目。"))
    rules.reserve_scope_rule(total_investment=project.total_investment, stage=project.stage)
    rules.one_entry_rule(declared=Entry.objects.active().filter(project=project).exists())
    entry = Entry(project=project, pool=pool, declared_by=user)
    try:
        with transaction.atomic():
            # The unique constraint decides between two declarations saved at once.
            save_with_history(entry, user, validate_constraints=False)
    except IntegrityError:
        rules.one_entry_rule(declared=True)
    _record(entry, StepAction.DECLARE, PoolLevel.LEVEL_2, user)
    if submit:
        entry = entry_submit(entry=entry, user=user)
    return entry


@transaction.atomic
def entry_declare_new(*, user: User, submit: bool = False, **project_fields) -> Entry:
    """Create a project for the user's unit and declare it (the "declare a project" form)."""
    declaring_pool(user)
    project_fields.setdefault("stage", Stage.PLANNING)
    rules.reserve_scope_rule(
        total_investment=project_fields.get("total_investment"), stage=project_fields["stage"]
    )
    project = shared.project_create(user=user, allowed=perms.can_declare(user), **project_fields)
    return entry_declare(project=project, user=user, submit=submit)


@transaction.atomic
def entries_declare_new(*, user: User, projects: list[Project], comment: str = "") -> list[Entry]:
    """`entry_declare_new` for many projects at once (the Excel import): the same checks (R-1,
    R-2, §1), the same records — the project, its draft entry in the user's level-2 pool and the
    declaration step — each with a historical row naming the user, written in batches so 2,000
    rows cost a few hundred queries. The projects are new, so none is declared yet; the caller
    has validated each one (`full_clean`)."""
    pool = declaring_pool(user)
    for project in projects:
        rules.reserve_scope_rule(total_investment=project.total_investment, stage=project.stage)
    created = shared.projects_create(user=user, projects=projects, allowed=perms.can_declare(user))
    entries = bulk_create_with_history(
        [Entry(project=p, pool=pool, declared_by=user) for p in created],
        Entry,
        batch_size=500,
        default_user=user,
    )
    bulk_create_with_history(
        [_step(e, StepAction.DECLARE, PoolLevel.LEVEL_2, user, comment) for e in entries],
        Step,
        batch_size=500,
        default_user=user,
    )
    return entries


def _join_pool(entry: Entry, pool: Pool, level: int, user: User) -> None:
    membership = Membership(
        pool=pool, project=entry.project, entry=entry, level=level, since=timezone.now()
    )
    try:
        with transaction.atomic():
            save_with_history(membership, user, validate_constraints=False)
    except IntegrityError:
        rules.one_pool_per_level_rule(pooled=True)


def _leave_pools(entry: Entry, user: User) -> list[Membership]:
    left = list(Membership.objects.current().filter(entry=entry).select_related("pool"))
    for membership in left:
        membership.left_at = timezone.now()
        save_with_history(membership, user, update_fields=["left_at"])
    return left


@transaction.atomic
def entry_step(*, entry: Entry, action: str, user: User, comment: str = "") -> Entry:
    """Apply one review step (R-3) and record who, when and the comment."""
    entry = Entry.objects.select_for_update().select_related("pool", "project").get(pk=entry.pk)
    require(perms.can_step_entry(user, entry, action), perms.step_refusal(entry, action))
    level, status = rules.entry_transition_rule(entry=entry, action=action)
    if action == StepAction.RETURN:
        rules.return_comment_rule(comment=comment)
    if action in (StepAction.SUBMIT, StepAction.APPROVE, StepAction.RECOMMEND):
        rules.reserve_scope_rule(
            total_investment=entry.project.total_investment, stage=entry.project.stage
        )
    step_level = entry.level
    left = []
    if action == StepAction.APPROVE:
        pool = entry.pool if entry.level == PoolLevel.LEVEL_2 else level1_pool()
        _join_pool(entry, pool, entry.level, user)
        if entry.project.stage == Stage.PLANNING:
            shared.project_move_stage(project=entry.project, stage=Stage.RESERVE, user=user)
    if action == StepAction.WITHDRAW:
        left = _leave_pools(entry, user)
    entry.level, entry.status = level, status
    if action in (StepAction.APPROVE, StepAction.RETURN) or comment:
        entry.comment = comment
    save_with_history(entry, user, validate_constraints=False)
    step = _record(entry, action, step_level, user, comment)
    notices.entry_reviewed(entry, step)
    if left:
        cause = _("申报已撤回，项目已移出%(pools)s。") % {
            "pools": "、".join(m.pool.name for m in left)
        }
        notify_many(
            result.notice(NotificationKind.PROJECT_REEVALUATED, f"entry:{entry.pk}")
            for result in _candidates_left_pool(entry.project, cause=cause)
        )
    return entry


def entry_submit(*, entry: Entry, user: User) -> Entry:
    return entry_step(entry=entry, action=StepAction.SUBMIT, user=user)


def entry_approve(*, entry: Entry, user: User, comment: str = "") -> Entry:
    return entry_step(entry=entry, action=StepAction.APPROVE, user=user, comment=comment)


def entry_return(*, entry: Entry, user: User, comment: str) -> Entry:
    return entry_step(entry=entry, action=StepAction.RETURN, user=user, comment=comment)


def entry_recommend(*, entry: Entry, user: User, comment: str = "") -> Entry:
    return entry_step(entry=entry, action=StepAction.RECOMMEND, user=user, comment=comment)


def entry_withdraw(*, entry: Entry, user: User, comment: str = "") -> Entry:
    return entry_step(entry=entry, action=StepAction.WITHDRAW, user=user, comment=comment)


def _in_pool(project: Project) -> bool:
    return Membership.objects.current().filter(project=project).exists()


@transaction.atomic
def entry_publish(*, entry: Entry, published: bool, user: User) -> Entry:
    """R-7: a unit publishes (or unpublishes) one of its pooled projects on its portal."""
    require(perms.can_publish(user, entry), _("只有本单位或市发展改革委可以发布项目。"))
    # A withdrawal or removal from the pool at the same moment is waited for, then seen.
    lock_for_update(entry)
    if published:
        rules.publication_rule(in_pool=_in_pool(entry.project))
    entry.is_published = published
    save_with_history(entry, user, update_fields=["is_published", "updated_at"])
    return entry


@transaction.atomic
def entry_hand_over(*, entry: Entry, user: User):
    """R-8: hand a pooled project whose investor intent is clear to key-project assistance,
    through the assistance app's one handover service. Idempotent on the assistance side."""
    require(perms.can_hand_over(user, entry), _("转入精准帮扶由本单位审核人或市发展改革委办理。"))
    # Two handovers at once: the second waits, then finds the entry handed over (one step).
    lock_for_update(entry)
    rules.handover_rule(project=entry.project, in_pool=_in_pool(entry.project))
    assistance = import_module("assistance.services")
    case = assistance.assistance_case_open(project=entry.project, user=user, source="reserve")
    if entry.handed_over_at is None:
        entry.handed_over_at = timezone.now()
        save_with_history(entry, user, update_fields=["handed_over_at", "updated_at"])
        comment = (
            _(
                "总投资5亿元以上（含5亿元）的重大项目，由项目所属地区、部门提出，"
                "由市发展改革委负责纳入市级领导重点项目精准帮扶。"
            )
            if case.tier == "city"
            else _("由项目所属地区、部门负责帮扶。")
        )
        _record(entry, StepAction.HANDOVER, entry.level, user, comment)
    return case


@transaction.atomic
def reserve_project_changed(*, project: Project, changed: dict, user: User | None) -> list:
    """R-1 after a project change (the reserve app's answer to `project_changed`): a pooled
    project no longer in scope — past the planning stage or under 1,000 万元 — leaves its pools
    with the reason. It then drops out of R-4 health and of the next monthly list (both read the
    current memberships); archived months keep it. Its entry is closed, so it may be declared
    again once it fits. Its funding candidacies chosen from the pools are marked, and whoever
    chose them told (R-9, `_candidates_left_pool`)."""
    memberships = list(
        Membership.objects.current().filter(project=project).select_related("pool", "entry")
    )
    if not memberships:
        return []
    try:
        rules.reserve_scope_rule(total_investment=project.total_investment, stage=project.stage)
    except RuleViolation as exc:
        reason = exc.text
    else:
        return []
    now = timezone.now()
    for membership in memberships:
        membership.left_at = now
        membership.left_reason = reason[:200]
        save_with_history(membership, user, update_fields=["left_at", "left_reason"], reason=reason)
    entry = Entry.objects.select_for_update().get(pk=memberships[0].entry_id)
    if entry.status not in EntryStatus.closed():
        entry.status = EntryStatus.REMOVED
        entry.comment = reason
        save_with_history(
            entry, user, update_fields=["status", "comment", "updated_at"], reason=reason
        )
        if user is not None:
            _record(entry, StepAction.REMOVE, entry.level, user, reason)
    pools = "、".join(m.pool.name for m in memberships)
    cause = _("项目已移出%(pools)s：%(reason)s") % {"pools": pools, "reason": reason}
    return [
        Reevaluation(
            key=f"reserve:{entry.pk}:removed",
            title=_("%(project)s已移出%(pools)s") % {"project": project.name, "pools": pools},
            body=reason,
            url=reverse("reserve:entry_detail", args=[entry.pk]),
            units=tuple({project.owner_unit_id, *(m.pool.unit_id for m in memberships)}),
        ),
        *_candidates_left_pool(project, cause=cause),
    ]


def _candidates_left_pool(project: Project, *, cause: str) -> list[Reevaluation]:
    """R-9 once `project` left its pools (`cause` says how): each of its candidacies that
    `rules.candidate_left_pool_rule` now marks — chosen from the pools, without a written
    reason, for a year not ended — is told to the unit of whoever chose it and to the DRC, who
    decide whether it stays a candidate (one kept is given a written reason,
    `candidate_reason_record`). Nothing is changed on the candidate: the list reads the mark
    live."""
    candidates = (
        Candidate.objects.left_pool(timezone.localdate())
        .filter(project=project)
        .select_related("added_by")
    )
    drc = drc_unit_ids()
    return [
        Reevaluation(
            key=f"reserve:candidate:{candidate.pk}:left-pool",
            title=_("%(project)s已不在储备库：%(year)d年%(channel)s候选项目")
            % {
                "project": project.name,
                "year": candidate.year,
                "channel": candidate.get_channel_display(),
            },
            body=cause
            + "\n"
            + _(
                "资金渠道候选项目原则上从储备库中选取，库外项目确需入选须书面说明理由（R-9）。"
                "请核实：继续列为候选的，请在候选项目页面补充书面理由。"
            ),
            url=reverse("reserve:candidates") + "?left_pool=1",
            units=tuple({candidate.added_by.unit_id, *drc} - {None}),
        )
        for candidate in candidates
    ]


# ---------------------------------------------------------------- Friday updates


@transaction.atomic
def weekly_update_confirm(
    *, pool: Pool, user: User, note: str = "", day: dt.date | None = None
) -> WeeklyUpdate:
    """R-5: the unit confirms this week's update of its pool (once per week; a second
    confirmation updates the note)."""
    require(perms.can_confirm_update(user, pool), _("只能确认本单位项目库的更新。"))
    day = day or timezone.localdate()
    week = period_key("weekly", day)
    # Two confirmations at once: the second waits for the first and updates its note instead
    # of inserting the week twice.
    Pool.objects.select_for_update().filter(pk=pool.pk).values("pk").first()
    update = WeeklyUpdate.objects.filter(pool=pool, week=week).first()
    if update is None:
        update = WeeklyUpdate(
            pool=pool,
            week=week,
            week_friday=rules.weekly_update_friday_rule(day),
            confirmed_by=user,
        )
    update.note = note
    save_with_history(update, user, validate_constraints=False)
    return update


def weekly_reminders_create(*, day: dt.date) -> int:
    """R-5: remind every pool that has not confirmed the update of `day`'s week, addressed to
    its responsible person. A week with no working day owes none. Running it twice for a week
    creates nothing twice. Only a week still running is reminded: a catch-up run of a week that
    has ended (the scheduler stopped for weeks, a retry days later) reminds nobody, rather than
    handing the units a pile of requests to update by a day long past; their pages and the
    dispatch table already show those weeks late."""
    due = rules.weekly_update_due_rule(day)
    if due is None:
        return 0
    if period_bounds("weekly", day)[1] < timezone.localdate():
        return 0
    week = period_key("weekly", day)
    missing = (
        Pool.objects.exclude(weekly_updates__week=week)
        .exclude(reminders__week=week)
        .select_related("responsible")
    )
    reminders = [
        WeeklyReminder(pool=pool, week=week, due_on=due, recipient=pool.current_responsible)
        for pool in missing
    ]
    WeeklyReminder.objects.bulk_create(reminders, ignore_conflicts=True)
    for reminder in reminders:
        notices.weekly_update_reminder(reminder.pool, week=week, due=due)
    return len(reminders)


@transaction.atomic
def pool_responsible_set(
    *, pool: Pool, responsible: User, user: User, seen_responsible_id: int | None | object = UNSEEN
) -> Pool:
    """R-5: the unit names the person responsible for its pool's weekly update (专人负责). A
    person's choice names the responsible person it was made on (`seen_responsible_id`, None
    for none); one made after someone else named another is refused (StaleVersion) instead of
    replacing a choice the chooser never saw. The pool's plan, set by the DRC on the same
    record meanwhile, is no reason to refuse it."""
    require(perms.can_set_responsible(user, pool), _("储备库更新专人由本单位审核人指定。"))
    rules.pool_responsible_rule(pool=pool, responsible=responsible)
    # Of two choices sent together the second waits here, then finds the first one's person.
    lock_for_update(pool)
    # A choice of the person already named overwrites nothing, whoever named them meanwhile.
    replaced = pool.responsible_id not in (seen_responsible_id, responsible.pk)
    if seen_responsible_id is not UNSEEN and replaced:
        raise shared.stale(
            pool, _("该储备库的更新专人已被他人修改，请刷新页面后在最新版本上重新指定。")
        )
    # Still a new version of the pool, though a plan edit opened before it is not refused for it.
    pool.version += 1
    pool.responsible = responsible
    save_with_history(pool, user)
    return pool


def reserve_person_left(*, person: User, user: User | None) -> list:
    """R-5 after a person left (the reserve app's answer to `person_left`): a pool whose named
    responsible person no longer serves it has no one for its Friday update; its unit, whose
    reviewer names the next one, is told (the reminder meanwhile goes to the unit's staff)."""
    results = []
    for pool in Pool.objects.filter(responsible=person).select_related("unit", "responsible"):
        if pool.current_responsible is not None:
            continue
        results.append(
            Reevaluation(
                key=f"reserve:pool:{pool.pk}:responsible",
                title=_("%(pool)s的更新专人%(person)s已离开，请重新指定")
                % {"pool": pool.name, "person": person},
                body=_("储备库每周五更新由专人负责（R-5），请由本单位审核人重新指定。"),
                url=reverse("reserve:pool_detail", args=[pool.pk]),
                units=(pool.unit_id,),
            )
        )
    return results


# ---------------------------------------------------------------- candidates and funds


@transaction.atomic
def candidate_add(
    *, channel: str, year: int, project: Project, user: User, override_reason: str = ""
) -> Candidate:
    """R-9: put a project on a funding channel's candidate list; outside the pools only with a
    written reason."""
    require(perms.can_add_candidate(user), _("候选项目由市发展改革委、市招商局选定。"))
    # Two choices of one project at once: the second waits, then is told it is a candidate
    # already (the model's unique check) instead of failing on the database constraint.
    Project.objects.select_for_update().filter(pk=project.pk).values("pk").first()
    in_pool = _in_pool(project)
    rules.candidate_rule(in_pool=in_pool, reason=override_reason)
    candidate = Candidate(
        channel=channel,
        year=year,
        project=project,
        in_pool=in_pool,
        override_reason=override_reason.strip(),
        added_by=user,
    )
    save_with_history(candidate, user)
    return candidate


@transaction.atomic
def candidate_reason_record(*, candidate: Candidate, user: User, reason: str) -> Candidate:
    """R-9: a candidate whose project has left the pools since it was chosen
    (`Candidate.left_pool`) is kept with a written reason, as one chosen from outside them; the
    mark goes, and the history keeps who wrote the reason and when."""
    require(perms.can_add_candidate(user), _("候选项目由市发展改革委、市招商局选定。"))
    lock_for_update(candidate)  # a reason written meanwhile is seen: the candidate is kept
    listed = candidate.removed_at is None
    left_pool = rules.candidate_left_pool_rule(
        listed=listed,
        pooled=_in_pool(candidate.project),
        override_reason=candidate.override_reason,
        year=candidate.year,
        today=timezone.localdate(),
    )
    rules.candidate_reason_rule(listed=listed, left_pool=left_pool, reason=reason)
    candidate.override_reason = reason.strip()
    save_with_history(candidate, user, update_fields=["override_reason"])
    return candidate


@transaction.atomic
def candidate_remove(*, candidate: Candidate, user: User, reason: str) -> Candidate:
    """R-9: whoever chose a candidate, or the DRC, takes it off the list with a written reason
    (`rules.candidate_removal_rule`). It stays on record — the list shows it under 已移除, its
    history keeps who, when and why — and the other side is told: the DRC when the unit that
    chose it removes it, that unit when the DRC does, and whoever chose it unless he removed it
    himself."""
    lock_for_update(candidate)  # removed meanwhile by the other side: refused, not twice
    require(
        perms.can_remove_candidate(user, candidate),
        _("候选项目由选定的单位或市发展改革委移除。"),
    )
    rules.candidate_removal_rule(listed=candidate.removed_at is None, reason=reason)
    candidate.removed_at = timezone.now()
    candidate.removed_by = user
    candidate.removal_reason = reason.strip()
    save_with_history(
        candidate,
        user,
        update_fields=["removed_at", "removed_by", "removal_reason"],
        reason=_("从候选名单中移除（R-9）：%(reason)s") % {"reason": candidate.removal_reason},
    )
    notices.candidate_removed(candidate)
    return candidate


@transaction.atomic
def reserve_fund_set(
    *,
    unit: Unit,
    year: int,
    amount: Decimal,
    user: User,
    budget_document: str = "",
    expected_version: int | None = None,
) -> ReserveFund:
    """R-10: record (or correct) a unit's reserve special fund for a year. A person's entry
    names the version of the year's fund it corrects (0 for a year not entered yet); a stale one
    is refused (StaleVersion) instead of overwriting what another entered meanwhile."""
    require(perms.can_enter_fund(user), _("储备专项资金由市发展改革委录入。"))
    rules.reserve_fund_rule(unit=unit, year=year)
    stale = _("该年度的储备专项资金已被他人录入或修改，请刷新页面后在最新版本上修改。")
    fund = claimed_or_new(ReserveFund, expected_version, stale, unit=unit, year=year)
    fund.amount = amount
    fund.budget_document = budget_document
    fund.entered_by = user
    save_claimed(fund, user, stale, unit=unit, year=year)
    return fund


# ---------------------------------------------------------------- monthly archives


def _month_closed_or_refuse(year: int, month: int) -> None:
    rules.month_archive_rule(year=year, month=month, today=timezone.localdate())


def _archive(kind: str, period: str, **values) -> MonthlyArchive:
    try:
        with transaction.atomic():
            return MonthlyArchive.objects.create(kind=kind, period=period, **values)
    except IntegrityError:  # archived meanwhile by the job or another download
        return MonthlyArchive.objects.get(kind=kind, period=period)


def monthly_archive_circular(*, year: int, month: int) -> tuple[MonthlyArchive, MonthlyArchive]:
    """R-6: archive the month's circular of every unit's reserve work and the city summary.
    Idempotent: an archived month is returned as it is."""
    from . import selectors

    _month_closed_or_refuse(year, month)
    period = f"{year}-{month:02d}"
    existing = {
        a.kind: a
        for a in MonthlyArchive.objects.filter(
            period=period, kind__in=[ArchiveKind.CIRCULAR, ArchiveKind.CITY_SUMMARY]
        )
    }
    if len(existing) == 2:
        return existing[ArchiveKind.CIRCULAR], existing[ArchiveKind.CITY_SUMMARY]
    rows = selectors.circular_rows(year, month)
    circular = existing.get(ArchiveKind.CIRCULAR) or _archive(
        ArchiveKind.CIRCULAR, period, data={"rows": rows}, row_count=len(rows)
    )
    summary = existing.get(ArchiveKind.CITY_SUMMARY) or _archive(
        ArchiveKind.CITY_SUMMARY,
        period,
        data=selectors.city_summary(year, month, circular.data["rows"]),
    )
    return circular, summary


def monthly_archive_detail_list(*, year: int, month: int) -> MonthlyArchive:
    """R-6: archive the month's project detail list for the investment bureau as the very file
    it downloads, so a closed month is the same file on every download. Idempotent."""
    from . import selectors
    from .exports import DetailListExporter

    _month_closed_or_refuse(year, month)
    period = f"{year}-{month:02d}"
    existing = MonthlyArchive.objects.filter(kind=ArchiveKind.DETAIL_LIST, period=period).first()
    if existing:
        return existing
    exporter = DetailListExporter(
        selectors.detail_list_rows(selectors.month_end(year, month))
    ).describe(
        title="项目明细表",
        period=f"{year}年{month}月",
        scope="全市",
        as_of=period_bounds("monthly", dt.date(year, month, 1))[1],
    )
    with tempfile.TemporaryFile() as spool:
        exporter.write(spool)
        spool.seek(0)
        content = spool.read()
    return _archive(
        ArchiveKind.DETAIL_LIST,
        period,
        content=content,
        row_count=exporter.count,
        data={"total_investment": f"{exporter.total:.2f}"},
    )
