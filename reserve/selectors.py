"""Reads and aggregates of the reserve app. Aggregates are computed by the database."""

import datetime as dt
import heapq
from collections import Counter, defaultdict
from collections.abc import Iterator
from decimal import Decimal

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    Max,
    OuterRef,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Substr
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yingkou.asof import as_of, live_moment, name_in, period_end, rows_as_of
from yingkou.freshness import kept
from yingkou.industries import industry_label, real_estate_expression, sector_expression
from yingkou.models import Project, Unit
from yingkou.project_records import ProjectRecord
from yingkou.scheduling import period_key
from yingkou.scheduling.periods import period_bounds

from . import rules
from .choices import EntryStatus, PoolLevel, StepAction
from .models import Entry, Membership, Pool, ReserveFund, Step, WeeklyReminder, WeeklyUpdate

_CURRENT = Q(memberships__left_at__isnull=True)


def _health_sums(path: str = "", current: Q | None = None) -> dict:
    """The R-4 sums over current memberships (`h_count`, `h_total`, `h_non_re`, `h_large`),
    from a pool (`path="memberships__"`, `current` the current-membership condition) or from
    memberships already limited to the current ones (`path=""`)."""
    current = current or Q()
    invest = f"{path}project__total_investment"
    return {
        "h_count": Count(f"{path}pk", filter=current),
        "h_total": Sum(invest, filter=current),
        "h_non_re": Sum(invest, filter=current & Q(**{f"{path}project__is_real_estate": False})),
        "h_large": Sum(invest, filter=current & Q(**{f"{invest}__gte": rules.LARGE_PROJECT})),
    }


HEALTH_SUMS = tuple(_health_sums())


# R-4: the pools' sums are kept between the writes that can change them (yingkou.freshness): a
# membership (its pool), and a project's investment or industry (whether it is real estate).
# A pool's plan is not among them: it is read with the pool. A kept result is patched by
# summing again only the pools written since, so a Friday's thousands of updates cost each list
# the pools they touched, not the city's memberships.
POOL_SUMS = "reserve.pool_sums"


def pool_sums_written(record, historical) -> tuple:
    """The marks a write of `record` (its new historical row `historical`) raises for R-4's sums:
    the pool of a membership; a project whose investment or industry changed; a project deleted
    without its pools known (none can hold one: memberships protect it), every pool."""
    if isinstance(record, Membership):
        return ((POOL_SUMS, ("pool", record.pool_id)),)
    if historical.history_type == "-":
        return (POOL_SUMS,)
    before = (
        type(historical)
        .objects.filter(id=record.pk, history_id__lt=historical.history_id)
        .order_by("-history_id")
        .values_list("total_investment", "industry")
        .first()
    )
    if before == (record.total_investment, record.industry):
        return ()
    return ((POOL_SUMS, ("project", record.pk)),)


def _pool_sums_live(pool_ids=None) -> dict[int, tuple]:
    """The R-4 sums (`HEALTH_SUMS` in order) of the pools `pool_ids` (None: every pool) that hold
    any current membership, by pool id, in one aggregate query."""
    current = Membership.objects.current()
    if pool_ids is not None:
        current = current.filter(pool_id__in=pool_ids)
    rows = current.order_by().values("pool_id").annotate(**_health_sums())
    return {row["pool_id"]: tuple(row[key] for key in HEALTH_SUMS) for row in rows}


def _pool_sums_patched(sums: dict, items: set) -> dict:
    pools = {item for kind, item in items if kind == "pool"}
    projects = [item for kind, item in items if kind == "project"]
    if projects:
        pools.update(
            Membership.objects.current()
            .filter(project_id__in=projects)
            .values_list("pool_id", flat=True)
        )
    patched = {pool: figures for pool, figures in sums.items() if pool not in pools}
    patched.update(_pool_sums_live(pools))
    return patched


def pool_sums() -> dict[int, tuple]:
    """Every pool's R-4 sums (`_pool_sums_live`), kept while no write could have changed them."""
    return kept(POOL_SUMS, (POOL_SUMS,), _pool_sums_live, patch=(POOL_SUMS, _pool_sums_patched))


