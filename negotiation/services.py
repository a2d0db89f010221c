"""Writes of the negotiation app (HackSoft style: keyword-only, typed, full_clean()).

Each service checks who may act (403) and the numbered rules (400) before it writes.
"""

import datetime as dt
from collections.abc import Iterable
from types import SimpleNamespace

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from yingkou import services as shared
from yingkou.choices import NotificationKind, Stage, TeamPhase
from yingkou.dates import long_date
from yingkou.errors import RuleViolation
from yingkou.models import Leader, Project, Team, Unit, User
from yingkou.notifications import Notice, notify_many
from yingkou.permissions import require
from yingkou.project_changes import Reevaluation
from yingkou.services import claim_version, lock_for_update, save_with_history, set_with_history

from . import notices, rules, selectors
from . import permissions as perms
from .choices import ArchiveKind, NegotiationStage, QuestionKind, TaskStatus, Tier
from .models import (
    InvestorQuestion,
    NegotiationArchive,
    NegotiationCase,
    ProgressDispatch,
    ProgressReport,
    StageTransition,
    TeamMeeting,
    TeamTask,
)

LEAD_ONLY = _lazy("只有牵头单位可以执行此操作（谁牵头、谁负责）。")


def _today() -> dt.date:
    return timezone.localdate()


@transaction.atomic
def negotiation_case_open(
    *,
    project: Project,
    negotiating_unit: Unit,
    user: User,
    landing_unit: Unit | None = None,
    opened_on: dt.date | None = None,
    investor: str = "",
    summary: str = "",
) -> NegotiationCase:
    """N-1: start following a project from first contact, with its team proposed by N-2.

    A project in planning or reserve moves to 洽谈 first. The team starts with the lead unit the
    rule requires, the landing area when it must cooperate, the negotiating unit as main
    negotiating unit, and the lead leader when the portfolios give exactly one candidate.
    """
    require(perms.can_open_case(user, negotiating_unit), _("只能登记本单位洽谈的项目。"))
    project = Project.objects.select_for_update().get(pk=project.pk)
    rules.negotiation_open_rule(
        project=project, has_case=NegotiationCase.objects.filter(project=project).exists()
    )
    landing_unit = landing_unit or project.landing_unit
    opened_on = opened_on or _today()
    rules.case_opening_rule(landing_unit=landing_unit, opened_on=opened_on, today=_today())
    composition = rules.negotiation_team_rule(
        negotiating_unit=negotiating_unit, project=project, landing_unit=landing_unit
    )
    if project.stage != Stage.NEGOTIATING:
        project = shared.project_move_stage(project=project, stage=Stage.NEGOTIATING, user=user)

    team = Team.objects.filter(project=project, phase=TeamPhase.NEGOTIATION).first()
    if team is None:
        team = Team(project=project, phase=TeamPhase.NEGOTIATION)
    team.lead_unit = negotiating_unit
    team.main_negotiating_unit = team.main_negotiating_unit or negotiating_unit
    if team.lead_leader_id is None and len(composition.candidates) == 1:
        team.lead_leader = composition.candidates[0]
    joining = []
    if composition.landing_area_cooperates and landing_unit and landing_unit != negotiating_unit:
        joining = [landing_unit]
    # A team kept from an earlier case keeps its units; the landing area joins them.
    kept = list(team.cooperating_units.all()) if team.pk else []
    save_with_history(
        team, user, relations={"cooperating_units": [*kept, *joining]} if joining else None
    )

    case = NegotiationCase(
        project=project,
        negotiating_unit=negotiating_unit,
        landing_unit=landing_unit,
        team=team,
        stage=NegotiationStage.CONTACT,
        opened_on=opened_on,
        stage_changed_on=opened_on,
        investor=investor or project.investor,
        summary=summary,
    )
    save_with_history(case, user)
    save_with_history(
        StageTransition(
            case=case, to_stage=NegotiationStage.CONTACT, on=opened_on, recorded_by=user
        ),
        user,
    )
    notices.team_joined(case, units=team.cooperating_units.all(), leader=team.lead_leader)
    return case


#: What a new lead's project needs when its negotiation is registered in the same step (N-1);
#: the rest is filled in on the project's page later.
NEW_PROJECT_FIELDS = (
    "name",
    "industry",
    "total_investment",
    "capital_origin",
    "investor_intent_clear",
    "construction_content",
)


