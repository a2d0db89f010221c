"""Writes of key-project assistance (SPEC §4): `<entity>_<action>(*, ..., user)`, keyword-only,
calling the rules of `assistance.rules`, the permission checks of `assistance.permissions` and
`full_clean()`."""

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from types import SimpleNamespace

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yingkou.choices import NotificationKind, Stage, TeamPhase
from yingkou.dates import month_day
from yingkou.errors import RuleViolation
from yingkou.industries import authority_table, industry_authority_rule
from yingkou.models import Leader, Project, Team, Unit, User
from yingkou.notifications import drc_unit_ids, leader_or_city_government, notify_many
from yingkou.permissions import require
from yingkou.project_changes import Reevaluation
from yingkou.rules import city_leader_in_charge
from yingkou.services import (
    claim_version,
    claimed_or_new,
    close_deadline_work,
    dispatch_record,
    lock_for_update,
    project_move_stage,
    save_claimed,
    save_with_history,
    team_carry_over,
)

from . import notices, rules
from . import permissions as perm
from .choices import (
    ActionStatus,
    CaseSource,
    CaseStatus,
    CoordinationStatus,
    ProblemStatus,
    ReminderOccasion,
    TeamStatus,
    Tier,
)
from .models import (
    ActionItem,
    AssistanceCase,
    AssistancePlan,
    CoordinationEntry,
    CoordinationReport,
    GeneralLiaison,
    IndustryService,
    JointMeeting,
    Problem,
    ProgressReport,
    PromotionGroup,
    PublicationReminder,
    SupervisionReport,
    WeeklyDispatch,
    WeeklyProgress,
)

# Where a case's team comes from: the phase the project was served in before.
# The source's own phase first; a project signed after the reserve pools has both.
_PREVIOUS_PHASES = {
    CaseSource.RESERVE: (TeamPhase.RESERVE, TeamPhase.NEGOTIATION),
    CaseSource.NEGOTIATION: (TeamPhase.NEGOTIATION, TeamPhase.RESERVE),
    CaseSource.DIRECT: (TeamPhase.NEGOTIATION, TeamPhase.RESERVE),
}
# The project stages at which the case is handed on to enterprise help (E-1, 竣工投产).
HANDOVER_STAGES = (Stage.COMPLETED, Stage.OPERATING)


def arrangement_noted(case: AssistanceCase, *, decided: bool) -> None:
    """A-5: keep on the case (not saved here) the day its arrangement — the approved team with
    its assisting leader — was decided, from which its publication on the unit's portal is
    counted (`rules.publication_due_rule`). `decided`: the team was decided now (a city leader's
    approval, a local team saved by its area), so what is to be published changed; otherwise the
    day stays, and is only set when the case has just become arranged (its tier fell to local).
    A case not arranged owes no publication and keeps no day."""
    if not case.arranged:
        case.arranged_on = None
    elif decided or case.arranged_on is None:
        case.arranged_on = timezone.localdate()


# --- cases (A-1, A-2) --------------------------------------------------------------------------


def assistance_case_open(*, project: Project, user: User | None, source: str) -> AssistanceCase:
    """Take a project into key-project assistance (A-1, A-2; handover from R-8 and N-1).

    Idempotent: a second call returns the existing case. The tier comes from
    `assistance_tier_rule`; the leader, lead unit and team are carried over from the reserve or
    negotiation phase (保持帮扶领导、部门、团队不变). A city-tier case starts as a proposal whose
    team needs the assisting city leader's approval (A-5); a local case's team is the
    area/department's own decision.
    """
    if source not in CaseSource.values:
        raise ValueError(f"unknown source {source!r}")
    existing = AssistanceCase.objects.filter(project=project).first()
    if existing:
        return existing
    rules.assistance_scope_rule(project)
    try:
        with transaction.atomic():
            return _open(project=project, user=user, source=source)
    except IntegrityError:
        # Two handovers at once: the other one won, and its case is the case.
        return AssistanceCase.objects.get(project=project)


def _open(*, project: Project, user: User | None, source: str) -> AssistanceCase:
    tier = rules.assistance_tier_rule(project)
    team = None
    for phase in _PREVIOUS_PHASES[source]:
        team = team_carry_over(
            project=project, from_phase=phase, to_phase=TeamPhase.ASSISTANCE, user=user
        )
        if team is not None:
            break
    if team is None:
        team = Team(
            project=project,
            phase=TeamPhase.ASSISTANCE,
            lead_unit=project.landing_unit or project.owner_unit,
        )
        save_with_history(team, user)
    elif team.lead_leader is not None:
        try:
            rules.assistance_lead_rule(tier=tier, leader=team.lead_leader, lead_unit=team.lead_unit)
        except RuleViolation:
            # The earlier phase's lead is not senior enough for city-leader assistance: the
            # city leader is named in the A-5 approval instead.
            team.lead_leader = None
            save_with_history(team, user)
    case = AssistanceCase(
        project=project,
        tier=tier,
        source=source,
        team=team,
        team_status=TeamStatus.PROPOSED if tier == Tier.CITY else TeamStatus.APPROVED,
        opened_on=timezone.localdate(),
    )
    arrangement_noted(case, decided=True)
    save_with_history(case, user)
    notices.industry_service_awaited(case)
    return case


@transaction.atomic
def assistance_case_advance(*, case: AssistanceCase, stage: str, user: User) -> AssistanceCase:
    """Move the assisted project along its stages (A-1: reserve → promotion → construction →
    completion/production). On completion or start of operation the case is handed on to
    enterprise help (E-1) with the same leader, department and team; a stopped project closes it."""
    lock_for_update(case)
    require(perm.can_move_case(user, case))
    rules.case_active_rule(case=case, stage=stage, handover_stages=HANDOVER_STAGES)
    project = project_move_stage(project=case.project, stage=stage, user=user)
    case.project = project
    if stage in HANDOVER_STAGES:
        assistance_case_hand_over(case=case, user=user)
    elif stage == Stage.STOPPED:
        case.status = CaseStatus.CLOSED
        save_with_history(case, user)
    return case


def assistance_case_hand_over(*, case: AssistanceCase, user: User | None) -> AssistanceCase:
    """E-1: hand a completed or operating project on to operating-enterprise help, only through
    the enterprise app's service; the leader, department and team stay. Idempotent."""
    from enterprise.services import enterprise_register_from_project

    enterprise_register_from_project(project=case.project, user=user)
    # The job and a person may hand the same case over at once: decide on the locked row.
    lock_for_update(case)
    if case.status == CaseStatus.ACTIVE:
        case.status = CaseStatus.HANDED_OVER
        case.handed_over_on = timezone.localdate()
        save_with_history(case, user)
    return case


