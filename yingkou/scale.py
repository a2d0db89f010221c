"""A city's worth of data for measuring speed (`manage.py seed_scale`).

The demo (`seed_demo`) tells a story through the services, a few hundred projects at a time; this
writes tens of thousands of rows per table directly with `bulk_create` so that 100,000 projects
take minutes. Every value is drawn from one seeded generator, so the same `--seed` and
`--projects` give the same data. Rules are respected where the lists and reports depend on them
(one open entry per project, memberships of approved entries only, one team per project and phase,
due dates after the day asked), but no services run: no notices, no change requests.
"""

import datetime as dt
import random
from contextlib import contextmanager
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from yingkou.choices import CapacityKind, CapitalOrigin, Role, SizeClass, Stage, TeamPhase, UnitKind

BATCH = 2000
# Rows are written in batches dated one after another back from today, so timestamps (auto_now,
# history dates) spread over the past year like real work rather than all being "now".
SPREAD_DAYS = 365


@contextmanager
def _dated(day: dt.date):
    import time_machine

    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(10)))
    with time_machine.travel(moment, tick=False):
        yield


def _bulk(model, objs, stdout=None, label="", history=True) -> list:
    """Create `objs` in batches, each batch on its own past day, with one historical row each."""
    today = timezone.localdate()
    batches = [objs[i : i + BATCH] for i in range(0, len(objs), BATCH)]
    created = []
    for index, batch in enumerate(batches):
        day = today - dt.timedelta(days=SPREAD_DAYS * (len(batches) - index) // (len(batches) + 1))
        with _dated(day):
            if history:
                created += bulk_create_with_history(batch, model, batch_size=BATCH)
            else:
                created += model.objects.bulk_create(batch, batch_size=BATCH)
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
    from assistance.models import AssistanceCase
    from assistance.models import Problem as AProblem
    from enterprise.choices import ComplaintChannel, ComplaintStatus, ResponsibilityTier, VisitKind
    from enterprise.models import Complaint, Enterprise, Visit
    from negotiation.choices import NegotiationStage, QuestionKind
    from negotiation.models import InvestorQuestion, NegotiationCase, StageTransition
    from reserve.choices import EntryStatus, PoolLevel, StepAction
    from reserve.models import Entry, Membership, Pool, Step
    from reserve.services import pools_ensure
    from yingkou import demo
    from yingkou.models import Leader, Project, Team, Unit

    rng = random.Random(seed)
    today = timezone.localdate()
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

    def day_back(low: int, high: int) -> dt.date:
        return today - dt.timedelta(days=rng.randint(low, high))

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

    # -- teams ------------------------------------------------------------------------------
    def team_for(project, phase):
        lead_unit = project.owner_unit
        unit_leaders = leaders_by_unit.get(lead_unit.pk) or leaders
        return Team(
            project=project,
            phase=phase,
            lead_leader=unit_leaders[rng.randrange(len(unit_leaders))],
            lead_unit=lead_unit,
            main_negotiating_unit=project.owner_unit if phase == TeamPhase.NEGOTIATION else None,
            service_liaison=staff(lead_unit),
        )

    negotiating = [p for p in made if p.stage in (Stage.NEGOTIATING, Stage.SIGNED)]
    assisted = [p for p in made if p.stage in (Stage.SIGNED, Stage.CONSTRUCTION, Stage.COMPLETED)]
    operating = [p for p in made if p.stage == Stage.OPERATING]
    team_plan = [(p, TeamPhase.NEGOTIATION) for p in negotiating]
    team_plan += [(p, TeamPhase.ASSISTANCE) for p in assisted]
    team_plan += [(p, TeamPhase.ENTERPRISE) for p in operating]
    teams = _bulk(Team, [team_for(p, phase) for p, phase in team_plan], stdout, "teams")
    through = Team.cooperating_units.through
    links = []
    for team in teams:
        for unit in rng.sample(departments, rng.randint(1, 3)):
            if unit.pk != team.lead_unit_id:
                links.append(through(team_id=team.pk, unit_id=unit.pk))
    through.objects.bulk_create(links, batch_size=BATCH)
    team_of = {(t.project_id, t.phase): t for t in teams}
    counts["teams"] = len(teams)

    # -- reserve: entries, steps, memberships ----------------------------------------------
    declared = [p for p in made if p.stage == Stage.RESERVE]
    declared += [p for p in made if p.stage == Stage.PLANNING and rng.random() < 0.3]
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
    entries = []
    for project in declared:
        level, status = draw[rng.randrange(len(draw))]
        entries.append(
            Entry(
                project=project,
                pool=pools[project.owner_unit_id],
                level=level,
                status=status,
                declared_by=staff(project.owner_unit),
                is_published=status == EntryStatus.APPROVED and rng.random() < 0.5,
                comment="材料齐全，同意。" if status == EntryStatus.APPROVED else "",
            )
        )
    entries = _bulk(Entry, entries, stdout, "reserve entries")
    counts["entries"] = len(entries)
    steps, memberships = [], []
    owner_of = {p.pk: p.owner_unit for p in declared}
    for entry in entries:
        unit = owner_of[entry.project_id]
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
            steps.append(Step(entry=entry, action=action, level=level, actor=actor))
        if entry.status == EntryStatus.APPROVED or entry.level == 1:
            since = timezone.make_aware(dt.datetime.combine(day_back(40, 700), dt.time(9)))
            memberships.append(
                Membership(
                    pool=entry.pool, project_id=entry.project_id, entry=entry, level=2, since=since
                )
            )
            if entry.level == 1 and entry.status == EntryStatus.APPROVED:
                memberships.append(
                    Membership(
                        pool=level1,
                        project_id=entry.project_id,
                        entry=entry,
                        level=1,
                        since=since + dt.timedelta(days=rng.randint(5, 30)),
                    )
                )
    counts["steps"] = len(_bulk(Step, steps, stdout, "review steps"))
    counts["memberships"] = len(_bulk(Membership, memberships, stdout, "memberships"))

    # -- negotiation: cases, transitions, investor questions -------------------------------
    open_stages = [
        NegotiationStage.CONTACT,
        NegotiationStage.INSPECTION,
        NegotiationStage.NEGOTIATION,
    ]
    cases = []
    for project in negotiating:
        opened = day_back(30, 700)
        if project.stage == Stage.SIGNED:
            stage = NegotiationStage.SIGNED
        elif rng.random() < 0.05:
            stage = NegotiationStage.ENDED
        else:
            stage = open_stages[rng.randrange(3)]
        changed = opened + dt.timedelta(days=rng.randint(0, max((today - opened).days, 0)))
        cases.append(
            NegotiationCase(
                project=project,
                negotiating_unit=project.owner_unit,
                landing_unit=project.landing_unit,
                team=team_of[(project.pk, TeamPhase.NEGOTIATION)],
                stage=stage,
                opened_on=opened,
                stage_changed_on=changed,
                signed_on=changed if stage == NegotiationStage.SIGNED else None,
                ended_on=changed if stage == NegotiationStage.ENDED else None,
                end_reason="投资方调整投资计划。" if stage == NegotiationStage.ENDED else "",
                investor=project.investor,
                summary="双方就选址、用地和配套条件进行了洽谈。",
            )
        )
    cases = _bulk(NegotiationCase, cases, stdout, "negotiation cases")
    counts["negotiation_cases"] = len(cases)
    transitions, questions = [], []
    case_unit = {p.pk: p.owner_unit for p in negotiating}
    for case in cases:
        unit = case_unit[case.project_id]
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
            asked = case.opened_on + dt.timedelta(days=rng.randint(0, 25))
            kind = rng.choice(list(QuestionKind))
            answered = rng.random() < 0.6
            questions.append(
                InvestorQuestion(
                    case=case,
                    kind=kind,
                    question="项目用地指标及配套政策如何落实？",
                    owner_unit=unit,
                    asked_on=asked,
                    due_on=asked + dt.timedelta(days=rng.choice([5, 7, 10, 15])),
                    outcome="已按政策答复。" if answered else "",
                    answered_on=asked + dt.timedelta(days=rng.randint(1, 12)) if answered else None,
                    raised_by=staff(unit),
                )
            )
    counts["transitions"] = len(_bulk(StageTransition, transitions, stdout, "stage transitions"))
    counts["questions"] = len(_bulk(InvestorQuestion, questions, stdout, "investor questions"))

    # -- assistance: cases and "last mile" problems -----------------------------------------
    a_cases = []
    for project in assisted:
        big = project.total_investment >= 100000
        a_cases.append(
            AssistanceCase(
                project=project,
                tier=ATier.CITY if big else ATier.LOCAL,
                source=rng.choice(list(CaseSource)),
                status=CaseStatus.ACTIVE
                if project.stage != Stage.COMPLETED
                else CaseStatus.HANDED_OVER,
                team=team_of[(project.pk, TeamPhase.ASSISTANCE)],
                team_status=TeamStatus.APPROVED if rng.random() < 0.8 else TeamStatus.PROPOSED,
                plan="倒排工期，挂图作战。",
                opened_on=day_back(30, 700),
            )
        )
    a_cases = _bulk(AssistanceCase, a_cases, stdout, "assistance cases")
    counts["assistance_cases"] = len(a_cases)
    problems = []
    for case in a_cases:
        for _ in range(rng.randint(0, 3)):
            raised = case.opened_on + dt.timedelta(days=rng.randint(0, 20))
            solved = rng.random() < 0.55
            problems.append(
                AProblem(
                    case=case,
                    category=rng.choice(list(AProblemCategory)),
                    title="施工许可办理进度慢",
                    description="需协调相关部门加快办理。",
                    owner_unit=departments[rng.randrange(len(departments))],
                    raised_on=raised,
                    due_on=raised + dt.timedelta(days=rng.choice([10, 20, 30])),
                    status=AProblemStatus.SOLVED if solved else AProblemStatus.OPEN,
                    outcome="已协调解决。" if solved else "",
                    done_on=raised + dt.timedelta(days=rng.randint(1, 30)) if solved else None,
                )
            )
    counts["assistance_problems"] = len(_bulk(AProblem, problems, stdout, "assistance problems"))

    # -- enterprises: visits and complaints ---------------------------------------------------
    enterprises = []
    for serial, project in enumerate(operating, start=1):
        big = project.total_investment >= 50000
        enterprises.append(
            Enterprise(
                name=f"营口{project.investor or '本地'}{serial:05d}有限公司",
                project=project,
                area=project.landing_unit,
                introducing_unit=project.owner_unit,
                responsible_unit=project.landing_unit,
                counterpart_unit=departments[rng.randrange(len(departments))],
                industry=project.industry,
                total_investment=project.total_investment,
                tier=ResponsibilityTier.CITY if big else ResponsibilityTier.LOCAL,
                team=team_of[(project.pk, TeamPhase.ENTERPRISE)],
                registered_on=day_back(30, 700),
            )
        )
    enterprises = _bulk(Enterprise, enterprises, stdout, "enterprises")
    counts["enterprises"] = len(enterprises)
    visits, complaints = [], []
    tracking0 = Complaint.objects.count()
    for enterprise in enterprises:
        for month in range(rng.randint(2, 8)):
            visits.append(
                Visit(
                    enterprise=enterprise,
                    visited_on=today - dt.timedelta(days=30 * month + rng.randint(0, 27)),
                    kind=VisitKind.SERVICE,
                    visiting_unit_id=enterprise.counterpart_unit_id,
                    visitors="对口服务专员",
                    topics="了解生产经营情况，宣讲惠企政策。",
                )
            )
        if rng.random() < 0.3:
            received = day_back(1, 300)
            replied = rng.random() < 0.7
            complaints.append(
                Complaint(
                    tracking_number=f"SC{tracking0 + len(complaints) + 1:010d}",
                    channel=rng.choice(list(ComplaintChannel)),
                    enterprise=enterprise,
                    complainant_name="刘先生",
                    complainant_phone="13800000000",
                    subject="审批事项办理超时",
                    content="企业反映相关审批事项超过承诺时限仍未办结。",
                    received_on=received,
                    due_on=received + dt.timedelta(days=10),
                    receiving_unit=units["YSHJ"],
                    handling_unit_id=enterprise.responsible_unit_id,
                    status=ComplaintStatus.REPLIED if replied else ComplaintStatus.RECEIVED,
                    done_on=received + dt.timedelta(days=rng.randint(1, 14)) if replied else None,
                    outcome="已核实并书面答复。" if replied else "",
                )
            )
    counts["visits"] = len(_bulk(Visit, visits, stdout, "visits"))
    counts["complaints"] = len(_bulk(Complaint, complaints, stdout, "complaints"))
    return counts
