"""A city's worth of data for measuring speed (`manage.py seed_scale`).

The demo (`seed_demo`) tells a story through the services, a few hundred projects at a time; this
writes tens of thousands of rows per table directly with `bulk_create` so that 100,000 projects
take minutes. Every value is drawn from one seeded generator, so the same `--seed` and
`--projects` give the same data. No services run (no notices, no change requests), but every
value a rule decides comes from the rule's own function (R-1 scope, R-3 return comments, N-2 team
leaders, N-4 due dates and answers, A-1/A-2 scope, tier and leader, E-1 responsibility): a review
of the app on this data must not find records the app itself would refuse.
"""

import dataclasses
import datetime as dt
import itertools
import random
from contextlib import contextmanager
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from yingkou.choices import (
    CapacityKind,
    CapitalOrigin,
    LeaderRank,
    Role,
    SizeClass,
    Stage,
    TeamPhase,
    UnitKind,
)
from yingkou.freshness import everything_changed

BATCH = 2000
ANSWER = "已按政策答复。"
# Rows are written in batches dated one after another back from today, so timestamps (auto_now,
# history dates) spread over the past year like real work rather than all being "now".
SPREAD_DAYS = 365
# weeks of progress reports, the share of projects reporting each week, and of those the
# share reporting by the due day.
WEEKLY_WEEKS = 8
WEEKLY_REPORTED = 0.9
WEEKLY_ON_TIME = 0.85
WEEKLY_PROGRESS = (
    "主体结构施工中，完成形象进度的60%。",
    "设备安装调试，预计下月试生产。",
    "基础工程完工，开始钢结构吊装。",
    "厂房封顶，室内装修同步推进。",
)


@contextmanager
def _dated(day: dt.date):
    import time_machine

    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(10)))
    with time_machine.travel(moment, tick=False):
        yield


