"""`seed_scale` fills every list the benchmarks measure, the same way for the same seed."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test import override_settings

from assistance.models import AssistanceCase
from assistance.models import Problem as AssistanceProblem
from enterprise.models import Complaint, Enterprise, Visit
from negotiation.models import InvestorQuestion, NegotiationCase
from reserve.models import Entry, Membership, Step
from yingkou.choices import Stage
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
