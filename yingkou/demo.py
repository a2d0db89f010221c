"""Demo data of the foundation: Yingkou's real areas, parks and departments, leaders with
portfolios, a few hundred projects across all stages, and one demo user per role.

Idempotent: units by code, leaders by name and unit, projects by name, users by username.
"""

import datetime as dt
import random
from collections import Counter
from contextlib import contextmanager
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX, make_password
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Concat
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from yingkou.choices import (
    AdministrativeLevel as Level,
)
from yingkou.choices import (
    CapacityKind,
    CapitalOrigin,
    EnforcementSystem,
    LeaderRank,
    Role,
    SizeClass,
    Stage,
    UnitKind,
)
from yingkou.models import Leader, Project, Unit, User
from yingkou.services import save_with_history

AREAS = [
    ("ZQ", "站前区", UnitKind.COUNTY),
    ("XS", "西市区", UnitKind.COUNTY),
    ("BYQ", "鲅鱼圈区", UnitKind.COUNTY),
    ("LB", "老边区", UnitKind.COUNTY),
    ("GZ", "盖州市", UnitKind.COUNTY),
    ("DSQ", "大石桥市", UnitKind.COUNTY),
    ("KFQ", "营口经济技术开发区", UnitKind.PARK),
    ("GXQ", "营口高新技术产业开发区", UnitKind.PARK),
    ("XRD", "营口仙人岛能源化工区", UnitKind.PARK),
    ("YHJD", "营口沿海产业基地", UnitKind.PARK),
]

CITY_UNITS = [
    ("SZF", "营口市人民政府", UnitKind.CITY_GOVERNMENT, ""),
    ("FGW", "营口市发展和改革委员会", UnitKind.DRC, ""),
    ("ZSJ", "营口市招商局", UnitKind.INVESTMENT_BUREAU, ""),
    ("GXJ", "营口市工业和信息化局", UnitKind.MUNICIPAL_DEPARTMENT, ""),
    ("SWJ", "营口市商务局", UnitKind.MUNICIPAL_DEPARTMENT, ""),
    (
        "ZRZY",
        "营口市自然资源局",
        UnitKind.MUNICIPAL_DEPARTMENT,
        EnforcementSystem.NATURAL_RESOURCES,
    ),
    ("ZJJ", "营口市住房和城乡建设局", UnitKind.MUNICIPAL_DEPARTMENT, EnforcementSystem.HOUSING),
    ("STHJ", "营口市生态环境局", UnitKind.MUNICIPAL_DEPARTMENT, EnforcementSystem.ECOLOGY),
    ("JTYS", "营口市交通运输局", UnitKind.MUNICIPAL_DEPARTMENT, EnforcementSystem.TRANSPORT),
    ("NYNC", "营口市农业农村局", UnitKind.MUNICIPAL_DEPARTMENT, EnforcementSystem.AGRICULTURE),
    ("SLJ", "营口市水利局", UnitKind.MUNICIPAL_DEPARTMENT, EnforcementSystem.WATER),
    ("WHLY", "营口市文化旅游局", UnitKind.MUNICIPAL_DEPARTMENT, EnforcementSystem.CULTURE),
    ("CZJ", "营口市财政局", UnitKind.MUNICIPAL_DEPARTMENT, ""),
    ("SCJG", "营口市市场监督管理局", UnitKind.MUNICIPAL_DEPARTMENT, EnforcementSystem.MARKET),
    ("YJGL", "营口市应急管理局", UnitKind.MUNICIPAL_DEPARTMENT, EnforcementSystem.EMERGENCY),
    ("SFJ", "营口市司法局", UnitKind.LEGAL_AFFAIRS, ""),
    ("YSHJ", "营口市营商环境建设局", UnitKind.SUPERVISION_BUREAU, ""),
    ("ZGH", "营口市总工会", UnitKind.PARTY_ORG, ""),
    ("GSL", "营口市工商业联合会", UnitKind.PARTY_ORG, ""),
    ("GD", "国网营口供电公司", UnitKind.UTILITY, ""),
    ("ZLS", "营口市自来水公司", UnitKind.UTILITY, ""),
    ("RQ", "营口市燃气公司", UnitKind.UTILITY, ""),
    ("RL", "营口市热力公司", UnitKind.UTILITY, ""),
    ("TX", "中国移动营口分公司", UnitKind.UTILITY, ""),
]

# County-level bureaus of the same enforcement systems (E-5), and each area's industry authority.
AREA_BUREAUS = [
    ("STHJ", "生态环境分局", EnforcementSystem.ECOLOGY),
    ("SCJG", "市场监督管理局", EnforcementSystem.MARKET),
    ("GXJ", "工业和信息化局", ""),
    # The other competent departments of E-1's reference table (行业主管部门).
    ("SWJ", "商务局", ""),
    ("WHLY", "文化旅游局", ""),
    ("JTYS", "交通运输局", ""),
    ("NYNC", "农业农村局", ""),
    ("ZJJ", "住房和城乡建设局", ""),
]

