"""Reads and aggregates of key-project assistance; every list here runs a fixed number of queries
and leaves the counting to the database."""

import copy
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from operator import itemgetter

from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from simple_history.models import HistoricalRecords

from yingkou.asof import (
    as_of,
    created_since,
    end_of,
    has_history,
    held_as_of,
    live_moment,
    name_in,
    period_end,
    read_as_of,
    rows_as_of,
)
from yingkou.choices import AssessmentVerdict, Stage, TeamPhase, UnitKind
from yingkou.freshness import kept
from yingkou.models import Leader, Project, Team, Unit, User
from yingkou.models.deadlines import due_soon_until
from yingkou.project_records import ProjectRecord
from yingkou.rules import score_order, score_ranks, score_verdict_rule
from yingkou.scheduling import period_key
from yingkou.scheduling.periods import Period, period_bounds, period_name

from . import permissions as perm
from . import rules
from .choices import (
    CaseStatus,
    ProblemCategory,
    ProblemStatus,
    PublicationState,
    ReportKind,
    TeamStatus,
    Tier,
)
from .models import (
    ActionItem,
    AssistanceCase,
    AssistancePlan,
    Problem,
    ProgressReport,
    PromotionGroup,
    SupervisionReport,
    WeeklyProgress,
    dispatches_read_in_full_q,
)


def project_dependents(project) -> list:
    """An active assistance case of the project: its A-2 tier rests on the investment and the
    industry."""
    from django.utils.translation import gettext as _

    from yingkou.project_changes import Dependent

    if AssistanceCase.objects.filter(project=project, status=CaseStatus.ACTIVE).exists():
        return [Dependent(label=_("精准帮扶项目"))]
    return []


def project_records(project, user) -> list:
    """The project's assistance case, if the user may open it (yingkou.project_records)."""
    return [
        ProjectRecord(
            label=_("精准帮扶"),
            title=f"{case.get_tier_display()} · {case.get_status_display()}",
            url=case.get_absolute_url(),
        )
        for case in AssistanceCase.objects.visible_to(user).filter(project=project)
    ]


def with_figures(queryset, *, today: dt.date | None = None):
    today = today or timezone.localdate()
    latest = ProgressReport.objects.filter(case=OuterRef("pk")).order_by("-month")
    problems = Problem.objects.filter(case=OuterRef("pk")).order_by()

    def counted(condition: Q):
        return Subquery(
            problems.filter(condition).values("case").annotate(n=Count("pk")).values("n"),
            output_field=IntegerField(),
        )

    # Counted per case in subqueries, not by joining the problems: the join needed GROUP BY over
    # every selected column of the case and its related rows, so a page of 50 sorted and grouped
    # all 27,000 cases of a city on disk (1.2 s); a subquery is evaluated for the page's rows.
    return (
        queryset.with_related()
        .prefetch_related("team__cooperating_units")
        .annotate(
            open_problems=Coalesce(counted(Problem.open_q()), 0),
            late_problems=Coalesce(counted(rules.late_q(today)), 0),
            escalated_problems=Coalesce(counted(Problem.open_q() & Q(escalated=True)), 0),
            progress_month=Subquery(latest.values("month")[:1]),
            planned_investment=Subquery(latest.values("planned_investment")[:1]),
            actual_investment=Subquery(latest.values("actual_investment")[:1]),
        )
    )


def cases_by_stage(queryset) -> list[dict]:
    """City-tier and local cases per project stage (one query), widest bar 100."""
    counts = {
        row["project__stage"]: row
        for row in queryset.order_by()
        .values("project__stage")
        .annotate(
            city=Count("id", filter=Q(tier=Tier.CITY)),
            local=Count("id", filter=Q(tier=Tier.LOCAL)),
            cases=Count("id"),
        )
    }
    return _stage_bars(counts)


#: Raised by every write of a case or a project: what the city's cases by stage are read from.
CASES_BY_STAGE = "assistance.cases_by_stage"


def city_cases_by_stage() -> list[dict]:
    """`cases_by_stage` of every case (the city-wide list unfiltered), kept between writes of
    cases and projects (`CASES_BY_STAGE`): grouping the city's 27,000 cases by their projects'
    stages took 40 ms of every such request at 100,000 projects. Shared: read, not changed."""
    return kept(CASES_BY_STAGE, (CASES_BY_STAGE,), lambda: cases_by_stage(AssistanceCase.objects))


#: Raised by every write that may change which cases or problems a unit sees, or their order in
#: its lists: a case, a project or an assistance team (its units), an industry's competent
#: department (A-3), a unit.
UNIT_CASES = "assistance.unit_cases"
#: Raised by every write of a problem (its case, the unit that solves it, its due date).
UNIT_PROBLEMS = "assistance.unit_problems"


@dataclass(frozen=True)
class UnitCases:
    """Every case a unit sees, in one order of its list: keys and stage summary."""

    keys: list[int]
    by_stage: list[dict]


def unit_cases(user, rows, order: str) -> UnitCases:
    """The cases `user`'s unit sees (`rows`: its list with no filter chosen, in the order the
    list was asked for, `order`), kept between writes (`UNIT_CASES`). Deciding which cases the
    industry and information bureau sees (A-3: 17,000 of 27,000 at 100,000 projects) took 70 ms
    of every page and API answer of its list, and its stage summary 20 ms more. Shared: read,
    not changed."""
    return kept(f"{UNIT_CASES}:{user.unit_id}:{order}", (UNIT_CASES,), lambda: cases_of(rows))


def cases_of(rows) -> UnitCases:
    """The keys of `rows` in their order and their stage summary, from one read of the rows."""
    listed = list(rows.values_list("pk", "tier", "project__stage"))
    return UnitCases(
        keys=[pk for pk, _tier, _stage in listed],
        by_stage=cases_by_stage_of((tier, stage) for _pk, tier, stage in listed),
    )


def unit_problem_keys(user, rows, order: str) -> list[int]:
    """The keys of the problems `user`'s unit sees (`rows`, no filter chosen, in `order`), kept
    between writes of problems and of what decides which cases a unit sees. Shared: read, not
    changed."""
    return kept(
        f"{UNIT_PROBLEMS}:{user.unit_id}:{order}",
        (UNIT_CASES, UNIT_PROBLEMS),
        lambda: list(rows.values_list("pk", flat=True)),
    )


def unit_problems_by_category(user, rows) -> list[dict]:
    """`problems_by_category` of the problems `user`'s unit sees (`rows`, no filter chosen), kept
    between the same writes as `unit_problem_keys` and for the day (late is judged on it): for
    the industry and information bureau, 26,000 problems grouped on every page took 60 ms."""
    today = timezone.localdate()
    return kept(
        f"{UNIT_PROBLEMS}:{user.unit_id}:by-category:{today.isoformat()}",
        (UNIT_CASES, UNIT_PROBLEMS),
        lambda: problems_by_category(rows),
    )


def cases_written(record, historical) -> tuple:
    """The marks a write raises for the kept case lists: `city_cases_by_stage` (a new case, a
    tier or a project stage may move a count), `unit_cases` and `unit_problem_keys`. A project
    or a team without an assistance case moves none: asked once per project write, so that a
    Friday of R-5 updates does not make every reader group or list the cases again."""
    if isinstance(record, Problem):
        return (UNIT_PROBLEMS,)
    if isinstance(record, Team):
        return (UNIT_CASES,) if record.phase == TeamPhase.ASSISTANCE else ()
    if isinstance(record, Project):
        if not AssistanceCase.objects.filter(project_id=record.pk).exists():
            return ()
    elif not isinstance(record, AssistanceCase):  # an industry's department, a unit
        return (UNIT_CASES,)
    return (CASES_BY_STAGE, UNIT_CASES)


