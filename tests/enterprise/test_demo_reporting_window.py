"""E-7 in the demo, seeded while a quarter's reporting window is open: the quarter is partly
reported, as it would be on that day, and the demo's story holds on that day too."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.demo_story import misdated
from yingkou.models import User


@pytest.mark.django_db
def test_inside_its_reporting_window_a_quarter_is_partly_reported():
    """Seeded on 12 October 2026, the third quarter's figures may be reported until 20 October:
    the units whose day has come have reported, the others are still to (待报送) and nobody is
    criticised for it; nothing of the quarter is archived, the second quarter is; the fourth
    quarter has not begun."""
    from enterprise.models import AssessmentFigures, AssessmentResult
    from enterprise.selectors import assessed_units

    with time_machine.travel(dt.datetime(2026, 10, 12, 2, tzinfo=dt.UTC), tick=False):
        call_command("seed_demo", projects=40, stdout=io.StringIO())
        assert misdated(timezone.localdate()) == []
        reported = AssessmentFigures.objects.filter(period="2026-Q3").count()
        assert 0 < reported < assessed_units().count()
        assert not AssessmentFigures.objects.filter(period="2026-Q4").exists()
        assert not AssessmentResult.objects.filter(period="2026-Q3").exists()
        assert AssessmentResult.objects.filter(period="2026-Q2").exists()
        client = Client()
        client.force_login(User.objects.get(username="supervisor"))
        page = client.get(reverse("enterprise:assessment"), {"period": "2026-Q3"})
    verdicts = {r.verdict for r in page.context["results"]}
    assert "awaiting" in verdicts and "not_reported" not in verdicts
    assert len(verdicts) > 1  # those who reported are scored, as a trial
    text = page.content.decode()
    assert "通报批评（试算）" in text and "问责：" not in text
