"""Demo data of the negotiation app, on the foundation's units, leaders, projects and users:
a case for every demo project in stage 洽谈 or 签约, spread over the stages, and an ended one for
every project in 终止 (some of them pooled in reserve before), with teams named by the N-2 rules,
liaisons, investor questions (due, late, answered), tasks, meetings, monthly progress reports,
the investment bureau's dispatch of each closed month's teams behind, and the archived circulars
of the last two months.

Idempotent: a project that already has a case is left alone; liaisons by username; dispatches
and archives by period.
"""

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from yingkou.choices import Role, Stage, TeamPhase, UnitKind
from yingkou.dates import long_date, year_month
from yingkou.demo import MONTHS_OF_PAST, code_issued, demo_person_name, on
from yingkou.errors import RuleViolation
from yingkou.models import Project, Team, Unit, User
from yingkou.services import save_with_history
from yingkou.workdays import add_working_days, working_days_in

from . import rules, selectors, services
from .choices import BodyKind, NegotiationStage, QuestionKind
from .models import (
    InvestorQuestion,
    NegotiationCase,
    ProgressDispatch,
    ProgressReport,
    StageTransition,
    TeamMeeting,
)

INVESTOR_QUESTIONS = {
    QuestionKind.POLICY: [
        "项目能否享受省级工业发展专项资金支持？",
        "土地出让金能否分期缴纳？",
        "高新技术企业所得税优惠的认定条件是什么？",
        "外资项目备案需要提交哪些材料？",
    ],
    QuestionKind.SUPERIOR: [
        "项目能否列入省重点建设项目？",
        "危险化学品生产许可能否由省应急厅提前指导？",
    ],
    QuestionKind.CITY: [
        "需市政府协调港口岸线使用。",
        "需市政府协调铁路专用线接轨。",
    ],
}
SUPERIOR_BODIES = ["辽宁省发展改革委", "辽宁省应急管理厅", "辽宁省自然资源厅"]
MEETING_TOPICS = [
    ("研究项目用地选址及规划条件", "自然资源部门两周内出具规划条件"),
    ("对接投资方考察行程", "牵头单位负责考察接待，落地区准备项目推介材料"),
    ("研究合同主要条款", "主谈单位汇总投资方意见，下周再次会商"),
]


def _liaison(unit: Unit) -> User:
    """A service liaison of the unit: the foundation's demo staff if the unit has one."""
    existing = User.objects.filter(unit=unit, role=Role.UNIT_STAFF).order_by("id").first()
    if existing:
        return existing
    username = f"liaison_{unit.code.lower()}"
    surname, given = demo_person_name(username)
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "last_name": surname,
            "first_name": given,
            "role": Role.UNIT_STAFF,
            "unit": unit,
        },
    )
    if created:
        user.set_unusable_password()
        user.save()
    return user


def _negotiating_unit(project: Project) -> Unit:
    """The owner negotiates when N-2 knows its kind; otherwise the landing area does."""
    owner = project.owner_unit
    if owner.is_area:
        return owner
    city_body = owner.kind in rules.DEPARTMENT_KINDS or owner.kind == UnitKind.PARTY_ORG
    return owner if city_body and owner.level == "city" else project.landing_unit


def _dates(rng, start: dt.date, end: dt.date, count: int) -> list[dt.date]:
    span = max((end - start).days, 0)
    return sorted(start + dt.timedelta(days=rng.randint(0, span)) for _ in range(count))


def _name_team(case: NegotiationCase, actor: User) -> bool:
    composition = case.team_rule(with_candidates=True)
    if not composition.candidates:
        return False
    team = case.team
    main = team.main_negotiating_unit or team.lead_unit
    liaison_unit = composition.lead_unit if composition.body_kind == BodyKind.AREA else main
    services.negotiation_team_update(
        case=case,
        user=actor,
        lead_leader=composition.candidates[0],
        cooperating_units=list(team.cooperating_units.all()),
        main_negotiating_unit=main,
        service_liaison=_liaison(liaison_unit),
    )
    return True


