"""Demo data of key-project assistance, on top of the foundation's units, leaders, projects and
users: cases for the signed, construction and completed projects, approved and pending teams,
problems in every state, monthly progress, promotion groups, liaisons, a joint meeting with action
items, published plans, the industry bureau's service of its industry's projects and the last
period's archives.

Idempotent: cases by project, problems/progress/meetings only where a case has none, groups by
name, plans by unit and year, industry services while there are none, archives by period.
"""

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from yingkou.amounts import TEN_MILLION
from yingkou.choices import LeaderRank, Role, Stage, TeamPhase
from yingkou.demo import MONTHS_OF_PAST, TAKEN_IN_DAYS_AGO, on, ordinals
from yingkou.errors import RuleViolation
from yingkou.industries import city_authority_industries_q
from yingkou.models import Leader, Project, Team, Unit, User
from yingkou.services import save_with_history
from yingkou.workdays import add_working_days

from . import rules, services
from .choices import CaseStatus, ProblemCategory, TeamStatus, Tier
from .models import (
    AssistanceCase,
    AssistancePlan,
    CoordinationEntry,
    IndustryService,
    JointMeeting,
    Problem,
    ProgressReport,
    PromotionGroup,
    WeeklyProgress,
)

CASE_STAGES = (Stage.SIGNED, Stage.CONSTRUCTION, Stage.COMPLETED)

GROUPS = [
    ("第一推进组", ["ZQ", "XS", "LB"]),
    ("第二推进组", ["BYQ", "KFQ", "XRD"]),
    ("第三推进组", ["GZ", "DSQ", "GXQ", "YHJD"]),
]

# Which unit owns which kind of problem, by unit code; None: the project's own area.
OWNERS = {
    ProblemCategory.INITIATION: "FGW",
    ProblemCategory.LAND: "ZRZY",
    ProblemCategory.PLANNING: "ZRZY",
    ProblemCategory.ENVIRONMENT: "STHJ",
    ProblemCategory.RELOCATION: None,
    ProblemCategory.FUNDS: "CZJ",
    ProblemCategory.POWER: "GD",
    ProblemCategory.WATER: "ZLS",
    ProblemCategory.GAS: "RQ",
    ProblemCategory.INFRASTRUCTURE: "ZJJ",
    ProblemCategory.OTHER: None,
}

TITLES = {
    ProblemCategory.INITIATION: "项目备案手续待办理",
    ProblemCategory.LAND: "建设用地指标未落实",
    ProblemCategory.PLANNING: "规划设计条件待出具",
    ProblemCategory.ENVIRONMENT: "环评批复待审批",
    ProblemCategory.RELOCATION: "厂区范围内动迁未完成",
    ProblemCategory.FUNDS: "项目贷款授信未到位",
    ProblemCategory.POWER: "66千伏供电线路未接入",
    ProblemCategory.WATER: "供水管网未敷设至红线",
    ProblemCategory.GAS: "天然气管道接入方案待确定",
    ProblemCategory.INFRASTRUCTURE: "园区配套道路未贯通",
    ProblemCategory.OTHER: "施工许可材料需补正",
}


def _source(project: Project, phases: set[str]) -> str:
    if TeamPhase.NEGOTIATION in phases:
        return "negotiation"
    if TeamPhase.RESERVE in phases:
        return "reserve"
    return "direct"


def _open_cases(drc: User) -> int:
    projects = (
        Project.objects.filter(stage__in=CASE_STAGES, total_investment__gte=TEN_MILLION)
        .filter(assistance_case__isnull=True)
        .select_related("owner_unit", "landing_unit")
        .order_by("id")
    )
    phases: dict[int, set[str]] = {}
    for project_id, phase in Team.objects.filter(project__in=projects).values_list(
        "project_id", "phase"
    ):
        phases.setdefault(project_id, set()).add(phase)
    opened = 0
    for project in projects:
        services.assistance_case_open(
            project=project, user=drc, source=_source(project, phases.get(project.pk, set()))
        )
        opened += 1
    return opened