def cases_by_stage_of(cases: Iterable[tuple[str, str]]) -> list[dict]:
    """`cases_by_stage` of (tier, project stage) pairs a page has already read."""
    counts: dict[str, dict] = {}
    for tier, stage in cases:
        row = counts.setdefault(stage, {"city": 0, "local": 0, "cases": 0})
        row["city"] += tier == Tier.CITY
        row["local"] += tier == Tier.LOCAL
        row["cases"] += 1
    return _stage_bars(counts)


def _stage_bars(counts: dict) -> list[dict]:
    largest = max((row["city"] + row["local"] for row in counts.values()), default=0) or 1
    rows = []
    for value, label in Stage.choices:
        row = counts.get(value)
        if row is None:
            continue
        rows.append(
            {
                "stage": value,
                "label": label,
                "city": row["city"],
                "local": row["local"],
                "cases": row["cases"],
                "city_width": round(100 * row["city"] / largest),
                "local_width": round(100 * row["local"] / largest),
            }
        )
    return rows


def case_construction_status(case) -> str | None:
    """The latest month's status of an annotated case (see `construction_status_rule`)."""
    return construction_status_of(
        case.progress_month, case.planned_investment, case.actual_investment
    )


def construction_status_of(progress_month, planned, actual) -> str | None:
    """`case_construction_status` over a case's plain values (an export's rows): none before a
    month was reported."""
    if progress_month is None:
        return None
    return rules.construction_status_rule(planned, actual)


def problem_list(*, user):
    return Problem.objects.visible_to(user).with_related()


def problems_by_category(queryset) -> list[dict]:
    """Open and late problems per category of the given problems (one query), widest bar 100."""
    today = timezone.localdate()
    counts = {
        row["category"]: row
        for row in queryset.order_by()
        .values("category")
        .annotate(
            open=Count("id", filter=Problem.open_q()),
            late=Count("id", filter=rules.late_q(today)),
            total=Count("id"),
        )
    }
    largest = max((row["open"] for row in counts.values()), default=0) or 1
    rows = []
    for value, label in ProblemCategory.choices:
        row = counts.get(value, {"open": 0, "late": 0, "total": 0})
        rows.append(
            {
                "category": value,
                "label": label,
                "open": row["open"],
                "late": row["late"],
                "total": row["total"],
                "width": round(100 * row["open"] / largest),
                "late_width": round(100 * row["late"] / largest),
            }
        )
    return rows


def escalations(*, user):
    """Open problems reported to the city government, for city leaders and the DRC (A-3)."""
    return (
        Problem.objects.visible_to(user)
        .with_related()
        .select_related("case__team__lead_leader", "case__team__lead_unit")
        .filter(Problem.open_q(), escalated=True)
        .order_by("escalated_on", "id")
    )


def action_list(*, user):
    """Joint-meeting tasks the user may see (A-7), earliest due first."""
    return (
        ActionItem.objects.visible_to(user)
        .select_related("meeting", "meeting__case__project", "owner_unit")
        .order_by("due_on", "id")
    )


def unit_queue(*, unit_id: int | None):
    """Open problems and meeting action items the unit owns (A-3, A-7): its working queue."""
    if not unit_id:
        return Problem.objects.none(), ActionItem.objects.none()
    problems = (
        Problem.objects.with_related()
        .filter(Problem.open_q(), owner_unit_id=unit_id)
        .order_by("due_on", "id")
    )
    actions = (
        ActionItem.objects.select_related("meeting", "meeting__case__project", "owner_unit")
        .filter(ActionItem.open_q(), owner_unit_id=unit_id)
        .order_by("due_on", "id")
    )
    return problems, actions


def pending_team_decisions(*, user):
    """City-tier teams compiled by the DRC and waiting for a decision this user records (A-5):
    a city leader's own; for the DRC also those of leaders without a login (代为录入)."""
    return (
        AssistanceCase.objects.with_related()
        .filter(perm.team_decisions_q(user), team_status=TeamStatus.COMPILED)
        .order_by("id")
    )


def due_and_late(
    *, today: dt.date, soon_until: dt.date | None = None, moment: dt.datetime | None = None
) -> dict[str, list]:
    """Open problems and action items due soon or late on `today` (daily job, A-3, A-7): due by
    `soon_until` (`due_soon_until(today)` unless the job hands in the one it computed), as
    recorded at `moment` (None: now) — the job's is its on-time run's, so a catch-up of an
    earlier day lists what was open then, under the names of then. Six queries at most."""
    soon_until = soon_until or due_soon_until(today)
    problems, actions = read_as_of(
        moment,
        (Problem, ActionItem, Project, Unit),
        live=lambda: _deadline_rows_live(soon_until),
        history=lambda at: _deadline_rows_as_of(soon_until, at),
    )
    categories = _labels(Problem, "category")
    result: dict[str, list] = {"due": [], "late": []}
    for problem in problems:
        state = rules.problem_deadline_state(
            status=ProblemStatus.OPEN, due_on=problem["due_on"], today=today, soon_until=soon_until
        )
        result[state].append(
            {
                "type": "problem",
                "id": problem["id"],
                "project": problem["project_name"],
                "title": problem["title"],
                "category": categories[problem["category"]],
                "owner_unit": problem["owner_unit_name"],
                "due_on": problem["due_on"].isoformat(),
                "escalated": problem["escalated"],
            }
        )
    for item in actions:
        state = rules.problem_deadline_state(
            status="open", due_on=item["due_on"], today=today, soon_until=soon_until
        )
        result[state].append(
            {
                "type": "action",
                "id": item["id"],
                "project": item["project_name"],
                "title": item["description"],
                "category": "联席会议任务",
                "owner_unit": item["owner_unit_name"],
                "due_on": item["due_on"].isoformat(),
                "escalated": False,
            }
        )
    return result


_PROBLEM_FIELDS = ("id", "title", "category", "due_on", "escalated")
_ACTION_FIELDS = ("id", "description", "due_on")


def _deadline_rows_live(soon_until: dt.date) -> tuple[list, list]:
    """`due_and_late`'s rows from the current tables; only records with history, as `as_of`."""
    problems = (
        Problem.objects.filter(Problem.open_q(), has_history(Problem), due_on__lte=soon_until)
        .order_by("due_on", "id")
        .values(
            *_PROBLEM_FIELDS,
            project_name=F("case__project__name"),
            owner_unit_name=F("owner_unit__name"),
        )
    )
    actions = (
        ActionItem.objects.filter(
            ActionItem.open_q(), has_history(ActionItem), due_on__lte=soon_until
        )
        .order_by("due_on", "id")
        .values(
            *_ACTION_FIELDS,
            project_name=F("meeting__case__project__name"),
            owner_unit_name=F("owner_unit__name"),
        )
    )
    return list(problems), list(actions)


def _deadline_rows_as_of(soon_until: dt.date, moment: dt.datetime) -> tuple[list, list]:
    """`due_and_late`'s rows as recorded at `moment`: the problems and action items open then,
    due dates as then, projects and owner units named as then. A case's project and a meeting's
    case never change, so they are joined from the current tables. Six queries."""
    problems = list(
        as_of(Problem, moment)
        .filter(Problem.open_q(), due_on__lte=soon_until)
        .order_by("due_on", "id")
        .values(*_PROBLEM_FIELDS, "owner_unit_id", project_id=F("case__project_id"))
    )
    actions = list(
        as_of(ActionItem, moment)
        .filter(ActionItem.open_q(), due_on__lte=soon_until)
        .order_by("due_on", "id")
        .values(*_ACTION_FIELDS, "owner_unit_id", project_id=F("meeting__case__project_id"))
    )
    rows = [*problems, *actions]
    projects = rows_as_of(Project, moment, list({row["project_id"] for row in rows}), "name")
    units = rows_as_of(Unit, moment, list({row["owner_unit_id"] for row in rows}), "name")
    for row in rows:
        row["project_name"] = name_in(projects, row.pop("project_id"))
        row["owner_unit_name"] = name_in(units, row.pop("owner_unit_id"))
    return problems, actions