def assistance_cases_follow_projects() -> tuple[int, int]:
    """Bring active cases in line with their projects' stages (A-1, E-1); returns how many were
    handed over and closed. A project the enterprise app declines stays an active case."""
    handed = closed = 0
    cases = AssistanceCase.objects.filter(status=CaseStatus.ACTIVE).select_related("project")
    for case in cases.filter(project__stage__in=HANDOVER_STAGES):
        try:
            with transaction.atomic():
                assistance_case_hand_over(case=case, user=None)
        except RuleViolation:
            continue
        handed += 1
    for case in cases.filter(project__stage=Stage.STOPPED):
        with transaction.atomic():
            lock_for_update(case)
            if case.status != CaseStatus.ACTIVE:
                continue  # handed over or closed by a person meanwhile
            case.status = CaseStatus.CLOSED
            save_with_history(case, None)
        closed += 1
    return handed, closed


@transaction.atomic
def assistance_plan_save(
    *,
    unit: Unit,
    year: int,
    title: str,
    content: str,
    is_published: bool,
    user: User,
    expected_version: int | None = None,
) -> AssistancePlan:
    """An area's/department's yearly assistance plan, published on its public page (A-5), for
    one of the years open today (`rules.plan_year_rule`). Created on its first save; an edit
    names the version it was made on (0: no plan yet; a plan there then is refused as
    `RecordExists`, a stale edit). Saved as public it is adopted, and a change of its text
    adopts it again: its publication on the unit's portal is counted from that day
    (`rules.plan_adoption_rule`)."""
    require(perm.can_edit_plan(user, unit))
    today = timezone.localdate()
    rules.plan_year_rule(year=year, today=today)
    message = _("%(year)s年度帮扶方案已被他人修改或新建，请刷新页面后在最新版本上重新填写。") % {
        "year": year
    }
    plan = claimed_or_new(AssistancePlan, expected_version, message, unit=unit, year=year)
    before = None if plan._state.adding else (plan.title, plan.content, plan.is_published)
    plan.title, plan.content, plan.is_published = title, content, is_published
    plan.adopted_on = rules.plan_adoption_rule(
        adopted_on=plan.adopted_on,
        before=before,
        after=(plan.title, plan.content, plan.is_published),
        today=today,
    )
    save_claimed(plan, user, message, unit=unit, year=year)
    return plan


@transaction.atomic
def assistance_plan_publication_record(
    *,
    plan: AssistancePlan,
    user: User,
    published_on: dt.date,
    url: str = "",
    note: str = "",
    expected_version: int,
) -> AssistancePlan:
    """A-5: the plan's own area or department records the day it published the plan on its
    portal, with the page's address or a note; recorded again after a later publication. On
    the version the editor saw (a stale one is refused)."""
    require(perm.can_record_plan_publication(user, plan))
    claim_version(
        plan, expected_version, _("该帮扶方案已被他人修改，请刷新页面后在最新版本上重新填写。")
    )
    plan.refresh_from_db()
    rules.plan_publication_record_rule(
        adopted=plan.adopted,
        adopted_on=plan.adopted_on,
        published_on=published_on,
        today=timezone.localdate(),
        url=url,
        note=note,
    )
    plan.published_on = published_on
    plan.published_url = url.strip()
    plan.published_note = note.strip()
    save_with_history(plan, user, reason=_("门户网站公示（A-5）"))
    return plan


# --- team approval and liaisons (A-6) ---------------------------------------------------


@transaction.atomic
def assistance_team_propose(
    *,
    case: AssistanceCase,
    user: User,
    responsible_leader: Leader | None,
    assisting_leader: Leader | None = None,
    cooperating_units: Iterable[Unit] = (),
    members: Iterable[User] = (),
    service_liaison: User | None = None,
    project_liaison: User | None = None,
    plan: str | None = None,
    expected_version: int | None = None,
) -> AssistanceCase:
    """The area/department names the responsible leader and proposes the team (A-5, A-6).

    For a city-tier case this (re)starts the approval: the team stays a proposal until the
    assisting city leader approves it. A local case's team is the area's own decision (自行确定).
    A person's edit names the case version it was made on; a stale one is refused (StaleVersion).
    An assisting leader named here receives the case's escalations still waiting for the city's
    instruction when a city leader, and is told of them (A-3, `_escalations_follow_leader`).
    """
    require(perm.can_propose_team(user, case))
    if expected_version is None:
        expected_version = AssistanceCase.objects.values_list("version", flat=True).get(pk=case.pk)
    claim_version(
        case, expected_version, _("该帮扶项目已被他人修改，请刷新页面后在最新版本上重新填写。")
    )
    case.refresh_from_db()
    rules.team_step_rule(case, rules.TeamStep.PROPOSE)
    team = case.team
    receiving = rules.escalation_receiving_leader(case)
    if assisting_leader is not None:
        rules.assistance_lead_rule(
            tier=case.tier, leader=assisting_leader, lead_unit=team.lead_unit
        )
        team.lead_leader = assisting_leader
    if case.tier == Tier.LOCAL:
        rules.assisting_leader_rule(tier=case.tier, leader=team.lead_leader)
    if case.tier == Tier.CITY:
        rules.assistance_responsible_leader_rule(
            leader=responsible_leader, lead_unit=team.lead_unit
        )
    rules.assistance_liaison_rule(
        tier=case.tier,
        lead_unit=team.lead_unit,
        service_liaison=service_liaison,
        project_liaison=project_liaison,
    )
    cooperating_units, members = list(cooperating_units), list(members)
    rules.assistance_team_people_rule(
        unit_ids=rules.team_people_unit_ids(
            lead_unit_id=team.lead_unit_id,
            project=case.project,
            cooperating_unit_ids=[unit.pk for unit in cooperating_units],
        ),
        service_liaison=service_liaison,
        members=members,
    )
    team.service_liaison = service_liaison
    team.project_liaison = project_liaison
    save_with_history(
        team, user, relations={"cooperating_units": cooperating_units, "members": members}
    )
    case.responsible_leader = responsible_leader
    if plan is not None:
        case.plan = plan
    if case.tier == Tier.CITY:
        case.team_status = TeamStatus.PROPOSED
        case.team_approved_on = None
    arrangement_noted(case, decided=True)
    save_with_history(case, user)
    if case.tier == Tier.CITY:
        notices.team_proposed(case)
    _escalations_follow_leader(case, before=receiving)
    return case


@transaction.atomic
def assistance_publication_record(
    *,
    case: AssistanceCase,
    user: User,
    published_on: dt.date,
    url: str = "",
    note: str = "",
    expected_version: int,
) -> AssistanceCase:
    """A-5: the lead area or department records the day it published the case's arrangement
    (plan, project, leaders, team) on its portal, with the page's address or a note; recorded
    again after a later publication. On the version the editor saw (a stale one is refused)."""
    require(perm.can_record_publication(user, case))
    claim_version(
        case, expected_version, _("该帮扶项目已被他人修改，请刷新页面后在最新版本上重新填写。")
    )
    case.refresh_from_db()
    rules.publication_record_rule(
        arranged=case.arranged,
        arranged_on=case.arranged_on,
        published_on=published_on,
        today=timezone.localdate(),
        url=url,
        note=note,
    )
    case.published_on = published_on
    case.published_url = url.strip()
    case.published_note = note.strip()
    save_with_history(case, user, reason=_("门户网站公示（A-5）"))
    return case