def pools_annotated(queryset=None) -> list:
    """The pools of `queryset` (all by default) in the list's order, each with its R-4 sums as
    attributes (`HEALTH_SUMS`; none where the pool is empty): the pools in one query, the sums
    from `pool_sums`."""
    queryset = Pool.objects.all() if queryset is None else queryset
    pools = list(queryset.select_related("unit").order_by("level", "unit__code"))
    return _with_sums(pools, pool_sums())


# The sums of a pool without current memberships, as the aggregate gives them.
_NO_SUMS = (0, None, None, None)


def _with_sums(pools: list, sums: dict[int, tuple]) -> list:
    for pool in pools:
        for key, value in zip(HEALTH_SUMS, sums.get(pool.pk, _NO_SUMS), strict=True):
            setattr(pool, key, value)
    return pools


def with_health(pools) -> list:
    """Attach `health` (rules.Health, R-4) to pools carrying their sums; no further queries."""
    pools = list(pools)
    for pool in pools:
        pool.health = rules.pool_health_rule(
            project_count=pool.h_count,
            total_investment=pool.h_total,
            plan_investment=pool.plan_investment,
            non_real_estate_investment=pool.h_non_re,
            large_investment=pool.h_large,
        )
    return pools


def pools_with_health_by_section(queryset) -> tuple[list, dict[str, Decimal]]:
    """The pools of `queryset` with their R-4 health (as `pools_with_health`), and the pooled
    investment of their level-2 pools by industry section (GB/T 4754 letter): one pass over
    the current memberships for both, where the dashboard took two."""
    pools = list(queryset.select_related("unit").order_by("level", "unit__code"))
    sums = (
        Membership.objects.current()
        .filter(pool__in=[pool.pk for pool in pools])
        .annotate(section=Substr("project__industry", 1, 1))
        .order_by()
        .values("pool_id", "section")
        .annotate(**_health_sums())
    )
    by_pool: dict[int, dict] = defaultdict(lambda: defaultdict(int))
    by_section: dict[str, Decimal] = defaultdict(Decimal)
    levels = {pool.pk: pool.level for pool in pools}
    for row in sums:
        figures = by_pool[row["pool_id"]]
        for key in HEALTH_SUMS:
            figures[key] += row[key] or 0
        if levels[row["pool_id"]] == PoolLevel.LEVEL_2:
            by_section[row["section"]] += row["h_total"] or 0
    for pool in pools:
        # The same attributes pools_annotated gives (its NULL sums read as 0 by the R-4 rule).
        figures = by_pool.get(pool.pk, {})
        for key in HEALTH_SUMS:
            setattr(pool, key, figures.get(key, 0))
    return with_health(pools), dict(by_section)


def pools_with_health(queryset=None) -> list:
    return with_health(pools_annotated(queryset))


def pool_health(pool: Pool) -> rules.Health:
    """One pool's R-4 health, summed afresh (one small query rather than the city's kept sums)."""
    return with_health(_with_sums([pool], _pool_sums_live([pool.pk])))[0].health


def pool_of_user(user) -> Pool | None:
    if not user.unit_id:
        return None
    return Pool.objects.filter(unit_id=user.unit_id).select_related("unit").first()


def project_in_pool(project) -> bool:
    return Membership.objects.current().filter(project=project).exists()


def project_dependents(project) -> list:
    """The pools a project is in: the decisions of R-1/R-3 that rest on its rule fields. A change
    to a project in the level-1 pool is reviewed by the DRC as well."""
    from yingkou.project_changes import Dependent

    levels = Membership.objects.current().filter(project=project).values_list("level", flat=True)
    return [
        Dependent(label=str(PoolLevel(level).label), drc_reviews=level == PoolLevel.LEVEL_1)
        for level in sorted(set(levels))
    ]


