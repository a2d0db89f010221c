"""Demo data of the reserve app, built on the foundation's units, users and projects.

Idempotent: pools per unit, plans only where none is set, declarations only for projects without
one, weekly updates, funds and archives by their unique keys."""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from yingkou.amounts import TEN_MILLION
from yingkou.choices import Role, Stage
from yingkou.demo import FOUNDED_DAYS_AGO, demo_person_name, on, ordinals, past_day
from yingkou.errors import RuleViolation
from yingkou.models import Project, User
from yingkou.scheduling import period_key
from yingkou.services import save_with_history

from . import rules, services
from .choices import FundingChannel, PoolLevel
from .models import Candidate, Entry, Pool, ReserveFund, WeeklyUpdate


def _user(unit, role: str) -> User:
    existing = User.objects.filter(unit=unit, role=role).order_by("id").first()
    if existing:
        return existing
    kind = "staff" if role == Role.UNIT_STAFF else "reviewer"
    username = f"reserve_{kind}_{unit.code.lower()}"
    surname, given = demo_person_name(username)
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"role": role, "unit": unit, "last_name": surname, "first_name": given},
    )
    if created:
        user.set_unusable_password()
        user.save()
    return user


def _responsibles(pools: list[Pool], drc: User) -> None:
    """R-5: every demo pool has its named responsible person (专人负责): the unit's staff."""
    for pool in pools:
        if pool.responsible_id is not None:
            continue
        person = drc if pool.level == PoolLevel.LEVEL_1 else _user(pool.unit, Role.UNIT_STAFF)
        pool.responsible = person
        save_with_history(pool, drc, update_fields=["responsible"])


def _plans(pools: list[Pool], drc: User) -> None:
    for pool in pools:
        if pool.plan_investment is not None:
            continue
        if pool.level == PoolLevel.LEVEL_1:
            amount = Decimal("3000000")
        elif pool.unit.is_area:
            amount = Decimal(150000 + 25000 * (sum(map(ord, pool.unit.code)) % 8))
        else:
            amount = Decimal(60000 + 10000 * (sum(map(ord, pool.unit.code)) % 5))
        pool.plan_investment = amount
        # Set when the pools were set up, before the demo's first declaration.
        with on(timezone.localdate() - dt.timedelta(days=FOUNDED_DAYS_AGO - 1)):
            save_with_history(pool, drc, update_fields=["plan_investment"])


def _declarations(pools: list[Pool], drc: User) -> int:
    by_unit = {p.unit_id: p for p in pools if p.level == PoolLevel.LEVEL_2}
    candidates = (
        Project.objects.filter(
            stage__in=rules.RESERVE_STAGES,
            total_investment__gte=TEN_MILLION,
            owner_unit_id__in=list(by_unit),
        )
        .exclude(reserve_entries__isnull=False)
        .select_related("owner_unit")
        .order_by("id")
    )
    created = 0
    place = ordinals(Project)  # the patterns go by the ordinals, not the ids
    for project in candidates:
        if project.stage == Stage.PLANNING and not project.code:
            # Still being packaged, without a national code: not declared yet. The newest of
            # them are the running month's new projects, the others the last closed months'
            # (yingkou.demo.date_projects), which nothing else can fill: a project with a
            # record was entered before it. All of them, not a share picked by id, which
            # depends on the database's sequences and left November with two.
            continue
        unit = project.owner_unit
        staff, reviewer = _user(unit, Role.UNIT_STAFF), _user(unit, Role.UNIT_REVIEWER)
        ordinal = place[project.pk]
        pattern = ordinal % 10
        if project.stage == Stage.RESERVE:
            # The foundation put it in 储备: its declaration was approved into the pool,
            # as approving a declaration moves a project there; the others stay in 策划包装.
            pattern = 3 + ordinal % 7
        declared = past_day(ordinal, latest=12)
        try:
            with on(declared):
                entry = services.entry_declare(project=project, user=staff, submit=pattern > 0)
            if pattern == 2:
                with on(declared + dt.timedelta(days=2)):
                    services.entry_return(
                        entry=entry, user=reviewer, comment="请补充投资方及建设内容，核实总投资。"
                    )
            elif pattern >= 3:
                with on(declared + dt.timedelta(days=2)):
                    entry = services.entry_approve(entry=entry, user=reviewer, comment="同意入库")
                if pattern >= 7:
                    with on(declared + dt.timedelta(days=5)):
                        entry = services.entry_recommend(entry=entry, user=reviewer)
                if pattern >= 8:
                    with on(declared + dt.timedelta(days=9)):
                        entry = services.entry_approve(entry=entry, user=drc, comment="列入一级库")
                if ordinal % 3 == 0:
                    with on(declared + dt.timedelta(days=10)):
                        services.entry_publish(entry=entry, published=True, user=staff)
        except RuleViolation:
            continue
        created += 1
    return created