@transaction.atomic
def negotiation_case_open_with_new_project(
    *,
    new_project: dict,
    negotiating_unit: Unit,
    user: User,
    landing_unit: Unit | None = None,
    opened_on: dt.date | None = None,
    investor: str = "",
    summary: str = "",
) -> NegotiationCase:
    """N-1 for a lead the project library does not hold yet: the project is created in the
    negotiation stage for the negotiating unit (through the shared project service, so §1 and the
    model's checks apply and its history starts), and its case opened, in one transaction: a case
    refused leaves no project behind.

    A ValidationError of the project carries the project's field names; the caller shows them on
    its new-project fields.
    """
    allowed = perms.can_open_case(user, negotiating_unit)
    require(allowed, _("只能登记本单位洽谈的项目。"))
    unknown = set(new_project) - set(NEW_PROJECT_FIELDS)
    if unknown:
        raise ValueError(f"not a new-project field: {sorted(unknown)}")
    project = shared.project_create(
        user=user,
        allowed=allowed,
        owner_unit=negotiating_unit,
        stage=Stage.NEGOTIATING,
        landing_unit=landing_unit,
        investor=investor,
        **new_project,
    )
    return negotiation_case_open(
        project=project,
        negotiating_unit=negotiating_unit,
        user=user,
        landing_unit=landing_unit,
        opened_on=opened_on,
        investor=investor,
        summary=summary,
    )


def _transition(case: NegotiationCase, *, stage: str, on: dt.date, user: User, note: str) -> None:
    previous = case.stage
    case.stage = stage
    case.stage_changed_on = on
    if stage == NegotiationStage.SIGNED:
        case.signed_on = on
    elif stage == NegotiationStage.ENDED:
        case.ended_on = on
        case.end_reason = note
    save_with_history(case, user)
    save_with_history(
        StageTransition(
            case=case, from_stage=previous, to_stage=stage, on=on, note=note, recorded_by=user
        ),
        user,
    )


@transaction.atomic
def negotiation_case_move(
    *, case: NegotiationCase, stage: str, user: User, on: dt.date | None = None, note: str = ""
) -> NegotiationCase:
    """N-1: move the case one stage on (考察论证, 协商洽谈) or end it (终止); signing has its own
    service. Ending the negotiation stops the project (项目终止)."""
    require(perms.can_lead_team(user, case), LEAD_ONLY)
    if stage == NegotiationStage.SIGNED:
        return negotiation_case_sign(case=case, user=user, on=on, note=note)
    case = NegotiationCase.objects.select_for_update().get(pk=case.pk)
    on = on or _today()
    rules.negotiation_stage_rule(case=case, stage=stage, on=on, today=_today())
    if stage == NegotiationStage.ENDED:
        rules.case_end_reason_rule(note)
        if case.project.stage not in (Stage.STOPPED,):
            shared.project_move_stage(project=case.project, stage=Stage.STOPPED, user=user)
    _transition(case, stage=stage, on=on, user=user, note=note)
    return case


@transaction.atomic
def negotiation_case_sign(
    *, case: NegotiationCase, user: User, on: dt.date | None = None, note: str = ""
) -> NegotiationCase:
    """N-1: sign — the project moves to 签约 and is handed to key-project assistance with its
    leader, lead unit and team (the assistance app carries the team over).

    When assistance refuses the project as out of its scope (A-1, under 1,000 万元) the signing
    stands and `case.handover_refusal` says why.
    """
    from assistance.services import assistance_case_open

    require(perms.can_lead_team(user, case), LEAD_ONLY)
    case = NegotiationCase.objects.select_for_update().get(pk=case.pk)
    on = on or _today()
    rules.negotiation_stage_rule(case=case, stage=NegotiationStage.SIGNED, on=on, today=_today())
    rules.negotiation_signing_rule(team=case.team)
    # The investment may have changed since the team was set: the lead must still fit (N-2).
    rules.negotiation_team_check(
        composition=case.composition,
        project=case.project,
        lead_leader=case.team.lead_leader,
        lead_unit=case.team.lead_unit,
        cooperating_units=case.team.cooperating_units.all(),
    )
    project = case.project
    if project.stage != Stage.SIGNED:
        project = shared.project_move_stage(project=project, stage=Stage.SIGNED, user=user)
    _transition(case, stage=NegotiationStage.SIGNED, on=on, user=user, note=note)
    try:
        with transaction.atomic():
            assistance_case_open(project=project, user=user, source="negotiation")
    except RuleViolation as exc:
        # assistance serves projects of 1,000 万元 or more; a smaller project is still
        # signed, it just is not a key project to assist.
        if exc.rule != "A-1":
            raise
        case.handover_refusal = exc.text
    return case