def project_records(project, user) -> list:
    """The project's declarations the user may open, newest first (yingkou.project_records)."""
    entries = (
        Entry.objects.visible_to(user)
        .filter(project=project)
        .select_related("pool")
        .order_by("-pk")
    )
    return [
        ProjectRecord(
            label=_("项目储备"),
            title=f"{entry.pool} · {entry.get_status_display()}",
            url=reverse("reserve:entry_detail", args=[entry.pk]),
        )
        for entry in entries
    ]


def pool_members(pool: Pool):
    """The projects currently in a pool, largest first."""
    return (
        Membership.objects.current()
        .filter(pool=pool)
        .select_related("project", "project__owner_unit", "project__landing_unit", "entry")
        .order_by("-project__total_investment", "project_id")
    )


def entries_for(user):
    return Entry.objects.visible_to(user).with_related()


def level2_queue(user):
    """R-3: what the unit reviewer has to act on — submitted entries to approve or return,
    approved ones not yet recommended, and ones the DRC returned."""
    if not user.unit_id:
        return Entry.objects.none()
    L1, L2 = PoolLevel.LEVEL_1, PoolLevel.LEVEL_2
    return (
        Entry.objects.with_related()
        .filter(pool__unit_id=user.unit_id)
        .filter(
            Q(level=L2, status=EntryStatus.SUBMITTED)
            | Q(level=L2, status=EntryStatus.APPROVED)
            | Q(level=L1, status=EntryStatus.RETURNED)
        )
        .order_by("status", "-updated_at")
    )


def level1_queue():
    """R-3: the entries recommended to the DRC, oldest first."""
    return (
        Entry.objects.with_related()
        .filter(level=PoolLevel.LEVEL_1, status=EntryStatus.SUBMITTED)
        .order_by("updated_at", "id")
    )


def entry_steps(entry: Entry):
    return entry.steps.select_related("actor")


# ---------------------------------------------------------------- Friday updates


def weekly_dispatch(day: dt.date | None = None, due_of=None):
    """R-5 weekly dispatch table (周调度表): every pool's last update and whether it is late, in
    one query; `due_of` (`rules.weekly_update_due_days`) shares the calendar weeks read with the
    caller."""
    day = day or timezone.localdate()
    week = period_key("weekly", day)
    this_week = WeeklyUpdate.objects.filter(pool=OuterRef("pk"), week=week)
    reminded = WeeklyReminder.objects.filter(pool=OuterRef("pk"), week=week)
    pools = list(
        Pool.objects.select_related("unit", "responsible").annotate(
            last_friday=Max("weekly_updates__week_friday"),
            last_confirmed=Max("weekly_updates__confirmed_at"),
            updated_this_week=Exists(this_week),
            reminded_this_week=Exists(reminded),
        )
    )
    owed_friday = rules.weekly_update_owed_friday_rule(day, due_of)
    for pool in pools:
        pool.late = rules.weekly_update_late_rule(
            last_friday_confirmed=pool.last_friday, owed_friday=owed_friday
        )
    return pools


def weekly_status(pool: Pool, day: dt.date) -> dict:
    """R-5: where a pool stands with its weekly update on `day`, for its page, decided by the
    same rules as the dispatch table: this week's confirmation (`update`), the day this week's
    update is due (`due_on`, None when the week has no working day), and, when the latest week
    whose due day has ended is not confirmed (`late`), that week's due day (`overdue_since`)."""
    friday = rules.weekly_update_friday_rule(day)
    latest = None
    update = None
    for week in pool.weekly_updates.order_by("-week_friday")[:1]:
        latest = week.week_friday
        update = week if latest == friday else None
    # The late check reads the very weeks the due day and the overdue day are counted on.
    due_of = rules.weekly_update_due_days()
    owed = rules.weekly_update_owed_friday_rule(day, due_of)
    late = rules.weekly_update_late_rule(last_friday_confirmed=latest, owed_friday=owed)
    return {
        "update": update,
        "due_on": due_of(day),
        "late": late,
        "overdue_since": due_of(owed) if late else None,
    }