def assistance_publication_remind(*, day: dt.date) -> dict[str, int]:
    """A-5: on `day`, each area or department is told of what it has still to publish on its
    portal — the arrangements of the cases it leads and its own yearly plans: from their
    reminder day, that the due day is coming; once the due day has ended, that it has passed
    (`rules.publication_reminder_occasion_rule`). A reminder missed (a day off, a run that did
    not happen) is told on the next run; what was published since it was decided is told
    nothing. Each (case or plan, decision day, occasion) is recorded once
    (`PublicationReminder`, its unique constraint deciding between two runs at once) and told
    only by the run that recorded it, so a rerun tells no one twice and a later decision is
    reminded afresh. Returns how many were recorded per occasion."""
    overdue_until = rules.publication_overdue_until(day)
    remind_until = rules.publication_remind_until(day)
    cases = _not_told_overdue(
        AssistanceCase.objects.filter(rules.publication_owed_q(remind_until)).select_related(
            "project", "team"
        ),
        "case",
        "arranged_on",
    )
    plans = _not_told_overdue(
        AssistancePlan.objects.filter(rules.plan_publication_owed_q(remind_until)),
        "plan",
        "adopted_on",
    )
    recorded = []
    for record, target, decided_on, unit_id in [
        *((case, "case", case.arranged_on, case.team.lead_unit_id) for case in cases),
        *((plan, "plan", plan.adopted_on, plan.unit_id) for plan in plans),
    ]:
        occasion = rules.publication_reminder_occasion_rule(
            state=record.publication_state(overdue_until),
            decided_on=decided_on,
            remind_until=remind_until,
        )
        if not occasion or (occasion == ReminderOccasion.COMING and record.told_coming):
            continue
        reminder = PublicationReminder(
            **{target: record},
            decided_on=decided_on,
            occasion=occasion,
            due_on=rules.publication_due_rule(decided_on),
            unit_id=unit_id,
            sent_on=timezone.localdate(),
        )
        try:
            with transaction.atomic():
                reminder.save()
        except IntegrityError:  # recorded by another run meanwhile, which tells the unit
            continue
        recorded.append(reminder)
    notices.publication_reminders(recorded)
    counts = dict.fromkeys(ReminderOccasion.values, 0)
    for reminder in recorded:
        counts[reminder.occasion] += 1
    return counts


def _not_told_overdue(records, target: str, decided: str):
    """The records not yet told that their publication is overdue for the decision they now
    stand on, each saying whether it was told that its due day is coming (`told_coming`)."""
    told = PublicationReminder.objects.filter(
        **{target: OuterRef("pk"), "decided_on": OuterRef(decided)}
    )
    return (
        records.annotate(
            told_coming=Exists(told.filter(occasion=ReminderOccasion.COMING)),
            told_overdue=Exists(told.filter(occasion=ReminderOccasion.OVERDUE)),
        )
        .filter(told_overdue=False)
        .order_by(decided, "pk")
    )


def _claim_team_status(case: AssistanceCase, expected: str, new: str) -> None:
    """Move the A-5 step with a conditional UPDATE: of two people deciding the same list at once
    (approve and send back), exactly one wins; the other gets the rule error."""
    claimed = AssistanceCase.objects.filter(pk=case.pk, team_status=expected).update(
        team_status=new
    )
    rules.team_step_claimed_rule(claimed=bool(claimed))
    case.team_status = new


@transaction.atomic
def assistance_team_compile(
    *, case: AssistanceCase, user: User, assisting_leader: Leader | None = None
) -> AssistanceCase:
    """The DRC compiles the proposed team and submits it to the assisting city leader (A-5); a
    leader it names instead of the proposed one is told of the case's escalations still waiting
    for the city's instruction, which are now his (A-3, `_escalations_follow_leader`)."""
    require(perm.can_compile_team(user, case))
    rules.team_step_rule(case, rules.TeamStep.COMPILE)
    team = case.team
    leader = assisting_leader or team.lead_leader
    rules.assisting_leader_rule(tier=case.tier, leader=leader)
    rules.assistance_lead_rule(tier=case.tier, leader=leader, lead_unit=team.lead_unit)
    _claim_team_status(case, TeamStatus.PROPOSED, TeamStatus.COMPILED)
    receiving = rules.escalation_receiving_leader(case)
    if team.lead_leader_id != leader.pk:
        team.lead_leader = leader
        save_with_history(team, user)
    case.team_comment = ""
    save_with_history(case, user)
    notices.team_compiled(case)
    _escalations_follow_leader(case, before=receiving)
    return case


@transaction.atomic
def assistance_team_approve(*, case: AssistanceCase, user: User) -> AssistanceCase:
    """The assisting city leader approves the compiled team (A-5); it is then published, and the
    area or department that proposed it is told."""
    require(perm.can_decide_team(user, case))
    rules.team_step_rule(case, rules.TeamStep.APPROVE)
    _claim_team_status(case, TeamStatus.COMPILED, TeamStatus.APPROVED)
    case.team_approved_on = timezone.localdate()
    arrangement_noted(case, decided=True)
    save_with_history(case, user, reason=_team_decision_reason(case, user))
    notices.team_decided(case)
    return case


def _team_decision_reason(case: AssistanceCase, user: User) -> str:
    """The history's note when someone else records the assisting leader's decision: the
    historical row names who acted, the note whose decision it was (代为录入)."""
    if not perm.team_decided_on_behalf(user, case):
        return ""
    leader = case.team.lead_leader
    return (_("代为录入：帮扶市领导%(leader)s的决定") % {"leader": leader.name if leader else ""})[
        :100
    ]


@transaction.atomic
def assistance_team_return(*, case: AssistanceCase, user: User, comment: str) -> AssistanceCase:
    """The assisting city leader sends the team back to the area/department with comments (A-5);
    the area or department is told, with the comments."""
    require(perm.can_decide_team(user, case))
    rules.team_step_rule(case, rules.TeamStep.RETURN, comment=comment)
    _claim_team_status(case, TeamStatus.COMPILED, TeamStatus.RETURNED)
    case.team_comment = comment
    save_with_history(case, user, reason=_team_decision_reason(case, user))
    notices.team_decided(case)
    return case


@transaction.atomic
def general_liaison_set(
    *, unit: Unit, liaison: User, user: User, expected_version: int | None = None
) -> GeneralLiaison:
    """One general liaison per area/department, reporting to the DRC (A-6). A person names the
    version of the unit's liaison record they saw (0: none yet); a stale one is refused."""
    require(perm.can_set_general_liaison(user, unit))
    rules.general_liaison_rule(unit=unit, liaison=liaison)
    message = _("该单位的总联络员已被他人指定或修改，请刷新页面后重新指定。")
    record = claimed_or_new(GeneralLiaison, expected_version, message, unit=unit)
    record.user = liaison
    save_claimed(record, user, message, unit=unit)
    return record


# --- problems (A-3) ---------------------------------------------------------------------------