@transaction.atomic
def negotiation_team_update(
    *,
    case: NegotiationCase,
    user: User,
    lead_leader: Leader | None,
    cooperating_units: Iterable[Unit],
    main_negotiating_unit: Unit | None,
    service_liaison: User | None,
    project_liaison: User | None = None,
    members: Iterable[User] = (),
    expected_version: int | None = None,
) -> Team:
    """N-2, N-3, N-5: the lead unit sets the team; a lead that breaks the N-2 rule and a liaison
    from the wrong unit are refused. A person's edit names the case version it was made on; a
    stale one is refused (StaleVersion) instead of overwriting the other's team."""
    require(perms.can_lead_team(user, case), LEAD_ONLY)
    if expected_version is None:
        expected_version = NegotiationCase.objects.values_list("version", flat=True).get(pk=case.pk)
    claim_version(
        case, expected_version, _("该洽谈项目已被他人修改，请刷新页面后在最新版本上重新填写。")
    )
    case.refresh_from_db()
    rules.case_open_rule(case)
    cooperating_units = list(cooperating_units)
    team = Team.objects.select_for_update().get(pk=case.team_id)
    composition = case.composition
    rules.negotiation_team_check(
        composition=composition,
        project=case.project,
        lead_leader=lead_leader,
        lead_unit=team.lead_unit,
        cooperating_units=cooperating_units,
    )
    rules.main_negotiating_unit_rule(
        unit=main_negotiating_unit,
        lead_unit_id=team.lead_unit_id,
        cooperating_unit_ids=[u.pk for u in cooperating_units],
    )
    rules.service_liaison_rule(service_liaison)
    rules.negotiation_liaison_rule(
        composition=composition,
        main_negotiating_unit=main_negotiating_unit,
        liaison=service_liaison,
    )
    members = list(members)
    rules.negotiation_team_people_rule(
        unit_ids={
            team.lead_unit_id,
            (main_negotiating_unit or team.lead_unit).pk,
            case.negotiating_unit_id,
            *(unit.pk for unit in cooperating_units),
        },
        project_liaison=project_liaison,
        members=members,
    )
    had_units = set(team.cooperating_units.values_list("pk", flat=True))
    had_leader = team.lead_leader_id
    team.lead_leader = lead_leader
    # The lead now fits N-2 (checked above): signing is open again. Saved in any case so the
    # history shows who took the new version.
    case.lead_unfit = False
    save_with_history(case, user)
    team.main_negotiating_unit = main_negotiating_unit or team.lead_unit
    team.service_liaison = service_liaison
    team.project_liaison = project_liaison
    save_with_history(
        team,
        user,
        relations={
            "cooperating_units": [u for u in cooperating_units if u.pk != team.lead_unit_id],
            "members": members,
        },
    )
    notices.team_joined(
        case,
        units=[u for u in cooperating_units if u.pk not in had_units],
        leader=lead_leader if lead_leader and lead_leader.pk != had_leader else None,
    )
    return team


def _team_changing(case: NegotiationCase) -> Team:
    """Lock the case, raise its version and lock its team before a change of the team: two
    changes at once are made one after the other on what the first left, and a team form opened
    before the change is refused as stale instead of saving the old team over it."""
    lock_for_update(case)
    claim_version(case, case.version, "")
    rules.case_open_rule(case)
    return Team.objects.select_for_update().get(pk=case.team_id)


@transaction.atomic
def negotiation_team_add_unit(*, case: NegotiationCase, unit: Unit, user: User) -> Team:
    """N-3: the lead unit may bring any related unit into the team (有权指定相关单位加入服务团队);
    under rule 7 only the area's own departments (N-2)."""
    require(perms.can_lead_team(user, case), LEAD_ONLY)
    team = _team_changing(case)
    rules.negotiation_cooperating_check(
        composition=case.composition,
        lead_unit=team.lead_unit,
        cooperating_units=[*team.cooperating_units.all(), unit],
    )
    if unit.pk != team.lead_unit_id:
        joins = not team.cooperating_units.filter(pk=unit.pk).exists()
        set_with_history(team, user, cooperating_units=[*team.cooperating_units.all(), unit])
        if joins:
            notices.team_joined(case, units=[unit])
    return team