def reminders_for(pool: Pool, limit: int = 5):
    return list(pool.reminders.all()[:limit])


# ---------------------------------------------------------------- monthly


def month_end(year: int, month: int) -> dt.datetime:
    """The moment a month is over in the local time zone (the snapshot time of its archive)."""
    return period_end("monthly", dt.date(year, month, 1))


def report_moment(year: int, month: int, now: dt.datetime | None = None) -> dt.datetime:
    """The moment a month's reports describe: its end, or now for the live preview of the month
    still running (截至今日, never archived)."""
    return min(month_end(year, month), now or live_moment())


def _pooled_at(moment: dt.datetime):
    """The memberships that held at `moment`, read from their history (R-6)."""
    return as_of(Membership, moment).filter(left_at__isnull=True)


def _projects_at(moment: dt.datetime, ids_query):
    """The projects of `ids_query` as they stood at `moment`, with the derived sector and
    real-estate flag (not kept in history: they follow from the industry). A project without
    a history row before `moment` is not among them: see `_projects_now`."""
    return (
        as_of(Project, moment)
        .filter(id__in=ids_query)
        .annotate(h_sector=sector_expression(), h_real_estate=real_estate_expression())
    )


def _projects_now(moment: dt.datetime, ids_query):
    """The projects of `ids_query` with no history row before `moment` although a pool held
    them then (written in bulk, or dated later than their membership), as they are now — as
    `rows_as_of` reads them, rather than dropping them from the month or failing on them."""
    recorded = Project.history.model.objects.filter(history_date__lt=moment).values("id")
    return (
        Project.objects.filter(pk__in=ids_query)
        .exclude(pk__in=recorded)
        .annotate(h_sector=sector_expression(), h_real_estate=real_estate_expression())
    )


DETAIL_LIST_FIELDS = (
    "id",
    "name",
    "code",
    "owner_unit_id",
    "landing_unit_id",
    "industry",
    "h_sector",
    "h_real_estate",
    "total_investment",
    "construction_content",
    "investor",
    "investor_intent_clear",
    "contact_name",
    "contact_phone",
)


def detail_list_rows(moment: dt.datetime) -> Iterator[dict]:
    """R-6 project detail list (项目明细表): every project in a pool at `moment`, once, at its
    highest level (level 1 before level 2), with the project's values at that moment — read from
    the history, so a month archived late lists what the pools held on its last day, their owner
    and landing units under the names, and in the order of the codes, they had then. Six queries;
    the projects are streamed in chunks as plain values, so 20,000 rows stay cheap."""
    pooled = _pooled_at(moment)
    units = rows_as_of(Unit, moment, Unit.objects.values("pk"), "name", "code")
    levels: dict[int, tuple[int, dt.datetime]] = {}
    for project_id, level, since in pooled.order_by("project_id", "level").values_list(
        "project_id", "level", "since"
    ):
        levels.setdefault(project_id, (level, since))
    owner_code = _code_then(units)
    order = ("h_owner_code", "-total_investment", "id")
    fields = (*DETAIL_LIST_FIELDS, "h_owner_code")
    projects = (
        _projects_at(moment, pooled.values("project_id"))
        .annotate(h_owner_code=owner_code)
        .order_by(*order)
        .values(*fields)
    )
    unrecorded = list(
        _projects_now(moment, pooled.values("project_id"))
        .annotate(h_owner_code=owner_code)
        .order_by(*order)
        .values(*fields)
    )
    rows = projects.iterator(chunk_size=2000)
    if unrecorded:
        rows = heapq.merge(
            rows,
            unrecorded,
            key=lambda row: (row["h_owner_code"], -row["total_investment"], row["id"]),
        )
    for row in rows:
        level, since = levels[row["id"]]
        yield {
            "project_id": row["id"],
            "project__sector": row["h_sector"],
            "project__is_real_estate": row["h_real_estate"],
            **{f"project__{field}": row[field] for field in DETAIL_LIST_FIELDS[1:3]},
            "project__owner_unit__name": name_in(units, row["owner_unit_id"]),
            "project__landing_unit__name": name_in(units, row["landing_unit_id"]),
            "project__industry": row["industry"],
            **{f"project__{field}": row[field] for field in DETAIL_LIST_FIELDS[8:]},
            "level": level,
            "since": since,
        }


