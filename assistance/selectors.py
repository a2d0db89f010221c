"""Reads and aggregates of key-project assistance; every list here runs a fixed number of queries
and leaves the counting to the database."""

import datetime as dt
from collections import defaultdict

from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.utils import timezone

from yingkou.choices import AdministrativeLevel, Stage, UnitKind
from yingkou.models import Unit

from . import rules
from .choices import (
    ActionStatus,
    CaseStatus,
    ProblemCategory,
    ProblemStatus,
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
)


def case_list(*, user, today: dt.date | None = None):
    """The cases the user may see, with problem counts and the latest month's progress."""
    return with_figures(AssistanceCase.objects.visible_to(user), today=today)


def with_figures(queryset, *, today: dt.date | None = None):
    today = today or timezone.localdate()
    latest = ProgressReport.objects.filter(case=OuterRef("pk")).order_by("-month")
    open_q = Q(problems__status=ProblemStatus.OPEN)
    return (
        queryset.with_related()
        .prefetch_related("team__cooperating_units")
        .annotate(
            open_problems=Count("problems", filter=open_q),
            late_problems=Count("problems", filter=rules.late_q(today, prefix="problems__")),
            escalated_problems=Count("problems", filter=open_q & Q(problems__escalated=True)),
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
        )
    }
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
                "city_width": round(100 * row["city"] / largest),
                "local_width": round(100 * row["local"] / largest),
            }
        )
    return rows


def case_construction_status(case) -> str | None:
    """The latest month's status of an annotated case (see `construction_status_rule`)."""
    if case.progress_month is None:
        return None
    return rules.construction_status_rule(case.planned_investment, case.actual_investment)


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
            open=Count("id", filter=Q(status=ProblemStatus.OPEN)),
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
        .filter(escalated=True, status=ProblemStatus.OPEN)
        .order_by("escalated_on", "id")
    )


def unit_queue(*, unit_id: int | None):
    """Open problems and meeting action items the unit owns (A-3, A-7): its working queue."""
    if not unit_id:
        return Problem.objects.none(), ActionItem.objects.none()
    problems = (
        Problem.objects.with_related()
        .filter(owner_unit_id=unit_id, status=ProblemStatus.OPEN)
        .order_by("due_on", "id")
    )
    actions = (
        ActionItem.objects.select_related("meeting", "meeting__case__project", "owner_unit")
        .filter(owner_unit_id=unit_id, status=ActionStatus.OPEN)
        .order_by("due_on", "id")
    )
    return problems, actions


def pending_team_decisions(*, user):
    """City-tier teams compiled by the DRC and waiting for this city leader (A-5)."""
    return (
        AssistanceCase.objects.with_related()
        .filter(team_status=TeamStatus.COMPILED, team__lead_leader__user=user)
        .order_by("id")
    )


def due_and_late(*, today: dt.date) -> dict[str, list]:
    """Open problems and action items due soon or late on `today` (daily job, A-3, A-7)."""
    due_or_late = rules.late_q(today) | rules.due_soon_q(today)
    problems = Problem.objects.with_related().filter(due_or_late).order_by("due_on", "id")
    actions = (
        ActionItem.objects.select_related("meeting__case__project", "owner_unit")
        .filter(due_or_late)
        .order_by("due_on", "id")
    )
    result: dict[str, list] = {"due": [], "late": []}
    for problem in problems:
        state = rules.problem_deadline_state(
            status=problem.status, due_on=problem.due_on, today=today
        )
        result[state].append(
            {
                "type": "problem",
                "id": problem.pk,
                "project": problem.case.project.name,
                "title": problem.title,
                "category": problem.get_category_display(),
                "owner_unit": problem.owner_unit.name,
                "due_on": problem.due_on.isoformat(),
                "escalated": problem.escalated,
            }
        )
    for item in actions:
        state = rules.problem_deadline_state(status="open", due_on=item.due_on, today=today)
        result[state].append(
            {
                "type": "action",
                "id": item.pk,
                "project": item.meeting.case.project.name,
                "title": item.description,
                "category": "联席会议任务",
                "owner_unit": item.owner_unit.name,
                "due_on": item.due_on.isoformat(),
                "escalated": False,
            }
        )
    return result


def _case_row(case) -> dict:
    status = case_construction_status(case)
    return {
        "id": case.pk,
        "project": case.project.name,
        "investment": str(case.project.total_investment),
        "tier": case.get_tier_display(),
        "stage": case.project.get_stage_display(),
        "assisting_leader": str(case.team.lead_leader or ""),
        "lead_unit": case.team.lead_unit.name,
        "open_problems": case.open_problems,
        "late_problems": case.late_problems,
        "escalated_problems": case.escalated_problems,
        "planned_investment": str(case.planned_investment or ""),
        "actual_investment": str(case.actual_investment or ""),
        "construction_status": status or "",
    }