def problem_create(
    *,
    case: AssistanceCase,
    user: User,
    category: str,
    title: str,
    owner_unit: Unit,
    due_on: dt.date,
    description: str = "",
    raised_on: dt.date | None = None,
) -> Problem:
    """Record a "last mile" problem with its owner unit and due date (A-3)."""
    require(perm.can_work_on_case(user, case))
    raised_on = raised_on or timezone.localdate()
    rules.problem_due_rule(raised_on=raised_on, due_on=due_on)
    problem = Problem(
        case=case,
        category=category,
        title=title,
        description=description,
        owner_unit=owner_unit,
        raised_on=raised_on,
        due_on=due_on,
    )
    save_with_history(problem, user)
    return problem


@transaction.atomic
def problem_solve(
    *, problem: Problem, user: User, outcome: str, done_on: dt.date | None = None
) -> Problem:
    """Close a problem with how it was solved (A-3)."""
    return close_deadline_work(
        problem,
        user,
        allowed=perm.can_solve_problem,
        check=lambda locked, _day: rules.problem_solve_rule(locked, outcome),
        outcome=outcome,
        done_on=done_on,
        status=ProblemStatus.SOLVED,
    )


@transaction.atomic
def problem_escalate(*, problem: Problem, user: User, reason: str) -> Problem:
    """Report a problem the team cannot solve to the city government (A-3, A-8); it then shows
    to the city leaders and the DRC."""
    lock_for_update(problem)
    require(perm.can_escalate_problem(user, problem))
    rules.problem_escalation_rule(problem, reason)
    problem.escalated = True
    problem.escalated_on = timezone.localdate()
    problem.escalation_reason = reason
    save_with_history(problem, user)
    notices.problem_escalated(problem)
    return problem


@transaction.atomic
def problem_instruct(*, problem: Problem, user: User, instruction: str) -> Problem:
    """Record the city government's instruction on an escalated problem; the team that reported
    it and the problem's owner unit are told."""
    lock_for_update(problem)
    require(perm.can_instruct_problem(user, problem))
    rules.problem_instruction_rule(problem, instruction)
    problem.city_instruction = instruction
    save_with_history(problem, user)
    notices.problem_instructed(problem)
    return problem


# --- progress -------------------------------------------------------------------------------


@transaction.atomic
def progress_record(
    *,
    case: AssistanceCase,
    user: User,
    month: dt.date,
    planned_investment: Decimal,
    actual_investment: Decimal,
    note: str = "",
    expected_version: int | None = None,
) -> ProgressReport:
    """Record (or correct) a month's planned and actual investment of a case, on the version
    of that month's report the editor saw (0: none yet); a stale one is refused."""
    require(perm.can_work_on_case(user, case))
    month = month.replace(day=1)
    rules.progress_month_rule(month=month, today=timezone.localdate())
    message = _("该月进展已有填报或已被他人修改，请点该月的“修改”，在最新数据上重新填写。")
    report = claimed_or_new(ProgressReport, expected_version, message, case=case, month=month)
    report.planned_investment = planned_investment
    report.actual_investment = actual_investment
    report.note = note
    save_claimed(report, user, message, case=case, month=month)
    return report


# --- promotion groups (A-4) -----------------------------------------------------------------


@transaction.atomic
def promotion_group_save(
    *,
    user: User,
    name: str,
    areas: Iterable[Unit],
    head: User | None = None,
    members: Iterable[User] = (),
    group: PromotionGroup | None = None,
    expected_version: int | None = None,
) -> PromotionGroup:
    """Form or change a DRC promotion group covering some areas (A-4). A change names the
    group's version it was made on; a stale one is refused (StaleVersion)."""
    require(perm.can_manage_groups(user))
    if group is not None:
        lock_for_update(group)
        claim_version(
            group,
            group.version if expected_version is None else expected_version,
            _("该推进组已被他人修改，请刷新页面后在最新版本上重新填写。"),
        )
    areas = list(areas)
    others = PromotionGroup.areas.through.objects.select_related("promotiongroup")
    if group is not None:
        others = others.exclude(promotiongroup=group)
    taken = {row.unit_id: row.promotiongroup.name for row in others}
    rules.promotion_group_areas_rule(group_id=group.pk if group else None, areas=areas, taken=taken)
    namesakes = PromotionGroup.objects.filter(name=name)
    if group is not None:
        namesakes = namesakes.exclude(pk=group.pk)
    rules.promotion_group_name_rule(name=name, name_taken=namesakes.exists())
    group = group or PromotionGroup()
    group.name = name
    group.head = head
    save_with_history(group, user, relations={"areas": areas, "members": list(members)})
    return group


# --- joint meetings (A-7) -------------------------------------------------------------------


@transaction.atomic
def meeting_create(
    *,
    case: AssistanceCase,
    user: User,
    held_on: dt.date,
    attendees: Iterable[Unit],
    place: str = "",
    minutes: str = "",
    decisions: str = "",
    convened_by: Leader | None = None,
) -> JointMeeting:
    """Record a joint meeting convened by the assisting leader with the approval departments and
    utilities (A-7); the unit he convenes it from is kept with it, as the unit that keeps its
    record (`permissions.can_edit_minutes`)."""
    require(perm.can_convene_meeting(user, case))
    convened_by = convened_by or case.team.lead_leader
    rules.meeting_leader_rule(convened_by)
    rules.meeting_convener_rule(case=case, leader=convened_by)
    attendees = list(attendees)
    rules.meeting_attendees_rule(attendees)
    meeting = JointMeeting(
        case=case,
        convened_by=convened_by,
        convening_unit_id=convened_by.unit_id,
        held_on=held_on,
        place=place,
        minutes=minutes,
        decisions=decisions,
    )
    save_with_history(meeting, user, relations={"attendees": attendees})
    return meeting


@transaction.atomic
def meeting_update_minutes(
    *,
    meeting: JointMeeting,
    user: User,
    minutes: str,
    decisions: str,
    expected_version: int | None = None,
) -> JointMeeting:
    """A-7: the minutes and decisions (纪要, 议定事项), edited on the version the editor saw; a
    stale edit is refused (StaleVersion) instead of overwriting the other's."""
    require(perm.can_edit_minutes(user, meeting))
    lock_for_update(meeting)
    claim_version(
        meeting,
        meeting.version if expected_version is None else expected_version,
        _("会议纪要已被他人修改，请刷新页面后在最新版本上重新填写。"),
    )
    meeting.minutes, meeting.decisions = minutes, decisions
    save_with_history(meeting, user)
    return meeting


def action_item_add(
    *, meeting: JointMeeting, user: User, description: str, owner_unit: Unit, due_on: dt.date
) -> ActionItem:
    """An action item agreed at the meeting; it appears in the owner unit's queue (A-7)."""
    require(perm.can_edit_minutes(user, meeting))
    rules.action_item_rule(held_on=meeting.held_on, due_on=due_on, owner_unit=owner_unit)
    item = ActionItem(
        meeting=meeting, description=description, owner_unit=owner_unit, due_on=due_on
    )
    save_with_history(item, user)
    return item


