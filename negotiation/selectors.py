"""Reads and aggregates of the negotiation app; each runs a fixed number of queries."""

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from types import SimpleNamespace

from django.db.models import Case, Count, F, OuterRef, Q, Subquery, Sum, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from yingkou.asof import as_of, end_of, has_history, name_in, read_as_of, rows_as_of
from yingkou.choices import TeamPhase
from yingkou.freshness import kept
from yingkou.models import Leader, Project, Team, Unit
from yingkou.models.deadlines import due_soon_until
from yingkou.project_records import ProjectRecord
from yingkou.scheduling.periods import period_bounds

from . import rules
from .choices import NegotiationStage, QuestionKind, Tier
from .models import InvestorQuestion, NegotiationCase, ProgressReport


def project_dependents(project) -> list:
    """An open negotiation of the project: its N-2 rule and tier rest on the investment."""
    from yingkou.project_changes import Dependent

    if NegotiationCase.objects.open().filter(project=project).exists():
        return [Dependent(label=_("在谈项目"))]
    return []


def project_records(project, user) -> list:
    """The project's negotiation, if the user may open it (yingkou.project_records)."""
    return [
        ProjectRecord(
            label=_("项目洽谈"),
            title=case.get_stage_display(),
            url=reverse("negotiation:detail", args=[case.pk]),
        )
        for case in NegotiationCase.objects.visible_to(user).filter(project=project)
    ]


def case_list(*, user):
    return NegotiationCase.objects.visible_to(user).for_list()


def led_by(queryset, *, user):
    """The cases the user leads: as the lead leader (a city leader's own cases) or as the lead
    unit's staff (N-3)."""
    condition = Q(team__lead_leader__user=user)
    if user.unit_id:
        condition |= Q(team__lead_unit_id=user.unit_id)
    return queryset.filter(condition)


def case_rule(case) -> tuple[int | None, str]:
    """The N-2 rule and tier of a case for lists; no query when the case is loaded with_related."""
    return rules.case_rule_of(case.negotiating_unit, case.project.total_investment)


def owed(queryset):
    """Questions still owed to the investor (N-4): no answer reached them and the case did not
    end. The one definition for the questions page, the dashboards and the escalation job."""
    return queryset.open().exclude(case__stage=NegotiationStage.ENDED)


def visible_questions(*, user):
    """The questions the user may see, without the rows a list shows beside them: a list's page
    is picked on these, then `question_rows` joins the page alone. Joined first, a unit's page
    joined all its 2,280 cases to their projects and teams (a scan of the 100,000 projects)
    before keeping 50 questions: 55-100 ms, against 10-17 ms for the page's keys."""
    return InvestorQuestion.objects.visible_to(user)


def question_rows(queryset):
    """What a question row shows: its case's project and team, and the owner unit."""
    return queryset.select_related("case__project", "case__team", "owner_unit")


def question_list(*, user):
    return question_rows(visible_questions(user=user))


def city_inbox(*, user):
    """N-4: questions the lead units reported to the city government, still without an answer
    to the investor (市级领导待办)."""
    return owed(question_list(user=user).filter(kind=QuestionKind.CITY))


def escalated_queue(*, user):
    """N-4: overdue questions escalated to the user's unit (the owner unit's leader in charge,
    the counterpart unit, the city government), still owed to the investor, oldest due first:
    the question list's rows for `?escalated_to=<unit>&status=open`, which the home page counts
    and the queue's 查看全部 links to — the same visible questions, so the three agree (a unit
    escalated to sees the question even when it is not on the case)."""
    if not user.unit_id:
        return InvestorQuestion.objects.none()
    return owed(
        visible_questions(user=user)
        .filter(escalated_to_id=user.unit_id)
        .select_related("case__project", "owner_unit", "escalated_leader")
    ).order_by("due_on", "id")


