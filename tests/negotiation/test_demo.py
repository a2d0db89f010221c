"""The demo data builds on the foundation's and can run again without duplicates."""

import pytest

from negotiation import demo
from negotiation.models import NegotiationArchive, NegotiationCase, StageTransition
from yingkou import demo as foundation
from yingkou.models import Project


@pytest.mark.django_db
def test_demo_is_idempotent_and_covers_the_stages():
    foundation.seed(projects=60)
    in_scope = Project.objects.filter(stage__in=["negotiating", "signed"]).count()
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