@transaction.atomic
def action_item_complete(
    *, item: ActionItem, user: User, outcome: str, done_on: dt.date | None = None
) -> ActionItem:
    return close_deadline_work(
        item,
        user,
        allowed=perm.can_complete_action,
        check=lambda locked, _day: rules.action_item_done_rule(locked, outcome),
        outcome=outcome,
        done_on=done_on,
        status=ActionStatus.DONE,
    )


# --- supervision archives (A-8) -------------------------------------------------------------


def report_archive(
    *,
    kind: str,
    period_key: str,
    scope: str,
    title: str,
    content: dict,
    lead_units: Iterable[int] = (),
    group_areas: Iterable[int] = (),
    group_people: Iterable[int] = (),
) -> tuple[SupervisionReport, bool]:
    """Archive a dispatch/report for its period once; a second run returns the first archive.
    A dispatch keeps who reads it (A-4): the lead units of the cases it lists, and the group's
    areas, head and members as they stood in its month."""
    try:
        with transaction.atomic():
            report, created = SupervisionReport.objects.get_or_create(
                kind=kind,
                period_key=period_key,
                scope=scope,
                defaults={"title": title, "content": content},
            )
            if created:
                for readers, ids in (
                    (report.lead_units, lead_units),
                    (report.group_areas, group_areas),
                    (report.group_people, group_people),
                ):
                    if ids:
                        # A unit or user of the group's history removed since reads nothing.
                        readers.set(readers.model.objects.filter(pk__in=set(ids)).order_by("pk"))
    except IntegrityError:
        return SupervisionReport.objects.get(kind=kind, period_key=period_key, scope=scope), False
    return report, created


@transaction.atomic
def industry_service_assign(
    *,
    case: AssistanceCase,
    user: User,
    leader_in_charge: Leader,
    service_staff: User,
    expected_version: int | None = None,
) -> IndustryService:
    """A-3 (帮扶机制二(二)): the competent department for the project's industry names its
    leader in charge and service staff for the key project (为每个重点项目配备分管领导和服务人员);
    naming them again replaces them, on the version the editor saw (0: none yet) — a stale one
    is refused."""
    require(perm.can_assign_industry_service(user, case))
    department = user.unit
    rules.industry_service_rule(
        department=department, leader_in_charge=leader_in_charge, service_staff=service_staff
    )
    message = _("本部门的服务配备已被他人修改，请刷新页面后重新配备。")
    service = claimed_or_new(
        IndustryService, expected_version, message, case=case, department=department
    )
    service.leader_in_charge = leader_in_charge
    service.service_staff = service_staff
    save_claimed(service, user, message, case=case, department=department)
    return service


# --- project changes (§1) ---------------------------------------------------------------------


@transaction.atomic
def assistance_project_changed(*, project: Project, changed: dict, user: User | None) -> list:
    """A-2 after a project change (the assistance app's answer to `project_changed`): the tier
    is decided again. A case that becomes city tier needs an assisting city leader — a lead who
    is not one steps down — and its team goes back through the A-5 approval, starting from the
    area's proposal of a responsible leader; a case that falls to local tier is marked and keeps
    its leader and team until the area changes them. A-3: an industry that gives the project to
    another competent department tells that department the project awaits its leader in charge
    and service staff (`notices.industry_service_awaited`). A landing area changed keeps the
    case's lead and team and tells both areas (`_landing_moved`)."""
    if not {"total_investment", "industry", "landing_unit_id"} & changed.keys():
        return []
    case = (
        AssistanceCase.objects.select_for_update(of=("self",))
        .select_related("team__lead_leader", "team__lead_unit")
        .filter(project=project, status=CaseStatus.ACTIVE)
        .first()
    )
    if case is None:
        return []
    if "industry" in changed and _competent_department_changed(*changed["industry"]):
        notices.industry_service_awaited(case)
    results = _scope_reevaluation(case, changed) + _landing_moved(case, changed)
    tier = rules.assistance_tier_rule(project)
    if tier == case.tier:
        return results
    team = case.team
    if tier == Tier.CITY:
        if team.lead_leader is not None:
            try:
                rules.assistance_lead_rule(
                    tier=tier, leader=team.lead_leader, lead_unit=team.lead_unit
                )
            except RuleViolation:
                team.lead_leader = None
                save_with_history(team, user)
        case.team_status = TeamStatus.PROPOSED
        case.team_approved_on = None
        # 由项目所属地区、部门提出 ... 指定一名领导为责任人: a leader named while the case was
        # local (or before an earlier fall to local) was never proposed for a city leader's
        # team, so the DRC may compile only after the area names one again (history keeps him).
        case.responsible_leader = None
        note = _(
            "项目变更后总投资5亿元以上（含5亿元）且非房地产，转为市级领导帮扶：须指定帮扶的市级领导，"
            "由所在地区、部门提出责任领导和团队，经市级领导同意（A-2、A-5）。"
        )
    else:
        # A local team is the area's own decision: the team it has stands.
        case.team_status = TeamStatus.APPROVED
        note = _(
            "项目变更后不再符合市级领导帮扶条件，转为地区、部门帮扶：原帮扶领导和团队保持不变，"
            "由所在地区、部门调整（A-2）。"
        )
    case.tier = tier
    case.tier_note = note
    case.tier_changed_on = timezone.localdate()
    arrangement_noted(case, decided=False)
    case._change_reason = note[:100]
    save_with_history(case, user)
    return [
        *results,
        Reevaluation(
            key=f"assistance:{case.pk}:{tier}",
            title=_("%(project)s帮扶层级调整为%(tier)s")
            % {"project": project.name, "tier": case.get_tier_display()},
            body=note,
            url=reverse("assistance:detail", args=[case.pk]),
            units=tuple({team.lead_unit_id, project.owner_unit_id} - {None}),
        ),
    ]


@transaction.atomic
def assistance_authority_changed(*, before: list[dict], user: User | None) -> list:
    """A-3 after an administrator changed the reference table of competent departments (the
    assistance app's answer to `industry_authority_changed`; `before`: its rows as they were):
    who sees and serves a key project follows the table at once, and each active case it gives
    to another department tells that department the project awaits its leader in charge and
    service staff (`notices.industry_service_awaited`), as a change of the project's industry
    does."""
    was, now = authority_table(before), authority_table()
    for case in AssistanceCase.objects.filter(status=CaseStatus.ACTIVE).select_related("project"):
        industry = case.project.industry or ""
        if (
            industry_authority_rule(industry, was).department_code
            != industry_authority_rule(industry, now).department_code
        ):
            notices.industry_service_awaited(case)
    return []


def _competent_department_changed(before: str | None, after: str | None) -> bool:
    """A-3: whether a change of the project's industry from `before` to `after` gives its key
    project to another competent department (`yingkou.industries.industry_authority_rule`)."""
    table = authority_table()
    return (
        industry_authority_rule(before or "", table).department_code
        != industry_authority_rule(after or "", table).department_code
    )