def _code_then(units: dict[int, dict]):
    """The owner unit's code as it was (`units`, read as of a moment), to order by in the
    database: the current code, but for the few units whose code has changed since."""
    now = dict(Unit.objects.values_list("pk", "code"))
    changed = [
        When(owner_unit_id=pk, then=Value(unit["code"]))
        for pk, unit in units.items()
        if now.get(pk) != unit["code"]
    ]
    code = F("owner_unit__code")
    return Case(*changed, default=code, output_field=CharField()) if changed else code


def detail_list_count(moment: dt.datetime) -> int:
    """How many rows the R-6 detail list of `moment` has (one per pooled project)."""
    return _pooled_at(moment).values("project_id").distinct().count()


def pools_health_at(moment: dt.datetime) -> list[dict]:
    """R-4 health of every pool that existed at `moment`, from the memberships, projects and plan
    totals of that moment, each pool and its unit named as they were then (a fixed number of
    queries; summed here, not per pool)."""
    pooled = list(_pooled_at(moment).values_list("pool_id", "project_id"))
    ids = _pooled_at(moment).values("project_id")
    projects = {
        row["id"]: row
        for part in (_projects_at(moment, ids), _projects_now(moment, ids))
        for row in part.values("id", "total_investment", "h_real_estate")
    }
    sums: dict[int, dict] = defaultdict(
        lambda: {"count": 0, "total": Decimal(0), "non_re": Decimal(0), "large": Decimal(0)}
    )
    for pool_id, project_id in pooled:
        project = projects[project_id]
        amount = project["total_investment"]
        pool = sums[pool_id]
        pool["count"] += 1
        pool["total"] += amount
        pool["non_re"] += 0 if project["h_real_estate"] else amount
        pool["large"] += amount if rules.is_large_project(amount) else 0
    # The pools that existed then (a pool holding projects then did, whatever its history says),
    # each with the plan total it had then.
    then = dict(as_of(Pool, moment).values_list("id", "plan_investment"))
    pools = list(
        Pool.objects.filter(pk__in=set(then) | set(sums)).values(
            "id", "name", "level", "plan_investment", "unit_id"
        )
    )
    # Named, and ordered, as at `moment`: a pool or unit renamed since leaves a closed month's
    # circular as it was built on time.
    named = rows_as_of(Pool, moment, [pool["id"] for pool in pools], "name")
    units = rows_as_of(Unit, moment, list({pool["unit_id"] for pool in pools}), "name", "code")
    for pool in pools:
        unit = units[pool["unit_id"]]
        pool.update(name=named[pool["id"]]["name"], unit__name=unit["name"])
        pool["unit__code"] = unit["code"]
    pools.sort(key=lambda pool: (pool["level"], pool.pop("unit__code")))
    result = []
    for pool in pools:
        figures = sums[pool["id"]]
        plan = then.get(pool["id"], pool["plan_investment"])
        result.append(
            {
                **pool,
                "plan_investment": plan,
                "health": rules.pool_health_rule(
                    project_count=figures["count"],
                    total_investment=figures["total"],
                    plan_investment=plan,
                    non_real_estate_investment=figures["non_re"],
                    large_investment=figures["large"],
                ),
            }
        )
    return result