@transaction.atomic
def negotiation_main_unit_name(*, case: NegotiationCase, unit: Unit, user: User) -> Team:
    """N-3: the lead unit names the main negotiating unit (主谈单位) by the project's nature."""
    require(perms.can_lead_team(user, case), LEAD_ONLY)
    team = _team_changing(case)
    rules.main_negotiating_unit_rule(
        unit=unit,
        lead_unit_id=team.lead_unit_id,
        cooperating_unit_ids=team.cooperating_units.values_list("pk", flat=True),
    )
    team.main_negotiating_unit = unit
    # A liaison who left answers no more (`still_answers`): the team reads as having none and
    # names another on its next edit, so he does not stop the new main unit being named.
    if team.current_service_liaison is not None:
        rules.negotiation_liaison_rule(
            composition=case.composition,
            main_negotiating_unit=unit,
            liaison=team.current_service_liaison,
        )
    save_with_history(team, user)
    return team


@transaction.atomic
def team_task_assign(
    *,
    case: NegotiationCase,
    user: User,
    title: str,
    owner_unit: Unit,
    due_on: dt.date,
    detail: str = "",
) -> TeamTask:
    """N-3: the lead unit assigns a task to a team unit, with a due date."""
    require(perms.can_lead_team(user, case), LEAD_ONLY)
    lock_for_update(case)  # a case ended meanwhile takes no new task
    rules.case_open_rule(case)
    rules.team_unit_rule(case=case, unit=owner_unit, what=_("交办任务"))
    today = _today()
    rules.task_due_rule(due_on=due_on, today=today)
    task = TeamTask(
        case=case,
        title=title,
        detail=detail,
        owner_unit=owner_unit,
        due_on=due_on,
        assigned_by=user,
        assigned_on=today,
    )
    save_with_history(task, user)
    notices.task_assigned(task)
    return task


@transaction.atomic
def team_task_update(
    *,
    task: TeamTask,
    user: User,
    status: str,
    outcome: str = "",
    done_on: dt.date | None = None,
    expected_version: int | None = None,
) -> TeamTask:
    """N-3: the owner unit reports on its task; the lead unit may also update it. A person's
    report names the task version it was made on; a stale one — the task reported or completed
    by someone else meanwhile — is refused (StaleVersion) instead of overwriting that report."""
    require(perms.can_update_task(user, task), _("只有承办单位或牵头单位可以更新任务。"))
    if expected_version is None:
        expected_version = TeamTask.objects.values_list("version", flat=True).get(pk=task.pk)
    claim_version(
        task, expected_version, _("该任务已被他人更新，请刷新页面后在最新版本上重新填写。")
    )
    task.refresh_from_db()
    task.status = status
    task.outcome = outcome
    if status == TaskStatus.DONE:
        task.done_on = done_on or _today()
        rules.task_done_rule(done_on=task.done_on, today=_today())
    else:
        task.done_on = None
    save_with_history(task, user)
    return task


@transaction.atomic
def investor_question_raise(
    *,
    case: NegotiationCase,
    user: User,
    kind: str,
    question: str,
    owner_unit: Unit,
    asked_on: dt.date,
    due_on: dt.date | None = None,
    superior_body: str = "",
) -> InvestorQuestion:
    """N-4: record an investor's question with its owner and due date."""
    require(perms.can_work_on_case(user, case), _("只有服务团队中的单位可以登记投资方问题。"))
    lock_for_update(case)  # a case ended meanwhile takes no new question
    rules.case_open_rule(case)
    rules.question_asked_rule(asked_on=asked_on, today=_today())
    rules.question_routing_rule(
        case=case, kind=kind, owner_unit=owner_unit, superior_body=superior_body
    )
    require(
        perms.can_raise_question(user, case, kind), _("需市政府解决的问题，由牵头单位负责上报。")
    )
    due = rules.question_due_rule(kind=kind, asked_on=asked_on, due_on=due_on)
    item = InvestorQuestion(
        case=case,
        kind=kind,
        question=question,
        owner_unit=owner_unit,
        superior_body=superior_body if kind == QuestionKind.SUPERIOR else "",
        asked_on=asked_on,
        due_on=due,
        reported_on=_today() if kind == QuestionKind.CITY else None,
        raised_by=user,
    )
    save_with_history(item, user)
    notices.question_assigned(item)
    notices.question_reported_to_city(item)
    return item