def report_content_for(report: SupervisionReport, user) -> dict:
    """What `user` reads of an archive they may open (`SupervisionReport.objects.visible_to`).
    A day's deadline list (A-3, A-7) names every unit's problems and tasks: a unit reads the rows
    of those it may open (its own, those it has to solve, those of the cases it works on), two
    queries whatever the list's length; the city-wide roles read all of it."""
    content = report.content
    if report.kind == ReportKind.DISPATCH:
        return _dispatch_content_for(report, user)
    if report.kind != ReportKind.DEADLINES or user.is_city_wide:
        return content
    rows = [*content.get("due", []), *content.get("late", [])]
    ids = {kind: {r["id"] for r in rows if r["type"] == kind} for kind in ("problem", "action")}
    visible = {
        "problem": set(
            Problem.objects.visible_to(user)
            .filter(pk__in=ids["problem"])
            .values_list("pk", flat=True)
        ),
        "action": set(
            ActionItem.objects.visible_to(user)
            .filter(pk__in=ids["action"])
            .values_list("pk", flat=True)
        ),
    }
    return {
        **content,
        **{
            state: [r for r in content.get(state, []) if r["id"] in visible[r["type"]]]
            for state in ("due", "late")
        },
    }


def dispatch_read_in_part(report: SupervisionReport, user) -> bool:
    """A-4: whether `user` reads a group's dispatch only as a lead unit of cases it lists — not
    city-wide, not one of the group's areas, its head or a member in the dispatch's month
    (`dispatches_read_in_full_q`) — and so reads the rows of the cases (and problems) it may
    open."""
    if user.is_city_wide:
        return False
    in_full = SupervisionReport.objects.filter(dispatches_read_in_full_q(user), pk=report.pk)
    return not in_full.exists()


def _dispatch_content_for(report: SupervisionReport, user) -> dict:
    """A-4: a group's dispatch as `user` reads it (`dispatch_read_in_part`): whole, or the rows of
    the cases and problems the lead unit may open, without its areas' plans (three queries)."""
    content = report.content
    if not dispatch_read_in_part(report, user):
        return content
    case_ids = {row["id"] for row in content.get("cases", [])}
    problem_ids = {row["id"] for row in content.get("problems", [])}
    cases = set(
        AssistanceCase.objects.visible_to(user).filter(pk__in=case_ids).values_list("pk", flat=True)
    )
    problems = set(
        Problem.objects.visible_to(user).filter(pk__in=problem_ids).values_list("pk", flat=True)
    )
    # A-5: the plans it lists are its areas', none of them the reader's.
    part = {key: value for key, value in content.items() if key != "unpublished_plans"}
    return {
        **part,
        "cases": [row for row in content.get("cases", []) if row["id"] in cases],
        "problems": [row for row in content.get("problems", []) if row["id"] in problems],
    }


# ---------------------------------------------------------------- reports as of a moment


@dataclass
class Snapshot:
    """The active cases and their open problems as they stood at `moment` (read from history),
    for the monthly dispatch and the report to the city government, and the yearly plans not
    published in time then (A-5). `today` is the day the deadlines are judged on: the last day
    before `moment`."""

    moment: dt.datetime
    today: dt.date
    cases: list[dict]
    problems: list[dict]
    plans: list[dict]
    # Every unit's name and code as they were at `moment`, by id: a group's areas are named and
    # ordered as they were then.
    units: dict[int, dict]


def _labels(model, field: str) -> dict:
    return {value: str(label) for value, label in model._meta.get_field(field).choices}


def snapshot_at(moment: dt.datetime) -> Snapshot:
    """A-8: every case active at `moment` with its project, team, problem counts, latest
    progress and whether it was published on its lead unit's portal in time (A-5) as then
    recorded, and every unit's yearly plan not published on its portal in time then
    (`plans_unpublished_as_of`); every unit and leader named as it was then, so a month's
    archive built late after a rename equals the on-time one. A fixed number of queries
    whatever the number of cases."""
    today = timezone.localtime(moment - dt.timedelta(microseconds=1)).date()
    active = as_of(AssistanceCase, moment).filter(status=CaseStatus.ACTIVE)
    cases = list(
        active.values(
            "id",
            "project_id",
            "team_id",
            "tier",
            "status",
            "team_status",
            "arranged_on",
            "published_on",
        )
    )
    projects = rows_as_of(
        Project,
        moment,
        active.values("project_id"),
        "name",
        "total_investment",
        "stage",
        "landing_unit_id",
    )
    teams = rows_as_of(
        Team,
        moment,
        active.values("team_id"),
        "lead_unit_id",
        "lead_leader_id",
    )
    # Names (and codes) from the history as well, not joined from the current units and
    # leaders: a unit or leader renamed, or a leader moved, since `moment` is archived as then.
    units = rows_as_of(Unit, moment, Unit.objects.values("pk"), "name", "code")
    leaders = Leader.labels_as_of(moment, [team["lead_leader_id"] for team in teams.values()])
    problems = list(
        as_of(Problem, moment)
        .filter(Problem.open_q(), case_id__in=active.values("id"))
        .order_by("due_on", "id")
        .values("id", "case_id", "category", "title", "owner_unit_id", "due_on", "escalated")
    )
    progress = {}
    for row in (
        as_of(ProgressReport, moment)
        .filter(case_id__in=active.values("id"))
        .order_by("case_id", "month")
        .values("case_id", "month", "planned_investment", "actual_investment")
    ):
        progress[row["case_id"]] = row  # the latest month wins
    stages, tiers, categories = (
        _labels(Project, "stage"),
        _labels(AssistanceCase, "tier"),
        _labels(Problem, "category"),
    )
    counts = defaultdict(lambda: {"open": 0, "late": 0, "escalated": 0})
    by_case = {case["id"]: case for case in cases}
    rows = []
    soon_until = due_soon_until(today)
    for problem in problems:
        state = rules.problem_deadline_state(
            status=ProblemStatus.OPEN, due_on=problem["due_on"], today=today, soon_until=soon_until
        )
        figures = counts[problem["case_id"]]
        figures["open"] += 1
        figures["late"] += state == "late"
        figures["escalated"] += problem["escalated"]
        project = projects[by_case[problem["case_id"]]["project_id"]]
        rows.append(
            {
                "id": problem["id"],
                "project": project["name"],
                "category": categories[problem["category"]],
                "title": problem["title"],
                "owner_unit": name_in(units, problem["owner_unit_id"]),
                "due_on": problem["due_on"].isoformat(),
                "escalated": problem["escalated"],
                "state": state,
                # kept for grouping, dropped from the archived rows
                "_case": problem["case_id"],
                "_category": problem["category"],
                "_stage": project["stage"],
            }
        )
    case_rows = []
    until = rules.publication_overdue_until(today)
    plans = [
        {
            **plan,
            "unit__name": name_in(units, plan["unit_id"]),
            "adopted_on": plan["adopted_on"].isoformat(),
        }
        for plan in plans_unpublished_as_of(moment, until).values(
            "id", "unit_id", "year", "title", "adopted_on"
        )
    ]
    for case in cases:
        project, team = projects[case["project_id"]], teams.get(case["team_id"], {})
        report = progress.get(case["id"])
        status = (
            rules.construction_status_rule(
                report["planned_investment"], report["actual_investment"]
            )
            if report
            else ""
        )
        case_rows.append(
            {
                "id": case["id"],
                "project": project["name"],
                "investment": str(project["total_investment"]),
                "tier": tiers[case["tier"]],
                "stage": stages[project["stage"]],
                "assisting_leader": leaders.get(team.get("lead_leader_id"), ""),
                "lead_unit": name_in(units, team.get("lead_unit_id")) or "",
                "open_problems": counts[case["id"]]["open"],
                "late_problems": counts[case["id"]]["late"],
                "escalated_problems": counts[case["id"]]["escalated"],
                "planned_investment": str(report["planned_investment"] or "") if report else "",
                "actual_investment": str(report["actual_investment"] or "") if report else "",
                "construction_status": status,
                # not published on its lead unit's portal in time, as it stood then.
                "unpublished": _overdue(case, team, until),
                "_landing": project["landing_unit_id"],
                "_lead": team.get("lead_unit_id"),
                "_order": (project["total_investment"], case["id"]),
            }
        )
    return Snapshot(
        moment=moment, today=today, cases=case_rows, problems=rows, plans=plans, units=units
    )