VICE_MAYORS = [
    # name, title, portfolio unit codes, portfolio industries
    ("王建国", "市长", ["SZF", "FGW"], []),
    ("李明远", "常务副市长", ["FGW", "CZJ", "ZSJ", "SWJ"], ["F", "J", "L"]),
    ("张海峰", "副市长", ["GXJ", "STHJ", "YJGL", "ZGH"], ["B", "C", "D"]),
    ("刘振宇", "副市长", ["ZRZY", "ZJJ", "JTYS"], ["E", "G", "K"]),
    ("陈秀兰", "副市长", ["NYNC", "SLJ", "WHLY", "GSL"], ["A", "H", "N", "R"]),
    ("赵立新", "副市长", ["SCJG", "SFJ", "YSHJ"], ["I", "M", "O", "P", "Q", "S"]),
]

PRODUCTS = [
    ("C26", "年产20万吨精细化工新材料"),
    ("C25", "炼化一体化升级改造"),
    ("C31", "高端板材深加工"),
    ("C32", "镁质新材料产业园"),
    ("C30", "高纯镁砂及耐火材料"),
    ("C36", "新能源汽车零部件"),
    ("C38", "锂电池正极材料"),
    ("C39", "智能终端电子元器件"),
    ("C34", "港口装卸设备制造"),
    ("D44", "海上风电配套"),
    ("D", "分布式光伏发电"),
    ("G55", "港口集装箱码头扩建"),
    ("G59", "冷链物流仓储中心"),
    ("G", "多式联运物流园"),
    ("F", "跨境电商产业园"),
    ("I65", "工业互联网平台"),
    ("M", "新材料中试基地"),
    ("A", "现代农业产业园"),
    ("A05", "农业社会化服务中心"),
    ("H61", "滨海度假酒店"),
    ("R88", "文化创意街区"),
    ("K70", "滨海商住综合体"),
    ("K", "城市更新片区开发"),
    ("Q", "康养服务中心"),
    ("P", "职业教育实训基地"),
    ("N", "污水处理及再生水利用"),
    ("B11", "矿山生态修复与综合利用"),
    ("C43", "船舶及海工装备修理"),
    ("E", "装配式建筑产业基地"),
    ("L", "总部经济大厦"),
]

INVESTORS = [
    "中国石化",
    "鞍钢集团",
    "华能集团",
    "招商局集团",
    "万华化学",
    "宁德时代",
    "忠旺集团",
    "五矿营口中板",
    "辽宁港口集团",
    "中国中车",
    "韩国晓星集团",
    "日本三井物产",
    "德国巴斯夫",
    "香港新世界集团",
    "",
    "",
]

STAGE_WEIGHTS = [
    (Stage.PLANNING, 70),
    (Stage.RESERVE, 80),
    (Stage.NEGOTIATING, 45),
    (Stage.SIGNED, 25),
    (Stage.CONSTRUCTION, 45),
    (Stage.COMPLETED, 15),
    (Stage.OPERATING, 25),
    (Stage.STOPPED, 5),
]

DEMO_USERS = [
    # username, surname, given name, role, unit code
    ("staff", "周", "晓琳", Role.UNIT_STAFF, "BYQ"),
    ("reviewer", "吴", "建国", Role.UNIT_REVIEWER, "BYQ"),
    ("staff_gz", "郑", "丽娜", Role.UNIT_STAFF, "GZ"),
    ("reviewer_gz", "冯", "志强", Role.UNIT_REVIEWER, "GZ"),
    ("staff_gxj", "褚", "雪梅", Role.UNIT_STAFF, "GXJ"),
    ("reviewer_gxj", "卫", "东升", Role.UNIT_REVIEWER, "GXJ"),
    ("drc", "钱", "立军", Role.DRC_REVIEWER, "FGW"),
    ("zsj", "孙", "海燕", Role.INVESTMENT_BUREAU, "ZSJ"),
    ("leader", "张", "海峰", Role.CITY_LEADER, "SZF"),
    ("supervisor", "蒋", "文静", Role.SUPERVISOR, "YSHJ"),
    ("legal", "沈", "国华", Role.LEGAL_AFFAIRS, "SFJ"),
]

_SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
_GIVEN_NAMES = (
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "秀英",
    "霞",
    "平",
    "刚",
    "桂英",
    "志刚",
    "晓东",
    "春梅",
    "海涛",
    "玉兰",
    "建华",
)