def _landing_moved(case: AssistanceCase, changed: dict) -> list:
    """A-2 after the project's landing area changed: the case's lead unit, leader and team stay
    (一个项目、一位领导、一个团队、一抓到底; the lead is the project's own area or department,
    not where it lands), but the case now lies in another area — seen there, dispatched there
    by its promotion group (A-4), its industry departments' leader in charge picked by that
    area (A-3). The area it leaves, the one it lands in and the lead unit are told."""
    if "landing_unit_id" not in changed:
        return []
    old_id, new_id = changed["landing_unit_id"]
    names = dict(Unit.objects.filter(pk__in={old_id, new_id} - {None}).values_list("pk", "name"))
    project = case.project
    return [
        Reevaluation(
            key=f"assistance:{case.pk}:landing:{new_id}",
            title=_("%(project)s的落地地区已变更为%(new)s")
            % {"project": project.name, "new": names.get(new_id, _("未指定"))},
            body=_(
                "项目拟落地地区由%(old)s变更为%(new)s。帮扶牵头单位、帮扶领导和服务团队保持不变"
                "（一抓到底，A-2）；市项目推进组按新的落地地区调度（A-4）。"
            )
            % {"old": names.get(old_id, _("未指定")), "new": names.get(new_id, _("未指定"))},
            url=reverse("assistance:detail", args=[case.pk]),
            units=tuple({old_id, new_id, case.team.lead_unit_id} - {None}),
        )
    ]


def _scope_reevaluation(case: AssistanceCase, changed: dict) -> list:
    """A-1 after a change of the amount across 1,000 万元: the case is not closed (an amount may
    be mistyped, and ending the help is a person's decision); its page and the lists mark it
    (`AssistanceCase.outside_scope`, read live from the amount), and the lead unit, the
    project's owner unit and the DRC are told that they decide whether to end it — or that it is
    in scope again."""
    if "total_investment" not in changed:
        return []
    before, after = (
        rules.assistance_amount_in_scope(amount) for amount in changed["total_investment"]
    )
    if before == after:
        return []
    project = case.project
    amount = f"{project.total_investment or 0:,.2f}"
    if after:
        key, title, body = (
            "in-scope",
            _("%(project)s总投资恢复为%(band)s，重新符合精准帮扶范围")
            % {"project": project.name, "band": rules.SCOPE_BAND},
            _(
                "项目总投资变更为%(amount)s万元，符合重点项目精准帮扶范围（%(band)s，A-1），帮扶继续。"
            )
            % {"amount": amount, "band": rules.SCOPE_BAND},
        )
    else:
        key, title, body = (
            "out-of-scope",
            _("%(project)s总投资不足1000万元，已不符合精准帮扶范围") % {"project": project.name},
            _(
                "项目总投资变更为%(amount)s万元，不再符合重点项目精准帮扶范围（%(band)s，A-1）。"
                "帮扶不会自动终止：请牵头单位、项目申报单位和市发展改革委核实总投资，"
                "决定是否终止帮扶（在帮扶项目页面将阶段更新为“终止”）。"
            )
            % {"amount": amount, "band": rules.SCOPE_BAND},
        )
    drc = drc_unit_ids()
    return [
        Reevaluation(
            key=f"assistance:{case.pk}:{key}",
            title=title,
            body=body,
            url=reverse("assistance:detail", args=[case.pk]),
            units=tuple({case.team.lead_unit_id, project.owner_unit_id, *drc} - {None}),
        )
    ]


@transaction.atomic
def assistance_leader_changed(*, leader: Leader, before: dict | None, user: User | None) -> list:
    """A-2, A-3, A-5, A-7 after a change of a leader (the assistance app's answer to
    `leader_changed`); `before` is what he was (`yingkou.people_changes.leader_rule_values`),
    None for a leader recorded just now, whom no case names yet.

    - An active case he assists whose tier he no longer fits — a city case's leader no longer a
      city leader, a local case's leader who left its area or department — loses him as
      assisting leader, and a city case whose responsible leader left its area or department
      loses him as responsible (history keeps both). A city case's list goes back through the
      A-5 approval (a list compiled for him waits on him no more: the DRC names the assisting
      city leader when it compiles, after the area has proposed its responsible leader), as when
      a project change makes a case city tier; a local case's area names its own leader again.
      The lead unit, the project's owner unit and the DRC are told, with the city leader whose
      portfolio now names the area or the industry.
    - Escalations of his cases still waiting for the city's instruction go to whoever receives
      them now (A-3, `rules.escalation_receiver`: routing, read from the team, so nothing is
      rewritten); the new receiver, the problem's owner unit, the lead unit and the DRC are told.
    - A joint meeting not yet held that he convened for a case he no longer assists keeps him as
      its convener and is marked (A-7, `JointMeeting.convener_left`); the case's units, the
      attending units and the DRC are told whom to ask.
    - A department's key project for which he was its leader in charge, now that he no longer
      holds that role (retired, moved, another rank), keeps him on record — the department named
      him — and is marked (A-3, `IndustryService.leader_left`); the department, the case's lead
      unit and the DRC are told whom to ask now.
    """
    if before is None:
        return []
    was = SimpleNamespace(pk=leader.pk, **before)
    cases = (
        AssistanceCase.objects.select_for_update(of=("self",))
        .select_related("project", "team__lead_leader", "team__lead_unit")
        .filter(status=CaseStatus.ACTIVE)
        .filter(Q(team__lead_leader=leader) | Q(responsible_leader=leader))
    )
    results = []
    for case in cases:
        led = case.team.lead_leader_id == leader.pk
        results.extend(_case_leaders_judged(case, leader, user))
        if led:
            results.extend(
                _escalations_rerouted(
                    case,
                    before=rules.escalation_receiver(was),
                    because=_("%(leader)s的信息变更后，") % {"leader": leader},
                )
            )
            results.extend(_meetings_without_convener(case, leader))
    results.extend(_industry_leaders_judged(leader, was))
    return results


def _case_leaders_judged(case: AssistanceCase, leader: Leader, user: User | None) -> list:
    """A-2, A-5: the case's assisting and responsible leaders, judged again (see
    `assistance_leader_changed`)."""
    team = case.team
    broken = []
    if team.lead_leader_id == leader.pk:
        try:
            rules.assistance_lead_rule(tier=case.tier, leader=leader, lead_unit=team.lead_unit)
        except RuleViolation as refused:
            broken.append(refused.text)
            team.lead_leader = None
            save_with_history(team, user, reason=refused.text)
    if case.tier == Tier.CITY and case.responsible_leader_id == leader.pk:
        try:
            rules.assistance_responsible_leader_rule(leader=leader, lead_unit=team.lead_unit)
        except RuleViolation as refused:
            broken.append(refused.text)
            case.responsible_leader = None
    if not broken:
        return []
    if case.tier == Tier.CITY:
        case.team_status = TeamStatus.PROPOSED
        case.team_approved_on = None
    arrangement_noted(case, decided=False)
    note = _("%(leader)s的信息变更后不再符合：%(why)s请重新指定。") % {
        "leader": leader,
        "why": "".join(broken),
    }
    case._change_reason = note[:100]
    save_with_history(case, user)
    whom = _city_leader_to_ask(case) if case.tier == Tier.CITY else ""
    return [
        Reevaluation(
            key=f"assistance:{case.pk}:leader:{leader.pk}",
            title=_("%(project)s的帮扶领导须重新指定") % {"project": case.project.name},
            body=note + whom,
            url=reverse("assistance:detail", args=[case.pk]),
            units=tuple({team.lead_unit_id, case.project.owner_unit_id, *drc_unit_ids()} - {None}),
        )
    ]