def _leaders(drc: User) -> None:
    """Name the assisting leaders the demo cases still lack (A-2)."""
    city_leaders = list(
        Leader.objects.filter(rank=LeaderRank.CITY_LEADER, is_retired=False).order_by("id")
    )
    principals = {
        leader.unit_id: leader for leader in Leader.objects.filter(rank=LeaderRank.PRINCIPAL)
    }
    cases = AssistanceCase.objects.filter(team__lead_leader__isnull=True).select_related(
        "project", "team", "team__lead_unit"
    )
    for case in cases.order_by("id"):
        team = case.team
        if case.tier == Tier.CITY:
            leader = next(
                (c for c in city_leaders if c.covers_industry(case.project.industry)),
                city_leaders[0] if city_leaders else None,
            )
        else:
            leader = principals.get(team.lead_unit_id)
        if leader is None:
            continue
        rules.assistance_lead_rule(tier=case.tier, leader=leader, lead_unit=team.lead_unit)
        team.lead_leader = leader
        with on(case.opened_on, hour=11):  # named the day the case was taken in
            save_with_history(team, drc)
            # A local team is then decided: its publication is counted from that day.
            services.arrangement_noted(case, decided=True)
            save_with_history(case, drc)


def _after_opening(case: AssistanceCase, days: int, today: dt.date) -> dt.date:
    """A day `days` after the case was taken in, and not after today: what the demo does on a
    case happens while it is in assistance."""
    return min(case.opened_on + dt.timedelta(days=days), today)


def _approve_teams(drc: User, units: dict[str, Unit], today: dt.date) -> None:
    """Run the A-5 approval for city-tier cases of the units that have demo users: approved,
    one waiting for the city leader, one waiting for the DRC, as far as there are such cases;
    each step a few days after the case was taken in."""
    mayor_user = User.objects.filter(username="leader").first()
    mayor = Leader.objects.filter(user=mayor_user).first() if mayor_user else None
    if (
        mayor is None
        or AssistanceCase.objects.exclude(team_status=TeamStatus.PROPOSED)
        .filter(tier=Tier.CITY)
        .exists()
    ):
        return
    cooperating = [units[c] for c in ("ZRZY", "STHJ", "GD") if c in units]
    steps = []
    for code, username in (("BYQ", "staff"), ("GZ", "staff_gz"), ("GXJ", "staff_gxj")):
        staff = User.objects.filter(username=username).first()
        area = units.get(code)
        if staff is None or area is None:
            continue
        responsible = Leader.objects.filter(unit=area, rank=LeaderRank.IN_CHARGE).first()
        # Cases taken in long enough ago for their teams to have been proposed and approved.
        cases = AssistanceCase.objects.filter(
            tier=Tier.CITY, team__lead_unit=area, opened_on__lte=today - dt.timedelta(days=10)
        ).order_by("opened_on", "id")
        steps += [(case, staff, responsible) for case in cases.select_related("team", "project")]
    for index, (case, staff, responsible) in enumerate(steps[:4]):
        with on(_after_opening(case, 3, today)):
            _propose(case, staff, responsible, cooperating)
        if index == 3:
            continue  # the DRC has this one to compile
        with on(_after_opening(case, 6, today)):
            services.assistance_team_compile(case=case, user=drc, assisting_leader=mayor)
        if index != 1:  # the second one waits for the city leader
            with on(_after_opening(case, 10, today)):
                services.assistance_team_approve(case=case, user=mayor_user)


def _propose(case: AssistanceCase, staff: User, responsible, cooperating: list[Unit]) -> None:
    services.assistance_team_propose(
        case=case,
        user=staff,
        responsible_leader=responsible,
        cooperating_units=cooperating,
        members=[staff],
        service_liaison=staff,
        project_liaison=staff,
        plan="一个项目、一位领导、一个团队、一抓到底：倒排工期，每月调度，问题清单销号管理。",
    )