def demo_person_name(key: str) -> tuple[str, str]:
    """A person's name (surname, given name) for a demo account, the same for the same key, so
    demo people read like people rather than like their role."""
    digest = sum((index + 1) * ord(char) for index, char in enumerate(key))
    return _SURNAMES[digest % len(_SURNAMES)], _GIVEN_NAMES[(digest // 7) % len(_GIVEN_NAMES)]


# RFC 2606 reserves it: no demo notice can reach a real mailbox, whatever the mail settings.
DEMO_EMAIL_DOMAIN = "example.org"


def demo_emails() -> int:
    """Give every account without an address `<login>@example.org`, so the demo's notices go out
    as emails too (printed on the console without a mail server). Run after the demo's past is
    written: its six months of notices were never emailed. An address already set is kept, so a
    second run changes nothing."""
    return User.objects.filter(email="").update(
        email=Concat("username", Value(f"@{DEMO_EMAIL_DOMAIN}"))
    )


def demo_passwords() -> int:
    """Give every account the apps' demos made without a password (a unit's staff or reviewer
    made for its reserve pool, its liaison, its figures' reporter) the demo password, so each
    unit's side of the story can be tried: the natural resources and housing bureaus asked to
    help with an enterprise's problem, the finance bureau owning an assistance case's funding
    problem. Run last, so it reaches every such account, those of an earlier demo included; one
    hash for all of them, as hashing each would slow the seed. An account with a password keeps
    it, so a second run changes nothing."""
    return User.objects.filter(password__startswith=UNUSABLE_PASSWORD_PREFIX).update(
        password=make_password(settings.DEMO_PASSWORD)
    )


def _ensure(model, values: dict, **lookup):
    """The record `lookup` finds, created with `values` or brought in line with them. Saved only
    when a value differs, so a second seed writes no history row (it changes nothing)."""
    record = model.objects.filter(**lookup).first()
    if record is None:
        return model.objects.create(**lookup, **values)
    changed = [name for name, value in values.items() if getattr(record, name) != value]
    if changed:
        for name in changed:
            setattr(record, name, values[name])
        record.save(update_fields=changed)
    return record


def _units() -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    for code, name, kind, system in CITY_UNITS:
        units[code] = _ensure(
            Unit,
            code=code,
            values={
                "name": name,
                "kind": kind,
                "level": Level.CITY,
                "enforcement_system": system,
            },
        )
    for code, name, kind in AREAS:
        units[code] = _ensure(
            Unit, code=code, values={"name": name, "kind": kind, "level": Level.COUNTY}
        )
        for suffix, bureau, system in AREA_BUREAUS:
            bureau_code = f"{code}-{suffix}"
            units[bureau_code] = _ensure(
                Unit,
                code=bureau_code,
                values={
                    "name": f"{name}{bureau}",
                    "kind": UnitKind.MUNICIPAL_DEPARTMENT,
                    "level": Level.COUNTY,
                    # E-5: an area's ecology and market bureaus sit under the city's bureau of
                    # the same enforcement system; its other bureaus under the area
                    "parent": units[suffix] if suffix in ("STHJ", "SCJG") else units[code],
                    "enforcement_system": system,
                },
            )
        # E-5: the county's (park's) own legal affairs office merges its agencies' plans.
        units[f"{code}-SFJ"] = _ensure(
            Unit,
            code=f"{code}-SFJ",
            values={
                "name": f"{name}司法局",
                "kind": UnitKind.LEGAL_AFFAIRS,
                "level": Level.COUNTY,
                "parent": units[code],
            },
        )
    return units


def _leaders(units: dict[str, Unit]) -> None:
    city = units["SZF"]
    for name, title, unit_codes, industries in VICE_MAYORS:
        leader = _ensure(
            Leader,
            name=name,
            unit=city,
            values={
                "title": title,
                "rank": LeaderRank.CITY_LEADER,
                "portfolio_industries": industries,
            },
        )
        leader.portfolio_units.set([units[c] for c in unit_codes])
    _ensure(
        Leader,
        name="孙立德",
        unit=city,
        values={
            "title": "原副市长（退休）",
            "rank": LeaderRank.CITY_LEADER,
            "is_retired": True,
            "portfolio_industries": [],
        },
    )
    surnames = (
        "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    )
    given = "建华国强志明海涛文军丽娟春梅晓东立新红霞永刚玉兰宏伟"
    index = 0
    for _code, unit in sorted(units.items()):
        if unit.kind in (UnitKind.CITY_GOVERNMENT, UnitKind.UTILITY):
            continue
        head = "区长" if unit.kind == UnitKind.COUNTY and unit.name.endswith("区") else "主要负责人"
        if unit.kind == UnitKind.COUNTY and unit.name.endswith("市"):
            head = "市长"
        elif unit.kind == UnitKind.PARK:
            head = "管委会主任"
        elif unit.kind not in UnitKind.areas():
            head = "局长" if unit.name.endswith("局") else "主任"
        deputy = "副" + head.replace("主要负责人", "负责人").replace("管委会", "管委会")
        for rank, title in ((LeaderRank.PRINCIPAL, head), (LeaderRank.IN_CHARGE, deputy)):
            name = (
                surnames[index % len(surnames)]
                + given[(index * 2) % len(given)]
                + given[(index * 2 + 1) % len(given)]
            )
            index += 1
            Leader.objects.get_or_create(
                unit=unit, rank=rank, defaults={"name": name, "title": title}
            )


#: The serial of the project under construction that lands in the `staff` user's unit.
SHOWCASE_SERIAL = next(
    serial for serial, (stage, _) in enumerate(STAGE_WEIGHTS, 1) if stage == Stage.CONSTRUCTION
)


def _projects(units: dict[str, Unit], count: int, today: dt.date) -> int:
    """The demo's projects, entered on the day the clock is set to (the foundation's day)."""
    entered = timezone.localdate()
    rng = random.Random(2017)
    areas = [units[code] for code, _, _ in AREAS]
    departments = [units[c] for c in ("GXJ", "SWJ", "JTYS", "NYNC", "WHLY", "ZJJ")]
    stages = [stage for stage, weight in STAGE_WEIGHTS for _ in range(weight)]
    existing = set(Project.objects.values_list("name", flat=True))
    new = []
    for serial in range(1, count + 1):
        industry, product = PRODUCTS[serial % len(PRODUCTS)]
        landing = areas[rng.randrange(len(areas))]
        owner = landing if rng.random() < 0.75 else departments[rng.randrange(len(departments))]
        name = f"{landing.name}{product}项目（{serial:03d}）"
        tier = rng.random()
        if tier < 0.12:
            amount = rng.randint(100000, 600000)
        elif tier < 0.35:
            amount = rng.randint(50000, 99999)
        elif tier < 0.7:
            amount = rng.randint(10000, 49999)
        else:
            amount = rng.randint(1000, 9999)
        stage = stages[rng.randrange(len(stages))]
        if serial <= len(STAGE_WEIGHTS):  # every stage appears even in a small demo
            stage = STAGE_WEIGHTS[serial - 1][0]
        if serial == SHOWCASE_SERIAL:
            # The demo's `staff` unit always has a large project under construction, so even a
            # small demo shows its city-tier assistance case to its users.
            landing = owner = units["BYQ"]
            name = f"{landing.name}{product}项目（{serial:03d}）"
            amount = max(amount, 60000)
        offset = rng.choice([0, 1, 2])
        project = Project(
            name=name,
            code=_demo_code(serial, industry, rng.randint(1, 4), today)
            if rng.random() < 0.6
            else None,
            owner_unit=owner,
            landing_unit=landing,
            industry=industry,
            capital_origin=CapitalOrigin.FOREIGN if rng.random() < 0.15 else CapitalOrigin.DOMESTIC,
            capacity_kind=CapacityKind.NEW if rng.random() < 0.8 else CapacityKind.EXISTING,
            size_class=SizeClass.LARGE if amount >= 50000 else SizeClass.MEDIUM,
            total_investment=Decimal(amount) + Decimal(rng.randint(0, 99)) / 100,
            investor=rng.choice(INVESTORS),
            investor_intent_clear=rng.random() < 0.4,
            construction_content=f"建设{product}生产线及配套设施。",
            **_planned_years(
                stage, offset=offset, span=rng.randint(1, 3), entered=entered, today=today
            ),
            stage=stage,
            contact_name=rng.choice(["王", "李", "张", "刘"]) + rng.choice(["工", "主任", "科长"]),
            contact_phone=f"0417-{rng.randint(2000000, 6999999)}",
        )
        # Draw every value before skipping, so a re-run makes the same projects.
        if name not in existing:
            new.append(project)
    if new:
        bulk_create_with_history(new, Project, batch_size=500)
    return len(new)


def _users(units: dict[str, Unit]) -> None:
    for username, surname, given, role, unit_code in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "last_name": surname,
                "first_name": given,
                "role": role,
                "unit": units[unit_code],
            },
        )
        if created:
            user.set_password(settings.DEMO_PASSWORD)
            user.save()
    # Through his history, like every other write of the demo: a change made in the admin later
    # must not show the link as that administrator's change.
    account = User.objects.get(username="leader")
    for leader in Leader.objects.filter(name="张海峰").exclude(user=account):
        leader.user = account
        save_with_history(leader, None, update_fields=["user"])
    admin, created = User.objects.get_or_create(
        username="admin", defaults={"is_staff": True, "is_superuser": True, "last_name": "管理员"}
    )
    if created:
        admin.set_password(settings.DEMO_PASSWORD)
        admin.save()


# The demo has a past: each record is written on the day it happened, with the clock set to that
# day, so its history, its timestamps (auto_now, review steps) and its business dates agree, and
# the reports of the closed periods — computed as of their ends from the history — have content.
FOUNDED_DAYS_AGO = 420  # before the oldest negotiation the demo dates (400 days back)
MONTHS_OF_PAST = 6
# The day the projects already under construction or completed were taken into assistance, and
# the completed and operating ones into enterprise help: before the six months of problems,
# progress and visits the demo records.
TAKEN_IN_DAYS_AGO = 30 * MONTHS_OF_PAST + 20


@contextmanager
def on(day: dt.date, hour: int = 10, minute: int = 0):
    """Write what happens inside as on `day` (local time), never later than now."""
    import time_machine

    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))
    with time_machine.travel(min(moment, timezone.now()), tick=False):
        yield