def _overdue(case: dict, team: dict, until: dt.date) -> bool:
    """A-5 on a case and its team read as they stood at a moment (`publication_state_rule`)."""
    state = rules.publication_state_rule(
        arranged=rules.case_arranged(
            status=case["status"],
            team_status=case["team_status"],
            has_leader=team.get("lead_leader_id") is not None,
        ),
        arranged_on=case["arranged_on"],
        published_on=case["published_on"],
        overdue_until=until,
    )
    return state == PublicationState.OVERDUE


def plans_unpublished_as_of(moment: dt.datetime, until: dt.date):
    """A-5 in A-8's reports: the yearly plans as they stood at `moment` (their history) that
    were adopted on or before `until` and not published on their unit's portal since — the
    plan list's rule (`rules.plan_publication_owed_q`) over the plans as then recorded, `until`
    being `rules.publication_overdue_until` of the day the report judges, as for the cases."""
    return as_of(AssistancePlan, moment).filter(rules.plan_publication_owed_q(until))


def publication_counted(rows: list[dict]) -> bool:
    """A-5: whether an archive's rows (a dispatch's cases, an inspection's units) say whether
    the arrangements were published: those archived before it was counted do not, and judge
    nobody on it."""
    return bool(rows) and "unpublished" in rows[0]


def plan_publication_counted(content: dict) -> bool:
    """A-5: whether an archive (an inspection's rows, a dispatch) counts the yearly plans not
    published in time: those archived before they were counted do not, and judge nobody on
    them. An inspection says it in its rows, a dispatch in its list of such plans (which may be
    empty)."""
    rows = content.get("rows")
    if rows is not None:
        return bool(rows) and "unpublished_plans" in rows[0]
    return "unpublished_plans" in content


def unpublished_by_unit(cases: list[dict]) -> list[tuple[str, int]]:
    """A-5: a dispatch's cases not published in time, counted per lead unit, most first."""
    counts: dict[str, int] = defaultdict(int)
    for case in cases:
        if case.get("unpublished"):
            counts[case["lead_unit"]] += 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def unpublished_plans_by_unit(plans: list[dict]) -> list[tuple[str, int]]:
    """A-5: a dispatch's yearly plans not published in time, counted per unit, most first."""
    counts: dict[str, int] = defaultdict(int)
    for plan in plans:
        counts[plan["unit"]] += 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def _public(row: dict) -> dict:
    return {key: value for key, value in row.items() if not key.startswith("_")}


@dataclass(frozen=True)
class GroupThen:
    """A promotion group as it stood at a moment: its id, name and areas then, and its head and
    members then (`people_ids`), who read its dispatch with the areas (A-4)."""

    id: int
    name: str
    area_ids: frozenset[int]
    people_ids: frozenset[int] = frozenset()


def promotion_groups_as_of(moment: dt.datetime) -> list[GroupThen]:
    """A-4 (推进组每月调度所负责地区): the promotion groups as they stood at `moment`, each with
    the name, the areas, the head and the members it had then, by name — every save of a group
    keeps its areas and members in its history row. A group formed since is not there; one
    deleted since is, as it was; one that predates its history reads as it is now. Six queries,
    whatever the number."""
    rows = list(as_of(PromotionGroup, moment).values("id", "name", "head_id", "history_id"))
    history_ids = [row["history_id"] for row in rows]
    kept_with = {}
    for name, target in (("areas", "unit_id"), ("members", "user_id")):
        through = HistoricalRecords.m2m_models[PromotionGroup._meta.get_field(name)]
        by_row = kept_with[name] = defaultdict(set)
        for history_id, pk in through.objects.filter(history_id__in=history_ids).values_list(
            "history_id", target
        ):
            by_row[history_id].add(pk)
    groups = [
        GroupThen(
            row["id"],
            row["name"],
            frozenset(kept_with["areas"][row["history_id"]]),
            frozenset(kept_with["members"][row["history_id"]] | {row["head_id"]} - {None}),
        )
        for row in rows
    ]
    recorded = PromotionGroup.history.model.objects.filter(
        id=OuterRef("pk"), history_date__lt=moment
    )
    groups += [
        GroupThen(
            group.pk,
            group.name,
            frozenset(area.pk for area in group.areas.all()),
            frozenset({member.pk for member in group.members.all()} | {group.head_id} - {None}),
        )
        for group in PromotionGroup.objects.filter(
            ~Exists(recorded), ~created_since(PromotionGroup, moment)
        ).prefetch_related("areas", "members")
    ]
    return sorted(groups, key=lambda group: (group.name, group.id))


def group_dispatch(*, group: GroupThen, snapshot: Snapshot) -> tuple[dict, set[int]]:
    """A-4/A-8: a promotion group's monthly dispatch of the cases in its areas (landing there or
    led from there) and their open "last mile" problems, and the yearly plans of its areas not
    published in time (A-5), as of the snapshot's moment — the group as it stood then
    (`promotion_groups_as_of`); and the lead units of those cases, to whom it also goes (a
    department leading a project there)."""
    area_ids = group.area_ids
    # The areas named and ordered as they were at the snapshot's moment, like everything else.
    codes = {pk: snapshot.units[pk]["code"] for pk in area_ids}
    cases = sorted(
        (c for c in snapshot.cases if c["_landing"] in area_ids or c["_lead"] in area_ids),
        key=lambda c: (codes.get(c["_landing"], ""), -c["_order"][0], c["_order"][1]),
    )
    ids = {case["id"] for case in cases}
    content = {
        "group": group.name,
        "areas": [snapshot.units[pk]["name"] for pk in sorted(area_ids, key=codes.get)],
        "cases": [_public(case) for case in cases],
        "problems": [_public(p) for p in snapshot.problems if p["_case"] in ids],
        # A-4 dispatches the group's areas (推进组每月调度所负责地区): their own plans, not those
        # of the departments leading cases there, which the quarterly inspection counts.
        "unpublished_plans": [
            {
                "id": plan["id"],
                "unit_id": plan["unit_id"],
                "unit": plan["unit__name"],
                "year": plan["year"],
                "title": plan["title"],
                "adopted_on": plan["adopted_on"],
            }
            for plan in sorted(
                (p for p in snapshot.plans if p["unit_id"] in area_ids),
                key=lambda p: (codes.get(p["unit_id"], ""), p["year"], p["id"]),
            )
        ],
    }
    return content, {case["_lead"] for case in cases} - {None}