def group_dispatch(*, group: PromotionGroup, today: dt.date) -> dict:
    """A-4/A-8: a promotion group's monthly dispatch of the cases in its areas and their open
    "last mile" problems."""
    area_ids = [area.pk for area in group.areas.all()]
    cases = with_figures(
        AssistanceCase.objects.filter(status=CaseStatus.ACTIVE).filter(
            Q(project__landing_unit_id__in=area_ids) | Q(team__lead_unit_id__in=area_ids)
        ),
        today=today,
    ).order_by("project__landing_unit__code", "-project__total_investment")
    problems = (
        Problem.objects.with_related()
        .filter(status=ProblemStatus.OPEN, case__in=cases.values("pk"))
        .order_by("due_on")
    )
    return {
        "group": group.name,
        "areas": [area.name for area in group.areas.all()],
        "cases": [_case_row(case) for case in cases],
        "problems": [_problem_row(p, today) for p in problems],
    }


def _problem_row(problem, today: dt.date) -> dict:
    return {
        "id": problem.pk,
        "project": problem.case.project.name,
        "category": problem.get_category_display(),
        "title": problem.title,
        "owner_unit": problem.owner_unit.name,
        "due_on": problem.due_on.isoformat(),
        "escalated": problem.escalated,
        "state": rules.problem_deadline_state(
            status=problem.status, due_on=problem.due_on, today=today
        ),
    }


RESERVE_STAGES = (Stage.PLANNING, Stage.RESERVE, Stage.NEGOTIATING, Stage.SIGNED)


def city_report(*, today: dt.date) -> dict:
    """A-8: the DRC's monthly report to the city government of the problems in reserve and in
    construction, by category, with every escalated one."""
    open_problems = Problem.objects.filter(status=ProblemStatus.OPEN)
    sections = {}
    for key, stages in (("reserve", RESERVE_STAGES), ("construction", (Stage.CONSTRUCTION,))):
        scoped = open_problems.filter(case__project__stage__in=stages)
        by_category = scoped.values("category").annotate(
            count=Count("id"),
            late=Count("id", filter=rules.late_q(today)),
            escalated=Count("id", filter=Q(escalated=True)),
        )
        labels = dict(Problem._meta.get_field("category").choices)
        sections[key] = {
            "by_category": [
                {
                    "category": str(labels[row["category"]]),
                    "count": row["count"],
                    "late": row["late"],
                    "escalated": row["escalated"],
                }
                for row in by_category.order_by("category")
            ],
            "escalated": [
                _problem_row(p, today)
                for p in scoped.with_related().filter(escalated=True).order_by("due_on")
            ],
        }
    return sections


def inspection_rows(*, start: dt.date, end: dt.date) -> list[dict]:
    """A-8: per area and department — cases it leads, problems solved on time, late, escalated
    and still open in the quarter start–end. Three queries whatever the size."""
    filters = rules.inspection_problem_filters(start, end)
    cases = dict(
        AssistanceCase.objects.filter(opened_on__lte=end)
        .exclude(Q(handed_over_on__lt=start) | Q(status=CaseStatus.CLOSED))
        .values_list("team__lead_unit")
        .annotate(n=Count("id"))
    )
    problems = defaultdict(dict)
    for row in Problem.objects.values("case__team__lead_unit").annotate(
        **{name: Count("id", filter=q) for name, q in filters.items()}
    ):
        problems[row["case__team__lead_unit"]] = row
    # Every area and city department is inspected, also the ones with nothing to show.
    units = Unit.objects.filter(
        Q(pk__in=set(cases) | set(problems))
        | Q(is_active=True, kind__in=UnitKind.areas())
        | Q(is_active=True, kind=UnitKind.MUNICIPAL_DEPARTMENT, level=AdministrativeLevel.CITY)
    ).order_by("kind", "code")
    rows = []
    for unit in units:
        counts = problems.get(unit.pk, {})
        rows.append(
            {
                "unit_id": unit.pk,
                "unit": unit.name,
                "cases": cases.get(unit.pk, 0),
                **{name: counts.get(name, 0) for name in filters},
            }
        )
    return rows


def units_without_general_liaison():
    """A-6: areas and city departments leading cases that have not named a general liaison."""
    return (
        Unit.objects.filter(led_teams__assistance_case__isnull=False)
        .filter(assistance_general_liaison__isnull=True)
        .distinct()
        .order_by("kind", "code")
    )


def public_units():
    """Units with something published: approved cases they lead or a published plan (A-5)."""
    return (
        Unit.objects.filter(
            Q(led_teams__assistance_case__in=AssistanceCase.objects.public())
            | Q(assistance_plans__is_published=True)
        )
        .distinct()
        .annotate(
            cases=Count(
                "led_teams__assistance_case",
                filter=Q(led_teams__assistance_case__in=AssistanceCase.objects.public()),
                distinct=True,
            )
        )
        .order_by("kind", "code")
    )


def public_page(*, unit: Unit) -> dict:
    """What an area/department publishes (A-5): its plans, its project list with leaders and
    approved teams. Nothing still a proposal."""
    cases = (
        AssistanceCase.objects.public()
        .filter(team__lead_unit=unit)
        .with_related()
        .prefetch_related(
            "team__cooperating_units",
            Prefetch("team__members"),
        )
        .order_by("-project__total_investment", "id")
    )
    plans = AssistancePlan.objects.filter(unit=unit, is_published=True).order_by("-year")
    return {"cases": cases, "plans": plans}