def ordinals(model) -> dict[int, int]:
    """Each record of `model` by id: its place (from 1) in the order the records were written.
    The demo spreads its choices (a day, a state) by it, never by the id itself, whose value
    depends on where the database's sequence stood: PostgreSQL's sequences are advanced by
    whatever was written before, even rolled back, so the same demo would tell another story
    there. Ids rise in the order rows are written, so their order is the same everywhere."""
    ids = model._base_manager.order_by("pk").values_list("pk", flat=True)
    return {pk: place for place, pk in enumerate(ids, 1)}


def past_day(key: int, *, latest: int = 1, earliest: int = 30 * MONTHS_OF_PAST) -> dt.date:
    """A day between `earliest` and `latest` days ago, spread by `key` (a record's ordinal,
    `ordinals`), so that the demo's work spreads over the months before today and a re-run
    picks the same day."""
    span = max(earliest - latest, 1)
    return timezone.localdate() - dt.timedelta(days=latest + (key * 37) % span)


def run_closed_periods(stdout=None) -> None:
    """Run the jobs of the demo's closed months, quarters and year through the scheduler, as beat
    would have, so the archives (circulars, lists, dispatches, assessments) exist and agree.

    Each job works as of the moment its on-time run would have (`_on_time`), oldest first, so a
    circular is dated, and published, on the morning after its month, not on the day the demo
    was made (SPEC §6: a late run gives what an on-time run would have). The run records say
    when the demo made the runs: the scheduler counts what it owes from its first recorded run,
    and runs recorded as of last January would leave it owing every daily run since then, whose
    lists cannot be made now as they stood on their days."""
    from yingkou.scheduling import run_period
    from yingkou.scheduling.periods import last_due_day, period_bounds

    today = timezone.localdate()
    closed: list[tuple[str, dt.date, list[str] | None]] = []
    month_end = today.replace(day=1) - dt.timedelta(days=1)
    for _ in range(MONTHS_OF_PAST):
        closed.append(("monthly", month_end, None))
        month_end = month_end.replace(day=1) - dt.timedelta(days=1)
    quarter_end = period_bounds("quarterly", today)[0] - dt.timedelta(days=1)
    for _ in range(2):
        closed.append(("quarterly", quarter_end, None))
        quarter_end = period_bounds("quarterly", quarter_end)[0] - dt.timedelta(days=1)
    closed.append(("yearly", dt.date(today.year - 1, 12, 31), None))
    # the weeks that ended: the weekly dispatch archived and published (帮扶机制二(一))
    for weeks_back in range(4, 0, -1):
        day = today - dt.timedelta(days=7 * weeks_back)
        closed.append(("weekly", day, ["assistance_weekly_dispatch"]))
    # the Friday reminders of the last week whose Friday has come, as its beat run would
    # have sent them (the reserve demo leaves that Friday's missing updates unreminded). On
    # that Friday itself every weekly job is due: the week's dispatch is sent too, and waits,
    # deferred, for the week's end, rather than being owed.
    friday = last_due_day("weekly", today)
    closed.append(("weekly", friday, None if friday == today else ["reserve_friday_reminders"]))
    runs = []
    for period, day, jobs in sorted(closed, key=lambda run: _sent_at(run[0], run[1])):
        runs += _run_on_time(period, day, jobs=jobs, today=today)
    runs += run_period("daily", today)
    if stdout:
        # A second seed finds the periods already archived: say so rather than "0 succeeded".
        by_status = Counter(run.status for run in runs)
        stdout.write(
            "scheduled jobs of closed periods: "
            + ", ".join(f"{count} {status}" for status, count in sorted(by_status.items()))
        )


