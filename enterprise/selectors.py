"""Reads and aggregates of the enterprise app, computed by the database with a fixed number of
queries whatever the number of rows."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
)
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yingkou.asof import (
    as_of,
    end_of,
    has_history,
    held_as_of,
    live_moment,
    name_in,
    read_as_of,
    rows_as_of,
)
from yingkou.choices import AdministrativeLevel, UnitKind
from yingkou.models import Leader, Unit
from yingkou.project_records import ProjectRecord
from yingkou.rules import score_order
from yingkou.scheduling.periods import period_bounds, period_key

from . import rules
from .choices import InspectionStatus, ProblemStatus
from .models import (
    Accountability,
    AssessmentFigures,
    AssessmentResult,
    Complaint,
    ComplaintTransfer,
    Enterprise,
    Inspection,
    PolicyPromise,
    Problem,
    Visit,
)
from .units import unit_parents


def month_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    return period_bounds("monthly", day)


def project_dependents(project) -> list:
    """The enterprise the project became: its E-1 responsibility rests on the investment."""
    from django.utils.translation import gettext as _

    from yingkou.project_changes import Dependent

    from .choices import EnterpriseStatus

    open_record = Enterprise.objects.filter(project=project).exclude(status=EnterpriseStatus.CLOSED)
    return [Dependent(label=_("投产运营企业"))] if open_record.exists() else []


def project_records(project, user) -> list:
    """The enterprise the project became, if the user may open it (yingkou.project_records)."""
    return [
        ProjectRecord(
            label=_("投产运营企业"),
            title=f"{enterprise.name} · {enterprise.get_status_display()}",
            url=reverse("enterprise:detail", args=[enterprise.pk]),
        )
        for enterprise in Enterprise.objects.visible_to(user).filter(project=project)
    ]


def enterprise_list(user):
    """Visible enterprises with their last visit and open problems (two subqueries, no joins)."""
    return enterprise_figures(Enterprise.objects.visible_to(user))


def enterprise_figures(queryset):
    """Enterprises with what a row of their list shows: the related rows, the last visit and the
    open problems. The list page asks it of its page alone (`list_page(annotate=)`): asked of
    the whole list, PostgreSQL computed both subqueries for every enterprise of the city before
    sorting (80 ms a page at 100,000 projects)."""
    last_visit = (
        Visit.objects.filter(enterprise=OuterRef("pk"))
        .order_by("-visited_on")
        .values("visited_on")[:1]
    )
    open_problems = (
        Problem.objects.filter(enterprise=OuterRef("pk"), status=ProblemStatus.OPEN)
        .values("enterprise")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return queryset.with_related().annotate(
        last_visit=Subquery(last_visit), open_problems=Subquery(open_problems)
    )


def enterprise_visits(enterprise, limit: int = 24):
    """An enterprise's latest visits, each marked `counts` when it counts toward the monthly
    visit (E-2: by the enterprise's own responsibility chain)."""
    return enterprise.visits.select_related("visiting_unit", "leader").annotate(
        counts=ExpressionWrapper(rules.visit_counts_q(), output_field=BooleanField())
    )[:limit]


def visit_counts(visit) -> bool:
    """E-2: whether this visit counts toward its enterprise's monthly visit."""
    return type(visit).objects.filter(pk=visit.pk).filter(rules.visit_counts_q()).exists()


def asked_month(query) -> dt.date:
    """The month E-2's list is asked for (`?month=YYYY-MM`): this month when none is given or
    it cannot be read."""
    try:
        return dt.datetime.strptime(query.get("month", ""), "%Y-%m").date()
    except ValueError:
        return timezone.localdate().replace(day=1)


def visit_moment(month: dt.date) -> dt.datetime:
    """E-2 is judged as of the month's end (read from history); a month still running, as of
    now (the live view, 截至今日)."""
    return min(end_of(month_bounds(month)[1]), live_moment())


def _read_month(month: dt.date, moment: dt.datetime | None, read):
    """E-2's one way to read a month: `read(enterprises, visits, visits_dated_in_month)` over the
    enterprises and visits as recorded at `moment` (default: the month's end; for the month still
    running, now), through `read_as_of` like every periodic report: the current tables whenever
    nothing of them was written since (always so for the present: the running month shows it),
    their history otherwise (a closed month keeps what was recorded by its end). Both reads keep
    only records that have history, as `as_of` does, so the running month counts exactly what
    its archive will."""
    start, end = month_bounds(month)
    if moment is None and end < timezone.localdate():
        moment = end_of(end)

    def history(at):
        # Only a visit with a history row dated in the month can hold such a date at `at`; the
        # latest row is picked among those alone. Picked among all 40,000 visits' history
        # (100,000 projects), PostgreSQL misjudged the result at 200 rows and the dashboard's
        # E-2 count took 110-280 ms (490 ms of nested loops in EXPLAIN ANALYZE).
        dated_in_month = Visit.history.model.objects.filter(
            history_date__lt=at, visited_on__range=(start, end)
        ).values("id")
        return read(as_of(Enterprise, at), as_of(Visit, at), as_of(Visit, at, among=dated_in_month))

    def live():
        # The tables as they stand: the same records as their latest history rows (every write
        # keeps its history), read without picking each one's latest row among all history. The
        # pick cost the list of enterprises not visited 240 ms at 100,000 projects.
        visits = Visit.objects.filter(has_history(Visit))
        return read(Enterprise.objects.filter(has_history(Enterprise)), visits, visits)

    return read_as_of(moment, (Enterprise, Visit), live=live, history=history)


def _visited_in(month: dt.date, visits):
    """The visits of the month that count for E-2 (rules.visit_counts_q)."""
    start, end = month_bounds(month)
    return visits.filter(visited_on__range=(start, end)).filter(rules.visit_counts_q())


def enterprises_without_visit(*, month: dt.date, queryset=None, moment: dt.datetime | None = None):
    """E-2: key enterprises with no service visit in the month containing `month`, from the
    enterprises and visits as recorded at `moment` (default: the month's end, or now while it
    runs): a visit recorded after the month's end does not make up for it. A queryset, for the
    pages to page: a closed month whose tables were not written since its end reads them, any
    later write turns it to the history (what a list or archive evaluates a moment later is the
    same unless a write lands in between)."""
    start, _end = month_bounds(month)
    queryset = Enterprise.objects.all() if queryset is None else queryset

    def read(enterprises, visits, dated_in_month):
        key_then = enterprises.filter(rules.visit_required_q(start)).values("id")
        last_visit = (
            visits.filter(enterprise_id=OuterRef("pk"))
            .filter(rules.visit_counts_q())
            .order_by("-visited_on")
            .values("visited_on")[:1]
        )
        visited = _visited_in(month, dated_in_month)
        return (
            queryset.filter(pk__in=key_then)
            # NOT EXISTS rather than NOT IN: the anti-join lets PostgreSQL walk the key
            # enterprises unit by unit in the list's order and stop after the page (100,000
            # projects: 40 ms to 14 ms); NOT IN made it read and compare every one for each unit.
            .exclude(Exists(visited.filter(enterprise_id=OuterRef("pk"))))
            # Only what the list, its export and the monthly archive show: with all seven of
            # `with_related`, PostgreSQL spent 10-30 ms planning the page (100,000 projects) and
            # chose to scan every key enterprise once per unit for the order by unit code.
            .select_related("responsible_unit", "counterpart_unit", "responsible_leader")
            .annotate(last_visit=Subquery(last_visit))
            .order_by("responsible_unit__code", "-total_investment", "id")
        )

    return _read_month(month, moment, read)


def visit_check_rows(*, month: dt.date, moment: dt.datetime) -> list[dict]:
    """E-2, the month's archived check: every key enterprise without a visit in the month, as
    recorded at `moment` (the month's end) — its name, responsible and counterpart units with
    their names then, its responsible leader then, its last visit — in the list's order. Read
    from the history, not the enterprises as they are now: a check built late (a catch-up, a
    retry) names and tells the unit that answered for the enterprise in that month, whatever
    was renamed, moved or deleted since (SPEC §6)."""
    start, _end = month_bounds(month)

    def read(enterprises, visits, dated_in_month):
        last_visit = (
            visits.filter(enterprise_id=OuterRef("id"))
            .filter(rules.visit_counts_q())
            .order_by("-visited_on")
            .values("visited_on")[:1]
        )
        visited = _visited_in(month, dated_in_month).values("enterprise_id")
        return list(
            enterprises.filter(rules.visit_required_q(start))
            .exclude(id__in=visited)
            .annotate(last_visit=Subquery(last_visit))
            .values(
                "id",
                "name",
                "total_investment",
                "responsible_unit_id",
                "counterpart_unit_id",
                "responsible_leader_id",
                "last_visit",
            )
        )

    found = _read_month(month, moment, read)
    unit_ids = {row[f"{side}_unit_id"] for row in found for side in ("responsible", "counterpart")}
    units = rows_as_of(Unit, moment, list(unit_ids), "name", "code")
    leaders = Leader.labels_as_of(moment, [row["responsible_leader_id"] for row in found])
    found.sort(
        key=lambda row: (
            units.get(row["responsible_unit_id"], {}).get("code", ""),
            -row["total_investment"],
            row["id"],
        )
    )
    rows = []
    for row in found:
        rows.append(
            {
                "enterprise": row["id"],
                "name": row["name"],
                "responsible_unit_id": row["responsible_unit_id"],
                "responsible_unit": units.get(row["responsible_unit_id"], {}).get("name", ""),
                "responsible_leader": leaders.get(row["responsible_leader_id"], ""),
                "counterpart_unit": units.get(row["counterpart_unit_id"], {}).get("name", ""),
                "last_visit": row["last_visit"].isoformat() if row["last_visit"] else None,
            }
        )
    return rows


@dataclass
class VisitCoverage:
    unit: Unit
    key: int
    visited: int

    @property
    def behind(self) -> int:
        return self.key - self.visited

    @property
    def percent(self) -> int:
        return round(100 * self.visited / self.key) if self.key else 100


def visit_coverage_by_unit(
    *, month: dt.date, queryset=None, moment: dt.datetime | None = None
) -> list[VisitCoverage]:
    """E-2 per responsible unit: key enterprises and how many were visited in the month, as
    recorded at `moment` (default: the month's end, or now while it runs)."""
    start, _end = month_bounds(month)

    def read(enterprises, _visits, dated_in_month):
        key_then = enterprises.filter(rules.visit_required_q(start))
        # A city-wide user's scope is every enterprise: no filter rather than a join to all.
        if queryset is not None and queryset.query.where:
            key_then = key_then.filter(id__in=queryset.values("pk"))
        # Counted by the database, unit by unit, with the month's visited set read once:
        # fetching every key enterprise to count in Python cost 10-15 ms of the page (8,000
        # rows). Evaluated here, so that read_as_of's check after the read holds.
        visited = _visited_in(month, dated_in_month).values("enterprise_id")
        return {
            row["responsible_unit_id"]: (row["key"], row["seen"])
            for row in key_then.order_by()
            .values("responsible_unit_id")
            .annotate(key=Count("id"), seen=Count("id", filter=Q(id__in=visited)))
        }

    counts = _read_month(month, moment, read)
    units = Unit.objects.in_bulk(list(counts))
    result = [VisitCoverage(units[unit_id], key, seen) for unit_id, (key, seen) in counts.items()]
    return sorted(result, key=lambda c: (c.percent, c.unit.code))


def complaint_list(user):
    transfers = ComplaintTransfer.objects.select_related("from_unit", "to_unit")
    return (
        Complaint.objects.visible_to(user)
        .select_related("enterprise", "receiving_unit", "handling_unit")
        .prefetch_related(Prefetch("transfers", queryset=transfers))
    )


def chain_unit_ids(complaint) -> set[int]:
    """Units that handled the complaint (uses prefetched transfers)."""
    ids = {complaint.receiving_unit_id, complaint.handling_unit_id}
    for transfer in complaint.transfers.all():
        ids.update((transfer.from_unit_id, transfer.to_unit_id))
    return ids


def complaint_counts(queryset, today: dt.date | None = None) -> dict:
    today = today or timezone.localdate()
    return queryset.aggregate(
        total=Count("pk"),
        open=Count("pk", filter=Complaint.open_q()),
        overdue=Count("pk", filter=Complaint.objects.overdue_q(today, open_only=True)),
        replied_late=Count("pk", filter=Q(done_on__gt=F("due_on"))),
    )


def problem_list(user):
    return Problem.objects.visible_to(user).select_related("enterprise", "first_unit", "owner_unit")


def inspection_list(user):
    return Inspection.objects.visible_to(user).select_related(
        "enterprise", "agency", "approved_by_unit", "joint_with", "joint_with__agency"
    )


def released_plans(joint) -> list:
    """E-5: the plans that were merged into `joint` and went back to pending when it was
    withdrawn (rules.merged_plans_fate), read from their history — they are no longer part of
    it — so that its page still names the agencies it was to take along. One query."""
    if joint.status != InspectionStatus.WITHDRAWN:
        return []
    once_merged = Inspection.history.filter(joint_with_id=joint.pk).values("id")
    return list(
        Inspection.objects.filter(pk__in=once_merged)
        .exclude(joint_with=joint)
        .select_related("agency")
        .order_by("pk")
    )


def unfit_inspections(queryset) -> dict[int, list[str]]:
    """E-5: the rows of `queryset` marked as no longer fitting the rules, with why
    (rules.inspections_unfit, read live): of its open plans and joint inspections and the plans
    merged into an open one — only those are judged again. Five queries whatever their number:
    the list's filter and the export's column read it."""
    open_statuses = rules.OPEN_INSPECTION_STATUSES
    judged = queryset.filter(
        Q(status__in=open_statuses)
        | Q(status=InspectionStatus.MERGED, joint_with__status__in=open_statuses)
    ).select_related(
        "enterprise",
        "agency",
        "approved_by_unit",
        "joint_with__enterprise",
        "joint_with__agency",
        "joint_with__approved_by_unit",
    )
    return {pk: reasons for pk, reasons in rules.inspections_unfit(judged).items() if reasons}


def merge_candidates(user, context=None) -> list[dict]:
    """E-5: the groups of pending plans waiting to be merged (rules.merge_groups: one
    enterprise's, of one same-level government, whatever their days), those `user` merges
    (rules.may_merge_inspections; an administrator every one), each with the plans a page ticks
    by default and the one leading (rules.MergeGroup.proposal), a joint inspection naming the
    agencies merged into it (`joined_agency_names`), and a group no agency may lead on the plans'
    days saying why and what to do (`stuck`). A fixed number of queries whatever their number;
    none for the units when the caller has read them (`context`, rules.merge_context)."""
    context = context or rules.merge_context()
    candidates = []
    for group in rules.merge_groups(tree=context.tree):
        if user.is_superuser or rules.may_merge_inspections(user, group.plans, context):
            ticked, lead = group.proposal()
            for plan in group.plans:
                # A joint inspection names the agencies in it: why another plan of one of them
                # is not ticked with it.
                plan.joined_agency_names = sorted(
                    context.tree[agency].name
                    for agency in group.agencies[plan.pk] - {plan.agency_id}
                )
                # Why a plan is not ticked with the lead proposed: its agency may not inspect
                # on the lead's day (a stuck group says it once, above its plans).
                plan.merge_refused = None if group.stuck else group.refused.get((lead.pk, plan.pk))
            candidates.append(
                {
                    "enterprise": group.enterprise,
                    "plans": group.plans,
                    "ticked": {plan.pk for plan in ticked},
                    "lead": lead.pk,
                    # E-5: no agency may lead them on their days; why, and what to do.
                    "stuck": rules.merge_stuck_text(group, context) if group.stuck else None,
                }
            )
    candidates.sort(key=lambda c: (c["enterprise"].pk, c["plans"][0].planned_on, c["plans"][0].pk))
    return candidates


def promise_list(user):
    return PolicyPromise.objects.visible_to(user).select_related(
        "enterprise", "responsible_unit", "principal_leader"
    )


def overdue_counts(today: dt.date, moment: dt.datetime) -> dict:
    """Open deadlines past due on `today` — complaints, problems, promises — as recorded at
    `moment` (the daily list's morning run), for the whole city (one query each)."""
    return {
        name: as_of(model, moment).filter(model.objects.overdue_q(today, open_only=True)).count()
        for name, model in (
            ("complaints", Complaint),
            ("problems", Problem),
            ("promises", PolicyPromise),
        )
    }


def overdue_complaints_by_unit(today: dt.date, moment: dt.datetime) -> dict[str, int]:
    """Unanswered complaints past their reply deadline, per handling unit named as it was, as
    recorded at `moment` (three queries)."""
    rows = (
        as_of(Complaint, moment)
        .filter(Complaint.objects.overdue_q(today, open_only=True))
        .values("handling_unit_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = {row["handling_unit_id"]: row["n"] for row in rows}
    names = rows_as_of(Unit, moment, list(counts), "name")
    return {
        name_in(names, unit_id): n
        for unit_id, n in sorted(counts.items(), key=lambda item: name_in(names, item[0]))
    }


# --- E-7 ---------------------------------------------------------------------------------------


def assessed_units(moment: dt.datetime | None = None):
    """The areas (县(市)区、园区) and the city's municipal departments (各地区、各部门), active:
    now, or as they were at `moment` (a period's end: a unit re-classed, deactivated or
    reactivated since leaves a closed period's assessment as it was archived on time)."""
    condition = Q(is_active=True) & (
        Q(kind__in=UnitKind.areas())
        | Q(kind=UnitKind.MUNICIPAL_DEPARTMENT, level=AdministrativeLevel.CITY)
    )
    if moment is not None:
        condition = held_as_of(Unit, moment, condition)
    return Unit.objects.filter(condition)


def complaint_timeliness(
    start: dt.date, end: dt.date, moment: dt.datetime | None = None
) -> dict[int, tuple[int, int]]:
    """Per unit, complaints whose reply fell due in the period, how many were answered by the
    deadline and how many of those the complainant accepted without reopening (E-7), as recorded at `moment` (default: the period's end); a unit counts the complaints
    of the offices below it too (one query + the tree)."""
    rows = (
        as_of(Complaint, moment or end_of(end))
        .filter(due_on__range=(start, end))
        .values("handling_unit")
        .annotate(
            due=Count("pk"),
            on_time=Count("pk", filter=Q(done_on__lte=F("due_on"))),
            accepted=Count(
                "pk",
                filter=Q(done_on__lte=F("due_on"), accepted_by_complainant=True, reopened=False),
            ),
        )
    )
    parents = unit_parents(moment or end_of(end))
    totals: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    for row in rows:
        unit_id = row["handling_unit"]
        seen = set()
        while unit_id is not None and unit_id not in seen:
            seen.add(unit_id)
            totals[unit_id][0] += row["due"]
            totals[unit_id][1] += row["on_time"]
            totals[unit_id][2] += row["accepted"]
            unit_id = parents.get(unit_id)
    return {unit_id: tuple(counts) for unit_id, counts in totals.items()}


def accountable_principals(moment: dt.datetime) -> dict[int, list[dict]]:
    """E-7 "对负有责任的相关领导进行严肃问责" read with E-6's 一把手责任制: per unit, the principal
    leaders who answer for its policy promises overdue at `moment` (not kept by their due date,
    as the promises stood then: at a period's end, one due on its last day is overdue), each an
    entry `{leader, name, title, unit, unit_name, promises}` with his name and title and the
    unit's name as they were then; the promises naming nobody are one entry per unit without a
    leader (待指定). A unit counts the offices below it too, as complaint handling does. Four
    queries whatever the number of promises."""
    day = timezone.localdate(moment)
    counted = list(
        as_of(PolicyPromise, moment)
        .filter(PolicyPromise.objects.overdue_q(day))
        .values("responsible_unit_id", "principal_leader_id")
        .annotate(promises=Count("pk"))
        .order_by()
    )
    if not counted:
        return {}
    leader_ids = {row["principal_leader_id"] for row in counted} - {None}
    leaders = rows_as_of(Leader, moment, list(leader_ids), "name", "title") if leader_ids else {}
    unit_ids = {row["responsible_unit_id"] for row in counted}
    names = {
        pk: row["name"] for pk, row in rows_as_of(Unit, moment, list(unit_ids), "name").items()
    }
    parents = unit_parents(moment)
    found: dict[int, dict[tuple, dict]] = defaultdict(dict)
    for row in counted:
        unit_id, leader_id = row["responsible_unit_id"], row["principal_leader_id"]
        leader = leaders.get(leader_id, {}) if leader_id is not None else {}
        seen = set()
        holder = unit_id
        while holder is not None and holder not in seen:
            seen.add(holder)
            entry = found[holder].setdefault(
                (unit_id, leader_id),
                {
                    "leader": leader_id,
                    "name": leader.get("name", ""),
                    "title": leader.get("title", ""),
                    "unit": unit_id,
                    "unit_name": names.get(unit_id, ""),
                    "promises": 0,
                },
            )
            entry["promises"] += row["promises"]
            holder = parents.get(holder)
    return {
        holder: sorted(
            entries.values(),
            key=lambda e, holder=holder: (
                e["unit"] != holder,
                e["unit_name"],
                e["leader"] is None,
                -e["promises"],
                e["name"],
            ),
        )
        for holder, entries in found.items()
    }


def assessment_preview(
    period_key: str,
    start: dt.date,
    end: dt.date,
    moment: dt.datetime | None = None,
    reported_by: dt.datetime | None = None,
    *,
    reporting_open: bool = False,
) -> list[dict]:
    """E-7 scores of every assessed unit for the quarter (`2026-Q3`) or the year (`2026`):
    complaint handling and the overdue policy promises' principal leaders (`principals`, for the
    accountability of a criticised unit) as recorded at `moment` (default: the period's end, or
    now while it runs), and the figures reported for the period — they are only known after it
    ends — and for the year before as they stood at `reported_by` (the reporting window's end,
    for the archive) or as entered now. While
    `reporting_open`, a unit without figures is still to report, not criticised."""
    figures = _period_figures(period_key, reported_by)
    year, _sep, quarter = period_key.partition("-")
    # The year before as it stood when the period's figures were in: a correction of it since
    # leaves a closed period's satisfaction gain as it was archived.
    previous = _period_figures(f"{int(year) - 1}{_sep}{quarter}", reported_by)
    moment = moment or min(end_of(end), live_moment())
    timeliness = complaint_timeliness(start, end, moment)
    principals = accountable_principals(moment)
    units = list(assessed_units(moment))
    # Each unit under its name and code at the moment (the period's end): the archive keeps them.
    named = rows_as_of(Unit, moment, [unit.pk for unit in units], "name", "code")
    result = []
    for unit in units:
        due, on_time, accepted = timeliness.get(unit.pk, (0, 0, 0))
        before = previous.get(unit.pk)
        score = rules.assessment_rule(
            figures.get(unit.pk),
            due,
            on_time,
            accepted,
            previous_satisfaction=before.satisfaction if before else None,
            reporting_open=reporting_open,
        )
        result.append(
            {
                "unit": unit,
                "unit_name": named[unit.pk]["name"],
                "unit_code": named[unit.pk]["code"],
                "figures": figures.get(unit.pk),
                "complaints_due": due,
                "complaints_on_time": on_time,
                "complaints_accepted": accepted,
                "score": score,
                "principals": principals.get(unit.pk, []),
            }
        )
    return result


#: The unit's name and code then and the figures of an assessment row, as archived
#: (AssessmentResult) and as previewed.
ASSESSMENT_FIELDS = (
    "unit_name",
    "unit_code",
    "market_growth",
    "satisfaction",
    "investment_growth",
    "targets_rate",
    "complaints_due",
    "complaints_on_time",
    "complaints_accepted",
    "satisfaction_gain",
    "score",
    "verdict",
    "accountable_principals",
)


def assessment_rows(
    period_key: str,
    start: dt.date,
    end: dt.date,
    moment: dt.datetime | None = None,
    reported_by: dt.datetime | None = None,
    *,
    reporting_open: bool = False,
) -> list[AssessmentResult]:
    """E-7: the assessment of every assessed unit as unsaved `AssessmentResult` rows, best score
    first — what the page previews for a running period and what the archive job saves for a
    closed one (the same rows, so the page and the archive cannot disagree)."""
    rows = [
        AssessmentResult(
            period=period_key,
            unit=row["unit"],
            unit_name=row["unit_name"],
            unit_code=row["unit_code"],
            market_growth=row["score"].market_growth,
            satisfaction=row["figures"].satisfaction if row["figures"] else None,
            investment_growth=row["score"].investment_growth,
            targets_rate=row["score"].targets_rate,
            complaints_due=row["complaints_due"],
            complaints_on_time=row["complaints_on_time"],
            complaints_accepted=row["complaints_accepted"],
            satisfaction_gain=row["score"].satisfaction_gain,
            score=row["score"].score,
            verdict=row["score"].verdict,
            accountable_principals=(
                row["principals"] if rules.accountability_applies(row["score"].verdict) else []
            ),
        )
        for row in assessment_preview(
            period_key, start, end, moment, reported_by, reporting_open=reporting_open
        )
    ]
    rows.sort(key=lambda r: score_order(r.score, r.unit_code))
    return rows


def assessment_result_list(user):
    """E-7: the archived results `user` may read, each with its accountability follow-up (问责)
    read in the same query."""
    followed_up = Accountability.objects.filter(unit=OuterRef("unit"), period=OuterRef("period"))
    return AssessmentResult.objects.visible_to(user).annotate(
        accountability_measures=Subquery(followed_up.values("measures")[:1]),
        accountability_decided_on=Subquery(followed_up.values("decided_on")[:1]),
    )


def asked_assessment_period(value: str, today: dt.date) -> rules.AssessmentPeriod:
    """E-7: the period asked for (`?period=`), as rules.assessment_period_rule reads it; none
    asked: the last quarter until the job has archived it, then the running one."""
    if not value:
        day = period_bounds("quarterly", today)[0] - dt.timedelta(days=1)
        if AssessmentResult.objects.filter(period=period_key("quarterly", day)).exists():
            day = today
        value = period_key("quarterly", day)
    return rules.assessment_period_rule(value, today)


def assessment_results(
    period: rules.AssessmentPeriod, today: dt.date
) -> tuple[list[AssessmentResult], bool]:
    """E-7: the period's assessment and whether it is archived. Not archived yet: a closed period
    is previewed as its archive will read it (complaints at the period's end, figures as reported
    by the deadline, missing ones 未报送); a running one, or one whose figures are still being
    reported, as of now, a unit without figures still to report (待报送), not criticised."""
    archived = list(AssessmentResult.objects.filter(period=period.key))
    if archived:
        return archived, True
    if rules.assessment_stage_rule(period.end, today) is rules.AssessmentStage.CLOSED:
        closes = rules.assessment_reporting_closes_rule(period.end)
        rows = assessment_rows(
            period.key, period.start, period.end, end_of(period.end), end_of(closes)
        )
    else:
        rows = assessment_rows(period.key, period.start, period.end, reporting_open=True)
    return rows, False


def _period_figures(period_key: str, reported_by: dt.datetime | None = None) -> dict:
    """E-7 figures per unit for a quarter (`2026-Q3`) or a year (`2026`, from its quarters), as
    they stood at `reported_by` (default: now)."""
    rows = as_of(AssessmentFigures, reported_by) if reported_by else AssessmentFigures.objects
    if "-Q" in period_key:
        return {f.unit_id: f for f in rows.filter(period=period_key)}
    quarters = defaultdict(list)
    for f in rows.filter(period__startswith=f"{period_key}-Q"):
        quarters[f.unit_id].append(f)
    return {unit: rules.annual_figures_rule(rows) for unit, rows in quarters.items()}