def _problems(drc: User, units: dict[str, Unit], today: dt.date) -> int:
    rng = random.Random(2017)
    categories = list(ProblemCategory)
    cases = (
        AssistanceCase.objects.filter(status=CaseStatus.ACTIVE, problems__isnull=True)
        .select_related("project", "team")
        .order_by("id")
    )
    created, later = [], []
    for case in cases:
        # Raised in the six months before today, and never before the case was taken in.
        earliest = max(case.opened_on, today - dt.timedelta(days=30 * MONTHS_OF_PAST))
        span = max((today - dt.timedelta(days=5) - earliest).days, 0)
        for _ in range(rng.randint(1, 3)):
            category = categories[rng.randrange(len(categories))]
            owner = units.get(OWNERS[category] or "") or case.team.lead_unit
            raised = earliest + dt.timedelta(days=rng.randint(0, span))
            due = raised + dt.timedelta(days=rng.choice([15, 30, 45, 60]))
            problem = Problem(
                case=case,
                category=category,
                title=TITLES[category],
                owner_unit=owner,
                raised_on=raised,
                due_on=due,
            )
            problem.full_clean()
            # Recorded open on the day it was raised; solved or escalated later (below).
            problem._history_date = _moment(raised)
            created.append(problem)
            roll = rng.random()
            if roll < 0.4 and due - dt.timedelta(days=10) <= today:
                done_on = min(today, max(raised, due + dt.timedelta(days=rng.randint(-10, 5))))
                later.append(
                    (
                        problem,
                        {
                            "status": "solved",
                            "done_on": done_on,
                            "outcome": "经服务团队协调已解决。",
                        },
                        done_on,
                    )
                )
            elif roll > 0.85:
                escalated_on = min(today, raised + dt.timedelta(days=7))
                later.append(
                    (
                        problem,
                        {
                            "escalated": True,
                            "escalated_on": escalated_on,
                            "escalation_reason": "涉及跨部门政策，服务团队无法协调解决，提请市政府研究。",
                        },
                        escalated_on,
                    )
                )
    bulk_create_with_history(created, Problem, batch_size=500, default_user=drc)
    for problem, changes, day in later:
        for field, value in changes.items():
            setattr(problem, field, value)
        problem._history_date = _moment(day, hour=16)
    fields = ["status", "done_on", "outcome", "escalated", "escalated_on", "escalation_reason"]
    bulk_update_with_history(
        [problem for problem, _changes, _day in later],
        Problem,
        fields,
        batch_size=500,
        default_user=drc,
    )
    return len(created)


def _moment(day: dt.date, hour: int = 10) -> dt.datetime:
    return min(timezone.make_aware(dt.datetime.combine(day, dt.time(hour))), timezone.now())


def _progress(drc: User, today: dt.date) -> None:
    rng = random.Random(36)
    cases = (
        AssistanceCase.objects.filter(
            project__stage=Stage.CONSTRUCTION, progress_reports__isnull=True
        )
        .select_related("project")
        # One generator draws for each case in turn: in the order written, the same everywhere.
        .order_by("id")
    )
    reports = []
    for case in cases:
        monthly = (case.project.total_investment / 24).quantize(Decimal("0.01"))
        month = today.replace(day=1)
        for _ in range(6):
            month = (month - dt.timedelta(days=1)).replace(day=1)
            ratio = Decimal(rng.randint(70, 125)) / 100
            if month < case.opened_on.replace(day=1):
                continue  # not in assistance yet
            reports.append(
                ProgressReport(
                    case=case,
                    month=month,
                    planned_investment=monthly,
                    actual_investment=(monthly * ratio).quantize(Decimal("0.01")),
                    note="主体结构施工中" if ratio >= Decimal("0.9") else "受要素保障影响进度滞后",
                )
            )
            # reported on the 3rd of the following month
            reports[-1]._history_date = _moment(
                (month + dt.timedelta(days=31)).replace(day=3), hour=9
            )
    bulk_create_with_history(reports, ProgressReport, batch_size=500, default_user=drc)


def _groups(drc: User, units: dict[str, Unit]) -> None:
    members = list(User.objects.filter(role="drc_reviewer"))
    for name, codes in GROUPS:
        if PromotionGroup.objects.filter(name=name).exists():
            continue
        try:
            services.promotion_group_save(
                user=drc,
                name=name,
                head=drc,
                members=members,
                areas=[units[c] for c in codes if c in units],
            )
        except RuleViolation:
            continue  # an area already covered by a group someone formed by hand