@transaction.atomic
def investor_question_answer(
    *,
    question: InvestorQuestion,
    user: User,
    outcome: str,
    answered_on: dt.date,
    done_on: dt.date | None = None,
    expected_version: int | None = None,
) -> InvestorQuestion:
    """N-4: record the answer and the date it reached the investor. A person's answer names the
    question version it was written on; a stale one — answered by someone else meanwhile — is
    refused (StaleVersion) instead of replacing that answer unseen."""
    require(perms.can_answer_question(user, question), _("只有答复单位或牵头单位可以答复该问题。"))
    if expected_version is None:
        expected_version = InvestorQuestion.objects.values_list("version", flat=True).get(
            pk=question.pk
        )
    claim_version(
        question,
        expected_version,
        _("该问题的答复已被他人修改，请刷新页面后在最新版本上重新填写。"),
    )
    # Saved on the row as claimed: an escalation recorded meanwhile is kept.
    question.refresh_from_db()
    rules.question_answer_text_rule(outcome)
    rules.question_answer_rule(
        question=question, answered_on=answered_on, done_on=done_on, today=_today()
    )
    question.outcome = outcome
    question.answered_on = answered_on
    question.done_on = done_on
    save_with_history(question, user)
    return question


@transaction.atomic
def investor_questions_escalate(*, day: dt.date) -> int:
    """N-4: every question past its due date on `day` without an answer to the investor is
    escalated once along its route (rules.question_escalation_rule) and lands in the receiving
    unit's queue. Two runs at once escalate a question once (row lock).

    A fixed number of queries whatever the number of questions: after a pause (or at first run
    over a city's backlog) a day may escalate tens of thousands, which one save and one notice
    each took past the job's minute. The job sets only the escalation fields, from the rule, so
    they are written per receiver with one historical row each (no user: a job)."""
    owed = (
        selectors.owed(InvestorQuestion.objects.filter(escalated_on__isnull=True, due_on__lt=day))
        .select_related("owner_unit", "case__project")
        .select_for_update(of=("self",))
    )
    targets = rules.escalation_targets()
    escalated = []
    for question in owed:
        unit, leader = rules.question_escalation_rule(question, targets)
        if unit is None:
            continue
        question.escalated_on = day
        question.escalated_to = unit
        question.escalated_leader = leader
        escalated.append(question)
    # One UPDATE per receiver (a few dozen), not Django's bulk_update, whose CASE per row took
    # 87 s for 32,715 questions; then one historical row each, in batches.
    receivers: dict[tuple, list[int]] = {}
    for question in escalated:
        receivers.setdefault((question.escalated_to_id, question.escalated_leader_id), []).append(
            question.pk
        )
    for (unit_id, leader_id), ids in receivers.items():
        InvestorQuestion.objects.filter(pk__in=ids).update(
            escalated_on=day, escalated_to_id=unit_id, escalated_leader_id=leader_id
        )
    InvestorQuestion.history.bulk_history_create(escalated, update=True, batch_size=1000)
    notify_many(_escalation_notice(question) for question in escalated)
    return len(escalated)


def _escalation_notice(question: InvestorQuestion) -> Notice:
    """The receiver of an escalation hears of it once: the named leader when they have an
    account, else the receiving unit."""
    leader_user = question.escalated_leader.user if question.escalated_leader else None
    return Notice(
        kind=NotificationKind.ESCALATION,
        title=_("投资方问题逾期未答复：%(project)s") % {"project": question.case.project.name[:60]},
        key=f"investor_question:{question.pk}:escalated",
        # The question's page: the unit escalated to need not be on the case.
        url=question.get_absolute_url(),
        body=_("%(owner)s应于%(due)s前答复：%(question)s")
        % {
            "owner": question.owner_unit.name,
            "due": long_date(question.due_on),
            "question": question.question[:200],
        },
        user_ids=(leader_user.pk,) if leader_user and leader_user.is_active else (),
        unit_ids=() if leader_user else (question.escalated_to_id,),
    )