def _history(
    case: NegotiationCase, rng, today: dt.date, actor: User, closes_on: dt.date | None = None
) -> None:
    """The case's questions, task and meetings; for a case signed or ended on `closes_on`, all
    before it closes (N-1: a closed case takes nothing new), though answers may come later."""
    team_units = list(Unit.objects.filter(pk__in=case.team.unit_ids()))
    # Questions are asked in the morning, before a move recorded that day (11:00); the task and
    # the meetings later in the day, so by the day before the case closes.
    asked_until = closes_on or today
    until = today if closes_on is None else closes_on - dt.timedelta(days=1)
    for index in range(rng.randint(1, 3)):
        kind = rng.choice(list(QuestionKind))
        asked = _dates(rng, case.opened_on, asked_until, 1)[0]
        owner = case.team.lead_unit if kind == QuestionKind.CITY else rng.choice(team_units)
        due = None if kind == QuestionKind.POLICY else asked + dt.timedelta(days=rng.randint(5, 30))
        with on(asked):
            question = services.investor_question_raise(
                case=case,
                user=actor,
                kind=kind,
                question=INVESTOR_QUESTIONS[kind][index % len(INVESTOR_QUESTIONS[kind])],
                owner_unit=owner,
                asked_on=asked,
                due_on=due,
                superior_body=rng.choice(SUPERIOR_BODIES) if kind == QuestionKind.SUPERIOR else "",
            )
        if rng.random() < 0.6:
            answered = min(today, asked + dt.timedelta(days=rng.randint(0, 5)))
            delivered = min(today, answered + dt.timedelta(days=rng.randint(0, 1)))
            with on(delivered, hour=15):
                services.investor_question_answer(
                    question=question,
                    user=actor,
                    outcome="经研究，符合相关政策规定，已书面答复投资方。",
                    answered_on=answered,
                    done_on=delivered,
                )
    if until < case.opened_on:
        return
    if team_units:
        assigned = today if closes_on is None else _dates(rng, case.opened_on, until, 1)[0]
        with on(assigned, hour=12):
            services.team_task_assign(
                case=case,
                user=actor,
                title="提供项目用地现状及规划条件",
                owner_unit=rng.choice(team_units),
                due_on=assigned + dt.timedelta(days=rng.randint(3, 20)),
            )
    for held_on, (minutes, decisions) in zip(
        _dates(rng, case.opened_on, until, 2), MEETING_TOPICS[rng.randint(0, 1) :], strict=False
    ):
        meeting = TeamMeeting(
            case=case,
            held_on=held_on,
            place="牵头单位会议室",
            attendees="、".join(u.name for u in team_units[:4]),
            minutes=minutes,
            decisions=decisions,
            recorded_by=actor,
        )
        with on(held_on, hour=17):
            save_with_history(meeting, actor)


def _reports(case: NegotiationCase, rng, today: dt.date, actor: User) -> None:
    """Monthly progress reports, most of them on time, up to the month the case closed."""
    last = case.signed_on or case.ended_on or today
    month = dt.date(case.opened_on.year, case.opened_on.month, 1)
    while month <= last:
        period = f"{month.year}-{month.month:02d}"
        due = rules.progress_report_due(period)
        if rng.random() < 0.8 and due <= today:
            reported_on = max(case.opened_on, due - dt.timedelta(days=rng.randint(-4, 6)))
            report = ProgressReport(
                case=case,
                period=period,
                reported_on=min(reported_on, today),
                progress="与投资方保持密切对接，项目按计划推进。",
                next_steps="继续对接投资方，推动进入下一阶段。",
                reported_by=actor,
                on_time=min(reported_on, today) <= due,
            )
            with on(report.reported_on, hour=16):
                save_with_history(report, actor)
        month = (due + dt.timedelta(days=1)).replace(day=1)


def _stages(case: NegotiationCase, rng, today: dt.date, target: str) -> list[tuple[str, dt.date]]:
    """The stages the case moves through to `target`, each with its day."""
    path = [NegotiationStage.INSPECTION, NegotiationStage.NEGOTIATION]
    if target == NegotiationStage.ENDED:
        steps = [*path[: rng.randint(0, 2)], NegotiationStage.ENDED]
    else:
        steps = path[: path.index(target) + 1] if target in path else [*path, target]
    return list(zip(steps, _dates(rng, case.opened_on, today, len(steps)), strict=True))


def _advance(case: NegotiationCase, actor: User, stages: list[tuple[str, dt.date]]) -> None:
    for stage, day in stages:
        with on(day, hour=11):
            services.negotiation_case_move(
                case=case,
                stage=stage,
                user=actor,
                on=day,
                note="投资方战略调整，暂停投资" if stage == NegotiationStage.ENDED else "",
            )
        case.refresh_from_db()


def _signed_case(project: Project, rng, today: dt.date, actor: User) -> NegotiationCase | None:
    """A case for a project the foundation already put in 签约: its log up to 协商洽谈, dated,
    then signed through the service, which hands the project to key-project assistance on the
    day of signing, as any signing does (N-1, A-1)."""
    unit = _negotiating_unit(project)
    try:
        composition = rules.negotiation_team_rule(negotiating_unit=unit, project=project)
    except RuleViolation:
        return None
    days = _dates(rng, today - dt.timedelta(days=400), today - dt.timedelta(days=10), 4)
    try:
        with transaction.atomic():
            case = _signed_log(project, unit, composition, days, actor)
    except RuleViolation:
        return None  # a team the signing refuses: the project stays without a case
    _reports(case, rng, today, actor)
    return case