def _liaisons(drc: User, units: dict[str, Unit]) -> None:
    for code, username in (("BYQ", "staff"), ("GZ", "staff_gz"), ("GXJ", "staff_gxj")):
        user = User.objects.filter(username=username).first()
        if user and code in units and not hasattr(units[code], "assistance_general_liaison"):
            services.general_liaison_set(unit=units[code], liaison=user, user=drc)


def _meeting(drc: User, units: dict[str, Unit], today: dt.date) -> None:
    """A joint meeting convened by the demo city leader (or, failing that, another assisting
    leader with a login), who records its tasks, with action items in the owners' queues (A-7)."""
    mayor_user = User.objects.filter(username="leader").first()
    led = AssistanceCase.objects.filter(
        status=CaseStatus.ACTIVE, team__lead_leader__user__isnull=False
    )
    case = (
        led.filter(team__lead_leader__user=mayor_user, team_status=TeamStatus.APPROVED).first()
        if mayor_user
        else None
    ) or led.order_by("-tier", "id").first()
    if case is None or JointMeeting.objects.exists():
        return
    user = case.team.lead_leader.user
    attendees = [units[c] for c in ("ZRZY", "ZJJ", "STHJ", "SLJ", "GD", "ZLS", "RQ") if c in units]
    # Convened once the team serves the case, and recorded that evening.
    held_on = max(today - dt.timedelta(days=12), case.team_approved_on or case.opened_on)
    with on(held_on, hour=17):
        meeting = services.meeting_create(
            case=case,
            user=user,
            held_on=held_on,
            attendees=attendees,
            place="市政府第三会议室",
            minutes="听取项目进展和要素保障情况汇报，逐项研究“最后一公里”问题。",
            decisions="一、供电公司负责66千伏线路接入；二、自来水公司完成供水管网敷设；三、所在区做好动迁收尾。",
        )
    for code, text, days in (
        ("GD", "完成66千伏供电线路接入", 20),
        ("ZLS", "完成供水管网敷设至项目红线", -2),
        (case.team.lead_unit.code, "完成厂区范围内动迁收尾", 2),
    ):
        owner = units.get(code) or case.team.lead_unit
        with on(held_on, hour=17):
            services.action_item_add(
                meeting=meeting,
                user=user,
                description=text,
                owner_unit=owner,
                due_on=max(meeting.held_on, today + dt.timedelta(days=days)),
            )


def _plans(units: dict[str, Unit], today: dt.date) -> None:
    """Two areas' plans for the year, adopted by their 单位审核 on 20 January (or today, early in
    January); 鲅鱼圈区 records its portal publication eight working days later, 盖州市 has not
    (A-5: 待公示, then 未公示 once its 20 working days are over)."""
    adopted = min(today, dt.date(today.year, 1, 20))
    for code in ("BYQ", "GZ"):
        unit = units.get(code)
        if unit is None or AssistancePlan.objects.filter(unit=unit, year=today.year).exists():
            continue
        # only the unit itself writes its plan (`permissions.can_edit_plan`).
        reviewer = User.objects.filter(unit=unit, role=Role.UNIT_REVIEWER).order_by("pk").first()
        if reviewer is None:
            continue
        with on(adopted, hour=9):
            plan = services.assistance_plan_save(
                unit=unit,
                year=today.year,
                title=f"{unit.name}{today.year}年重点项目精准帮扶方案",
                content=(
                    "一、帮扶范围：总投资1000万元以上项目全部纳入精准帮扶。\n"
                    "二、帮扶机制：一个项目、一位领导、一个团队、一抓到底。\n"
                    "三、问题解决：立项、土地、规划、环评及要素保障问题清单化管理，限时办结。"
                ),
                is_published=True,
                user=reviewer,
            )
        published = add_working_days(adopted, 8)
        staff = User.objects.filter(username="staff", unit=unit).first()
        if staff is None or published > today:
            continue
        with on(published, hour=15):
            services.assistance_plan_publication_record(
                plan=plan,
                user=staff,
                published_on=published,
                url=f"https://{unit.code.lower()}.example.org/gsgg/fa{today.year}.html",
                expected_version=plan.version,
            )