def _cadence_time(task: str, period: str | None = None) -> dt.time:
    """The time of day beat sends `task` (for `period`), as the registry's cadences set it."""
    from yingkou.scheduling.registry import CADENCES

    (cadence,) = [c for c in CADENCES if c.task == task and c.period == period]
    return dt.time(int(cadence.hour), int(cadence.minute))


def _sent_at(period: str, day: dt.date) -> dt.datetime:
    """When beat sends the period containing `day`: on its due day, at its cadence's time."""
    from yingkou.scheduling.periods import due_on
    from yingkou.scheduling.registry import RUN_PERIOD_TASK

    sent = dt.datetime.combine(due_on(period, day), _cadence_time(RUN_PERIOD_TASK, period))
    return timezone.make_aware(sent)


def _run_on_time(period: str, day: dt.date, *, jobs: list[str] | None, today: dt.date) -> list:
    """Run the period's jobs (those named in `jobs`) through the scheduler's runner, each job's
    work done as of its on-time run."""
    from dataclasses import replace

    from yingkou.scheduling import registered_jobs
    from yingkou.scheduling.runner import run_job

    sent = _sent_at(period, day)
    return [
        run_job(replace(job, function=_on_time(job.function, sent)), day, today=today)
        for job in registered_jobs(period)
        if jobs is None or job.name in jobs
    ]


def _on_time(function, sent: dt.datetime):
    """`function` (a job) called as its on-time run would have called it: at `sent`, when beat
    sends its period; a job that finds its period not over yet (PeriodNotOver: the week's
    dispatch, E-7 during its reporting window) again at each morning's reconciler run after,
    as the scheduler retries a deferred run, until it runs; today's retry is made no later than
    now, so a demo made before the reconciler's hour has what is due today."""
    from yingkou.scheduling import PeriodNotOver
    from yingkou.scheduling.registry import RECONCILE_TASK

    retried_at = _cadence_time(RECONCILE_TASK)

    def call(day: dt.date):
        moment = timezone.localtime(sent)
        while True:
            try:
                with on(moment.date(), moment.hour, moment.minute), transaction.atomic():
                    return function(day)
            except PeriodNotOver:
                moment = timezone.make_aware(
                    dt.datetime.combine(moment.date() + dt.timedelta(days=1), retried_at)
                )
                if moment.date() > timezone.localdate():
                    raise

    return call