def due_after_today_q(day: dt.date) -> Q:
    """N-4 "3个工作日内到期": due soon by the shared cut-off of owned, time-limited work
    (`due_soon_until`, 3 working days), after `day` — the questions due on `day` are counted
    apart, as due today."""
    return Q(due_on__gt=day, due_on__lte=due_soon_until(day))


def questions_for_unit(*, unit_id: int, day: dt.date) -> dict:
    """Counts of a unit's open questions: late, due today, due within 3 working days."""
    return owed(InvestorQuestion.objects.filter(owner_unit_id=unit_id)).aggregate(
        late=Count("id", filter=Q(due_on__lt=day)),
        today=Count("id", filter=Q(due_on=day)),
        soon=Count("id", filter=due_after_today_q(day)),
        open=Count("id"),
    )


def questions_due_and_late(day: dt.date, moment: dt.datetime) -> tuple[list[dict], list[dict]]:
    """N-4: the day's list — the questions due on `day` and the ones past due, still owed to the
    investor (`owed`) — as recorded at `moment` (the morning run's, `scheduled_moment`), each
    with its project and owner unit named as then: a catch-up of the day lists what the on-time
    run did, a question answered or a case ended since included. Seven queries."""
    # Only a question with a history row due by `day` can be due by it at `moment`: the
    # latest row is picked among those alone, not among every question's history.
    among = InvestorQuestion.history.model.objects.filter(
        due_on__lte=day, history_date__lt=moment
    ).values("id")
    ended = as_of(NegotiationCase, moment).filter(stage=NegotiationStage.ENDED).values("id")
    questions = list(
        as_of(InvestorQuestion, moment, among=among)
        .filter(InvestorQuestion.open_q(), due_on__lte=day)
        .exclude(case_id__in=ended)
        .order_by("due_on", "id")
        .values("id", "case_id", "kind", "owner_unit_id", "due_on", "question")
    )
    cases = rows_as_of(NegotiationCase, moment, [q["case_id"] for q in questions], "project_id")
    projects = rows_as_of(
        Project, moment, list({case["project_id"] for case in cases.values()}), "name"
    )
    units = rows_as_of(Unit, moment, list({q["owner_unit_id"] for q in questions}), "name")
    due, late = [], []
    for question in questions:
        item = {
            "id": question["id"],
            "case": question["case_id"],
            "project": name_in(projects, cases[question["case_id"]]["project_id"]),
            "kind": question["kind"],
            "owner_unit": name_in(units, question["owner_unit_id"]),
            "due_on": question["due_on"].isoformat(),
            "question": question["question"][:200],
        }
        (due if question["due_on"] == day else late).append(item)
    return due, late


def tier_condition(tier: str, prefix: str = "project__") -> Q:
    low, high = rules.tier_investment_range(tier)
    condition = Q()
    if low is not None:
        condition &= Q(**{f"{prefix}total_investment__gte": low})
    if high is not None:
        condition &= Q(**{f"{prefix}total_investment__lt": high})
    return condition


def pool_summary(queryset) -> dict:
    """N-6: the pool by stage and by tier, aggregated by the database in one pass over the
    cases and their projects, grouped by stage and tier. As two passes, one of them with a
    filtered count and sum per tier, the summary cost the pool 60 ms at 100,000 projects (the
    grouped pass alone, 24 ms)."""
    tier = Case(*(When(tier_condition(t), then=Value(t)) for t in Tier.values), default=None)
    return _pool_summary_of_groups(
        (row["stage"], row["tier"], row["count"], row["investment"])
        for row in queryset.order_by()
        .annotate(tier=tier)
        .values("stage", "tier")
        .annotate(count=Count("id"), investment=Sum("project__total_investment"))
    )


def pool_summary_of(cases: Iterable[tuple[str, Decimal | None]]) -> dict:
    """`pool_summary` of (stage, project investment) pairs a page has already read."""
    return _pool_summary_of_groups(
        (
            stage,
            None if investment is None else rules.negotiation_tier(investment),
            1,
            investment,
        )
        for stage, investment in cases
    )