def team_meeting_record(
    *,
    case: NegotiationCase,
    user: User,
    held_on: dt.date,
    attendees: str,
    minutes: str,
    decisions: str = "",
    place: str = "",
) -> TeamMeeting:
    """N-5: the team's regular meeting (碰头会议) with its minutes and decisions, while the case
    is under negotiation (N-1: nothing is recorded on a signed or ended case; after signing the
    team meets under assistance)."""
    require(perms.can_work_on_case(user, case), _("只有服务团队中的单位可以记录碰头会议。"))
    lock_for_update(case)  # a case ended meanwhile takes no new meeting
    rules.case_open_rule(case)
    rules.meeting_date_rule(held_on=held_on, today=_today())
    meeting = TeamMeeting(
        case=case,
        held_on=held_on,
        place=place,
        attendees=attendees,
        minutes=minutes,
        decisions=decisions,
        recorded_by=user,
    )
    save_with_history(meeting, user)
    return meeting


@transaction.atomic
def progress_report_file(
    *,
    case: NegotiationCase,
    user: User,
    period: str,
    progress: str,
    problems: str = "",
    next_steps: str = "",
) -> ProgressReport:
    """N-6: the team files its monthly progress report to the investment bureau; whether it was
    on time is fixed when it is filed."""
    require(perms.can_work_on_case(user, case), _("只有服务团队中的单位可以上报推进情况。"))
    # Two filings of one month at once: the second waits here, then finds the first (N-6 once).
    lock_for_update(case)
    today = _today()
    rules.progress_report_period_rule(case=case, period=period, today=today)
    rules.progress_report_once_rule(
        already_filed=ProgressReport.objects.filter(case=case, period=period).exists()
    )
    report = ProgressReport(
        case=case,
        period=period,
        reported_on=today,
        progress=progress,
        problems=problems,
        next_steps=next_steps,
        reported_by=user,
        on_time=today <= rules.progress_report_due(period),
    )
    save_with_history(report, user)
    return report


@transaction.atomic
def progress_dispatch_record(
    *, period: str, user: User, remarks: str, expected_version: int | None = None
) -> ProgressDispatch:
    """N-6: the investment bureau dispatches (调度) a month's progress reports, the running
    month's or a closed one's — records (or amends) what it asks, on the version the editor saw
    — and each lead unit whose teams have not reported that month yet is told."""
    require(perms.can_dispatch_reports(user), _("推进情况调度由市招商局办理。"))
    period = rules.progress_dispatch_rule(period=period, today=_today(), remarks=remarks)
    dispatch = shared.dispatch_record(
        ProgressDispatch,
        user=user,
        remarks=remarks,
        expected_version=expected_version,
        period=period,
    )
    notices.progress_dispatched(dispatch)
    return dispatch


def appraisal_freeze(*, year: int, today: dt.date | None = None) -> NegotiationArchive:
    """N-6: freeze the year-end appraisal as of 31 December — from the records as they stood at
    the year's end, every deadline of the year passed. Idempotent: a frozen year is returned as
    it is. A year still running is refused."""
    from yingkou.asof import end_of

    from .selectors import APPRAISAL_DECIMALS, appraisal

    today = today or timezone.localdate()
    rules.appraisal_year_closed_rule(year=year, today=today)
    existing = NegotiationArchive.objects.filter(kind=ArchiveKind.APPRAISAL, period=str(year))
    if archive := existing.first():
        return archive
    last = dt.date(year, 12, 31)
    table = appraisal(year=year, today=last + dt.timedelta(days=1), moment=end_of(last))
    rows = [{**row, **{key: str(row[key]) for key in APPRAISAL_DECIMALS}} for row in table]
    archive, _created = NegotiationArchive.objects.get_or_create(
        kind=ArchiveKind.APPRAISAL, period=str(year), defaults={"payload": {"rows": rows}}
    )
    return archive


# --- project changes (§1) ---------------------------------------------------------------------


