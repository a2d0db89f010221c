"""Demo data of operating-enterprise help, built on the foundation's units, leaders, projects and
users: enterprises from the completed and operating projects, visits, problems, complaints (some
overdue), inspections (one pair waiting to be merged), promises and assessment figures.

Idempotent: enterprises through the idempotent handover; each other kind of record is seeded
once (skipped when the demo already made it).
"""

import datetime as dt
import random
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from yingkou.choices import Role, Stage
from yingkou.demo import MONTHS_OF_PAST, TAKEN_IN_DAYS_AGO, demo_person_name, on
from yingkou.errors import RuleViolation
from yingkou.models import Project, Unit, User
from yingkou.scheduling import period_key
from yingkou.scheduling.periods import period_bounds
from yingkou.workdays import add_working_days

from . import permissions, rules, services
from .choices import ComplaintChannel, ProblemCategory, PromiseKind, PromiseStatus
from .models import (
    AssessmentFigures,
    Complaint,
    Enterprise,
    Inspection,
    PolicyPromise,
    Problem,
    Visit,
)
from .selectors import assessed_units

AGENCY_USERS = [
    # username, surname, given name, unit code
    ("sthj", "韩", "振宇", "STHJ"),
    ("byq_sthj", "杨", "思远", "BYQ-STHJ"),
    ("byq_scjg", "秦", "佳怡", "BYQ-SCJG"),
]

TOPICS = [
    # topics of the visit, problem raised (if any), the problem's category
    ("了解一季度生产经营情况，宣讲惠企政策", "流动资金紧张，希望对接银行", ProblemCategory.FUNDS),
    ("协调解决用工招聘问题", "技术工人短缺", ProblemCategory.LABOUR),
    ("走访调研扩产计划", "扩建用地指标不足", ProblemCategory.LAND),
    ("政策兑现情况回访", "", None),
    ("安全生产及用电保障服务", "夏季用电高峰限电", ProblemCategory.OTHER),
    ("开展银企对接", "", None),
]
# A problem is filed under what its text is about, so the category follows the text.
PROBLEM_CATEGORIES = {problem: category for _, problem, category in TOPICS if problem}

COMPLAINTS = [
    ("施工许可办理超过承诺时限", "申请材料齐全后二十个工作日仍未办结。"),
    ("供电接入久拖不办", "厂区新增变压器报装三个月未通电。"),
    ("重复执法检查", "一个月内被不同部门检查四次，影响生产。"),
    ("中介服务收费过高", "环评中介收费明显高于市场价格。"),
    ("政策补贴未按期兑现", "招商引资协议约定的设备补贴逾期未拨付。"),
    ("审批要件反复补充", "窗口多次要求补充不同材料。"),
]


def _agency_users() -> dict[str, User]:
    users = {}
    for username, surname, given, code in AGENCY_USERS:
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            continue
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
            user.set_password(settings.DEMO_PASSWORD)
            user.save()
        users[code] = user
    return users


def _enterprises(drc: User) -> int:
    before = Enterprise.objects.count()
    projects = Project.objects.filter(stage__in=[Stage.COMPLETED, Stage.OPERATING]).order_by("id")
    for project in projects:
        try:
            with transaction.atomic():
                services.enterprise_register_from_project(project=project, user=drc)
        except RuleViolation:
            continue
    return Enterprise.objects.count() - before