def _handovers() -> int:
    """R-8: some pooled projects with a clear investor intent go into key-project assistance."""
    done = 0
    entries = Entry.objects.filter(
        status="approved",
        handed_over_at__isnull=True,
        project__investor_intent_clear=True,
    ).select_related("project", "pool")
    place = ordinals(Entry)
    for entry in entries:
        if place[entry.pk] % 3:
            continue
        reviewer = _user(entry.pool.unit, Role.UNIT_REVIEWER)
        handed_over = timezone.localtime(entry.updated_at).date() + dt.timedelta(days=15)
        try:
            with on(min(handed_over, timezone.localdate())):
                services.entry_hand_over(entry=entry, user=reviewer)
        except RuleViolation:
            continue
        done += 1
    return done


def _weekly(pools: list[Pool], today: dt.date) -> None:
    friday = rules.weekly_update_friday_rule(today)
    if friday > today:
        friday -= dt.timedelta(days=7)
    for weeks_back in range(8):
        day = friday - dt.timedelta(days=7 * weeks_back)
        week = period_key("weekly", day)
        for index, pool in enumerate(pools):
            if (index + weeks_back) % 5 == 0 or WeeklyUpdate.objects.filter(
                pool=pool, week=week
            ).exists():
                continue  # some pools miss some Fridays, so the dispatch table has late ones
            user = _user(pool.unit, Role.UNIT_STAFF) if pool.level == 2 else None
            if user is None:
                user = User.objects.filter(role=Role.DRC_REVIEWER).first()
            with on(day, hour=16):
                update = WeeklyUpdate(
                    pool=pool,
                    week=week,
                    week_friday=day,
                    confirmed_by=user,
                    note=f"更新在库项目{(index + weeks_back) % 4 + 1}个",
                )
                save_with_history(update, user, validate_constraints=False)
    # That Friday's reminders to the pools that missed it are sent by its scheduled job,
    # run with the demo's closed periods.


def _funds(pools: list[Pool], drc: User, year: int) -> None:
    for pool in pools:
        if not rules.reserve_fund_budgeted(pool.unit):
            continue
        for y in (year - 1, year):
            if ReserveFund.objects.filter(unit=pool.unit, year=y).exists():
                continue
            amount = Decimal(200 + 50 * (sum(map(ord, pool.unit.code)) % 6) + 20 * (y - year + 1))
            with on(dt.date(y, 1, 20)):  # budgeted in January
                services.reserve_fund_set(
                    unit=pool.unit,
                    year=y,
                    amount=amount,
                    user=drc,
                    budget_document=f"营财预〔{y}〕8号",
                )


def _candidates(drc: User, year: int) -> None:
    if Candidate.objects.exists():
        return
    pooled = list(
        Entry.objects.filter(status="approved")
        .select_related("project")
        .order_by("-project__total_investment")[:10]
    )
    channels = FundingChannel.values
    for index, entry in enumerate(pooled):
        services.candidate_add(
            channel=channels[index % len(channels)], year=year, project=entry.project, user=drc
        )
    outside = (
        Project.objects.filter(stage=Stage.CONSTRUCTION, reserve_entries__isnull=True)
        .order_by("-total_investment")
        .first()
    )
    if outside:
        services.candidate_add(
            channel=FundingChannel.NATIONAL_BONDS,
            year=year,
            project=outside,
            user=drc,
            override_reason="续建项目，已列入省重点项目计划，经市政府专题会议同意申报国债资金。",
        )


@transaction.atomic
def seed(stdout=None) -> None:
    with on(timezone.localdate() - dt.timedelta(days=FOUNDED_DAYS_AGO)):
        created_pools = services.pools_ensure()
    pools = list(Pool.objects.select_related("unit"))
    drc = User.objects.filter(role=Role.DRC_REVIEWER).order_by("id").first()
    if drc is None:
        return
    _responsibles(pools, drc)
    _plans(pools, drc)
    declared = _declarations(pools, drc)
    handed_over = _handovers()
    today = timezone.localdate()
    _weekly(pools, today)
    _funds(pools, drc, today.year)
    _candidates(drc, today.year)
    if stdout:
        stdout.write(
            f"reserve: {created_pools} new pools, {declared} new declarations, "
            f"{handed_over} handed over to assistance"
        )