def _promotion_areas(moment: dt.datetime | None = None):
    """A-4 (分地区负责推进): the areas promotion groups are to cover — the active 县(市)区、园区 —
    as they stand, or as they stood at `moment`."""
    condition = Q(is_active=True, kind__in=UnitKind.areas())
    return Unit.objects.filter(condition if moment is None else held_as_of(Unit, moment, condition))


def areas_without_promotion_group():
    """A-4 (成立重点项目精准帮扶行动推进组，分地区负责推进): the active areas (县(市)区、园区) that no
    promotion group covers, so no group dispatches them monthly; the groups page names them until
    the DRC gives each to a group (the monthly run names those of its month's end:
    `areas_without_group_as_of`)."""
    covered = PromotionGroup.areas.through.objects.filter(unit_id=OuterRef("pk"))
    return _promotion_areas().exclude(Exists(covered)).order_by("kind", "code")


def areas_without_group_as_of(moment: dt.datetime, groups: Iterable[GroupThen]) -> list[str]:
    """A-4: `areas_without_promotion_group` as it stood at `moment`, given the groups then
    (`promotion_groups_as_of`): the names then of the areas active then that none of them
    covered, so a month's run built late names the areas its on-time run did not dispatch
    (an area given to a group, deactivated or created since changes nothing). Two queries."""
    covered = set().union(*(group.area_ids for group in groups))
    uncovered = _promotion_areas(moment).exclude(pk__in=covered).values("pk")
    units = rows_as_of(Unit, moment, uncovered, "kind", "name", "code")
    return [unit["name"] for unit in sorted(units.values(), key=itemgetter("kind", "code"))]


RESERVE_STAGES = (Stage.PLANNING, Stage.RESERVE, Stage.NEGOTIATING, Stage.SIGNED)


def city_report(*, snapshot: Snapshot) -> dict:
    """A-8: the DRC's monthly report to the city government of the problems open at the
    snapshot's moment in reserve and in construction (the project's stage then), by category,
    with every escalated one."""
    sections = {}
    for key, stages in (("reserve", RESERVE_STAGES), ("construction", (Stage.CONSTRUCTION,))):
        scoped = [p for p in snapshot.problems if p["_stage"] in stages]
        by_category = {}
        for problem in sorted(scoped, key=lambda p: p["_category"]):
            row = by_category.setdefault(
                problem["_category"],
                {"category": problem["category"], "count": 0, "late": 0, "escalated": 0},
            )
            row["count"] += 1
            row["late"] += problem["state"] == "late"
            row["escalated"] += problem["escalated"]
        sections[key] = {
            "by_category": list(by_category.values()),
            "escalated": [_public(p) for p in scoped if p["escalated"]],
        }
    return sections


def inspection_rows(
    *, start: dt.date, end: dt.date, moment: dt.datetime | None = None
) -> list[dict]:
    """A-8: per area and department — cases it leads, problems solved on time, late, escalated
    and still open in the quarter start–end, and its arrangements and its yearly plans not
    published on its portal in time on `end` (A-5; `unpublished`, `unpublished_plans`), from the
    cases, problems and plans as recorded at `moment` (default: the end of `end`), every unit
    under the name it had then. Eight queries whatever the size."""
    moment = moment or end_of(end)
    filters = rules.inspection_problem_filters(start, end)
    # The cases as they stood are read once: each further reading picks every case's latest
    # history row again (50-120 ms at 100,000 projects).
    cases = list(
        as_of(AssistanceCase, moment).values(
            "id",
            "team_id",
            "opened_on",
            "handed_over_on",
            "status",
            "team_status",
            "arranged_on",
            "published_on",
        )
    )
    teams = rows_as_of(
        Team,
        moment,
        as_of(AssistanceCase, moment).values("team_id"),
        "lead_unit_id",
        "lead_leader_id",
    )
    lead_units = {team_id: row["lead_unit_id"] for team_id, row in teams.items()}
    case_teams = {case["id"]: case["team_id"] for case in cases}
    counted = defaultdict(int)
    # each lead unit's arrangements not published on its portal in time, on the last day.
    until = rules.publication_overdue_until(end)
    unpublished = defaultdict(int)
    for case in cases:
        team_id = case["team_id"]
        # Led in the quarter: opened by its end, not handed over before it began, not closed.
        handed = case["handed_over_on"]
        handed_before = handed is not None and handed < start
        if case["opened_on"] <= end and not handed_before and case["status"] != CaseStatus.CLOSED:
            counted[lead_units.get(team_id)] += 1
        if _overdue(case, teams.get(team_id, {}), until):
            unpublished[lead_units.get(team_id)] += 1
    # and each unit's own yearly plans, judged on the same day.
    plans = dict(
        plans_unpublished_as_of(moment, until)
        .order_by()
        .values_list("unit_id")
        .annotate(n=Count("history_id"))
        .values_list("unit_id", "n")
    )
    problems = defaultdict(lambda: defaultdict(int))
    for row in (
        as_of(Problem, moment)
        .values("case_id")
        .annotate(**{name: Count("id", filter=q) for name, q in filters.items()})
    ):
        unit_id = lead_units.get(case_teams.get(row["case_id"]))
        for name in filters:
            problems[unit_id][name] += row[name]
    shown = {u for u in set(counted) | set(problems) | set(unpublished) | set(plans) if u}
    # Every area and city department is inspected, also the ones with nothing to show: as each
    # unit stood at `moment` — active, of its kind and level then, named and ordered as then —
    # so a closed quarter's report built late (a unit deactivated, turned into another kind or
    # renamed since, one created since) is the one built on time; its notice goes to it by id.
    standing = Unit.objects.filter(Q(pk__in=shown) | ~created_since(Unit, moment)).values("pk")
    named = rows_as_of(Unit, moment, standing, "kind", "level", "is_active", "name", "code")
    inspected = [
        unit
        for unit in named.values()
        if unit["id"] in shown
        or rules.inspected_unit_rule(
            kind=unit["kind"], level=unit["level"], is_active=unit["is_active"]
        )
    ]
    rows = []
    for unit in sorted(inspected, key=itemgetter("kind", "code")):
        counts = problems.get(unit["id"], {})
        rows.append(
            {
                "unit_id": unit["id"],
                "unit": unit["name"],
                "cases": counted.get(unit["id"], 0),
                **{name: counts.get(name, 0) for name in filters},
                "unpublished": unpublished.get(unit["id"], 0),
                "unpublished_plans": plans.get(unit["id"], 0),
            }
        )
    return rows


def inspection_assessed(rows: list[dict]) -> list[dict]:
    """A-8 季度考核: the quarter's rows of `inspection_rows`, each with its unit's score
    (`rules.inspection_score_rule`), rank and verdict on E-7's scale, best first (units not
    scored last, in the report's order). Scores are kept as text: the archive is JSON."""
    labels = {value: str(label) for value, label in AssessmentVerdict.choices}
    scored = [
        (
            rules.inspection_score_rule(solved_on_time=row["solved_on_time"], late=row["late"]),
            index,
            row,
        )
        for index, row in enumerate(rows)
    ]
    scored.sort(key=lambda item: score_order(item[0], item[1]))
    ranks = score_ranks([score for score, _index, _row in scored])
    result = []
    for (score, _index, row), rank in zip(scored, ranks, strict=True):
        verdict = score_verdict_rule(score) if score is not None else ""
        result.append(
            {
                **row,
                "score": None if score is None else str(score),
                "rank": rank,
                "verdict": verdict,
                "verdict_label": labels[verdict] if verdict else str(rules.INSPECTION_NOT_RATED),
            }
        )
    return result