def _signed_log(project, unit, composition, days: list[dt.date], actor: User) -> NegotiationCase:
    # A signed case is entered with its whole log on the day it was signed.
    with on(days[3]):
        team, _ = Team.objects.get_or_create(
            project=project, phase=TeamPhase.NEGOTIATION, defaults={"lead_unit": unit}
        )
        team.lead_leader = composition.candidates[0] if composition.candidates else None
        team.main_negotiating_unit = unit
        team.service_liaison = _liaison(unit)  # the negotiating unit is also the main one (N-5)
        save_with_history(team, actor)
        if composition.landing_area_cooperates and project.landing_unit_id:
            team.cooperating_units.add(project.landing_unit)
        case = NegotiationCase(
            project=project,
            negotiating_unit=unit,
            landing_unit=project.landing_unit,
            team=team,
            stage=NegotiationStage.NEGOTIATION,
            opened_on=days[0],
            stage_changed_on=days[2],
            investor=project.investor,
        )
        save_with_history(case, actor)
        previous = ""
        for stage, day in zip(
            [NegotiationStage.CONTACT, NegotiationStage.INSPECTION, NegotiationStage.NEGOTIATION],
            days[:3],
            strict=True,
        ):
            transition = StageTransition(
                case=case, from_stage=previous, to_stage=stage, on=day, recorded_by=actor
            )
            save_with_history(transition, actor)
            previous = stage
        return services.negotiation_case_sign(case=case, user=actor, on=days[3])


def _escalations(today: dt.date) -> None:
    """N-4: the daily job escalates a question still unanswered the morning after its due date;
    the demo runs the job's service on each of those mornings, so a question reads escalated
    the day after it was due, not the day the demo was made."""
    owed = selectors.owed(
        InvestorQuestion.objects.filter(escalated_on__isnull=True, due_on__lt=today)
    )
    for due in sorted(set(owed.values_list("due_on", flat=True))):
        day = due + dt.timedelta(days=1)
        with on(day, hour=8):
            services.investor_questions_escalate(day=day)


def _stopped(rng, today: dt.date, actor: User) -> int:
    """The projects the foundation put in 终止 came to it the way a project stops (N-1): each
    was followed in negotiation until the negotiation was ended, which stopped it; every other
    one had first been approved into its unit's reserve pool (R-3), which it left when it went
    into negotiation (R-1). Returns how many such pasts were written."""
    projects = (
        Project.objects.filter(stage=Stage.STOPPED, negotiation_case__isnull=True)
        .select_related("owner_unit", "landing_unit")
        .order_by("id")
    )
    written = 0
    for index, project in enumerate(projects):
        try:
            with transaction.atomic():
                _stopped_case(project, rng, today, actor, pooled=index % 2 == 0)
        except RuleViolation:
            continue  # the project keeps the foundation's bare 终止
        written += 1
    return written


def _stopped_case(project: Project, rng, today: dt.date, actor: User, *, pooled: bool) -> None:
    # The foundation enters each project in the stage it has today, and the history it wrote
    # is rewritten from the apps' records once they are all written (yingkou.demo's
    # date_projects); a stopped project's past starts in 策划包装, the stage the services
    # below take it from.
    Project.objects.filter(pk=project.pk).update(stage=Stage.PLANNING)
    project.stage = Stage.PLANNING
    ended = today - dt.timedelta(days=rng.randint(10, 150))
    issued = code_issued(project.code)
    if issued and ended < issued:  # a national code is issued to a live project, not after
        ended = min(issued + dt.timedelta(days=rng.randint(5, 40)), today)
    opened_on = ended - dt.timedelta(days=rng.randint(20, 120))
    if pooled:
        _pooled(project, opened_on - dt.timedelta(days=rng.randint(20, 60)))
    with on(opened_on):
        case = services.negotiation_case_open(
            project=project,
            negotiating_unit=_negotiating_unit(project),
            user=actor,
            opened_on=opened_on,
        )
    with on(opened_on, hour=11):
        _name_team(case, actor)
    case.refresh_from_db()
    steps = [NegotiationStage.INSPECTION, NegotiationStage.NEGOTIATION][: rng.randint(0, 2)]
    days = _dates(rng, opened_on + dt.timedelta(days=1), ended - dt.timedelta(days=1), len(steps))
    _history(case, rng, today, actor, closes_on=ended)
    _advance(case, actor, [*zip(steps, days, strict=True), (NegotiationStage.ENDED, ended)])
    case.refresh_from_db()
    _reports(case, rng, today, actor)