def circular_rows(year: int, month: int, moment: dt.datetime | None = None) -> list[dict]:
    """R-6 monthly circular (月通报): each pool's reserve work in the month — declarations,
    approvals, pooled projects and investment, health, Friday updates — ranked by pooled
    investment, as of `moment` (default: the month's end). A fixed number of queries."""
    first, last = period_bounds("monthly", dt.date(year, month, 1))
    start = timezone.make_aware(dt.datetime.combine(first, dt.time.min))
    end = moment or month_end(year, month)
    steps = Step.objects.filter(at__gte=start, at__lt=end)
    per_pool = {
        row["entry__pool_id"]: row
        for row in steps.values("entry__pool_id").annotate(
            declared=Count("id", filter=Q(action=StepAction.SUBMIT, level=PoolLevel.LEVEL_2)),
            approved=Count("id", filter=Q(action=StepAction.APPROVE, level=PoolLevel.LEVEL_2)),
            returned=Count("id", filter=Q(action=StepAction.RETURN)),
            recommended=Count("id", filter=Q(action=StepAction.RECOMMEND)),
        )
    }
    # A Friday confirmed after the month's end does not count for it.
    updates = dict(
        WeeklyUpdate.objects.filter(
            week_friday__gte=first, week_friday__lte=last, confirmed_at__lt=end
        )
        .values("pool_id")
        .annotate(n=Count("id"))
        .values_list("pool_id", "n")
    )
    fridays = len(rules.weekly_update_weeks_owed_rule(first, last))
    published = _published_at(end)
    rows = []
    for pool in pools_health_at(end):
        counts = per_pool.get(pool["id"], {})
        rows.append(
            {
                "pool_id": pool["id"],
                "unit_id": pool["unit_id"],
                "unit": pool["unit__name"],
                "pool": pool["name"],
                "level": pool["level"],
                "declared": counts.get("declared", 0),
                "approved": counts.get("approved", 0),
                "returned": counts.get("returned", 0),
                "recommended": counts.get("recommended", 0),
                "health": pool["health"].as_dict(),
                "weekly_updates": updates.get(pool["id"], 0),
                "fridays": fridays,
                "published": published.get(pool["id"], 0),
            }
        )
    level2 = sorted(
        (row for row in rows if row["level"] == PoolLevel.LEVEL_2),
        key=lambda row: (-Decimal(row["health"]["total_investment"]), row["unit"]),
    )
    for rank, row in enumerate(level2, start=1):
        row["rank"] = rank
    level1 = [row for row in rows if row["level"] == PoolLevel.LEVEL_1]
    for row in level1:
        row["rank"] = None
    return level1 + level2


def _published_at(moment: dt.datetime) -> Counter:
    """R-7: how many of each pool's projects at `moment` were then published on the unit's
    portal (its entry's `is_published` as it stood then). Three queries."""
    pooled = list(_pooled_at(moment).values_list("pool_id", "entry_id"))
    entries = rows_as_of(Entry, moment, _pooled_at(moment).values("entry_id"), "is_published")
    return Counter(pool for pool, entry in pooled if entries.get(entry, {}).get("is_published"))


def unpublished_pools(rows: list[dict]) -> int:
    """R-7: the level-2 pools of a circular whose projects none were published."""
    return sum(
        1
        for row in rows
        if row["level"] == PoolLevel.LEVEL_2
        and rules.publication_lacking_rule(
            pooled=row["health"]["project_count"], published=row.get("published")
        )
    )


def _plan_unset(rows: list[dict]) -> int:
    return sum(1 for row in rows if not row["health"]["plan_set"])


def archived_circular(circular, summary) -> tuple[list[dict], dict]:
    """R-6: an archived circular's rows and city summary as the pages, Excel and Word read them.
    Archives made before the R-4 health recorded whether a plan total was set get it from the
    plan total they hold (rules.plan_investment_set), and their summary the count of such pools."""
    rows = [
        row
        if "plan_set" in row["health"]
        else {
            **row,
            "health": {
                **row["health"],
                "plan_set": rules.plan_investment_set(row["health"]["plan_investment"]),
            },
        }
        for row in circular.data["rows"]
    ]
    rows = [
        {
            **row,
            "publication_lacking": rules.publication_lacking_rule(
                pooled=row["health"]["project_count"], published=row.get("published")
            ),
        }
        for row in rows
    ]
    data = dict(summary.data)
    if "plan_unset_pools" not in data:
        data["plan_unset_pools"] = _plan_unset(
            [row for row in rows if row["level"] == PoolLevel.LEVEL_2]
        )
    return rows, data