# The foundation enters every project on its founding day at 10:00 (`on`), in the stage it has
# today, because the other apps' demos pick their projects by stage. Once those have written
# what happened to each project, `date_projects` gives it the past those records imply.
ENTERED_AT = dt.time(10)
DATED_AT = dt.time(9)  # a dated project's entry hour: how a second run knows it is done
CODE_AT = dt.time(9, 30)  # a code issued on the day of a stage move is shown as its own change
ENTRY_MONTHS = 16  # projects were entered over the running month and the fifteen before it
# A project with records that is not built yet was entered at most this long before its first.
BEFORE_FIRST_RECORD = dt.timedelta(days=21)
BUILT = (Stage.CONSTRUCTION, Stage.COMPLETED, Stage.OPERATING)
# The running month has its new projects too, as many as the days it has run call for, and a
# few from its first day, so the home page's chart does not end in a month without any.
FEW = 3


def date_projects() -> int:
    """Date each project the foundation just entered: its entry (created_at and its history's
    first row, together) on a day of the last sixteen months before anything else recorded about
    it — its first contact, reserve declaration, assistance case, enterprise registration, the
    month its code was issued, its own stage moves — spread so that the monthly new-project
    charts have a past where every month has its share, the running month included; and its
    history told in order: entered in its first stage (策划包装, or 洽谈 for a project first known
    as a lead in negotiation), without a code until the month it was issued, then moved stage by
    stage on the days the other records give, each change raising the project's version as the
    services' changes do. Run before the closed periods are archived, as they are computed from
    the history. Returns how many projects were dated."""
    from assistance.models import AssistanceCase
    from enterprise.models import Enterprise
    from negotiation.models import NegotiationCase
    from reserve.models import Entry

    today = timezone.localdate()
    projects = {
        project.pk: project
        for project in Project.objects.all()
        if timezone.localtime(project.created_at).time() == ENTERED_AT
    }
    if not projects:
        return 0
    ids = list(projects)
    historical = Project.history.model
    rows: dict[int, list] = {pk: [] for pk in ids}
    for row in historical.objects.filter(id__in=ids).order_by("history_date", "history_id"):
        rows[row.id].append(row)
    negotiations = {c.project_id: c for c in NegotiationCase.objects.filter(project_id__in=ids)}
    cases = {c.project_id: c for c in AssistanceCase.objects.filter(project_id__in=ids)}
    registered = dict(
        Enterprise.objects.filter(project_id__in=ids).values_list("project_id", "registered_on")
    )
    declared: dict[int, dt.datetime] = {}
    approved: dict[int, dt.datetime] = {}
    for project_id, status, day in (
        Entry.history.model.objects.filter(project_id__in=ids)
        .order_by("history_date")
        .values_list("project_id", "status", "history_date")
    ):
        declared.setdefault(project_id, day)
        if status == "approved":
            approved.setdefault(project_id, day)
    staff = {}
    for user in User.objects.filter(role=Role.UNIT_STAFF).order_by("-id"):
        staff[user.unit_id] = user.pk

    def at(day: dt.date, time: dt.time = ENTERED_AT) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(day, time))

    firsts = {}
    for pk, project in projects.items():
        negotiation, case = negotiations.get(pk), cases.get(pk)
        known = [today, *(timezone.localdate(row.history_date) for row in rows[pk][1:])]
        known += [day for day in (code_issued(project.code), registered.get(pk)) if day]
        known += [timezone.localdate(d[pk]) for d in (declared, approved) if pk in d]
        known += [record.opened_on for record in (negotiation, case) if record]
        firsts[pk] = min(known)
    this_month = _entered_this_month(projects, firsts, today)
    earliest = entry_window_start(today)
    windows = {}
    for pk, project in projects.items():
        if pk in this_month:
            continue
        first = firsts[pk]
        # entered up to three weeks before its first record, so the entries follow the records;
        # one built before it was taken into assistance (all on one day) on any day before; one
        # with none yet on any day before the running month, whose entries are counted above
        latest = (first if first != today else today.replace(day=1)) - dt.timedelta(days=1)
        soonest = earliest
        if first != today and project.stage not in BUILT:
            soonest = max(earliest, latest + dt.timedelta(days=1) - BEFORE_FIRST_RECORD)
        windows[pk] = (min(soonest, latest), latest)
    # Spread by the projects' ordinals, not their ids (`ordinals`).
    place = ordinals(Project)
    by_place = {place[pk]: pk for pk in windows}
    spread = _spread_entries({place[pk]: window for pk, window in windows.items()}, earliest, today)
    entry_days = {**{by_place[key]: day for key, day in spread.items()}, **this_month}
    now = timezone.now()
    dated = []
    for pk, project in projects.items():
        history = rows[pk]
        negotiation, case = negotiations.get(pk), cases.get(pk)
        issued = code_issued(project.code)
        entered = entry_days[pk]
        # A move a service already recorded keeps its row; the others are written here.
        recorded = {
            row.stage: row.history_date
            for before, row in zip(history, history[1:], strict=False)
            if row.stage != before.stage
        }
        moves = _stage_moves(
            project, entered, negotiation, case, registered.get(pk), today, recorded
        )
        if project.stage == Stage.RESERVE and pk in approved:
            moves = [(approved[pk], Stage.RESERVE)]  # approval moves it to 储备
        # entered in 洽谈 when it was first known as a lead; one the negotiation took over from
        # 策划包装 or 储备 (its opening moved it) was entered in 策划包装
        negotiated = negotiation or project.stage in (Stage.NEGOTIATING, Stage.SIGNED)
        first_stage = (
            Stage.NEGOTIATING
            if negotiated and Stage.NEGOTIATING not in recorded
            else Stage.PLANNING
        )
        if (moves[-1][1] if moves else first_stage) != project.stage:
            moves.append((entered + (today - entered) / 2, project.stage))
        moves = [(recorded.get(stage, when), stage) for when, stage in moves]
        timeline = [(min(at(entered, DATED_AT), now), first_stage)]
        for when, stage in moves:
            when = when if isinstance(when, dt.datetime) else at(when)
            # each move after the one before it (two may fall on one day)
            timeline.append((max(when, timeline[-1][0] + dt.timedelta(minutes=1)), stage))
        code_from = at(issued, CODE_AT) if issued else None
        written = list(history[1:])
        written += [
            historical(history_type="~", history_date=when, id=pk)
            for when, stage in timeline[1:]
            if stage not in recorded
        ]
        if code_from:
            written.append(historical(history_type="~", history_date=code_from, id=pk))
        written.sort(key=lambda row: row.history_date)
        created = history[0]
        created.history_date = created.created_at = timeline[0][0]
        created.history_user_id = created.history_user_id or staff.get(project.owner_unit_id)
        previous = created
        new_rows = []
        # Each change a service records raises the version (`project_move_stage`,
        # `project_update`); a move or the code's issue written here is such a change too, and
        # the rows a service wrote after it follow on.
        raised = 0
        for row in [created, *written]:
            if row.history_id is None:  # a move or the code's issue: the state before it, moved
                state = {
                    f.attname: getattr(previous, f.attname)
                    for f in historical._meta.fields
                    if f.attname not in ("history_id", "history_date", "history_type")
                }
                state["history_user_id"] = staff.get(project.owner_unit_id)
                state["history_change_reason"] = None
                for name, value in state.items():
                    setattr(row, name, value)
                raised += 1
                row.version = previous.version + 1
            else:
                row.version += raised
            row.created_at = created.created_at
            row.updated_at = max(row.updated_at, row.history_date)
            row.stage = [stage for when, stage in timeline if when <= row.history_date][-1]
            row.code = project.code if code_from and code_from <= row.history_date else None
            row.history_id = None
            new_rows.append(row)
            previous = row
        project.created_at = created.created_at
        project.updated_at = max(project.updated_at, new_rows[-1].history_date)
        project.version += raised
        dated.append((project, new_rows))
    # The history is rewritten rather than appended to: the record pages read it in the order
    # it was written (history_id), which must be the order it happened.
    historical.objects.filter(id__in=ids).delete()
    historical.objects.bulk_create([row for _, written in dated for row in written])
    # created_at is auto_now_add and bulk_update bypasses it, so the day can be set afterwards.
    Project.objects.bulk_update(
        [project for project, _ in dated], ["created_at", "updated_at", "version"]
    )
    return len(dated)