def _visits(rng: random.Random, today: dt.date) -> None:
    if Visit.objects.exists():
        return
    staff = {u.unit_id: u for u in User.objects.filter(role=Role.UNIT_STAFF)}
    fallback = User.objects.get(username="drc")
    month_start = today.replace(day=1)
    # In the order the enterprises were registered: each draws its visits from the one
    # generator in turn, so another order would give each other visits.
    enterprises = Enterprise.objects.select_related("responsible_unit", "counterpart_unit")
    for enterprise in enterprises.order_by("id"):
        user = staff.get(enterprise.responsible_unit_id, fallback)
        for months_back in range(MONTHS_OF_PAST, -1, -1):
            if rng.random() < (0.35 if months_back == 0 else 0.12):
                continue  # some key enterprises fall behind in some months (E-2)
            first = (month_start - dt.timedelta(days=28 * months_back)).replace(day=1)
            last = today if months_back == 0 else first + dt.timedelta(days=27)
            # visited once it is in enterprise help (E-2), never before
            first = max(first, enterprise.registered_on)
            day = first + dt.timedelta(days=rng.randint(0, max(0, (last - first).days)))
            topics, problems, _ = TOPICS[rng.randrange(len(TOPICS))]
            if day > last:
                continue
            with on(day, hour=17):  # recorded the evening of the visit
                services.visit_record(
                    enterprise=enterprise,
                    user=user,
                    visited_on=day,
                    visiting_unit=enterprise.counterpart_unit if rng.random() < 0.4 else None,
                    leader=enterprise.responsible_leader if rng.random() < 0.3 else None,
                    visitors=f"{user.display_name}等3人",
                    topics=topics,
                    problems_raised=problems,
                )


def _problems(rng: random.Random, today: dt.date) -> None:
    if Problem.objects.exists():
        return
    units = {u.code: u for u in Unit.objects.all()}
    drc = User.objects.get(username="drc")
    visits = Visit.objects.exclude(problems_raised="").select_related("enterprise")[:18]

    def staff_of(unit_id):  # the owning unit acts on its problem (E-3 首问负责)
        return (
            User.objects.filter(unit_id=unit_id, role__in=permissions.UNIT_ROLES, is_active=True)
            .order_by("id")
            .first()
        )

    for index, visit in enumerate(visits):
        raised = visit.visited_on
        with on(raised, hour=17):  # raised at the visit and acted on that day (E-3)
            problem, owner = _problem_raised(index, visit, drc, units, staff_of)
        # Some are solved since: done today, after whatever the departments asked have done.
        if owner is not None and index % 5 == 3 and raised < today:
            services.problem_solve(
                problem=problem, user=owner, outcome="已协调解决。", done_on=today
            )


def _problem_raised(index, visit, drc, units, staff_of) -> tuple[Problem, User | None]:
    """E-3 on the day a visit raises a problem: the one-time notice of the materials, a hand-on
    to the competent department or other departments asked to help; with who owns it then."""
    raised = visit.visited_on
    problem = services.problem_raise(
        enterprise=visit.enterprise,
        user=drc,
        visit=visit,
        category=PROBLEM_CATEGORIES.get(visit.problems_raised, ProblemCategory.OTHER),
        description=visit.problems_raised,
        raised_on=raised,
        first_unit=visit.visiting_unit,
    )
    owner = staff_of(problem.owner_unit_id)
    if owner is None:
        return problem, None
    if index % 3 == 0:
        services.problem_notify_materials(
            problem=problem,
            user=owner,
            materials="1. 营业执照复印件\n2. 近三年财务报表\n3. 项目用地规划许可证",
            notified_on=raised,
        )
    authority = units.get("GXJ")
    if index % 4 == 1 and authority and problem.owner_unit_id != authority.pk:
        services.problem_hand_on(
            problem=problem,
            user=owner,
            to_unit=authority,
            reason="属工业和信息化部门职责",
            handed_on=raised,
        )
        owner = staff_of(problem.owner_unit_id)
        if owner is None:
            return problem, None
    if index % 4 == 2:
        for code in ("ZRZY", "ZJJ"):
            if code not in units:
                continue
            action = services.problem_request_action(
                problem=problem,
                user=owner,
                unit=units[code],
                task="研究提出解决方案",
                due_on=raised + dt.timedelta(days=7 * (1 + index % 3)),
            )
            helper = staff_of(action.unit_id)
            if index % 8 == 2 and helper is not None:
                services.problem_action_complete(action=action, user=helper, outcome="已出具意见")
    return problem, owner