def _city_leader_to_ask(case: AssistanceCase) -> str:
    """Whom a notice names to ask, when what waited on a city leader waits on no one (A-3, A-5,
    A-7): the city leader whose portfolio names the case's lead unit or its project's industry
    (`yingkou.rules.city_leader_in_charge`), if any."""
    leader = city_leader_in_charge(case.team.lead_unit, case.project.industry or "")
    if leader is None:
        return ""
    return _("按分管，分管%(unit)s或该行业的市级领导为%(leader)s。") % {
        "unit": case.team.lead_unit,
        "leader": leader,
    }


def _escalations_rerouted(case: AssistanceCase, *, before, because: str) -> list:
    """A-3: the case's escalations still waiting for the city's instruction, when who receives
    them changed — `before` is the leader who received them (`rules.escalation_receiver`; None:
    the city government), the receiver now is read live from the team
    (`rules.escalation_receiving_leader`), so they are already his. The new receiver, the
    problem's owner unit, the lead unit and the DRC are told, `because` saying what changed.
    One function for a leader changed in the admin and a leader named through A-5."""
    receiver = rules.escalation_receiving_leader(case)
    if getattr(receiver, "pk", None) == getattr(before, "pk", None):
        return []
    problems = case.problems.filter(rules.escalation_awaiting_q()).order_by("escalated_on", "id")
    if not problems:
        return []
    recipients = leader_or_city_government(receiver)
    users = tuple(person.pk for person in recipients.get("users", ()))
    receiving_units = tuple(recipients.get("units", ()))
    receiving = receiver.name if receiver is not None else _("市政府")
    whom = _city_leader_to_ask(case) if receiver is None else ""
    drc = drc_unit_ids()
    results = []
    for problem in problems:
        results.append(
            Reevaluation(
                key=f"assistance:problem:{problem.pk}:receiver:{receiver.pk if receiver else 0}",
                title=_("上报市政府的问题改由%(receiving)s接收：%(title)s")
                % {"receiving": receiving, "title": problem.title},
                body=_(
                    "项目：%(project)s\n%(because)s尚待市政府意见的上报问题改由%(receiving)s接收"
                    "（A-3）。上报原因：%(reason)s"
                )
                % {
                    "project": case.project.name,
                    "because": because,
                    "receiving": receiving,
                    "reason": problem.escalation_reason,
                }
                + whom,
                url=reverse("assistance:problem", args=[problem.pk]),
                units=tuple(
                    {
                        *receiving_units,
                        problem.owner_unit_id,
                        case.team.lead_unit_id,
                        *drc,
                    }
                    - {None}
                ),
                users=users,
            )
        )
    return results


def _escalations_follow_leader(case: AssistanceCase, *, before) -> int:
    """A-3 after the case's assisting leader was named through A-5 (the area's proposal, the
    DRC's compilation): the escalations still waiting for the city's instruction now go to him
    when he receives them (a city leader), or to the city government; told as a leader changed
    in the admin tells them (`_escalations_rerouted`), once per problem and receiver."""
    because = _("帮扶领导改为%(leader)s后，") % {"leader": case.team.lead_leader}
    return notify_many(
        result.notice(NotificationKind.ESCALATION, f"case:{case.pk}", once=True)
        for result in _escalations_rerouted(case, before=before, because=because)
    )


def _meetings_without_convener(case: AssistanceCase, leader: Leader) -> list:
    """A-7: the case's joint meetings not yet held that `leader` convened, now that he no
    longer assists it (`JointMeeting.convener_left`): the record keeps him; the case's units, the
    attending units and the DRC are told to ask the assisting leader named now."""
    if case.team.lead_leader_id == leader.pk:
        return []
    meetings = case.meetings.filter(
        convened_by=leader, held_on__gte=timezone.localdate()
    ).prefetch_related("attendees")
    whom = _("请待重新指定帮扶领导后，由其确认会议是否如期召开。") + (
        _city_leader_to_ask(case) if case.tier == Tier.CITY else ""
    )
    drc = drc_unit_ids()
    results = []
    for meeting in meetings:
        if not meeting.convener_left:
            continue
        results.append(
            Reevaluation(
                key=f"assistance:meeting:{meeting.pk}:convener:{leader.pk}",
                title=_("%(project)s%(day)s的联席会议召集人已不是帮扶领导")
                % {"project": case.project.name, "day": month_day(meeting.held_on)},
                body=_(
                    "部门联席会议由项目帮扶领导召集（A-7）；召集人%(leader)s的信息变更后已不是该项目的"
                    "帮扶领导，会议记录仍保留原召集人。"
                )
                % {"leader": leader}
                + whom,
                url=reverse("assistance:meeting", args=[meeting.pk]),
                units=tuple(
                    {
                        case.team.lead_unit_id,
                        case.project.owner_unit_id,
                        *(unit.pk for unit in meeting.attendees.all()),
                        *drc,
                    }
                    - {None}
                ),
            )
        )
    return results


def _industry_leaders_judged(leader: Leader, was) -> list:
    """A-3: the active cases for which `leader` was a department's leader in charge, now that he
    no longer holds that role and held it before (told once, not on every save): the record
    keeps him (`IndustryService.leader_left` marks him); the department, the case's lead unit and
    the DRC are told whom to ask now (`rules.industry_leader_now`)."""
    services = IndustryService.objects.filter(
        leader_in_charge=leader, case__status=CaseStatus.ACTIVE
    ).select_related("department", "case__project", "case__team")
    drc = drc_unit_ids()
    results = []
    for service in services:
        department_id = service.department_id
        if not rules.leader_in_charge_holds(was, department_id) or not service.leader_left:
            continue
        project = service.case.project
        successor = rules.industry_leader_now(department_id, project, other_than=leader.pk)
        whom = (
            _("可联系%(leader)s。") % {"leader": successor}
            if successor is not None
            else _("请%(department)s重新配备分管领导。") % {"department": service.department}
        )
        results.append(
            Reevaluation(
                key=f"assistance:{service.case_id}:industry:{department_id}:leader:{leader.pk}",
                title=_("%(project)s的行业部门分管领导%(leader)s已不再分管，请重新配备")
                % {"project": project.name, "leader": leader.name},
                body=_(
                    "行业主管部门为每个重点项目配备分管领导和服务人员（A-3）；%(leader)s的信息变更后"
                    "已不是%(department)s的分管领导，配备记录仍保留原分管领导。"
                )
                % {"leader": leader, "department": service.department}
                + whom,
                url=reverse("assistance:detail", args=[service.case_id]),
                units=tuple({department_id, service.case.team.lead_unit_id, *drc} - {None}),
            )
        )
    return results