# N-6: the whole city's pool summary (the investment bureau's and the DRC's pool, unfiltered),
# kept (yingkou.freshness) until a case is written, or a project that has a negotiation case.
POOL = "negotiation.pool"


def city_pool_summary() -> dict:
    """`pool_summary` of every open case, kept between the writes it rests on (`POOL`): grouping
    the city's 14,000 open cases with their projects took 20 ms of every such request at
    100,000 projects. Shared: read, not changed."""
    return kept(POOL, (POOL,), lambda: pool_summary(NegotiationCase.objects.open()))


def _pool_summary_of_groups(groups: Iterable[tuple[str, str | None, int, Decimal | None]]) -> dict:
    """The summary of (stage, tier, number of cases, their investment) groups."""
    by_stage: dict[str, dict] = {}
    by_tier: dict[str, dict] = {}
    for stage, tier, count, investment in groups:
        for sums, key in ((by_stage, stage), (by_tier, tier)):
            into = sums.setdefault(key, {"count": 0, "investment": None})
            into["count"] += count
            if investment is not None:
                into["investment"] = (into["investment"] or 0) + investment
    largest = max((row["count"] for row in by_stage.values()), default=0) or 1
    stages = []
    for value, label in NegotiationStage.choices:
        row = by_stage.get(value, {"count": 0, "investment": None})
        stages.append(
            {
                "value": value,
                "label": label,
                "count": row["count"],
                "investment": row["investment"] or Decimal(0),
                "width": round(100 * row["count"] / largest),
            }
        )
    tier_rows = [
        {
            "value": value,
            "label": label,
            "count": by_tier.get(value, {}).get("count", 0),
            "investment": by_tier.get(value, {}).get("investment") or Decimal(0),
        }
        for value, label in Tier.choices
    ]
    return {
        "stages": stages,
        "tiers": tier_rows,
        "total": sum(row["count"] for row in by_stage.values()),
        "investment": sum(
            (row["investment"] for row in by_stage.values() if row["investment"] is not None),
            Decimal(0),
        ),
    }