def entry_window_start(today: dt.date) -> dt.date:
    """The first day of the demo's entries: of the month ENTRY_MONTHS - 1 before the running
    one, so they span ENTRY_MONTHS months, the running month included."""
    month = today.replace(day=1)
    for _ in range(ENTRY_MONTHS - 1):
        month = (month - dt.timedelta(days=1)).replace(day=1)
    return month


def _spread_entries(
    windows: dict[int, tuple[dt.date, dt.date]], earliest: dt.date, today: dt.date
) -> dict[int, dt.date]:
    """The day each project (by its ordinal) was entered, within its window (first, last day)
    and spread so that each closed month of the entry window has a like share: what the other
    apps recorded fixes many windows to a few weeks (their records cluster), the others fill
    the months that have fewer. A project moves from a fuller month to one holding at least
    two fewer as long as one can (each move evens the months out, so it ends); the same
    windows give the same days. A window before the entry window keeps its last day."""
    months = []
    month = earliest
    while month < today.replace(day=1):
        months.append(month)
        month = (month + dt.timedelta(days=31)).replace(day=1)

    def end_of(month: dt.date) -> dt.date:
        return (month + dt.timedelta(days=31)).replace(day=1) - dt.timedelta(days=1)

    days = {key: last for key, (first, last) in windows.items() if last < earliest}
    fits: dict[dt.date, list[int]] = {month: [] for month in months}
    placed: dict[int, dt.date] = {}
    for key, (first, last) in sorted(windows.items()):
        if key in days:
            continue
        allowed = [month for month in months if month <= last and end_of(month) >= first]
        if not allowed:  # first recorded late in the running month: entered in it too
            days[key] = first + dt.timedelta(days=(key * 37) % ((last - first).days + 1))
            continue
        for month in allowed:
            fits[month].append(key)
        placed[key] = allowed[(key * 37) % len(allowed)]
    counts = Counter(placed.values())
    while True:
        for thin in sorted(months, key=lambda month: (counts[month], month)):
            donors = [key for key in fits[thin] if counts[placed[key]] >= counts[thin] + 2]
            if donors:
                key = max(donors, key=lambda donor: (counts[placed[donor]], donor))
                counts[placed[key]] -= 1
                counts[thin] += 1
                placed[key] = thin
                break
        else:
            break
    for key, month in placed.items():
        first, last = windows[key]
        start, end = max(first, month), min(last, end_of(month))
        days[key] = start + dt.timedelta(days=(key * 37) % ((end - start).days + 1))
    return days