def _complaints(rng: random.Random, today: dt.date) -> None:
    if Complaint.objects.exists():
        return
    office = services.complaint_receiving_office()
    supervisor = User.objects.filter(username="supervisor").first()
    areas = list(Unit.objects.filter(code__in=["BYQ", "GZ", "DSQ", "ZQ", "KFQ"]))
    enterprises = list(Enterprise.objects.all()[:30])
    for index in range(24):
        subject, content = COMPLAINTS[index % len(COMPLAINTS)]
        received = today - dt.timedelta(days=3 + index * 7)
        channel = [ComplaintChannel.ONLINE, ComplaintChannel.PHONE, ComplaintChannel.MAILBOX][
            index % 3
        ]
        with on(received):
            complaint = services.complaint_receive(
                channel=channel,
                receiving_unit=office,
                received_on=received,
                statutory_days=15 if index % 7 == 0 else None,
                complainant_name=rng.choice("王李张刘陈杨赵")
                + rng.choice(["先生", "女士", "经理"]),
                complainant_phone=f"139{rng.randint(10000000, 99999999)}",
                complainant_address="营口市" + rng.choice(["站前区", "鲅鱼圈区", "大石桥市"]),
                complainant_organisation=enterprises[index % len(enterprises)].name
                if enterprises
                else "",
                enterprise=enterprises[index % len(enterprises)]
                if enterprises and index % 2
                else None,
                subject=subject,
                content=content,
                # Online complaints come from the public form; staff record phone and mailbox ones.
                user=None if channel == ComplaintChannel.ONLINE else supervisor,
            )
        handler = supervisor
        area = areas[index % len(areas)] if areas else None
        # Only a unit with staff to answer it takes a transfer: the handling unit replies (E-4).
        area_handler = (
            User.objects.filter(unit=area, role__in=permissions.UNIT_ROLES, is_active=True)
            .order_by("id")
            .first()
        )
        if index % 3 != 2 and area_handler is not None:
            with on(received + dt.timedelta(days=1)):
                services.complaint_transfer(
                    complaint=complaint,
                    user=supervisor,
                    to_unit=area,
                    note="按属地转办",
                    transferred_on=received + dt.timedelta(days=1),
                )
            handler = area_handler
        # Older complaints are mostly answered, some late; a few stay overdue (督办).
        if index % 4 != 0 and complaint.due_on < today:
            late = index % 5 == 0
            replied = complaint.due_on + dt.timedelta(days=2 if late else -1)
            done_on = min(max(replied, received), today)
            with on(done_on, hour=16):
                services.complaint_reply(
                    complaint=complaint,
                    user=handler,
                    outcome="经核查，已督促相关单位整改并书面答复。",
                    done_on=done_on,
                )


def _inspections(today: dt.date, agencies: dict[str, User]) -> None:
    if Inspection.objects.exists() or not agencies:
        return
    legal = User.objects.filter(username="legal").first()
    reviewer = User.objects.filter(username="reviewer").first()
    sthj, byq_sthj, byq_scjg = (agencies.get(c) for c in ("STHJ", "BYQ-STHJ", "BYQ-SCJG"))
    in_byq = list(Enterprise.objects.filter(area__code="BYQ").order_by("-total_investment")[:3])
    elsewhere = list(Enterprise.objects.exclude(area__code="BYQ").order_by("-total_investment")[:1])
    if legal is None or reviewer is None:
        return
    # Two months back (a day to come in early January would be an inspection not yet done).
    earlier = today - dt.timedelta(days=60)
    if sthj and elsewhere:
        # Filed, approved and carried out on its day: a plan is never dated before its filing.
        with on(earlier - dt.timedelta(days=7)):
            done = services.inspection_plan(
                user=sthj,
                enterprise=elsewhere[0],
                planned_on=earlier,
                purpose="污染防治设施运行检查",
            )
        with on(earlier - dt.timedelta(days=3)):
            services.inspection_approve(inspection=done, user=legal)
        with on(earlier):
            services.inspection_carry_out(
                inspection=done,
                user=sthj,
                findings="设施运行正常，责令完善台账。",
                carried_out_on=earlier,
            )
    if byq_scjg and len(in_byq) > 0:
        plan = services.inspection_plan(
            user=byq_scjg,
            enterprise=in_byq[0],
            planned_on=today + dt.timedelta(days=10),
            purpose="特种设备安全检查",
        )
        services.inspection_approve(inspection=plan, user=reviewer)
    # Two agencies of one county planning the same enterprise: the county's legal affairs office
    # is to merge them (a city-level agency's plan would be the city government's, not merged).
    if byq_sthj and byq_scjg and len(in_byq) > 1:
        for user, days, purpose in (
            (byq_sthj, 20, "排污许可执行情况检查"),
            (byq_scjg, 21, "产品质量监督检查"),
        ):
            services.inspection_plan(
                user=user,
                enterprise=in_byq[1],
                planned_on=today + dt.timedelta(days=days),
                purpose=purpose,
            )
    if byq_sthj and len(in_byq) > 2:
        services.inspection_plan(
            user=byq_sthj,
            enterprise=in_byq[2],
            planned_on=today + dt.timedelta(days=14),
            purpose="环评“三同时”落实情况检查",
        )