def circular_payload(day: dt.date, moment: dt.datetime | None = None) -> dict:
    """N-6: the monthly negotiation circular (洽谈项目月度通报) for the month containing `day`,
    from the cases, projects, teams, reports and questions as recorded at `moment` (default:
    the month's end; a live preview passes now), so a circular built late equals the on-time
    one, its units classed (N-2) and named and its lead leaders named as they were then. A fixed
    number of queries whatever the number of cases."""
    start, end = period_bounds("monthly", day)
    period = f"{start.year}-{start.month:02d}"
    moment = moment or end_of(end)
    end = min(end, timezone.localtime(moment - dt.timedelta(microseconds=1)).date())
    cases_then = as_of(NegotiationCase, moment).filter(opened_on__lte=end)
    cases_then = cases_then.filter(
        Q(signed_on__isnull=True, ended_on__isnull=True)
        | Q(signed_on__gte=start)
        | Q(ended_on__gte=start)
    )
    case_rows = list(
        cases_then.values(
            "id",
            "project_id",
            "team_id",
            "stage",
            "negotiating_unit_id",
            "landing_unit_id",
        )
    )
    projects = rows_as_of(
        Project, moment, cases_then.values("project_id"), "name", "total_investment"
    )
    teams = rows_as_of(
        Team,
        moment,
        cases_then.values("team_id"),
        "lead_unit_id",
        "lead_leader_id",
    )
    # The units as they were at the month's end: the negotiating unit's kind and level decide
    # the case's N-2 rule, and every name the circular shows and the order by unit code are
    # those of then. A unit re-classed or renamed since leaves a closed month's circular as it
    # was built on time.
    named = rows_as_of(
        Unit,
        moment,
        list(
            {row["negotiating_unit_id"] for row in case_rows}
            | {row["landing_unit_id"] for row in case_rows if row["landing_unit_id"]}
            | {team["lead_unit_id"] for team in teams.values()}
        ),
        "name",
        "code",
        "kind",
        "level",
    )
    leaders = Leader.labels_as_of(moment, [team["lead_leader_id"] for team in teams.values()])
    ids = cases_then.values("id")
    reports = {
        row["case_id"]: row["on_time"]
        for row in as_of(ProgressReport, moment)
        .filter(case_id__in=ids, period=period)
        .values("case_id", "on_time")
    }
    questions = {
        row["case_id"]: row
        for row in as_of(InvestorQuestion, moment)
        .filter(case_id__in=ids, asked_on__lte=end)
        .values("case_id")
        .annotate(
            asked=Count("id"),
            late=Count(
                "id",
                # Still open at the end of the period: not done yet, or done after it.
                filter=Q(due_on__lt=end) & (InvestorQuestion.open_q() | Q(done_on__gt=end)),
            ),
        )
    }

    def order(row):
        lead = named.get(teams.get(row["team_id"], {}).get("lead_unit_id"))
        return (
            lead["code"] if lead else "",
            -projects[row["project_id"]]["total_investment"],
            row["id"],
        )

    cases = sorted(case_rows, key=order)
    rows, units = [], {}
    totals = defaultdict(Decimal)
    for case in cases:
        project, team = projects[case["project_id"]], teams.get(case["team_id"], {})
        investment = project["total_investment"]
        rule, tier = rules.case_rule_of(
            SimpleNamespace(**named[case["negotiating_unit_id"]]), investment
        )
        stage = case["stage"]
        report = reports.get(case["id"])
        q = questions.get(case["id"], {"asked": 0, "late": 0})
        lead_id = team["lead_unit_id"]
        lead_name = named[lead_id]["name"]
        row = {
            "case": case["id"],
            "project": project["name"],
            "negotiating_unit_id": case["negotiating_unit_id"],
            "negotiating_unit": named[case["negotiating_unit_id"]]["name"],
            "landing_unit": named.get(case["landing_unit_id"], {}).get("name", ""),
            "lead_unit_id": lead_id,
            "lead_unit": lead_name,
            "lead_leader": leaders.get(team.get("lead_leader_id"), ""),
            "investment": str(investment),
            "tier": tier,
            "rule": rule,
            "stage": stage,
            "stage_label": str(NegotiationStage(stage).label),
            "report": "on_time" if report else ("late" if report is False else "missing"),
            "questions": q["asked"],
            "late_questions": q["late"],
        }
        rows.append(row)
        unit = units.setdefault(
            lead_id,
            {
                "unit": lead_name,
                "cases": 0,
                "open": 0,
                "signed": 0,
                "investment": Decimal(0),
                "signed_investment": Decimal(0),
                "reports_missing": 0,
                "late_questions": 0,
            },
        )
        unit["cases"] += 1
        unit["late_questions"] += q["late"]
        unit["reports_missing"] += row["report"] == "missing"
        totals["cases"] += 1
        totals["late_questions"] += q["late"]
        totals["reports_missing"] += row["report"] == "missing"
        if stage in NegotiationStage.open_stages():
            unit["open"] += 1
            unit["investment"] += investment
            totals["open"] += 1
            totals["open_investment"] += investment
        elif stage == NegotiationStage.SIGNED:
            unit["signed"] += 1
            unit["signed_investment"] += investment
            totals["signed"] += 1
            totals["signed_investment"] += investment
        else:
            totals["ended"] += 1
    by_stage = defaultdict(lambda: {"count": 0, "investment": Decimal(0)})
    for row in rows:
        by_stage[row["stage"]]["count"] += 1
        by_stage[row["stage"]]["investment"] += Decimal(row["investment"])
    return {
        "period": period,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "rows": rows,
        "by_unit": [
            {
                **u,
                "investment": str(u["investment"]),
                "signed_investment": str(u["signed_investment"]),
            }
            for u in units.values()
        ],
        "by_stage": [
            {
                "stage": value,
                "label": str(label),
                "count": by_stage[value]["count"],
                "investment": str(by_stage[value]["investment"]),
            }
            for value, label in NegotiationStage.choices
        ],
        "totals": {
            key: str(value)
            if isinstance(value, Decimal) and key.endswith("investment")
            else int(value)
            for key, value in totals.items()
        },
    }