def inspection_report(*, day: dt.date, moment: dt.datetime) -> dict:
    """A-8: the quarterly inspection and assessment (督导检查、季度考核) of the quarter holding
    `day`, as recorded at `moment` — its end for the archive (the job), now for the page's trial
    of a running quarter (试算): the same function, so a preview at the quarter's last moment is
    what the archive holds."""
    start, end = period_bounds("quarterly", day)
    end = min(end, timezone.localtime(moment).date())
    rows = inspection_rows(start=start, end=end, moment=moment)
    return {
        "quarter": period_key("quarterly", day),
        "start": start.isoformat(),
        "end": end.isoformat(),
        "rows": inspection_assessed(rows),
        "assessed": True,
    }


def asked_inspection_quarter(value: str, today: dt.date) -> dt.date:
    """A-8: the quarter a page asks for (`?quarter=`, `rules.inspection_quarter_rule`), as its
    first day; none asked: the last quarter until its report is archived, then the running one."""
    if not value:
        day = period_bounds("quarterly", today)[0] - dt.timedelta(days=1)
        if SupervisionReport.objects.filter(
            kind=ReportKind.INSPECTION, period_key=period_key("quarterly", day), scope="city"
        ).exists():
            day = today
        value = period_key("quarterly", day)
    return rules.inspection_quarter_rule(value, today)


def inspection_for(first: dt.date, today: dt.date) -> tuple[dict, SupervisionReport | None, bool]:
    """A-8: the quarter beginning `first` as a page shows it — its archived report, else computed
    now: a closed quarter as of its end (what its archive will hold), a running one as of now, a
    trial (试算, the third value) and not the assessment."""
    archive = SupervisionReport.objects.filter(
        kind=ReportKind.INSPECTION, period_key=period_key("quarterly", first), scope="city"
    ).first()
    if archive is not None:
        return archive.content, archive, False
    running = today <= period_bounds("quarterly", first)[1]

    def computed() -> dict:
        moment = live_moment() if running else period_end("quarterly", first)
        return inspection_report(day=first, moment=moment)

    # Kept between writes of what it reads (`INSPECTION`): computed from the history of every
    # case, team, problem and plan, a quarter took 150-200 ms of each request at 100,000
    # projects. A trial is kept for its day (its deadlines are judged on the day); a closed
    # quarter as of its end changes only with a write dated before it, which none is.
    key = f"{INSPECTION}:{period_key('quarterly', first)}:{today if running else 'closed'}"
    # A copy: the page adds its bars to the rows of what is shared.
    return copy.deepcopy(kept(key, (INSPECTION,), computed)), None, running


#: Raised by every write of what A-8's quarterly inspection reads: cases, teams, problems,
#: yearly plans, units, and the calendar its publication deadlines count in working days.
INSPECTION = "assistance.inspection"


def inspection_written(record, historical) -> tuple:
    """The mark a write of a case, team, problem, yearly plan, unit or calendar day raises for
    A-8's quarter (`inspection_for`)."""
    return (INSPECTION,)


def quarter_name(first: dt.date) -> str:
    """The quarter starting on `first` as people name it (2026年第四季度), not by its key."""
    return period_name(period_key(Period.QUARTERLY, first))


def inspection_title(first: dt.date) -> str:
    """A-8: the quarterly report's title, as the quarterly job archives it."""
    return f"{quarter_name(first)}精准帮扶督导检查情况报告"


def _quarter_first(key: str) -> dt.date:
    year, _sep, quarter = key.partition("-Q")
    return dt.date(int(year), 3 * (int(quarter) - 1) + 1, 1)


def inspection_quarters(today: dt.date) -> list[dict]:
    """A-8 季度考核: the quarters of the assessment, newest first — the running one (a trial,
    试算, `provisional`), the closed one whose job has not archived it yet (as its archive will
    read), and every archived one. One query."""
    archives = list(
        SupervisionReport.objects.filter(kind=ReportKind.INSPECTION, scope="city")
        .defer("content")
        .order_by("-period_key")
    )
    archived = {report.period_key for report in archives}
    running = period_bounds("quarterly", today)[0]
    last = period_bounds("quarterly", running - dt.timedelta(days=1))[0]
    quarters = [
        _quarter(first, today, provisional=first == running)
        for first in (running, last)
        if period_key("quarterly", first) not in archived
        and rules.inspection_quarter_shown_rule(first, today)
    ]
    for report in archives:
        first = _quarter_first(report.period_key)
        quarters.append(
            {**_quarter(first, today, provisional=False), "title": report.title, "archive": report}
        )
    return quarters


def _quarter(first: dt.date, today: dt.date, *, provisional: bool) -> dict:
    start, end = period_bounds("quarterly", first)
    return {
        "quarter": period_key("quarterly", first),
        "title": inspection_title(first),
        "start": start,
        "end": min(end, today),
        "provisional": provisional,
        "archive": None,
    }


def units_without_general_liaison():
    """A-6: areas and city departments leading cases that have not named a general liaison."""
    # EXISTS, not a join with DISTINCT: the join sorted a row per assistance case (27,000 at
    # 100,000 projects) to list a few units.
    leading = AssistanceCase.objects.filter(team__lead_unit=OuterRef("pk"))
    return (
        Unit.objects.filter(Exists(leading))
        .filter(assistance_general_liaison__isnull=True)
        .order_by("kind", "code")
    )


def public_units() -> list[Unit]:
    """Units with something published: approved cases they lead or a published plan (A-5),
    each with its number of published cases (`cases`)."""
    # The published cases counted per lead unit in one grouped read: counting them through a
    # join of every unit to its teams and cases, made DISTINCT, took 330 ms at 100,000 projects.
    counts = dict(
        AssistanceCase.objects.public()
        .order_by()
        .values_list("team__lead_unit")
        .annotate(n=Count("pk"))
        .values_list("team__lead_unit", "n")
    )
    published_plan = AssistancePlan.objects.filter(unit=OuterRef("pk"), is_published=True)
    units = list(
        Unit.objects.filter(
            Q(pk__in=[pk for pk in counts if pk is not None]) | Exists(published_plan)
        ).order_by("kind", "code")
    )
    for unit in units:
        unit.cases = counts.get(unit.pk, 0)
    return units


def _public_cases(unit: Unit):
    """The cases `unit` publishes (A-5), in the order its list shows them."""
    return (
        AssistanceCase.objects.public()
        .filter(team__lead_unit=unit)
        .order_by("-project__total_investment", "id")
    )


def public_page(*, unit: Unit) -> dict:
    """What an area/department publishes (A-5): its plans, its project list with leaders and
    approved teams. Nothing still a proposal. The cases are bare, for the page to cut its page
    from before `public_rows` reads their teams."""
    return {"cases": _public_cases(unit), "plans": public_plans(unit)}


def public_plans(unit: Unit):
    return AssistancePlan.objects.filter(unit=unit, is_published=True).order_by("-year")


def _public_leader(name: str | None, title: str | None) -> str | None:
    return None if name is None else f"{name}（{title}）"


def public_projects(*, unit: Unit) -> list[dict]:
    """Every case `unit` publishes (A-5) as the feed gives it, whole, in the page's order."""
    return public_rows(_public_cases(unit))