def _entered_this_month(
    projects: dict[int, Project], firsts: dict[int, dt.date], today: dt.date
) -> dict[int, dt.date]:
    """The day in the running month each of its new projects was entered: as many as the
    sixteen months' pace gives the days the month has run, at least FEW, spread over those
    days. They are projects nothing else has recorded yet (no declaration, no code, no case):
    entered so lately, they are still being packaged (策划包装); the newest serials, the last
    to be entered."""
    fresh = sorted(
        pk
        for pk, project in projects.items()
        if firsts[pk] == today and project.stage == Stage.PLANNING
    )
    pace = len(projects) / ((today - entry_window_start(today)).days + 1)  # projects a day
    count = min(len(fresh), max(FEW, round(pace * today.day)))
    start = today.replace(day=1)
    return {
        pk: start + dt.timedelta(days=index * today.day // count)
        for index, pk in enumerate(fresh[len(fresh) - count :])
    }


def code_issued(code: str | None) -> dt.date | None:
    """The first day of the month a national project code was issued (its YYMM)."""
    if not code:
        return None
    return dt.date(2000 + int(code[:2]), int(code[2:4]), 1)


def _stage_moves(project, entered, negotiation, case, registered, today, recorded) -> list[tuple]:
    """The days the project moved from its first stage to the one it has, each from the record
    that moved it: the signing (N-1), the assistance case taking it in (A-1), its hand-over to
    enterprise help (E-1), the negotiation's end, the moves a service `recorded` on its way to
    终止; a day between its neighbours otherwise."""
    stage = project.stage

    def between(start: dt.date, end: dt.date, part: float = 0.5) -> dt.date:
        return start + dt.timedelta(days=max(1, int((end - start).days * part)))

    if stage == Stage.RESERVE:
        return [(between(entered, today), Stage.RESERVE)]
    if stage == Stage.SIGNED and negotiation and negotiation.signed_on:
        return [(negotiation.signed_on, Stage.SIGNED)]
    if stage == Stage.STOPPED:
        # into its pool and into negotiation (N-1) on the way, on the days recorded
        path = [(recorded[s], s) for s in (Stage.RESERVE, Stage.NEGOTIATING) if s in recorded]
        ended = negotiation.ended_on if negotiation and negotiation.ended_on else None
        return [*path, (ended or between(entered, today), Stage.STOPPED)]
    if stage not in (Stage.CONSTRUCTION, Stage.COMPLETED, Stage.OPERATING):
        return []
    done = (case.handed_over_on if case else None) or registered or today
    started = case.opened_on if case else between(entered, done, 1 / 3)
    moves = [(started, Stage.CONSTRUCTION)]
    if stage == Stage.COMPLETED:
        moves.append((max(done, started + dt.timedelta(days=1)), Stage.COMPLETED))
    elif stage == Stage.OPERATING:
        completed = between(started, done)
        moves += [(completed, Stage.COMPLETED), (done, Stage.OPERATING)]
    return moves


@transaction.atomic
def seed(stdout=None, projects: int = 300) -> None:
    today = timezone.localdate()
    with on(today - dt.timedelta(days=FOUNDED_DAYS_AGO)):
        _seed(stdout, projects, today)


def _seed(stdout, projects: int, today: dt.date) -> None:
    units = _units()
    _leaders(units)
    _users(units)
    created = _projects(units, projects, today)
    if stdout:
        stdout.write(f"foundation: {len(units)} units, {created} new projects")


def _planned_years(
    stage: str, *, offset: int, span: int, entered: dt.date, today: dt.date
) -> dict[str, int]:
    """The planned start and completion years (计划开工、竣工年份) of a demo project entered on
    `entered` in `stage`, agreeing with it then and today: a project completed or operating was
    planned to be done by the time it was entered, one under construction to have started by
    then and to be done no earlier than this year, any other to start this year or later."""
    if stage in (Stage.COMPLETED, Stage.OPERATING):
        end = entered.year - offset
        return {"start_year": end - span, "end_year": end}
    if stage == Stage.CONSTRUCTION:
        start = entered.year - offset
        return {"start_year": start, "end_year": max(start + span, today.year)}
    start = today.year + offset
    return {"start_year": start, "end_year": start + span}


def _demo_code(serial: int, industry: str, kind: int, today: dt.date) -> str:
    """A well-formed current-form national project code: month of issue (YYMM) within the
    fourteen months before `today`, never in the future (date_projects dates the project's entry
    before it), Yingkou's region 210800, and a valid MOD 11,10 check digit (SPEC appendix)."""
    from yingkou.rules import project_code_check_digit

    issued = today - dt.timedelta(days=30 * (serial % 14))
    head = f"{issued:%y%m}-210800-{industry[1:] or '00'}-0{kind}-"
    serial_digits = f"{serial:05d}"
    digits = (head + serial_digits).replace("-", "")
    return f"{head}{serial_digits}{project_code_check_digit(digits)}"