def assistance_person_left(*, person: User, user: User | None) -> list:
    """A-3, A-6 after a person left (the assistance app's answer to `person_left`): an active
    case whose service or project liaison he was, a unit whose general liaison he was, a
    department whose service staff for a project he was, answers with no one now (the pages ask
    for another); whoever names the next one is told — the case's lead area or department, the
    unit itself, the industry department."""
    results = []
    cases = (
        AssistanceCase.objects.filter(status=CaseStatus.ACTIVE)
        .select_related("project", "team")
        .filter(Q(team__service_liaison=person) | Q(team__project_liaison=person))
    )
    for case in cases:
        team = case.team
        left = team.liaison_roles_left_by(person)
        if left:
            results.append(
                Reevaluation(
                    key=f"assistance:{case.pk}:left:{person.pk}",
                    title=_("%(project)s的%(roles)s%(person)s已离开，请重新指定")
                    % {"project": case.project.name, "roles": "、".join(left), "person": person},
                    body=_("联络员由项目所在地区、部门配备（A-6）。"),
                    url=reverse("assistance:detail", args=[case.pk]),
                    units=(team.lead_unit_id,),
                )
            )
    for liaison in GeneralLiaison.objects.filter(user=person).select_related("unit", "user"):
        if liaison.user_left:
            results.append(
                Reevaluation(
                    key=f"assistance:general-liaison:{liaison.unit_id}",
                    title=_("%(unit)s的总联络员%(person)s已离开，请重新指定")
                    % {"unit": liaison.unit, "person": person},
                    body=_("各地区、部门指定一名总联络员向市发展改革委报告（A-6）。"),
                    url=reverse("assistance:liaison"),
                    units=(liaison.unit_id,),
                )
            )
    services = IndustryService.objects.filter(
        service_staff=person, case__status=CaseStatus.ACTIVE
    ).select_related("case__project", "service_staff")
    for service in services:
        if service.staff_left:
            results.append(
                Reevaluation(
                    key=f"assistance:{service.case_id}:industry:{service.department_id}",
                    title=_("%(project)s的行业部门服务人员%(person)s已离开，请重新配备")
                    % {"project": service.case.project.name, "person": person},
                    body=_("行业主管部门为每个重点项目配备分管领导和服务人员。"),
                    # The case page's form: the action's own URL answers POST only.
                    url=reverse("assistance:detail", args=[service.case_id]) + "#industry-service",
                    units=(service.department_id,),
                )
            )
    return results


# --- weekly dispatch of projects under construction (帮扶机制二(一), A-8) --------------------------


@transaction.atomic
def weekly_progress_report(
    *,
    case: AssistanceCase,
    user: User,
    progress: str,
    investment: Decimal,
    problems: str = "",
    expected_version: int | None = None,
) -> WeeklyProgress:
    """A unit reports (or corrects) this week's progress of a project under construction, on
    the version of the week's report the editor saw (0: none yet); a stale one is refused."""
    require(perm.can_report_weekly(user, case))
    today = timezone.localdate()
    week = rules.week_monday(today)
    rules.weekly_progress_rule(stage=case.project.stage, week=week, today=today, progress=progress)
    message = _("本周进展已被他人报送或修改，请刷新页面后在最新内容上重新填写。")
    report = claimed_or_new(WeeklyProgress, expected_version, message, case=case, week=week)
    report.progress = progress
    report.investment = investment
    report.problems = problems
    report.reported_by = user
    report.reported_on = today
    save_claimed(report, user, message, case=case, week=week)
    return report


@transaction.atomic
def weekly_dispatch_record(
    *, week: dt.date, user: User, remarks: str, expected_version: int | None = None
) -> WeeklyDispatch:
    """The DRC records (or amends) its dispatch of the week, on the version the editor saw (0:
    none yet; a stale one is refused); the units whose projects have not reported are told."""
    require(perm.can_dispatch_weekly(user))
    monday = rules.week_monday(week)
    rules.weekly_dispatch_rule(week=monday, today=timezone.localdate(), remarks=remarks)
    dispatch = dispatch_record(
        WeeklyDispatch, user=user, remarks=remarks, expected_version=expected_version, week=monday
    )
    notices.weekly_dispatch_recorded(dispatch)
    return dispatch


# --- proposal lists of other areas and departments (帮扶机制二(二), A-5) ----------------------------


@transaction.atomic
@transaction.atomic
def coordination_propose(
    *, case: AssistanceCase, user: User, involved_unit: Unit, matter: str
) -> CoordinationEntry:
    """A line of the area's or department's proposal list; the DRC is told."""
    require(perm.can_propose_coordination(user, case))
    lock_for_update(case)  # two clerks proposing the same line: the second sees the first
    rules.coordination_entry_rule(case=case, involved_unit=involved_unit, matter=matter)
    entry = CoordinationEntry(
        case=case,
        proposing_unit=user.unit or case.team.lead_unit,
        involved_unit=involved_unit,
        matter=matter,
        proposed_by=user,
        proposed_on=timezone.localdate(),
    )
    save_with_history(entry, user)
    notices.coordination_proposed(entry)
    return entry


@transaction.atomic
def coordination_compile(*, user: User, note: str = "") -> CoordinationReport:
    """The DRC compiles every line proposed and not yet reported into the year's next numbered
    report to the city government; the city leaders and the proposing units are told."""
    require(perm.can_compile_coordination(user))
    entries = list(
        CoordinationEntry.objects.select_for_update()
        .filter(status=CoordinationStatus.PROPOSED)
        .order_by("proposed_on", "id")
    )
    rules.coordination_compile_rule(entries)
    today = timezone.localdate()
    last = (
        CoordinationReport.objects.select_for_update()
        .filter(year=today.year)
        .order_by("-number")
        .first()
    )
    number = (last.number if last else 0) + 1
    report = CoordinationReport(
        year=today.year,
        number=number,
        title=_("%(year)d年第%(number)d期涉及其他地区、部门事项建议名单")
        % {"year": today.year, "number": number},
        compiled_by=user,
        compiled_on=today,
        note=note,
    )
    save_with_history(report, user)
    for entry in entries:
        entry.status = CoordinationStatus.REPORTED
        entry.report = report
        save_with_history(entry, user)
    notices.coordination_reported(report, entries)
    return report


@transaction.atomic
def coordination_decide(
    *, entry: CoordinationEntry, user: User, agreed: bool, decision: str
) -> CoordinationEntry:
    """The city government's decision on one line; the proposing and the involved unit are told."""
    lock_for_update(entry)
    require(perm.can_decide_coordination(user))
    rules.coordination_decide_rule(status=entry.status, decision=decision)
    entry.status = CoordinationStatus.AGREED if agreed else CoordinationStatus.DECLINED
    entry.decision = decision
    entry.decided_by = user
    entry.decided_on = timezone.localdate()
    save_with_history(entry, user)
    notices.coordination_decided(entry)
    return entry
