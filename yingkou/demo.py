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


def _units() -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    for code, name, kind, system in CITY_UNITS:
        units[code], _ = Unit.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "kind": kind,
                "level": Level.CITY,
                "enforcement_system": system,
            },
        )
    for code, name, kind in AREAS:
        units[code], _ = Unit.objects.update_or_create(
            code=code, defaults={"name": name, "kind": kind, "level": Level.COUNTY}
        )
        for suffix, bureau, system in AREA_BUREAUS:
            bureau_code = f"{code}-{suffix}"
            units[bureau_code], _ = Unit.objects.update_or_create(
                code=bureau_code,
                defaults={
                    "name": f"{name}{bureau}",
                    "kind": UnitKind.MUNICIPAL_DEPARTMENT,
                    "level": Level.COUNTY,
                    "parent": units[code],
                    "enforcement_system": system,
                },
            )
        # E-5: the county's (park's) own legal affairs office merges its agencies' plans.
        units[f"{code}-SFJ"], _ = Unit.objects.update_or_create(
            code=f"{code}-SFJ",
            defaults={
                "name": f"{name}司法局",
                "kind": UnitKind.LEGAL_AFFAIRS,
                "level": Level.COUNTY,
                "parent": units[code],
            },
        )
    for code in ("STHJ", "SCJG"):
        for area_code, _, _ in AREAS:
            Unit.objects.filter(code=f"{area_code}-{code}").update(parent=units[code])
    return units


def _leaders(units: dict[str, Unit]) -> None:
    city = units["SZF"]
    for name, title, unit_codes, industries in VICE_MAYORS:
        leader, _ = Leader.objects.update_or_create(
            name=name,
            unit=city,
            defaults={
                "title": title,
                "rank": LeaderRank.CITY_LEADER,
                "portfolio_industries": industries,
            },
        )
        leader.portfolio_units.set([units[c] for c in unit_codes])
    Leader.objects.update_or_create(
        name="孙立德",
        unit=city,
        defaults={
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
            code=_demo_code(serial, industry, rng.randint(1, 4), entered)
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
    Leader.objects.filter(name="张海峰").update(user=User.objects.get(username="leader"))
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
def on(day: dt.date, hour: int = 10):
    """Write what happens inside as on `day` (local time), never later than now."""
    import time_machine

    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))
    with time_machine.travel(min(moment, timezone.now()), tick=False):
        yield


def past_day(key: int, *, latest: int = 1, earliest: int = 30 * MONTHS_OF_PAST) -> dt.date:
    """A day between `earliest` and `latest` days ago, spread by `key` (a record's id), so that
    the demo's work spreads over the months before today and a re-run picks the same day."""
    span = max(earliest - latest, 1)
    return timezone.localdate() - dt.timedelta(days=latest + (key * 37) % span)


def run_closed_periods(stdout=None) -> None:
    """Run the jobs of the demo's closed months, quarters and year through the scheduler, as beat
    would have, so the archives (circulars, lists, dispatches, assessments) exist and agree."""
    from yingkou.scheduling import run_period
    from yingkou.scheduling.periods import last_due_day, period_bounds

    today = timezone.localdate()
    month_end = today.replace(day=1) - dt.timedelta(days=1)
    runs = []
    for _ in range(MONTHS_OF_PAST):
        runs += run_period("monthly", month_end)
        month_end = month_end.replace(day=1) - dt.timedelta(days=1)
    quarter_end = period_bounds("quarterly", today)[0] - dt.timedelta(days=1)
    for _ in range(2):
        runs += run_period("quarterly", quarter_end)
        quarter_end = period_bounds("quarterly", quarter_end)[0] - dt.timedelta(days=1)
    runs += run_period("yearly", dt.date(today.year - 1, 12, 31))
    # the weeks that ended: the weekly dispatch archived and published (帮扶机制二(一))
    for weeks_back in range(4, 0, -1):
        runs += run_period(
            "weekly", today - dt.timedelta(days=7 * weeks_back), jobs=["assistance_weekly_dispatch"]
        )
    # the Friday reminders of the last week whose Friday has come, as its beat run would
    # have sent them (the reserve demo leaves that Friday's missing updates unreminded)
    runs += run_period("weekly", last_due_day("weekly", today), jobs=["reserve_friday_reminders"])
    runs += run_period("daily", today)
    if stdout:
        # A second seed finds the periods already archived: say so rather than "0 succeeded".
        by_status = Counter(run.status for run in runs)
        stdout.write(
            "scheduled jobs of closed periods: "
            + ", ".join(f"{count} {status}" for status, count in sorted(by_status.items()))
        )


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


def _demo_code(serial: int, industry: str, kind: int, entered: dt.date) -> str:
    """A well-formed current-form national project code: month of issue (YYMM) within the two
    years before the project was entered on `entered`, so never after it nor in the future,
    Yingkou's region 210800, and a valid MOD 11,10 check digit (SPEC appendix)."""
    from yingkou.rules import project_code_check_digit

    issued = entered - dt.timedelta(days=30 * (serial % 24))
    head = f"{issued:%y%m}-210800-{industry[1:] or '00'}-0{kind}-"
    serial_digits = f"{serial:05d}"
    digits = (head + serial_digits).replace("-", "")
    return f"{head}{serial_digits}{project_code_check_digit(digits)}"