WEEKLY_TEXTS = (
    "主体结构施工，完成{n}%",
    "设备基础浇筑完成，钢结构安装中",
    "厂房封顶，进入设备安装阶段",
    "室外管网及道路施工中",
)


def _industry_services(units: dict[str, Unit], today: dt.date) -> None:
    """A-3 (帮扶机制二(二)): the industry and information technology bureau (the demo's
    `staff_gxj`) names its leader in charge and service staff for the active key projects of its
    industries — manufacturing, mining, energy, IT and the industries the reference table gives
    no other department — a week after each was taken in, all but the latest, which still waits
    for it (行业部门未配备). The other departments have no demo users and name no one yet."""
    staff = User.objects.filter(username="staff_gxj").first()
    department = units.get("GXJ")
    if staff is None or department is None or IndustryService.objects.exists():
        return
    deputy = Leader.objects.filter(
        unit=department, rank=LeaderRank.IN_CHARGE, is_retired=False
    ).first()
    industries = city_authority_industries_q(department, prefix="project__")
    if deputy is None or industries is None:
        return
    cases = AssistanceCase.objects.filter(industries, status=CaseStatus.ACTIVE).select_related(
        "project", "team"
    )
    for case in list(cases.order_by("opened_on", "id"))[:-1]:
        with on(_after_opening(case, 7, today)):
            services.industry_service_assign(
                case=case, user=staff, leader_in_charge=deputy, service_staff=staff
            )


def _publications(today: dt.date) -> None:
    """A-5: the areas and departments with demo users record that they published their
    arranged cases on their portals, five to fourteen working days after each was decided; one
    case in four is left unpublished (未公示 once its 20 working days are over) and those whose
    day has not come yet wait (待公示). The units without demo users have recorded nothing, so
    the DRC's dashboard counts their cases."""
    from yingkou.choices import Role

    staff = {
        user.unit_id: user
        for user in User.objects.filter(
            username__in=("staff", "staff_gz", "staff_gxj"), role=Role.UNIT_STAFF
        )
    }
    cases = (
        AssistanceCase.objects.filter(
            rules.arranged_q(), published_on__isnull=True, team__lead_unit_id__in=staff
        )
        .select_related("team__lead_unit")
        .order_by("arranged_on", "id")
    )
    place = ordinals(AssistanceCase)  # the cases spread by their ordinals, not their ids
    for case in cases:
        ordinal = place[case.pk]
        day = add_working_days(case.arranged_on, 5 + ordinal % 10)
        if ordinal % 4 == 3 or day > today:
            continue
        with on(day, hour=15):
            services.assistance_publication_record(
                case=case,
                user=staff[case.team.lead_unit_id],
                published_on=day,
                url=f"https://{case.team.lead_unit.code.lower()}.example.org/gsgg/{ordinal}.html",
                expected_version=case.version,
            )


def _unit_staff(case: AssistanceCase, drc: User) -> User:
    from yingkou.choices import Role

    staff = User.objects.filter(
        unit_id=case.team.lead_unit_id, role__in=Role.unit_bound(), is_active=True
    ).first()
    return staff or drc


