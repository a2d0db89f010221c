"""The demo data builds on the foundation's and can run again without duplicates."""

import pytest

from negotiation import demo
from negotiation.models import NegotiationArchive, NegotiationCase, StageTransition
from yingkou import demo as foundation
from yingkou.models import Project


@pytest.mark.django_db
def test_demo_is_idempotent_and_covers_the_stages():
    foundation.seed(projects=60)
    # every project in 洽谈 or 签约 has its case, and every one in 终止 the case that ended it
    in_scope = Project.objects.filter(stage__in=["negotiating", "signed", "stopped"]).count()
    demo.seed()
    foundation.run_closed_periods()  # the circulars come from the closed months' jobs
    cases = NegotiationCase.objects.count()
    transitions = StageTransition.objects.count()
    assert cases == in_scope
    assert NegotiationArchive.objects.filter(kind="circular").count() == foundation.MONTHS_OF_PAST
    demo.seed()
    assert NegotiationCase.objects.count() == cases
    assert StageTransition.objects.count() == transitions
    assert NegotiationCase.objects.filter(stage="signed").exists()


@pytest.mark.django_db
def test_a_closed_demo_case_took_nothing_new_after_it_closed():
    """N-1: a signed or ended case takes no question, task or meeting; the demo writes a case's
    work before the day it closed, so no page shows a question asked after the signing."""
    from negotiation.models import InvestorQuestion, TeamMeeting, TeamTask

    foundation.seed(projects=80)
    demo.seed()
    closed = {
        case.pk: case.signed_on or case.ended_on
        for case in NegotiationCase.objects.filter(stage__in=["signed", "ended"])
    }
    assert closed
    later = [
        (kind, record.case_id, day)
        for kind, records, field in (
            ("question", InvestorQuestion.objects.filter(case__in=closed), "asked_on"),
            ("task", TeamTask.objects.filter(case__in=closed), "assigned_on"),
            ("meeting", TeamMeeting.objects.filter(case__in=closed), "held_on"),
        )
        for record in records
        if (day := getattr(record, field)) > closed[record.case_id]
    ]
    assert not later, later
    assert InvestorQuestion.objects.filter(case__in=closed).exists()