def _promises(today: dt.date) -> None:
    if PolicyPromise.objects.exists():
        return
    drc = User.objects.get(username="drc")
    clauses = [
        (PromiseKind.CONTRACT, "投资合作协议", "第六条：土地出让价款可在一年内分期缴纳。"),
        (PromiseKind.COMMITMENT, "市政府专题会议纪要", "协调建设企业专用供电线路。"),
        (PromiseKind.POLICY, "市工业企业技术改造扶持政策", "设备投资额10%的技改补贴。"),
    ]
    for index, enterprise in enumerate(Enterprise.objects.all()[:12]):
        kind, source, content = clauses[index % len(clauses)]
        # Recorded (E-6) in the weeks after the enterprise came into enterprise help.
        promised_on = min(enterprise.registered_on + dt.timedelta(days=20 + 7 * index), today)
        with on(promised_on):
            promise = services.promise_create(
                user=drc,
                enterprise=enterprise,
                kind=kind,
                source=source,
                content=content,
                promised_on=promised_on,
                responsible_unit=enterprise.responsible_unit,
                due_on=max(promised_on, today + dt.timedelta(days=60 - 25 * (index % 4))),
            )
        if index % 4 == 1:
            honoured_on = max(promised_on, today - dt.timedelta(days=5))
            with on(honoured_on, hour=16):
                services.promise_close(
                    promise=promise,
                    user=drc,
                    status=PromiseStatus.HONOURED,
                    honoured_on=honoured_on,
                    evidence="财政拨付凭证",
                )
        elif index % 6 == 5:
            services.promise_close(
                promise=promise,
                user=drc,
                status=PromiseStatus.COMPENSATED,
                compensation="因规划调整无法兑现，已依法协商补偿。",
                compensation_amount=Decimal("35.00"),
            )


def _figures_reporters(units) -> dict[int, User]:
    """E-7: who reports each unit's figures — its own 录入员 (else its 单位审核), as on the
    reporting page; a unit the demo gave no login gets a 录入员 without a password."""
    reporters: dict[int, User] = {}
    people = User.objects.filter(
        is_active=True, unit__in=units, role__in=(Role.UNIT_STAFF, Role.UNIT_REVIEWER)
    ).order_by("pk")
    for role in (Role.UNIT_STAFF, Role.UNIT_REVIEWER):
        for user in people:
            if user.role == role:
                reporters.setdefault(user.unit_id, user)
    for unit in units:
        if unit.pk in reporters:
            continue
        username = f"figures_staff_{unit.code.lower()}"
        surname, given = demo_person_name(username)
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "role": Role.UNIT_STAFF,
                "unit": unit,
                "last_name": surname,
                "first_name": given,
            },
        )
        if created:
            user.set_unusable_password()
            user.save()
        reporters[unit.pk] = user
    return reporters