def _pooled(project: Project, declared: dt.date) -> None:
    """R-3: the project's unit declared it on `declared` and its reviewer approved it into the
    unit's level-2 pool two days later, which moved it to 储备 — through the reserve app's own
    services, as its pages do."""
    from reserve import services as reserve

    people = User.objects.filter(unit=project.owner_unit).order_by("id")
    staff = people.filter(role=Role.UNIT_STAFF).first()
    reviewer = people.filter(role=Role.UNIT_REVIEWER).first()
    if staff is None or reviewer is None:
        return
    with on(declared):
        entry = reserve.entry_declare(project=project, user=staff, submit=True)
    with on(declared + dt.timedelta(days=2)):
        reserve.entry_approve(entry=entry, user=reviewer, comment="同意入库")


# N-6: the bureau dispatches a closed month on its fifth working day after it, when the reports
# filed late (up to four days after the month, `_reports`) are in: the teams it tells are those
# still behind on that month then, as the tables hold them now.
DISPATCH_WORKING_DAY = 5
DISPATCH_REMARKS = (
    "截至%(day)s，%(month)s仍有%(count)d个洽谈项目未上报推进情况。请各牵头单位督促服务团队于"
    "%(deadline)s前补报，并说明未按时上报的原因；逾期仍未上报的，将在洽谈项目月度通报中予以通报，"
    "并纳入年终绩效考核。"
)


def _dispatches(today: dt.date) -> int:
    """N-6: the investment bureau dispatched (调度) each closed month of the demo's past whose
    teams had not all reported it, through the service the pool page calls with `?month=` (it
    tells each lead unit behind), on its day. Returns how many were written."""
    bureau = User.objects.filter(role=Role.INVESTMENT_BUREAU).order_by("id").first()
    if bureau is None:
        return 0
    written = 0
    month = today.replace(day=1)
    for _ in range(MONTHS_OF_PAST):
        month = (month - dt.timedelta(days=1)).replace(day=1)
        period = rules.report_month(month)
        following = rules.progress_report_due(period) + dt.timedelta(days=1)
        day = working_days_in(following, following + dt.timedelta(days=20))[
            DISPATCH_WORKING_DAY - 1
        ]
        behind = selectors.reports_missing(period).count()
        if day > today or not behind or ProgressDispatch.objects.filter(period=period).exists():
            continue
        remarks = DISPATCH_REMARKS % {
            "day": long_date(day),
            "month": year_month(month),
            "count": behind,
            "deadline": long_date(add_working_days(day, 3)),
        }
        with on(day, hour=9):
            services.progress_dispatch_record(period=period, user=bureau, remarks=remarks)
        written += 1
    return written


@transaction.atomic
def seed(stdout=None) -> None:
    actor = User.objects.filter(is_superuser=True).order_by("id").first()
    if actor is None:
        return
    today = timezone.localdate()
    rng = random.Random(2017_36)
    created = 0
    projects = (
        Project.objects.filter(
            stage__in=(Stage.NEGOTIATING, Stage.SIGNED), negotiation_case__isnull=True
        )
        .select_related("owner_unit", "landing_unit")
        .order_by("id")
    )
    targets = [
        NegotiationStage.CONTACT,
        NegotiationStage.CONTACT,
        NegotiationStage.INSPECTION,
        NegotiationStage.INSPECTION,
        NegotiationStage.NEGOTIATION,
        NegotiationStage.NEGOTIATION,
        NegotiationStage.NEGOTIATION,
        NegotiationStage.SIGNED,
        NegotiationStage.ENDED,
    ]
    for project in projects:
        if project.stage == Stage.SIGNED:
            created += _signed_case(project, rng, today, actor) is not None
            continue
        opened_on = today - dt.timedelta(days=rng.randint(15, 300))
        try:
            with on(opened_on):
                case = services.negotiation_case_open(
                    project=project,
                    negotiating_unit=_negotiating_unit(project),
                    user=actor,
                    opened_on=opened_on,
                )
        except RuleViolation:
            continue
        created += 1
        with on(opened_on, hour=11):
            named = _name_team(case, actor)
        case.refresh_from_db()
        target = rng.choice(targets)
        if target == NegotiationStage.SIGNED and not named:
            target = NegotiationStage.NEGOTIATION
        stages = _stages(case, rng, today, target) if target != NegotiationStage.CONTACT else []
        closes = target in (NegotiationStage.SIGNED, NegotiationStage.ENDED)
        _history(case, rng, today, actor, closes_on=stages[-1][1] if closes else None)
        _advance(case, actor, stages)
        case.refresh_from_db()
        _reports(case, rng, today, actor)
    created += _stopped(random.Random(2017_36_08), today, actor)
    _escalations(today)
    dispatched = _dispatches(today)
    if stdout:
        stdout.write(f"negotiation: {created} new cases, {dispatched} monthly dispatches")