def public_rows(cases) -> list[dict]:
    """What the public page and feed show of each of `cases` (A-5, in their order): project,
    leaders and team, nothing else (the liaisons and the project's units are not published).

    Read as rows, not as cases with their teams: a unit's 2,700 cases at city scale took a
    second to build as model instances, for a feed anyone may ask for, and a page of 50 spent
    more time drawing them than reading them. Three queries whatever the number of cases."""
    rows = list(
        cases.values_list(
            "team_id",
            "team__lead_unit__name",
            "project__name",
            "project__total_investment",
            "tier",
            "team__lead_leader__name",
            "team__lead_leader__title",
            "responsible_leader__name",
            "responsible_leader__title",
        )
    )
    teams = cases.values("team_id")
    cooperating = defaultdict(list)
    for team, name in (
        Team.cooperating_units.through.objects.filter(team_id__in=teams)
        .order_by("team_id", "unit__code")
        .values_list("team_id", "unit__name")
    ):
        cooperating[team].append(name)
    members = defaultdict(list)
    for team, username, first_name, last_name in (
        Team.members.through.objects.filter(team_id__in=teams)
        .order_by("team_id", "id")
        .values_list("team_id", "user__username", "user__first_name", "user__last_name")
    ):
        members[team].append(
            User.name_of(username=username, first_name=first_name, last_name=last_name)
        )
    return [
        {
            "project": name,
            "total_investment": str(investment),
            "tier": tier,
            "assisting_leader": _public_leader(leader, leader_title),
            "responsible_leader": _public_leader(responsible, responsible_title),
            "team_units": [lead_unit, *cooperating[team]],
            "team_members": members[team],
        }
        for (
            team,
            lead_unit,
            name,
            investment,
            tier,
            leader,
            leader_title,
            responsible,
            responsible_title,
        ) in rows
    ]


# ---------------------------------------------------------------- 帮扶机制二(一) weekly dispatch


def weekly_dispatch(*, week: dt.date, moment: dt.datetime | None, cases=None) -> dict:
    """A-8 (帮扶机制二(一)): every project under construction in assistance at `moment` (None:
    now), with its progress reported for `week` (its Monday) as recorded by then, whether it was
    on time, and the units that have not reported. `cases` (a queryset of cases: what a unit may
    see) limits it to those cases before anything is read. A fixed number of queries whatever the
    number of projects; the week still running reads the current tables (`read_as_of`).

    The running week city-wide is kept between the writes of its sites and of its reports
    (`WEEKLY_SITES`, `WEEKLY_REPORTS`): the result is shared, to be read and not changed."""
    monday = rules.week_monday(week)
    due = rules.weekly_progress_due_rule(monday)
    if moment is None and cases is None:
        return kept(
            f"{WEEKLY_REPORTS}:{monday}:{due}:{get_language()}",
            (WEEKLY_SITES, WEEKLY_REPORTS),
            lambda: _weekly_dispatch(monday, due, moment, cases),
            patch=(
                WEEKLY_REPORTS,
                lambda content, changed: _weekly_patched(content, changed, monday, due),
            ),
        )
    return _weekly_dispatch(monday, due, moment, cases)


def _weekly_dispatch(monday: dt.date, due: dt.date | None, moment, cases) -> dict:
    """`weekly_dispatch` read afresh."""
    sites, reports = read_as_of(
        moment,
        (AssistanceCase, Project, Team, WeeklyProgress),
        live=lambda: _weekly_live(monday, cases),
        history=lambda at: _weekly_as_of(monday, at, cases),
    )
    if moment is not None and moment <= timezone.now():
        sites = _weekly_named_as_of(sites, moment)
    labels = _weekly_labels()
    rows = [
        _weekly_row(
            case_id,
            name,
            landing or owner or "",
            lead or owner or "",
            lead_id,
            str(investment),
            reports.get(case_id, _NO_REPORT),
            due,
            labels,
        )
        for case_id, name, investment, owner, landing, lead_id, lead, *_units in sites
    ]
    return _weekly_content(monday, due, rows)


def _weekly_named_as_of(sites: list[tuple], moment: dt.datetime) -> list[tuple]:
    """A closed week's `sites` with their owner, landing and lead units named as they were at
    `moment`, in the week's order again (by area name): built late after a unit was renamed,
    the week reads as it did on time. Two queries; units are not among the models `read_as_of`
    checks, so either reading of the sites names them as they are now."""
    ids = {unit for site in sites for unit in (site[5], site[7], site[8]) if unit is not None}
    names = {pk: row["name"] for pk, row in rows_as_of(Unit, moment, list(ids), "name").items()}
    # (case, project, investment, owner, landing, lead id, lead, owner id, landing id)
    return _weekly_order(
        (*site[:3], names.get(site[7]), names.get(site[8]), site[5], names.get(site[5]), *site[7:])
        for site in sites
    )


def _weekly_patched(content: dict, cases: set, monday: dt.date, due: dt.date | None) -> dict:
    """The kept running week with the reports of `cases` read again (saved since it was kept):
    its sites are unchanged, so only their rows are built again."""
    reports = _weekly_reports(monday, cases)
    labels = _weekly_labels()
    rows = [
        _weekly_row(
            row["case"],
            row["project"],
            row["area"],
            row["unit"],
            row["unit_id"],
            row["investment_total"],
            reports.get(row["case"], _NO_REPORT),
            due,
            labels,
        )
        if row["case"] in cases
        else row
        for row in content["projects"]
    ]
    return _weekly_content(monday, due, rows)


def _weekly_labels() -> dict:
    return {state: str(label) for state, label in rules.WEEKLY_STATES.items()}


def _weekly_row(  # noqa: PLR0913
    case_id, project, area, unit, unit_id, investment_total, report, due, labels
) -> dict:
    """A-8: one site's row of the week: where it is, who answers for it (area: the landing unit,
    else the owner; unit: the team's lead unit, else the owner) and its report's state."""
    progress, invested, problems, reported_on = report
    state = rules.weekly_report_state(reported_on=reported_on, due_on=due)
    reported = reported_on is not None
    return {
        "case": case_id,
        "project": project,
        "area": area,
        "unit": unit,
        "unit_id": unit_id,
        "investment_total": investment_total,
        "state": state,
        "state_label": labels[state],
        "reported_on": reported_on.isoformat() if reported else None,
        "progress": progress if reported else "",
        "investment": str(invested) if reported else "",
        "problems": problems if reported else "",
    }


def _weekly_content(monday: dt.date, due: dt.date | None, rows: list[dict]) -> dict:
    overview = weekly_overview(rows)
    return {
        "week": monday.isoformat(),
        "due_on": due.isoformat() if due else None,
        "projects": rows,
        "reported": len(rows) - overview["missing"],
        "not_reported_units": [name for name, _unit in overview["units_behind"]],
    }


# what the week's list narrows to with `?state=`, by report state.
WEEKLY_STATE_FILTERS = {"missing": {"missing"}, "reported": {"on_time", "late"}}


def weekly_overview(rows: list[dict]) -> dict:
    """A-8: the week's figures over `rows`: projects, reported (on time or late), not reported,
    and the units with a project not reported as (name, unit id), by name."""
    reported = missing = 0
    behind: dict[str, int | None] = {}
    for row in rows:
        if row["state"] == "missing":
            missing += 1
            behind.setdefault(row["unit"], row.get("unit_id"))
        elif row["state"] != "not_owed":
            reported += 1
    return {
        "total": len(rows),
        "reported": reported,
        "missing": missing,
        "units_behind": [(name, behind[name]) for name in sorted(behind) if name],
    }


def weekly_narrowed(rows: list[dict], *, state: str = "", unit: int | None = None) -> list[dict]:
    """A-8: the week's rows of one report state (`WEEKLY_STATE_FILTERS`) and/or of one
    responsible area or department (its id), in the week's order."""
    if state:
        wanted = WEEKLY_STATE_FILTERS[state]
        rows = [row for row in rows if row["state"] in wanted]
    if unit is not None:
        rows = [row for row in rows if row.get("unit_id") == unit]
    return rows