def city_summary(
    year: int, month: int, circular: list[dict], moment: dt.datetime | None = None
) -> dict:
    """R-6 city summary (全市汇总) for the city government, from the circular's rows and the
    year's reserve funds as recorded at `moment` (default: the month's end)."""
    level2 = [row for row in circular if row["level"] == PoolLevel.LEVEL_2]
    level1 = next((row for row in circular if row["level"] == PoolLevel.LEVEL_1), None)

    def total(key):
        return sum(Decimal(row["health"][key]) for row in level2)

    moment = moment or month_end(year, month)
    funds = as_of(ReserveFund, moment).filter(year=year).aggregate(total=Sum("amount"))["total"]
    return {
        "period": f"{year}-{month:02d}",
        "pools": len(level2),
        "projects": sum(row["health"]["project_count"] for row in level2),
        "total_investment": f"{total('total_investment'):.2f}",
        "non_real_estate_investment": f"{total('non_real_estate_investment'):.2f}",
        "large_investment": f"{total('large_investment'):.2f}",
        # a pool without a plan total is not counted as meeting everything, nor as
        # failing the plan rule: it is counted apart, as undecided.
        "healthy_pools": sum(1 for row in level2 if row["health"]["all_met"]),
        "plan_unset_pools": _plan_unset(level2),
        "declared": sum(row["declared"] for row in level2),
        "approved": sum(row["approved"] for row in level2),
        "recommended": sum(row["recommended"] for row in level2),
        "weekly_missed": sum(1 for row in level2 if row["weekly_updates"] < row["fridays"]),
        "unpublished_pools": unpublished_pools(level2),
        "level1": level1["health"] if level1 else None,
        "funds": f"{funds or 0:.2f}",
    }


# ---------------------------------------------------------------- publication


def public_rows(unit) -> list[dict]:
    """R-7: the published reserve projects of a unit (the DRC: the level-1 pool's published
    major projects, rules.drc_publication_q), with only the public fields."""
    return [public_row(membership) for membership in public_memberships(unit)]


def public_memberships(unit):
    """R-7: the current memberships a unit publishes, largest investment first (a page of
    them: the public page; all: the feed)."""
    level = rules.pool_unit_rule(unit)
    memberships = Membership.objects.current().filter(entry__is_published=True)
    if level == PoolLevel.LEVEL_1:
        memberships = memberships.filter(rules.drc_publication_q(), level=PoolLevel.LEVEL_1)
    else:
        memberships = memberships.filter(pool__unit=unit, level=PoolLevel.LEVEL_2)
    # Columns, not model rows: a feed lists thousands of projects (the DRC's held 4,934 at
    # 100,000 projects), 0.7-1 s a request built as memberships with their projects and units.
    return memberships.order_by("-project__total_investment", "project_id").values(
        *PUBLIC_COLUMNS.values()
    )


# Each public field (rules.PUBLIC_FIELDS) from the column it is read from.
PUBLIC_COLUMNS = {
    "name": "project__name",
    "owner_unit": "project__owner_unit__name",
    "landing_unit": "project__landing_unit__name",
    "industry": "project__industry",
    "total_investment": "project__total_investment",
    "construction_content": "project__construction_content",
    "start_year": "project__start_year",
    "end_year": "project__end_year",
    "pool_level": "level",
    "since": "since",
}


def public_row(membership: dict) -> dict:
    """R-7: one published project (a row of public_memberships) with only the public fields."""
    values = {field: membership[column] for field, column in PUBLIC_COLUMNS.items()}
    values["landing_unit"] = values["landing_unit"] or ""
    values["industry"] = industry_label(values["industry"])
    values["total_investment"] = f"{values['total_investment']:.2f}"
    values["pool_level"] = PoolLevel(values["pool_level"]).label
    values["since"] = timezone.localtime(values["since"]).date().isoformat()
    return {field: values[field] for field in rules.PUBLIC_FIELDS}
