"""`seed_scale` fills every list the benchmarks measure, the same way for the same seed."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Min
from django.test import override_settings
from django.utils import timezone

from assistance.choices import Tier as AssistanceTier
from assistance.models import AssistanceCase, WeeklyProgress
from assistance.models import Problem as AssistanceProblem
from assistance.rules import (
    assistance_lead_rule,
    assistance_tier_rule,
    week_monday,
    weekly_progress_due_rule,
    weekly_report_state,
)
from enterprise.models import Complaint, Enterprise, Visit
from enterprise.rules import enterprise_responsibility_rule, responsibility_tier
from negotiation.choices import QuestionKind
from negotiation.models import InvestorQuestion, NegotiationCase, StageTransition
from negotiation.rules import lead_leader_fits, negotiation_team_rule, question_due_rule
from reserve.choices import EntryStatus, StepAction
from reserve.models import Entry, Membership, Step
from reserve.rules import reserve_scope_rule
from yingkou import scale
from yingkou.choices import LeaderRank, Stage
from yingkou.models import Project, Team

pytestmark = pytest.mark.django_db


def _fingerprint():
    projects = list(
        Project.objects.order_by("name").values_list(
            "name", "code", "owner_unit__code", "landing_unit__code", "stage", "total_investment"
        )
    )
    entries = list(
        Entry.objects.order_by("project__name").values_list("project__name", "level", "status")
    )
    questions = list(
        InvestorQuestion.objects.order_by("case__project__name", "asked_on", "due_on").values_list(
            "case__project__name", "kind", "asked_on", "due_on"
        )
    )
    visits = Visit.objects.count()
    return projects, entries, questions, visits


def _seed_once(seed=12):
    with transaction.atomic():
        call_command("seed_scale", projects=200, seed=seed, stdout=io.StringIO())
        fingerprint = _fingerprint()
        transaction.set_rollback(True)
    return fingerprint


def test_seed_scale_fills_every_app_and_stage():
    call_command("seed_scale", projects=200, stdout=io.StringIO())
    projects = Project.objects.filter(name__startswith="规模")
    assert projects.count() == 200
    assert set(projects.values_list("stage", flat=True)) == set(Stage.values)
    assert projects.values("owner_unit").distinct().count() > 10
    for model in (
        Entry,
        Step,
        Membership,
        NegotiationCase,
        InvestorQuestion,
        AssistanceCase,
        AssistanceProblem,
        Enterprise,
        Visit,
        Team,
    ):
        assert model.objects.exists(), model
        assert model.history.exists(), model
    assert Complaint.objects.exists()
    assert Team.cooperating_units.through.objects.exists()
    # One open entry per project, memberships only of entries that went through review.
    assert not Membership.objects.filter(entry__status="draft").exists()


def test_seed_scale_is_deterministic():
    first = _seed_once()
    assert first == _seed_once()
    assert first != _seed_once(seed=13)


@override_settings(IS_PRODUCTION=True)
def test_seed_scale_refuses_production():
    with pytest.raises(CommandError, match="生产环境"):
        call_command("seed_scale", projects=10, stdout=io.StringIO())
    assert not Project.objects.exists()


def _first_history(model) -> dict:
    return dict(
        model.history.values("id").annotate(first=Min("history_date")).values_list("id", "first")
    )


def test_seed_scale_obeys_the_rules_it_seeds(monkeypatch):
    # Small batches, so that even a small city's rows are spread over many days.
    monkeypatch.setattr(scale, "BATCH", 25)
    call_command("seed_scale", projects=200, stdout=io.StringIO())
    # No history row of a record is dated before its parent's first one (a circular reading a
    # month as of its end would find a membership without its project).
    projects, teams = _first_history(Project), _first_history(Team)
    entries, cases = _first_history(Entry), _first_history(NegotiationCase)
    a_cases, enterprises = _first_history(AssistanceCase), _first_history(Enterprise)
    children = [
        (Team, {"project_id": projects}),
        (Entry, {"project_id": projects}),
        (Step, {"entry_id": entries}),
        (Membership, {"entry_id": entries, "project_id": projects}),
        (NegotiationCase, {"project_id": projects, "team_id": teams}),
        (StageTransition, {"case_id": cases}),
        (InvestorQuestion, {"case_id": cases}),
        (AssistanceCase, {"project_id": projects, "team_id": teams}),
        (AssistanceProblem, {"case_id": a_cases}),
        (WeeklyProgress, {"case_id": a_cases}),
        (Enterprise, {"project_id": projects, "team_id": teams}),
        (Visit, {"enterprise_id": enterprises}),
        (Complaint, {"enterprise_id": enterprises}),
    ]
    for model, parents in children:
        for row in model.history.values("history_date", *parents):
            for field, first in parents.items():
                assert row["history_date"] >= first[row[field]], (model, field)
        # ... and still spread over the year, each row on its own day: a month read as of its
        # end finds that month's records, not a few days holding everything.
        days = {moment.date() for moment in model.history.values_list("history_date", flat=True)}
        assert len(days) >= min(30, model.objects.count() // 3), model
    # N-4: due dates as the rule gives them; an answered question reached the investor (closed).
    questions = list(InvestorQuestion.objects.all())
    assert {q.kind for q in questions} == set(QuestionKind.values)
    for q in questions:
        chosen = None if q.kind == QuestionKind.POLICY else q.due_on
        assert q.due_on == question_due_rule(kind=q.kind, asked_on=q.asked_on, due_on=chosen)
        assert q.asked_on >= q.case.opened_on
    answered = InvestorQuestion.objects.filter(answered_on__isnull=False)
    assert answered.exists()
    assert not answered.filter(done_on__isnull=True).exists()
    assert not InvestorQuestion.objects.open().filter(pk__in=answered).exists()
    # a return carries the reviewer's comments; R-1: only projects in scope are declared.
    returned = Entry.objects.filter(status=EntryStatus.RETURNED)
    assert returned.exists()
    assert not returned.filter(comment="").exists()
    assert not Step.objects.filter(action=StepAction.RETURN, comment="").exists()
    for entry in Entry.objects.select_related("project"):
        project = entry.project
        reserve_scope_rule(total_investment=project.total_investment, stage=project.stage)
    # city-tier cases are led by a city leader, local ones by their unit's leader.
    city = AssistanceCase.objects.filter(tier=AssistanceTier.CITY)
    assert city.exists()
    for case in AssistanceCase.objects.select_related(
        "project", "team__lead_leader", "team__lead_unit"
    ):
        assert case.tier == assistance_tier_rule(case.project)
        assistance_lead_rule(
            tier=case.tier, leader=case.team.lead_leader, lead_unit=case.team.lead_unit
        )
    assert not city.exclude(team__lead_leader__rank=LeaderRank.CITY_LEADER).exists()
    # a weekly report is of a project under construction, recorded on its report day within
    # its week; most on time, some late.
    reports = WeeklyProgress.objects.select_related("case__project")
    states = set()
    for report in reports:
        assert report.case.project.stage == Stage.CONSTRUCTION
        assert report.week == week_monday(report.reported_on)
        due = weekly_progress_due_rule(report.week)
        states.add(weekly_report_state(reported_on=report.reported_on, due_on=due))
    assert states == {"on_time", "late"}
    recorded = WeeklyProgress.history.values_list("history_date", "reported_on")
    assert all(timezone.localdate(moment) == day for moment, day in recorded)
    # N-2: each negotiation team's leader fits its rule; E-1: tiers as the rule decides.
    for case in NegotiationCase.objects.select_related("project", "negotiating_unit", "team"):
        rule = negotiation_team_rule(
            negotiating_unit=case.negotiating_unit, project=case.project, with_candidates=False
        )
        assert lead_leader_fits(rule, case.team.lead_leader, project=case.project)
    for enterprise in Enterprise.objects.select_related("responsible_leader"):
        assert enterprise.tier == responsibility_tier(enterprise.total_investment)
        enterprise_responsibility_rule(
            total_investment=enterprise.total_investment,
            responsible_unit=enterprise.responsible_unit,
            introducing_unit=enterprise.introducing_unit,
            responsible_leader=enterprise.responsible_leader,
        )


def test_seed_scale_dates_no_history_in_the_future(monkeypatch):
    """Seeded early in the morning, with the year squeezed into two days so that rows fall on the
    last one: none is dated later that day, where every "as of now" read would take it for a
    write made during the read and go to the history (the weekly list took 1 s instead of 0.1)."""
    monkeypatch.setattr(scale, "SPREAD_DAYS", 2)
    seeded_at = dt.datetime(2026, 12, 6, 6, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    with time_machine.travel(seeded_at, tick=False):
        call_command("seed_scale", projects=60, stdout=io.StringIO())
    models = (Project, Team, Entry, NegotiationCase, AssistanceCase, WeeklyProgress, Enterprise)
    for model in (*models, Visit):
        assert model.history.exists(), model
        assert not model.history.filter(history_date__gt=seeded_at).exists(), model