def weekly_for(*, user, monday: dt.date) -> tuple[dict, list[dict], SupervisionReport | None]:
    """The week `user` sees: the archived week (as of its end) or the week still running as of
    now, its rows the user may see (the cases a unit reports, `reported_by`) and the archive if
    there is one. The content's own figures are the city's; the rows are the user's."""
    archive = SupervisionReport.objects.filter(
        kind=ReportKind.WEEKLY, period_key=period_key("weekly", monday), scope="city"
    ).first()
    visible = None if user.is_city_wide else AssistanceCase.objects.reported_by(user)
    if archive is None:
        over = end_of(monday + dt.timedelta(days=6))
        if over > timezone.now():
            # The running week: the city's, kept between writes, and of it the unit's cases as
            # they are now (one query for their ids instead of the unit's week read afresh).
            content = weekly_dispatch(week=monday, moment=None)
            return content, _rows_of(content["projects"], visible), None
        content = weekly_dispatch(week=monday, moment=over, cases=visible)
        return content, content["projects"], None
    return archive.content, _rows_of(archive.content["projects"], visible), archive


def _rows_of(rows: list[dict], visible) -> list[dict]:
    """The week's rows of the cases in `visible` (None: all of them)."""
    if visible is None:
        return rows
    ids = set(visible.values_list("pk", flat=True))
    return [row for row in rows if row["case"] in ids]


def _weekly_order(sites: list[tuple]) -> list[tuple]:
    """A-8's sites by area (landing, else owner unit), project and case. Three stable sorts on
    one key each take about half the time of one sort on a tuple (a city's 14,000 sites)."""
    sites = list(sites)
    sites.sort(key=itemgetter(0))
    sites.sort(key=itemgetter(1))
    sites.sort(key=lambda site: site[4] or site[3] or "")
    return sites


# the sites of the running week read city-wide are kept between the writes that can change
# them (yingkou.freshness): of a case, an assistance team, a unit (its name), and of a project
# that is under construction or leaves it. The week's list is kept until those or a report of
# the week change; a report leaves the sites kept.
WEEKLY_SITES = "assistance.weekly_sites"
WEEKLY_REPORTS = "assistance.weekly_reports"


def weekly_sites_written(record, historical) -> tuple:
    """The marks a write of `record` (its new historical row `historical`) raises for A-8."""
    if isinstance(record, WeeklyProgress):
        # The case lets a kept week read that case's report alone (`_weekly_patched`).
        return ((WEEKLY_REPORTS, record.case_id),)
    if isinstance(record, Team):
        return (WEEKLY_SITES,) if record.phase == TeamPhase.ASSISTANCE else ()
    if isinstance(record, Project) and record.stage != Stage.CONSTRUCTION:
        before = (
            type(historical)
            .objects.filter(id=record.pk, history_id__lt=historical.history_id)
            .order_by("-history_id")
            .values_list("stage", flat=True)
            .first()
        )
        return (WEEKLY_SITES,) if before == Stage.CONSTRUCTION else ()
    return (WEEKLY_SITES,)


def _weekly_sites(cases) -> list[tuple]:
    """The running week's sites (`_weekly_live`), in the week's order; city-wide (`cases` None)
    kept while `WEEKLY_SITES` is unchanged."""
    if cases is not None:
        return _weekly_order(_weekly_sites_live(cases))
    return kept(WEEKLY_SITES, (WEEKLY_SITES,), lambda: _weekly_order(_weekly_sites_live(None)))


# A week's report by case: (progress, investment, problems, reported_on).
WEEKLY_REPORT_FIELDS = ("case_id", "progress", "investment", "problems", "reported_on")
_NO_REPORT = ("", None, "", None)


def _weekly_live(monday: dt.date, cases) -> tuple[list[tuple], dict]:
    """The running week from the current tables: the sites (case, project name, investment,
    owner and landing unit names, lead unit id and name, owner and landing unit ids) in the
    week's order (`_weekly_order`) and the week's reports by case, in three queries (one when
    the city's sites are kept)."""
    sites = _weekly_sites(cases)
    # A unit's sites by id (a few thousand at most): asking for its cases again costs more.
    return sites, _weekly_reports(monday, None if cases is None else [site[0] for site in sites])


def _weekly_reports(monday: dt.date, case_ids) -> dict:
    """The week's reports by case, of `case_ids` (None: all), from the current tables."""
    reports = WeeklyProgress.objects.filter(has_history(WeeklyProgress), week=monday)
    if case_ids is not None:
        reports = reports.filter(case_id__in=case_ids)
    return {
        case_id: report
        for case_id, *report in reports.order_by().values_list(*WEEKLY_REPORT_FIELDS)
    }


def _weekly_sites_live(cases) -> list[tuple]:
    """The sites of `_weekly_live`, in no order, in two queries."""
    # A unit's cases are tested on the same rows (not `pk IN` its cases), so PostgreSQL starts
    # from the projects under construction instead of joining all the unit's cases first.
    active = (AssistanceCase.objects.all() if cases is None else cases).filter(
        has_history(AssistanceCase), status=CaseStatus.ACTIVE, project__stage=Stage.CONSTRUCTION
    )
    # The units' names from the 124 units rather than three joins on the city's 14,000 sites
    # (12-15 ms of the query).
    names = dict(Unit.objects.values_list("id", "name"))
    return [
        (
            case_id,
            name,
            investment,
            names.get(owner),
            names.get(landing),
            lead,
            names.get(lead),
            owner,
            landing,
        )
        for case_id, name, investment, owner, landing, lead in active.order_by().values_list(
            "id",
            "project__name",
            "project__total_investment",
            "project__owner_unit_id",
            "project__landing_unit_id",
            "team__lead_unit_id",
        )
    ]


def _weekly_as_of(monday: dt.date, moment: dt.datetime, cases) -> tuple[list[tuple], dict]:
    """`_weekly_live` as recorded before `moment`, from the historical tables (sites in the
    week's order)."""
    among = None if cases is None else cases.values("pk")
    active = as_of(AssistanceCase, moment, among=among).filter(status=CaseStatus.ACTIVE)
    case_rows = list(active.values("id", "project_id", "team_id"))
    projects = rows_as_of(
        Project,
        moment,
        active.values("project_id"),
        "name",
        "stage",
        "total_investment",
        "owner_unit_id",
        "owner_unit__name",
        "landing_unit_id",
        "landing_unit__name",
    )
    teams = rows_as_of(Team, moment, active.values("team_id"), "lead_unit_id", "lead_unit__name")
    # Only a report that ever was for this week can be this week's report at `moment`.
    this_week = WeeklyProgress.history.model.objects.filter(week=monday).values("id")
    reports = {
        case_id: report
        for case_id, *report in as_of(WeeklyProgress, moment, among=this_week)
        .filter(week=monday, case_id__in=active.values("id"))
        .values_list(*WEEKLY_REPORT_FIELDS)
    }
    sites = []
    for case in case_rows:
        project = projects.get(case["project_id"])
        if project is None or project["stage"] != Stage.CONSTRUCTION:
            continue
        team = teams.get(case["team_id"], {})
        sites.append(
            (
                case["id"],
                project["name"],
                project["total_investment"],
                project["owner_unit__name"],
                project["landing_unit__name"],
                team.get("lead_unit_id"),
                team.get("lead_unit__name"),
                project["owner_unit_id"],
                project["landing_unit_id"],
            )
        )
    return _weekly_order(sites), reports


# What the published city-wide progress shows of a row: no reporter, no internal problems.
PUBLIC_WEEKLY_FIELDS = ("project", "area", "state_label", "progress", "investment")


def public_weekly(content: dict) -> dict:
    """The published part of an archived week (及时发布全市建设项目进展情况)."""
    rows = [{key: row[key] for key in PUBLIC_WEEKLY_FIELDS} for row in content["projects"]]
    return {
        "week": content["week"],
        "projects": rows,
        "reported": content["reported"],
        "total": len(rows),
    }