def _bulk(  # noqa: PLR0913
    model, objs, stdout=None, label="", history=True, parents=(), dates=None, day_of=None
) -> list:
    """Create `objs` in batches with one historical row each, each row dated on its own past
    day, so that the history spreads over the year like real work.

    A row is never dated before the records it points at (`parents`, foreign keys to rows made
    earlier here): a history read as of a day must not find a reserve membership without its
    project. Rows without such parents spread over the year up to yesterday in their order, the
    others between their parents' day and yesterday. `dates(obj,
    floor, day)` then sets the row's business dates between its parents' day and its own, as the
    app records them (nothing dated after the day it was recorded). A batch's own timestamps
    (auto_now) are those of its latest row. `day_of(obj)` names the day itself instead, for a
    row whose business date is the day it was recorded (a weekly report, on its report day)."""
    # Yesterday at the latest: a history row dated later today would lie in the future until
    # then, and every "as of now" read would take it for a write made during the read.
    last = timezone.localdate() - dt.timedelta(days=1)

    def floor_of(obj):
        days = [getattr(getattr(obj, name), "_scale_day", None) for name in parents]
        return max((day for day in days if day is not None), default=None)

    floors = [floor_of(obj) for obj in objs]
    order = sorted(range(len(objs)), key=lambda i: floors[i] or dt.date.min)
    objs = [objs[i] for i in order]
    floors = [floors[i] for i in order]
    total = len(objs)
    for index, (obj, floor) in enumerate(zip(objs, floors, strict=True)):
        if day_of is not None:
            day = day_of(obj)
        elif floor is None:
            day = last - dt.timedelta(days=SPREAD_DAYS * (total - 1 - index) // total)
        else:
            # Anywhere between its parents' day and yesterday, evenly over the rows
            # (golden-ratio steps: deterministic, no run of rows on one day).
            span = max((last - floor).days, 0)
            day = floor + dt.timedelta(days=int(span * ((index * 0.6180339887) % 1)))
        if dates is not None:
            dates(obj, floor or day, day)
        obj._scale_day = day
        obj._history_date = timezone.make_aware(dt.datetime.combine(day, dt.time(10)))
    created = []
    for start in range(0, total, BATCH):
        batch = objs[start : start + BATCH]
        with _dated(max(obj._scale_day for obj in batch)):
            if history:
                made = bulk_create_with_history(batch, model, batch_size=BATCH)
            else:
                made = model.objects.bulk_create(batch, batch_size=BATCH)
        created += made
    if stdout and label:
        stdout.write(f"{label}: {len(created)}")
    return created


def _code(year: int, serial: int, industry: str, kind: int) -> str:
    """A well-formed national project code, unique per serial: the region part counts the
    hundred-thousands (2108 81, 82, …), apart from the demo's codes (210800)."""
    from yingkou.rules import project_code_check_digit

    region = 210881 + serial // 100000
    head = (
        f"{min(year, 2026) % 100:02d}{serial % 10 + 1:02d}-{region}-{industry[1:] or '00'}-0{kind}-"
    )
    serial_digits = f"{serial % 100000:05d}"
    digits = (head + serial_digits).replace("-", "")
    return f"{head}{serial_digits}{project_code_check_digit(digits)}"


def _users(units: dict, rng: random.Random) -> dict[int, dict[str, object]]:
    """A staff member and a reviewer in every unit that declares or handles projects, so each
    record can have someone of its unit as author (the demo users stay as they are)."""
    from yingkou.demo import demo_person_name
    from yingkou.models import User

    wanted = []
    existing = set(
        User.objects.filter(username__startswith="scale_").values_list("username", flat=True)
    )
    for code, unit in sorted(units.items()):
        for role, prefix in ((Role.UNIT_STAFF, "staff"), (Role.UNIT_REVIEWER, "reviewer")):
            username = f"scale_{prefix}_{code.lower()}"
            if username in existing:
                continue
            surname, given = demo_person_name(username)
            user = User(
                username=username, last_name=surname, first_name=given, role=role, unit=unit
            )
            user.set_unusable_password()
            wanted.append(user)
    User.objects.bulk_create(wanted)
    people: dict[int, dict[str, object]] = {}
    for user in User.objects.filter(username__startswith="scale_"):
        people.setdefault(user.unit_id, {})[user.role] = user
    return people


def seed_scale(*, projects: int, seed: int = 12, stdout=None) -> dict[str, int]:
    from yingkou import demo

    demo.seed(stdout, projects=0)
    with transaction.atomic():
        counts = _seed(projects=projects, seed=seed, stdout=stdout)
        # Written in bulk, without the history signals that raise the marks of kept results.
        everything_changed()
    analyze()
    return counts


def analyze() -> None:
    """Give the planner statistics of the data just written, and the tables the state autovacuum
    leaves them in. Autovacuum gets to them late, never where it is turned off, and never in a
    copy made with `createdb -T` (its activity counters start at zero): without statistics
    PostgreSQL guesses a few hundred rows per table, and one history query of the monthly
    dispatch took 79 s instead of 0.6 s."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # VACUUM as well, as autovacuum does after bulk inserts in a running system: it marks
            # the pages all-visible, without which the (unit, id) indexes (yingkou/0010) cannot
            # answer alone and a unit's lists read the table instead (a problem list 120 ms
            # instead of 50 ms). VACUUM cannot run inside a transaction: plain ANALYZE there.
            cursor.execute("VACUUM ANALYZE" if connection.get_autocommit() else "ANALYZE")


def _seed(*, projects: int, seed: int, stdout) -> dict[str, int]:  # noqa: C901, PLR0915
    from assistance.choices import CaseSource, CaseStatus, TeamStatus
    from assistance.choices import ProblemCategory as AProblemCategory
    from assistance.choices import ProblemStatus as AProblemStatus
    from assistance.choices import Tier as ATier
    from assistance.models import AssistanceCase, WeeklyProgress
    from assistance.models import Problem as AProblem
    from assistance.rules import (
        assistance_lead_rule,
        assistance_scope_rule,
        assistance_tier_rule,
        week_monday,
        weekly_progress_due_rule,
        weekly_progress_rule,
    )
    from assistance.rules import problem_due_rule as a_problem_due_rule
    from enterprise.choices import ComplaintChannel, ComplaintStatus, VisitKind
    from enterprise.models import Complaint, Enterprise, Visit
    from enterprise.rules import (
        complaint_reply_due_rule,
        enterprise_responsibility_rule,
        responsibility_tier,
    )
    from negotiation.choices import NegotiationStage, QuestionKind
    from negotiation.models import InvestorQuestion, NegotiationCase, StageTransition
    from negotiation.rules import (
        negotiation_cooperating_check,
        negotiation_team_rule,
        negotiation_tier,
        question_answer_rule,
        question_answer_text_rule,
        question_asked_rule,
        question_due_rule,
    )
    from reserve.choices import EntryStatus, PoolLevel, StepAction
    from reserve.models import Entry, Membership, Pool, Step
    from reserve.rules import reserve_scope_rule, return_comment_rule
    from reserve.services import pools_ensure
    from yingkou import demo
    from yingkou.errors import RuleViolation
    from yingkou.models import Leader, Project, Team, Unit

    rng = random.Random(seed)
    units = {unit.code: unit for unit in Unit.objects.all()}
    areas = [units[code] for code, _, _ in demo.AREAS]
    departments = [
        unit
        for code, unit in sorted(units.items())
        if unit.kind == UnitKind.MUNICIPAL_DEPARTMENT and unit.parent_id is None
    ]
    people = _users(units, rng)
    pools_ensure()
    pools = {pool.unit_id: pool for pool in Pool.objects.filter(level=PoolLevel.LEVEL_2)}
    level1 = Pool.objects.get(level=PoolLevel.LEVEL_1)
    leaders = list(Leader.objects.order_by("pk"))
    leaders_by_unit: dict[int, list] = {}
    for leader in leaders:
        leaders_by_unit.setdefault(leader.unit_id, []).append(leader)
    stages = [stage for stage, weight in demo.STAGE_WEIGHTS for _ in range(weight)]
    serial0 = Project.objects.filter(name__startswith="规模").count()

    def staff(unit):
        return people[unit.pk][Role.UNIT_STAFF]

    def reviewer(unit):
        return people[unit.pk][Role.UNIT_REVIEWER]

    # -- projects ---------------------------------------------------------------------------
    new_projects = []
    for index in range(projects):
        serial = serial0 + index + 1
        industry, product = demo.PRODUCTS[rng.randrange(len(demo.PRODUCTS))]
        landing = areas[rng.randrange(len(areas))]
        owner = landing if rng.random() < 0.75 else departments[rng.randrange(len(departments))]
        tier = rng.random()
        if tier < 0.05:
            amount = rng.randint(100000, 600000)
        elif tier < 0.25:
            amount = rng.randint(50000, 99999)
        elif tier < 0.6:
            amount = rng.randint(10000, 49999)
        else:
            amount = rng.randint(500, 9999)
        year = rng.choice([2024, 2025, 2026, 2027])
        coded = rng.random() < 0.6
        stage = stages[rng.randrange(len(stages))]
        if index < len(demo.STAGE_WEIGHTS):  # every stage appears even in a small run
            stage = demo.STAGE_WEIGHTS[index][0]
        new_projects.append(
            Project(
                name=f"规模{landing.name}{product}项目{serial:06d}",
                code=_code(year, serial, industry, 1 + serial % 4) if coded else None,
                owner_unit=owner,
                landing_unit=landing,
                industry=industry,
                capital_origin=CapitalOrigin.FOREIGN
                if rng.random() < 0.15
                else CapitalOrigin.DOMESTIC,
                capacity_kind=CapacityKind.NEW if rng.random() < 0.8 else CapacityKind.EXISTING,
                size_class=SizeClass.LARGE if amount >= 50000 else SizeClass.MEDIUM,
                total_investment=Decimal(amount) + Decimal(rng.randint(0, 99)) / 100,
                investor=rng.choice(demo.INVESTORS),
                investor_intent_clear=rng.random() < 0.4,
                construction_content=f"建设{product}生产线及配套设施。",
                start_year=year,
                end_year=year + rng.randint(1, 3),
                stage=stage,
                contact_name=rng.choice("王李张刘") + rng.choice(["工", "主任", "科长"]),
                contact_phone=f"0417-{rng.randint(2000000, 6999999)}",
            )
        )
    made = _bulk(Project, new_projects, stdout, "projects")
    counts = {"projects": len(made)}
    # The database computes is_real_estate (A-2 reads it); one query instead of one per project.
    real_estate = set(
        Project.objects.filter(pk__gte=made[0].pk, is_real_estate=True).values_list("pk", flat=True)
        if made
        else ()
    )
    for project in made:
        project.is_real_estate = project.pk in real_estate

    def between(low: dt.date, high: dt.date) -> dt.date:
        return low + dt.timedelta(days=rng.randint(0, max((high - low).days, 0)))

    def scope_fits(rule, *args, **kwargs) -> bool:
        try:
            rule(*args, **kwargs)
        except RuleViolation:
            return False
        return True

    # -- teams: their leaders as N-2, A-2 and E-1 require -----------------------------------
    composition_of: dict = {}
    responsibility_of: dict = {}
    city_leaders = [x for x in leaders if x.rank == LeaderRank.CITY_LEADER and not x.is_retired]
    unit_children: dict[int, list] = {}
    for unit in sorted(units.values(), key=lambda u: u.pk):
        if unit.parent_id is not None:
            unit_children.setdefault(unit.parent_id, []).append(unit)

    def composition(project):
        key = (project.owner_unit.pk, negotiation_tier(project.total_investment), project.industry)
        if key not in composition_of:
            composition_of[key] = negotiation_team_rule(
                negotiating_unit=project.owner_unit, project=project
            )
        return composition_of[key]

    def responsibility(project):
        key = (
            project.owner_unit.pk,
            responsibility_tier(project.total_investment),
            project.industry,
        )
        if key not in responsibility_of:
            responsibility_of[key] = enterprise_responsibility_rule(
                total_investment=project.total_investment,
                responsible_unit=project.owner_unit,
                introducing_unit=project.owner_unit,
                industry=project.industry,
            )
        return responsibility_of[key]

    def team_for(project, phase):
        lead_unit = project.owner_unit
        unit_leaders = leaders_by_unit[lead_unit.pk]
        cooperating = [u for u in rng.sample(departments, rng.randint(1, 3)) if u != lead_unit]
        if phase == TeamPhase.NEGOTIATION:
            rule = composition(project)
            leader = rng.choice(rule.candidates) if rule.candidates else None
            if rule.own_departments_only:
                own = unit_children.get(lead_unit.pk, [])
                cooperating = rng.sample(own, min(len(own), rng.randint(1, 3)))
            if rule.landing_area_cooperates and project.landing_unit not in (lead_unit, None):
                cooperating.append(project.landing_unit)
            negotiation_cooperating_check(
                composition=dataclasses.replace(rule, landing_unit=project.landing_unit),
                lead_unit=lead_unit,
                cooperating_units=cooperating,
            )
        elif phase == TeamPhase.ASSISTANCE:
            tier = assistance_tier_rule(project)
            leader = rng.choice(city_leaders if tier == ATier.CITY else unit_leaders)
            assistance_lead_rule(tier=tier, leader=leader, lead_unit=lead_unit)
        else:
            leader = responsibility(project).responsible_leader
        team = Team(
            project=project,
            phase=phase,
            lead_leader=leader,
            lead_unit=lead_unit,
            main_negotiating_unit=lead_unit if phase == TeamPhase.NEGOTIATION else None,
            service_liaison=staff(lead_unit),
            project_liaison=staff(lead_unit) if phase == TeamPhase.ASSISTANCE else None,
        )
        team._cooperating = cooperating
        return team

    negotiating = [p for p in made if p.stage in (Stage.NEGOTIATING, Stage.SIGNED)]
    assisted = [
        p
        for p in made
        if p.stage in (Stage.SIGNED, Stage.CONSTRUCTION, Stage.COMPLETED)
        and scope_fits(assistance_scope_rule, p)
    ]
    operating = [p for p in made if p.stage == Stage.OPERATING]
    team_plan = [(p, TeamPhase.NEGOTIATION) for p in negotiating]
    team_plan += [(p, TeamPhase.ASSISTANCE) for p in assisted]
    team_plan += [(p, TeamPhase.ENTERPRISE) for p in operating]
    teams = _bulk(
        Team, [team_for(p, phase) for p, phase in team_plan], stdout, "teams", parents=("project",)
    )
    through = Team.cooperating_units.through
    links = [
        through(team_id=team.pk, unit_id=unit.pk) for team in teams for unit in team._cooperating
    ]
    through.objects.bulk_create(links, batch_size=BATCH)
    team_of = {(t.project_id, t.phase): t for t in teams}
    counts["teams"] = len(teams)

    # -- reserve: entries, steps, memberships (R-1 scope, R-3 comments) -------------------------
    declared = [p for p in made if p.stage == Stage.RESERVE]
    declared += [p for p in made if p.stage == Stage.PLANNING and rng.random() < 0.3]
    declared = [
        p
        for p in declared
        if scope_fits(reserve_scope_rule, total_investment=p.total_investment, stage=p.stage)
    ]
    entry_states = [
        (2, EntryStatus.DRAFT, 10),
        (2, EntryStatus.SUBMITTED, 12),
        (2, EntryStatus.RETURNED, 6),
        (1, EntryStatus.SUBMITTED, 12),
        (2, EntryStatus.APPROVED, 25),
        (1, EntryStatus.APPROVED, 30),
        (2, EntryStatus.WITHDRAWN, 5),
    ]
    draw = [(level, status) for level, status, weight in entry_states for _ in range(weight)]
    returned_comment = "材料不齐全，请补充项目可行性研究报告后重新申报。"
    return_comment_rule(comment=returned_comment)
    entries = []
    for project in declared:
        level, status = draw[rng.randrange(len(draw))]
        comment = ""
        if status == EntryStatus.APPROVED:
            comment = "材料齐全，同意。"
        elif status == EntryStatus.RETURNED:
            comment = returned_comment
        entries.append(
            Entry(
                project=project,
                pool=pools[project.owner_unit_id],
                level=level,
                status=status,
                declared_by=staff(project.owner_unit),
                is_published=status == EntryStatus.APPROVED and rng.random() < 0.5,
                comment=comment,
            )
        )
    entries = _bulk(Entry, entries, stdout, "reserve entries", parents=("project",))
    counts["entries"] = len(entries)
    steps, memberships = [], []
    for entry in entries:
        unit = entry.project.owner_unit
        trail = [(StepAction.DECLARE, 2, staff(unit))]
        if entry.status != EntryStatus.DRAFT:
            trail.append((StepAction.SUBMIT, 2, staff(unit)))
        if entry.status == EntryStatus.RETURNED:
            trail.append((StepAction.RETURN, 2, reviewer(unit)))
        if entry.status == EntryStatus.WITHDRAWN:
            trail.append((StepAction.WITHDRAW, 2, staff(unit)))
        if entry.status == EntryStatus.APPROVED or entry.level == 1:
            trail.append((StepAction.APPROVE, 2, reviewer(unit)))
        if entry.level == 1:
            trail.append((StepAction.RECOMMEND, 2, reviewer(unit)))
        if entry.level == 1 and entry.status == EntryStatus.APPROVED:
            trail.append((StepAction.APPROVE, 1, staff(units["FGW"])))
        for action, level, actor in trail:
            comment = returned_comment if action == StepAction.RETURN else ""
            steps.append(
                Step(entry=entry, action=action, level=level, actor=actor, comment=comment)
            )
        if entry.status == EntryStatus.APPROVED or entry.level == 1:
            level2 = Membership(pool=entry.pool, project=entry.project, entry=entry, level=2)
            memberships.append(level2)
            if entry.level == 1 and entry.status == EntryStatus.APPROVED:
                level1_row = Membership(pool=level1, project=entry.project, entry=entry, level=1)
                level1_row._after = level2
                memberships.append(level1_row)

    def joined(membership, floor, day):
        after = getattr(membership, "_after", None)
        if after is None:
            since = between(floor, day)
        else:
            since = min(after.since.date() + dt.timedelta(days=rng.randint(5, 30)), day)
        membership.since = timezone.make_aware(dt.datetime.combine(since, dt.time(9)))

    counts["steps"] = len(_bulk(Step, steps, stdout, "review steps", parents=("entry",)))
    counts["memberships"] = len(
        _bulk(
            Membership,
            memberships,
            stdout,
            "memberships",
            parents=("entry", "project"),
            dates=joined,
        )
    )

    # -- negotiation: cases, transitions, investor questions (N-1, N-4) ------------------------
    open_stages = [
        NegotiationStage.CONTACT,
        NegotiationStage.INSPECTION,
        NegotiationStage.NEGOTIATION,
    ]
    cases = []
    for project in negotiating:
        if project.stage == Stage.SIGNED:
            stage = NegotiationStage.SIGNED
        elif rng.random() < 0.05:
            stage = NegotiationStage.ENDED
        else:
            stage = open_stages[rng.randrange(3)]
        cases.append(
            NegotiationCase(
                project=project,
                negotiating_unit=project.owner_unit,
                landing_unit=project.landing_unit,
                team=team_of[(project.pk, TeamPhase.NEGOTIATION)],
                stage=stage,
                end_reason="投资方调整投资计划。" if stage == NegotiationStage.ENDED else "",
                investor=project.investor,
                summary="双方就选址、用地和配套条件进行了洽谈。",
            )
        )

    def negotiated(case, floor, day):
        case.opened_on = between(floor, day)
        case.stage_changed_on = between(case.opened_on, day)
        if case.stage == NegotiationStage.SIGNED:
            case.signed_on = case.stage_changed_on
        if case.stage == NegotiationStage.ENDED:
            case.ended_on = case.stage_changed_on

    cases = _bulk(
        NegotiationCase,
        cases,
        stdout,
        "negotiation cases",
        parents=("project", "team"),
        dates=negotiated,
    )
    counts["negotiation_cases"] = len(cases)
    transitions, questions = [], []
    for case in cases:
        unit = case.project.owner_unit
        transitions.append(
            StageTransition(case=case, to_stage=NegotiationStage.CONTACT, on=case.opened_on)
        )
        if case.stage != NegotiationStage.CONTACT:
            transitions.append(
                StageTransition(
                    case=case,
                    from_stage=NegotiationStage.CONTACT,
                    to_stage=case.stage,
                    on=case.stage_changed_on,
                )
            )
        for _ in range(rng.randint(0, 3)):
            kind = rng.choice(list(QuestionKind))
            question = InvestorQuestion(
                case=case,
                kind=kind,
                question="项目用地指标及配套政策如何落实？",
                owner_unit=unit,
                superior_body="辽宁省发展和改革委员会" if kind == QuestionKind.SUPERIOR else "",
                raised_by=staff(unit),
            )
            question._answered = rng.random() < 0.6
            questions.append(question)
    policy_due: dict[dt.date, dt.date] = {}

    def asked(question, floor, day):
        case = question.case
        closed = case.signed_on or case.ended_on or day
        question.asked_on = min(case.opened_on + dt.timedelta(days=rng.randint(0, 25)), closed, day)
        question_asked_rule(asked_on=question.asked_on, today=day)
        if question.kind == QuestionKind.POLICY:
            if question.asked_on not in policy_due:
                policy_due[question.asked_on] = question_due_rule(
                    kind=question.kind, asked_on=question.asked_on, due_on=None
                )
            question.due_on = policy_due[question.asked_on]
        else:
            question.due_on = question_due_rule(
                kind=question.kind,
                asked_on=question.asked_on,
                due_on=question.asked_on + dt.timedelta(days=rng.choice([5, 7, 10, 15])),
            )
        if question.kind == QuestionKind.CITY:
            question.reported_on = day
        if question._answered:
            # Answered as the app records it: the answer, its day, and the day it reached the
            # investor (done_on), which is what closes the question (N-4).
            answered_on = between(question.asked_on, day)
            done_on = between(answered_on, min(answered_on + dt.timedelta(days=3), day))
            question_answer_text_rule(ANSWER)
            question_answer_rule(
                question=question, answered_on=answered_on, done_on=done_on, today=day
            )
            question.outcome, question.answered_on, question.done_on = ANSWER, answered_on, done_on

    counts["transitions"] = len(
        _bulk(StageTransition, transitions, stdout, "stage transitions", parents=("case",))
    )
    counts["questions"] = len(
        _bulk(
            InvestorQuestion,
            questions,
            stdout,
            "investor questions",
            parents=("case",),
            dates=asked,
        )
    )

    # -- assistance: cases and "last mile" problems (A-1, A-2, A-3) ---------------------------
    a_cases = []
    for project in assisted:
        team = team_of[(project.pk, TeamPhase.ASSISTANCE)]
        tier = assistance_tier_rule(project)
        a_cases.append(
            AssistanceCase(
                project=project,
                tier=tier,
                source=rng.choice(list(CaseSource)),
                status=CaseStatus.ACTIVE
                if project.stage != Stage.COMPLETED
                else CaseStatus.HANDED_OVER,
                team=team,
                responsible_leader=leaders_by_unit[team.lead_unit.pk][0]
                if tier == ATier.CITY
                else None,
                team_status=TeamStatus.APPROVED if rng.random() < 0.8 else TeamStatus.PROPOSED,
                plan="倒排工期，挂图作战。",
            )
        )

    def assisted_from(case, floor, day):
        case.opened_on = between(floor, day)
        if case.status == CaseStatus.HANDED_OVER:
            case.handed_over_on = between(case.opened_on, day)

    a_cases = _bulk(
        AssistanceCase,
        a_cases,
        stdout,
        "assistance cases",
        parents=("project", "team"),
        dates=assisted_from,
    )
    counts["assistance_cases"] = len(a_cases)
    problems = []
    for case in a_cases:
        for _ in range(rng.randint(0, 3)):
            solved = rng.random() < 0.55
            problems.append(
                AProblem(
                    case=case,
                    category=rng.choice(list(AProblemCategory)),
                    title="施工许可办理进度慢",
                    description="需协调相关部门加快办理。",
                    owner_unit=departments[rng.randrange(len(departments))],
                    status=AProblemStatus.SOLVED if solved else AProblemStatus.OPEN,
                    outcome="已协调解决。" if solved else "",
                )
            )

    def raised(problem, floor, day):
        problem.raised_on = between(problem.case.opened_on, day)
        problem.due_on = problem.raised_on + dt.timedelta(days=rng.choice([10, 20, 30]))
        a_problem_due_rule(raised_on=problem.raised_on, due_on=problem.due_on)
        if problem.status == AProblemStatus.SOLVED:
            problem.done_on = between(problem.raised_on, day)

    counts["assistance_problems"] = len(
        _bulk(AProblem, problems, stdout, "assistance problems", parents=("case",), dates=raised)
    )

    # -- A-8 weekly progress: the last WEEKLY_WEEKS weeks of every case under construction, on
    # the day each was reported (up to yesterday): most before the due day, some late, some
    # never, as the weekly list and its dispatch meet them in a running city.
    today = timezone.localdate()
    last = today - dt.timedelta(days=1)
    reports = []
    building = [
        case
        for case in a_cases
        if case.status == CaseStatus.ACTIVE and case.project.stage == Stage.CONSTRUCTION
    ]
    for back in range(WEEKLY_WEEKS):
        monday = week_monday(today) - dt.timedelta(weeks=back)
        due = weekly_progress_due_rule(monday)
        for case in building:
            first = max(monday, case._scale_day)
            days = (last - first).days + 1
            if days <= 0 or (back > 0 and first > monday + dt.timedelta(days=6)):
                continue
            if rng.random() >= WEEKLY_REPORTED:
                continue
            on_time = due is not None and first <= due and rng.random() < WEEKLY_ON_TIME
            high = min(due if on_time else monday + dt.timedelta(days=6), last)
            low = first if on_time or due is None or first > due else due + dt.timedelta(days=1)
            if low > high:
                continue
            report = WeeklyProgress(
                case=case,
                week=monday,
                progress=rng.choice(WEEKLY_PROGRESS),
                investment=Decimal(rng.randint(0, 2000)),
                problems="" if rng.random() < 0.8 else "施工用电增容待落实。",
                reported_by=staff(case.team.lead_unit),
                reported_on=between(low, high),
            )
            weekly_progress_rule(
                stage=Stage.CONSTRUCTION,
                week=monday,
                today=report.reported_on,
                progress=report.progress,
            )
            reports.append(report)
    counts["weekly_progress"] = len(
        _bulk(
            WeeklyProgress,
            reports,
            stdout,
            "weekly progress",
            parents=("case",),
            day_of=lambda report: report.reported_on,
        )
    )

    # -- enterprises: visits and complaints (E-1, E-4) ---------------------------------------
    enterprises = []
    for serial, project in enumerate(operating, start=1):
        decided = responsibility(project)
        enterprises.append(
            Enterprise(
                name=f"营口{project.investor or '本地'}{serial:05d}有限公司",
                project=project,
                area=project.landing_unit,
                introducing_unit=project.owner_unit,
                responsible_unit=project.owner_unit,
                counterpart_unit=decided.counterpart_unit,
                industry=project.industry,
                total_investment=project.total_investment,
                tier=decided.tier,
                responsible_leader=decided.responsible_leader,
                leader_in_charge=decided.leader_in_charge,
                team=team_of[(project.pk, TeamPhase.ENTERPRISE)],
            )
        )

    def registered(enterprise, floor, day):
        enterprise.registered_on = between(floor, day)

    enterprises = _bulk(
        Enterprise,
        enterprises,
        stdout,
        "enterprises",
        parents=("project", "team"),
        dates=registered,
    )
    counts["enterprises"] = len(enterprises)
    visits, complaints = [], []
    for enterprise in enterprises:
        for month in range(rng.randint(2, 8)):
            visit = Visit(
                enterprise=enterprise,
                kind=VisitKind.SERVICE,
                visiting_unit_id=enterprise.counterpart_unit_id,
                visitors="对口服务专员",
                topics="了解生产经营情况，宣讲惠企政策。",
            )
            visit._month = month
            visits.append(visit)
        if rng.random() < 0.3:
            complaint = Complaint(
                channel=rng.choice(list(ComplaintChannel)),
                enterprise=enterprise,
                complainant_name="刘先生",
                complainant_phone="13800000000",
                subject="审批事项办理超时",
                content="企业反映相关审批事项超过承诺时限仍未办结。",
                receiving_unit=units["YSHJ"],
                handling_unit_id=enterprise.responsible_unit_id,
            )
            complaint._replied = rng.random() < 0.7
            complaints.append(complaint)

    def visited(visit, floor, day):
        back = dt.timedelta(days=30 * visit._month + rng.randint(0, 27))
        visit.visited_on = max(day - back, visit.enterprise.registered_on)

    reply_due: dict[dt.date, dt.date] = {}
    tracking0 = Complaint.objects.count()

    def received(complaint, floor, day):
        complaint.tracking_number = f"SC{tracking0 + next(tracking):010d}"
        complaint.received_on = between(complaint.enterprise.registered_on, day)
        if complaint.received_on not in reply_due:
            reply_due[complaint.received_on] = complaint_reply_due_rule(complaint.received_on, None)
        complaint.due_on = reply_due[complaint.received_on]
        if complaint._replied:
            complaint.status = ComplaintStatus.REPLIED
            complaint.done_on = between(complaint.received_on, day)
            complaint.outcome = "已核实并书面答复。"
        else:
            complaint.status = ComplaintStatus.RECEIVED

    tracking = itertools.count(1)
    counts["visits"] = len(
        _bulk(Visit, visits, stdout, "visits", parents=("enterprise",), dates=visited)
    )
    counts["complaints"] = len(
        _bulk(Complaint, complaints, stdout, "complaints", parents=("enterprise",), dates=received)
    )
    return counts
