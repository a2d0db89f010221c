"""The demo tells the same story on every database. Its ids are whatever the database's sequences
give: a fresh SQLite starts them at 1, a PostgreSQL whose sequences earlier writes advanced (even
rolled back) further on. Seeded twice, the second time with every sequence started elsewhere, the
demo has the same projects in the same stages, entered and moved on the same days, with the same
declarations, cases, publications and enterprises."""

import datetime as dt
import io

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command
from django.db import connection, transaction

pytestmark = pytest.mark.django_db

AUTO_FIELDS = ("AutoField", "BigAutoField", "SmallAutoField")


def _advance_sequences(by: int) -> None:
    """Start every table's id sequence `by` further on, plus a few more for each table, so the
    tables' ids are also shifted against each other."""
    models = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.pk.get_internal_type() in AUTO_FIELDS
    ]
    with connection.cursor() as cursor:
        for index, model in enumerate(models):
            table, column, step = model._meta.db_table, model._meta.pk.column, by + 7 * index
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, %s),"
                    " nextval(pg_get_serial_sequence(%s, %s)) + %s)",
                    [table, column, table, column, step],
                )
            else:
                cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
                row = cursor.fetchone()
                cursor.execute(
                    "UPDATE sqlite_sequence SET seq = %s WHERE name = %s"
                    if row
                    else "INSERT INTO sqlite_sequence (seq, name) VALUES (%s, %s)",
                    [(row[0] if row else 0) + step, table],
                )


def _story() -> dict:
    """What the demo says, by names rather than ids."""
    from assistance.models import AssistanceCase
    from assistance.models import Problem as CaseProblem
    from enterprise.models import Enterprise, Visit
    from negotiation.models import NegotiationCase
    from reserve.models import Entry, Membership, Step
    from yingkou.models import Project

    history = {}
    for row in Project.history.model.objects.select_related("history_user").order_by(
        "history_date", "history_id"
    ):
        user = row.history_user.username if row.history_user else None
        history.setdefault(row.name, []).append(
            (row.history_date, row.history_type, row.stage, row.code, row.version, user)
        )
    projects = {
        p.name: (p.stage, p.code, p.created_at, p.updated_at, p.version, history[p.name])
        for p in Project.objects.all()
    }
    steps = {}
    for step in Step.objects.select_related("entry__project", "actor").order_by("at", "id"):
        steps.setdefault(step.entry.project.name, []).append(
            (step.action, step.level, step.at, step.actor.username if step.actor else None)
        )
    entries = sorted(
        (
            e.project.name,
            e.pool.unit.code,
            e.level,
            e.status,
            e.is_published,
            e.created_at,
            e.handed_over_at,
            steps.get(e.project.name),
        )
        for e in Entry.objects.select_related("project", "pool__unit")
    )
    memberships = sorted(
        (m.project.name, m.pool.unit.code, m.level, m.since, m.left_at)
        for m in Membership.objects.select_related("project", "pool__unit")
    )
    negotiations = {
        c.project.name: (c.stage, c.negotiating_unit.code, c.opened_on, c.signed_on, c.ended_on)
        for c in NegotiationCase.objects.select_related("project", "negotiating_unit")
    }
    problems = {}
    for problem in CaseProblem.objects.select_related("case__project"):
        problems.setdefault(problem.case.project.name, []).append(
            (problem.category, problem.raised_on, problem.due_on, problem.status, problem.done_on)
        )
    cases = {
        c.project.name: (
            c.source,
            c.tier,
            c.status,
            c.team_status,
            c.opened_on,
            c.team_approved_on,
            c.arranged_on,
            c.published_on,
            c.published_url,
            c.handed_over_on,
            sorted(problems.get(c.project.name, [])),
        )
        for c in AssistanceCase.objects.select_related("project")
    }
    visits = {}
    for visit in Visit.objects.select_related("enterprise"):
        visits.setdefault(visit.enterprise.name, []).append(visit.visited_on)
    enterprises = {
        e.name: (e.status, e.registered_on, e.responsible_unit.code, sorted(visits.get(e.name, [])))
        for e in Enterprise.objects.select_related("responsible_unit")
    }
    demo_apps = ("yingkou", "reserve", "negotiation", "assistance", "enterprise")
    counts = {
        model._meta.label: model._base_manager.count()
        for name in demo_apps
        for model in apps.get_app_config(name).get_models()
    }
    return {
        "counts": counts,
        "projects": projects,
        "entries": entries,
        "memberships": memberships,
        "negotiations": negotiations,
        "cases": cases,
        "enterprises": enterprises,
    }


def _seeded() -> tuple[dict, int]:
    """The demo's story, seeded and rolled back, with the first project's id."""
    from yingkou.models import Project

    with transaction.atomic():
        call_command("seed_demo", projects=60, stdout=io.StringIO())
        told, first = _story(), Project.objects.order_by("pk").first().pk
        transaction.set_rollback(True)
    return told, first


def test_the_demo_tells_the_same_story_whatever_ids_the_database_gives():
    # Both seeded at one moment: the demo's past is counted back from it.
    with time_machine.travel(dt.datetime(2026, 11, 18, 2, tzinfo=dt.UTC), tick=False):
        told, first_id = _seeded()
        _advance_sequences(by=1000)
        told_again, first_id_again = _seeded()
    assert first_id_again >= first_id + 1000
    assert told["projects"] and told["entries"] and told["cases"] and told["enterprises"]
    assert any(case[7] for case in told["cases"].values())  # some cases were published
    assert any(entry[6] for entry in told["entries"])  # some entries were handed over
    for part, content in told.items():
        again = told_again[part]
        if isinstance(content, dict):
            differ = {
                key: (value, again.get(key))
                for key, value in content.items()
                if again.get(key) != value
            }
            assert differ == {} and set(again) == set(content), part
        else:
            assert again == content, part