def _weekly(drc: User, today: dt.date) -> None:
    """帮扶机制二(一): five weeks of progress of the projects under construction — most on their
    due day, some a day late, some never — and the DRC's dispatch of the weeks that ended."""
    if WeeklyProgress.objects.exists():
        return
    rng = random.Random(52)
    cases = list(
        AssistanceCase.objects.filter(project__stage=Stage.CONSTRUCTION, status=CaseStatus.ACTIVE)
        .select_related("project", "team")
        # The first sixteen written, drawing their texts in that order, on any database.
        .order_by("id")[:16]
    )
    this_monday = rules.week_monday(today)
    for weeks_back in range(4, -1, -1):
        monday = this_monday - dt.timedelta(days=7 * weeks_back)
        due = rules.weekly_progress_due_rule(monday)
        if due is None:
            continue
        for index, case in enumerate(cases):
            if (index + weeks_back) % 6 == 5:
                continue  # not reported this week
            day = due + dt.timedelta(days=1) if (index + weeks_back) % 7 == 3 else due
            text = rng.choice(WEEKLY_TEXTS).format(n=rng.randint(40, 95))
            try:
                with on(min(day, today), hour=16):
                    services.weekly_progress_report(
                        case=case,
                        user=_unit_staff(case, drc),
                        progress=text,
                        investment=Decimal(rng.randint(50, 800)),
                        problems="施工用电需增容" if index % 5 == 0 else "",
                    )
            except RuleViolation:
                continue
        if weeks_back:
            with on(monday + dt.timedelta(days=4), hour=17):
                services.weekly_dispatch_record(
                    week=monday,
                    user=drc,
                    remarks="请未报送单位于下周一前补报；滞后项目由推进组跟踪协调。",
                )


def _coordination(drc: User, units: dict[str, Unit], today: dt.date) -> None:
    """帮扶机制二(二): two local projects' proposal lists, one compiled report decided in part by
    the city leader, and one line still waiting for the DRC."""
    if CoordinationEntry.objects.exists():
        return
    cases = list(
        AssistanceCase.objects.filter(
            tier=Tier.LOCAL,
            status=CaseStatus.ACTIVE,
            opened_on__lte=today - dt.timedelta(days=20),
        )
        .select_related("project", "team")
        .order_by("id")[:3]
    )
    others = [units[code] for code in ("GZ", "DSQ", "ZRZY", "GDGS") if code in units]
    if len(cases) < 3 or len(others) < 2:
        return
    matters = (
        "项目配套道路跨越相邻地区，需其参与服务团队并协调征地",
        "项目用电接入需电力部门参加服务团队，协调变电站间隔",
        "项目取水需相邻地区协调供水管线路由",
    )
    entries = []
    for index, case in enumerate(cases):
        involved = next(
            (
                u
                for u in others
                if u.pk not in case.team.unit_ids()
                and u.pk not in {case.project.owner_unit_id, case.project.landing_unit_id}
            ),
            None,
        )
        if involved is None:
            continue
        with on(today - dt.timedelta(days=20 - 8 * index)):
            entries.append(
                services.coordination_propose(
                    case=case,
                    user=_unit_staff(case, drc),
                    involved_unit=involved,
                    matter=matters[index],
                )
            )
        if index == 1:
            with on(today - dt.timedelta(days=10)):
                services.coordination_compile(user=drc, note="本期汇总两项，请市政府协调。")
    leader = User.objects.filter(username="leader").first()
    if leader and entries:
        with on(today - dt.timedelta(days=6)):
            services.coordination_decide(
                entry=CoordinationEntry.objects.get(pk=entries[0].pk),
                user=leader,
                agreed=True,
                decision="同意。请相关地区指派专人参加服务团队，一周内对接。",
            )


@transaction.atomic
def seed(stdout=None) -> None:
    drc = User.objects.filter(username="drc").first()
    if drc is None:
        return
    today = timezone.localdate()
    units = {unit.code: unit for unit in Unit.objects.all()}
    # The projects under construction or completed were taken in before the six months of
    # problems the demo records; a completed one went on to enterprise help that day (E-1). The
    # cases of signed projects and of pooled ones were opened by their signing (N-1) or their
    # handover, on that day, in the demos before this one.
    with on(today - dt.timedelta(days=TAKEN_IN_DAYS_AGO)):
        opened = _open_cases(drc)
        services.assistance_cases_follow_projects()
        _groups(drc, units)
        _liaisons(drc, units)
    _leaders(drc)
    _approve_teams(drc, units, today)
    problems = _problems(drc, units, today)
    _progress(drc, today)
    _meeting(drc, units, today)
    _plans(units, today)
    _weekly(drc, today)
    _coordination(drc, units, today)
    _industry_services(units, today)
    _publications(today)
    if stdout:
        stdout.write(f"assistance: {opened} new cases, {problems} new problems")