def _report_months(year: int, today: dt.date) -> tuple[list[str], list[dt.date], list[dt.date]]:
    """N-6: the months of `year` whose report deadline has passed by `today`, in order: their
    periods, first days and deadlines."""
    periods, firsts, lasts = [], [], []
    for month in range(1, 13):
        period = f"{year}-{month:02d}"
        last = rules.progress_report_due(period)
        if last >= today:
            break
        periods.append(period)
        firsts.append(dt.date(year, month, 1))
        lasts.append(last)
    return periods, firsts, lasts


def appraisal(*, year: int, today: dt.date, moment: dt.datetime | None = None) -> list[dict]:
    """N-6: the year-end appraisal table per lead unit, computed only from recorded data: the
    cases, teams, projects, reports, questions and the units' names as recorded at `moment`
    (default: the end of 31 December, or now while the year runs: then from the current tables,
    `read_as_of`), deadlines judged on `today`. A fixed number of queries whatever the number of cases.

    The year still running is kept between the writes it rests on (`APPRAISAL`); each caller
    gets its own copy of the rows."""
    if moment is None and end_of(dt.date(year, 12, 31)) <= timezone.now():
        moment = end_of(dt.date(year, 12, 31))
    if moment is None:
        table = kept(
            f"{APPRAISAL}:{year}:{today}:{get_language()}",
            (APPRAISAL,),
            lambda: _appraisal(year, today, None),
        )
        return [dict(row) for row in table]
    return _appraisal(year, today, moment)


# N-6: the running year's appraisal is kept (yingkou.freshness) until a case, a negotiation
# team, a progress report, an investor question or a unit is written, or a project that has a
# negotiation case (its investment counts once signed).
APPRAISAL = "negotiation.appraisal"


def negotiation_written(record, historical) -> tuple[str, ...]:
    """The marks a write of `record` raises: N-6's running year (`APPRAISAL`) and the city's
    pool summary (`POOL`: a case's stage, or the investment of a project under negotiation,
    moves its counts)."""
    if isinstance(record, Team):
        return (APPRAISAL,) if record.phase == TeamPhase.NEGOTIATION else ()
    if isinstance(record, Project):
        negotiated = NegotiationCase.objects.filter(project_id=record.pk).exists()
        return (APPRAISAL, POOL) if negotiated else ()
    if isinstance(record, NegotiationCase):
        return (APPRAISAL, POOL)
    return (APPRAISAL,)