def _assessment(rng: random.Random, today: dt.date) -> None:
    """E-7: the units' figures of every quarter of last year and of this year's ended ones — the
    demo archives last year's assessment (the sum of its quarters) and this year's closed
    quarters, so none reads as if no unit had reported. A quarter's figures are statistics known
    once it has ended: each unit reports them on its own day of the reporting window, so a
    quarter still running has none and one whose window is open only those whose day has come;
    one unit in nine reports nothing (criticised as 未报送 once its window has closed)."""
    supervisor = User.objects.filter(username="supervisor").first()
    if supervisor is None:
        return
    quarters = []
    day = dt.date(today.year - 1, 3, 31)
    while day < today:
        quarters.append(day)
        day = period_bounds("quarterly", day + dt.timedelta(days=1))[1]
    # What the units reported before (a second run adds only the reports whose day has come).
    reported: dict[tuple[int, str], dict] = {
        (row["unit_id"], row["period"]): row
        for row in AssessmentFigures.objects.values(
            "unit_id", "period", "new_market_entities", "private_investment", "satisfaction"
        )
    }
    units = list(assessed_units().order_by("code"))
    reporters = None
    for end in quarters:
        key = period_key("quarterly", end)
        if all((unit.pk, key) in reported for index, unit in enumerate(units) if index % 9 != 8):
            continue
        reporters = reporters or _figures_reporters(units)
        for index, unit in enumerate(units):
            if index % 9 == 8:
                continue  # not reported
            # The same quarter of last year, as this unit reported it then, where the demo has it.
            before = reported.get(
                (unit.pk, period_key("quarterly", end.replace(year=end.year - 1)))
            )
            last_year = before["new_market_entities"] if before else rng.randint(80, 600)
            investment_before = (
                before["private_investment"] if before else Decimal(rng.randint(20000, 200000))
            )
            # Most units grow and satisfy a little more than a year before, a few fall back:
            # most are 一般, some commended, a few criticised, as in a real circular.
            low, high = (0.9, 1.03) if rng.random() < 0.12 else (1.03, 1.17)
            satisfaction = (
                Decimal(before["satisfaction"]) + Decimal(rng.randint(-50, 450)) / 100
                if before
                else Decimal(rng.randint(7800, 9300)) / 100
            )
            targets = rng.randint(6, 12)
            values = {
                "new_market_entities": int(last_year * rng.uniform(low, high)),
                "new_market_entities_last_year": last_year,
                "satisfaction": min(satisfaction, Decimal("99.50")),
                "private_investment": (
                    investment_before * Decimal(rng.uniform(low, high))
                ).quantize(Decimal("0.01")),
                "private_investment_last_year": investment_before,
                "targets_total": targets,
                "targets_met": rng.randint(targets * 2 // 3, targets),
            }
            # Each unit on its own working day of the window, the last one on its closing day.
            reported_on = add_working_days(end, 1 + index % rules.ASSESSMENT_REPORTING_WORKING_DAYS)
            if reported_on > today or (unit.pk, key) in reported:
                continue
            # Each unit reports its own (E-7); a few delivered theirs on paper and the
            # supervision bureau entered them.
            user = supervisor if index % 5 == 4 else reporters[unit.pk]
            with on(reported_on, hour=15):
                services.assessment_figures_save(user=user, unit=unit, period=key, **values)
            reported[(unit.pk, key)] = values


@transaction.atomic
def seed(stdout=None) -> None:
    drc = User.objects.filter(username="drc").first()
    if drc is None:
        return
    rng = random.Random(2017)
    today = timezone.localdate()
    agencies = _agency_users()
    # The enterprises predate the six months of visits the demo records; those of completed
    # projects were handed on by assistance that same day (E-1).
    with on(today - dt.timedelta(days=TAKEN_IN_DAYS_AGO)):
        created = _enterprises(drc)
    _visits(rng, today)
    _problems(rng, today)
    _complaints(rng, today)
    _inspections(today, agencies)
    _promises(today)
    _assessment(rng, today)
    if stdout:
        stdout.write(
            f"enterprise: {created} new enterprises, {Visit.objects.count()} visits, "
            f"{Complaint.objects.count()} complaints, {Inspection.objects.count()} inspections"
        )