def _lead_judged(composition, lead: Leader | None, *, project: Project, cause: str):
    """N-2 decided again for a case's lead (after `cause`): whether he no longer fits, and the
    note the case keeps (its rule and tier, and whom it needs when he does not fit)."""
    unfit = lead is not None and not rules.lead_leader_fits(composition, lead, project=project)
    note = _("%(cause)s按 N-2 重新判定：适用第%(rule)d条（%(tier)s）") % {
        "cause": cause,
        "rule": composition.rule,
        "tier": Tier(composition.tier).label,
    }
    if unfit:
        note += _("，牵头领导%(leader)s不再符合，应由%(requirement)s牵头，调整前不能签约。") % {
            "leader": lead,
            "requirement": composition.lead_requirement_text,
        }
    else:
        note += "。"
    return unfit, note


@transaction.atomic
def negotiation_project_changed(*, project: Project, changed: dict, user: User | None) -> list:
    """N-2 after a project change (the negotiation app's answer to `project_changed`): the rule
    and tier are decided again from the new investment and industry. A lead leader who no longer
    fits is flagged on the case and in the lead unit's queue; signing stays refused until the
    lead unit sets a fitting lead (`negotiation_case_sign` checks the team). A case landing where
    the project landed moves with it, and under rules 1, 2, 4 and 6 the new landing area joins
    the team as the rule asks (a team edit without it would be refused)."""
    if not {"total_investment", "industry", "landing_unit_id"} & changed.keys():
        return []
    case = (
        NegotiationCase.objects.open()
        .select_for_update(of=("self",))
        .select_related("negotiating_unit", "landing_unit", "team__lead_leader")
        .filter(project=project)
        .first()
    )
    if case is None:
        return []
    case.project = project
    old_landing = case.landing_unit
    if "landing_unit_id" in changed and case.landing_unit_id == changed["landing_unit_id"][0]:
        case.landing_unit = project.landing_unit
    moved = case.landing_unit_id != getattr(old_landing, "pk", None)
    try:
        composition = case.team_rule()
    except RuleViolation:  # a negotiating body N-2 has no rule for: nothing to decide again
        return []
    team = case.team
    landing = case.landing_unit
    joined = None  # told by its own notice that it joins the team
    if (
        moved
        and landing is not None
        and composition.landing_area_cooperates
        and landing.pk != team.lead_unit_id
        and not team.cooperating_units.filter(pk=landing.pk).exists()
    ):
        set_with_history(team, user, cooperating_units=[*team.cooperating_units.all(), landing])
        notices.team_joined(case, units=[landing])
        joined = landing.pk
    unfit, note = _lead_judged(
        composition, team.lead_leader, project=project, cause=_("项目变更后")
    )
    reason = note
    if moved:
        reason = (
            _("项目拟落地地区由%(old)s变更为%(new)s。")
            % {
                "old": old_landing.name if old_landing else _("未指定"),
                "new": landing.name if landing else _("未指定"),
            }
            + note
        )
    if not moved and note == case.rule_note and unfit == case.lead_unfit:
        return []
    case.rule_note = note
    case.lead_unfit = unfit
    case._change_reason = reason[:100]
    save_with_history(case, user)
    return [
        Reevaluation(
            key=f"negotiation:{case.pk}:{composition.rule}:{int(unfit)}:{case.landing_unit_id}",
            title=(
                _("%(project)s的牵头领导须调整")
                if unfit
                else _("%(project)s的拟落地地区已变更")
                if moved
                else _("%(project)s的洽谈团队规则已重新判定")
            )
            % {"project": project.name},
            body=reason,
            url=reverse("negotiation:detail", args=[case.pk]),
            units=tuple(
                {
                    team.lead_unit_id,
                    case.negotiating_unit_id,
                    getattr(old_landing, "pk", None),
                    case.landing_unit_id,
                }
                - {None, joined}
            ),
        )
    ]