def _appraisal(year: int, today: dt.date, moment: dt.datetime | None) -> list[dict]:
    """`appraisal` read afresh."""
    case_rows, reports, question_rows = read_as_of(
        moment,
        (NegotiationCase, Team, Project, ProgressReport, InvestorQuestion),
        live=lambda: _appraisal_live(year, today),
        history=lambda at: _appraisal_as_of(year, today, at),
    )
    # A case owes a report for each month of the year it was under negotiation whose deadline
    # has passed: a run of consecutive months, kept as its first and past-the-last index, and
    # kept only for the cases with an on-time report (the loop runs over every case of the
    # year: 21,000 at 100,000 projects).
    periods, firsts, lasts = _report_months(year, today)
    index = {period: number for number, period in enumerate(periods)}
    reported = {case_id for case_id, _period in reports}
    counted: dict[int, int] = defaultdict(int)
    signed: dict[int, int] = defaultdict(int)
    signed_investment: dict[int, Decimal] = defaultdict(Decimal)
    expected: dict[int, int] = defaultdict(int)
    owed: dict[int, tuple[int, int]] = {}
    lead_of_case = {}
    for case_id, unit_id, investment, opened_on, signed_on, ended_on in case_rows:
        counted[unit_id] += 1
        if signed_on and signed_on.year == year:
            signed[unit_id] += 1
            signed_investment[unit_id] += investment or 0
        closed_on = signed_on or ended_on
        first = bisect.bisect_left(lasts, opened_on)  # the deadline not before the opening
        after = len(periods) if closed_on is None else bisect.bisect_right(firsts, closed_on)
        if after > first:
            expected[unit_id] += after - first
        if case_id in reported:
            owed[case_id] = (first, after)
            lead_of_case[case_id] = unit_id
    on_time_reports = defaultdict(int)
    for case_id, period in reports:
        first, after = owed.get(case_id, (0, 0))
        if first <= index.get(period, -1) < after:
            on_time_reports[lead_of_case[case_id]] += 1
    unit_ids = set(counted) | set(question_rows)
    if moment is None:
        names = dict(Unit.objects.filter(pk__in=unit_ids).values_list("pk", "name"))
    else:
        # A closed year names its units as at its end: one renamed in January leaves the
        # frozen table as the on-time freeze built it.
        at_end = rows_as_of(Unit, moment, list(unit_ids), "name")
        names = {pk: row["name"] for pk, row in at_end.items()}
    table = []
    for unit_id in unit_ids:
        questions = question_rows.get(unit_id, {})
        row = {
            "unit_id": unit_id,
            "unit": names.get(unit_id, ""),
            "cases": counted.get(unit_id, 0),
            "signed": signed.get(unit_id, 0),
            "signed_investment": signed_investment.get(unit_id) or Decimal(0),
            "questions_due": questions.get("due", 0),
            "questions_on_time": questions.get("on_time", 0),
            "reports_expected": expected.get(unit_id, 0),
            "reports_on_time": on_time_reports.get(unit_id, 0),
        }
        row["score"] = rules.appraisal_score(
            cases=row["cases"],
            signed=row["signed"],
            questions_due=row["questions_due"],
            questions_on_time=row["questions_on_time"],
            reports_expected=row["reports_expected"],
            reports_on_time=row["reports_on_time"],
        )
        table.append(row)
    table.sort(key=lambda r: (-r["score"], -r["signed_investment"], r["unit"]))
    for rank, row in enumerate(table, start=1):
        row["rank"] = rank
    return table


def _appraisal_cases(cases, year: int):
    """N-6: the cases a year's appraisal counts: opened by its end and not closed before it."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return cases.filter(opened_on__lte=end).filter(
        Q(signed_on__isnull=True, ended_on__isnull=True)
        | Q(signed_on__gte=start)
        | Q(ended_on__gte=start)
    )


def _appraisal_questions(questions, year: int, today: dt.date) -> dict:
    """N-6: per owner unit, the year's questions due by `today` (or answered) and those
    answered on time."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return {
        row["owner_unit"]: row
        for row in questions.filter(due_on__range=(start, end))
        .filter(Q(due_on__lt=today) | Q(done_on__isnull=False))
        .order_by()
        .values("owner_unit")
        .annotate(due=Count("id"), on_time=Count("id", filter=Q(done_on__lte=F("due_on"))))
    }


def _appraisal_live(year: int, today: dt.date) -> tuple[list[tuple], list[tuple], dict]:
    """The appraisal's records from the current tables, each read in one query: the cases (id,
    lead unit, project investment, opened, signed, ended), the year's on-time reports (case,
    period) and the question figures per owner unit."""
    cases = _appraisal_cases(NegotiationCase.objects.filter(has_history(NegotiationCase)), year)
    # Only a case signed in the year adds its investment: read for those alone, the
    # investment no longer joins every case to the 100,000 projects (15-20 ms).
    signed_investment = Case(
        When(
            signed_on__range=(dt.date(year, 1, 1), dt.date(year, 12, 31)),
            then=Subquery(
                Project.objects.filter(pk=OuterRef("project_id"))
                .order_by()
                .values("total_investment")
            ),
        )
    )
    case_rows = list(
        cases.order_by()
        .annotate(signed_investment=signed_investment)
        .values_list(
            "id",
            "team__lead_unit_id",
            "signed_investment",
            "opened_on",
            "signed_on",
            "ended_on",
        )
    )
    # A report of a case not counted is not expected of it, so the cases need not be asked.
    reports = list(
        ProgressReport.objects.filter(
            has_history(ProgressReport), period__startswith=f"{year}-", on_time=True
        )
        .order_by()
        .values_list("case_id", "period")
    )
    questions = InvestorQuestion.objects.filter(has_history(InvestorQuestion))
    return case_rows, reports, _appraisal_questions(questions, year, today)


def _appraisal_as_of(
    year: int, today: dt.date, moment: dt.datetime
) -> tuple[list[tuple], list[tuple], dict]:
    """`_appraisal_live` as recorded before `moment`, from the historical tables."""
    active = _appraisal_cases(as_of(NegotiationCase, moment), year)
    leads = rows_as_of(Team, moment, active.values("team_id"), "lead_unit_id")
    investment = rows_as_of(Project, moment, active.values("project_id"), "total_investment")
    case_rows = [
        (
            row["id"],
            leads.get(row["team_id"], {}).get("lead_unit_id"),
            investment.get(row["project_id"], {}).get("total_investment"),
            row["opened_on"],
            row["signed_on"],
            row["ended_on"],
        )
        for row in active.values(
            "id", "team_id", "project_id", "opened_on", "signed_on", "ended_on"
        )
    ]
    reports = list(
        as_of(ProgressReport, moment)
        .filter(case_id__in=active.values("id"), period__startswith=f"{year}-", on_time=True)
        .values_list("case_id", "period")
    )
    questions = _appraisal_questions(as_of(InvestorQuestion, moment), year, today)
    return case_rows, reports, questions


APPRAISAL_DECIMALS = ("signed_investment", "score")


def appraisal_for_year(*, year: int, today: dt.date) -> tuple[list[dict], bool]:
    """N-6: the appraisal a page shows — for a closed year the table frozen as of 31 December
    (frozen now by the same function as the yearly job if the job has not run yet), for the
    year still running a live preview. Returns the table and whether it is frozen."""
    if year >= today.year:
        return appraisal(year=year, today=today), False
    from .services import appraisal_freeze

    archive = appraisal_freeze(year=year, today=today)
    return [
        {**row, **{key: Decimal(row[key]) for key in APPRAISAL_DECIMALS}}
        for row in archive.payload["rows"]
    ], True


def reports_missing(period: str):
    """N-6: the cases whose progress report for `period` is owed and not filed
    (`rules.progress_report_missing_q`), whoever may see them."""
    return NegotiationCase.objects.filter(rules.progress_report_missing_q(period))


def lead_units_behind(period: str) -> dict[int, list[str]]:
    """N-6: per lead unit, the names of its projects whose report for `period` is missing,
    largest investment first (one query): whom the reminder and the dispatch tell, and of what."""
    behind: dict[int, list[str]] = defaultdict(list)
    rows = (
        reports_missing(period)
        .filter(team__lead_unit__isnull=False)
        .order_by("team__lead_unit_id", "-project__total_investment", "id")
        .values_list("team__lead_unit_id", "project__name")
    )
    for unit_id, name in rows:
        behind[unit_id].append(name)
    return dict(behind)


def report_status_label(value: str) -> str:
    return {"on_time": _("按时上报"), "late": _("逾期上报"), "missing": _("未上报")}[value]