@transaction.atomic
def negotiation_leader_changed(*, leader: Leader, before: dict | None, user: User | None) -> list:
    """N-2 after a change of a leader (the negotiation app's answer to `leader_changed`): each
    open case he leads is judged again, as after a project change — a vice-mayor retired or no
    longer in charge of the department or the industry, a principal who left the negotiating
    unit or took another rank no longer fits; the case is flagged (signing stays refused until
    the lead unit sets a fitting lead) and the lead unit told. One who fits again clears it.
    What he was (`before`) is not needed: the case's flag keeps what was decided last."""
    cases = (
        NegotiationCase.objects.open()
        .select_for_update(of=("self",))
        .select_related("project", "negotiating_unit", "landing_unit", "team__lead_leader")
        .filter(team__lead_leader=leader)
    )
    results = []
    for case in cases:
        try:
            composition = case.team_rule()
        except RuleViolation:  # a negotiating body N-2 has no rule for: nothing to decide again
            continue
        unfit, note = _lead_judged(
            composition,
            case.team.lead_leader,
            project=case.project,
            cause=_("牵头领导%(leader)s的信息变更后") % {"leader": case.team.lead_leader},
        )
        if unfit == case.lead_unfit:
            continue
        case.rule_note = note
        case.lead_unfit = unfit
        case._change_reason = note[:100]
        save_with_history(case, user)
        results.append(
            Reevaluation(
                key=f"negotiation:{case.pk}:lead:{leader.pk}:{int(unfit)}",
                title=(
                    _("%(project)s的牵头领导须调整")
                    if unfit
                    else _("%(project)s的牵头领导重新符合 N-2")
                )
                % {"project": case.project.name},
                body=note,
                url=reverse("negotiation:detail", args=[case.pk]),
                units=tuple({case.team.lead_unit_id, case.negotiating_unit_id} - {None}),
            )
        )
    return results


@transaction.atomic
def negotiation_unit_changed(*, unit: Unit, before: dict, user: User | None) -> list:
    """N-2 after a change of a unit's kind or level (the negotiation app's answer to
    `unit_changed`): each open case it negotiates is judged again, since the negotiating body's
    kind (`rules.negotiating_body_kind`) picks the rule. A case whose rule changed — or which N-2
    no longer has a rule for, e.g. a department made county level — records the new judgement
    (its lead flagged when he no longer fits, as after a project change) and its lead and
    negotiating units are told; a case whose rule stays is left as it is."""
    was = SimpleNamespace(name=unit.name, **before)
    cases = (
        NegotiationCase.objects.open()
        .select_for_update(of=("self",))
        .select_related("project", "negotiating_unit", "landing_unit", "team__lead_leader")
        .filter(negotiating_unit=unit)
    )
    results = []
    for case in cases:
        old_rule, _tier = rules.case_rule_of(was, case.project.total_investment)
        cause = _("洽谈单位%(unit)s的类别或层级变更后") % {"unit": unit.name}
        try:
            composition = case.team_rule()
        except RuleViolation as refused:
            new_rule, unfit = None, case.lead_unfit
            note = _("%(cause)s按 N-2 重新判定：%(why)s") % {"cause": cause, "why": refused.text}
        else:
            new_rule = composition.rule
            unfit, note = _lead_judged(
                composition, case.team.lead_leader, project=case.project, cause=cause
            )
        if new_rule == old_rule and unfit == case.lead_unfit:
            continue
        case.rule_note = note[:300]
        case.lead_unfit = unfit
        case._change_reason = note[:100]
        save_with_history(case, user)
        results.append(
            Reevaluation(
                key=f"negotiation:{case.pk}:unit:{new_rule}:{int(unfit)}",
                title=(
                    _("%(project)s的牵头领导须调整")
                    if unfit
                    else _("%(project)s的洽谈团队规则已重新判定")
                )
                % {"project": case.project.name},
                body=note,
                url=reverse("negotiation:detail", args=[case.pk]),
                units=tuple({case.team.lead_unit_id, case.negotiating_unit_id} - {None}),
            )
        )
    return results


def negotiation_person_left(*, person: User, user: User | None) -> list:
    """N-3, N-5 after a person left (the negotiation app's answer to `person_left`): an open
    case whose service or project liaison he was has none now (the page asks for another, and
    signing waits for a service liaison); its lead unit, which names them, is told."""
    cases = (
        NegotiationCase.objects.open()
        .select_related("project", "negotiating_unit", "team")
        .filter(Q(team__service_liaison=person) | Q(team__project_liaison=person))
    )
    results = []
    for case in cases:
        team = case.team
        left = team.liaison_roles_left_by(person)
        if not left:
            continue
        results.append(
            Reevaluation(
                key=f"negotiation:{case.pk}:left:{person.pk}",
                title=_("%(project)s的%(roles)s%(person)s已离开，请重新指定")
                % {"project": case.project.name, "roles": "、".join(left), "person": person},
                body=_("服务团队须有1名服务联络员（N-5），由牵头单位指定。"),
                url=reverse("negotiation:detail", args=[case.pk]),
                units=(team.lead_unit_id,),
            )
        )
    return results
