"""E-7: complaint handling quality (accepted by the complainant, not reopened) and the
accountability follow-up (问责) of a criticised unit, recorded and shown."""

import datetime as dt
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from enterprise import selectors, services
from enterprise.choices import AssessmentVerdict, ComplaintStatus
from tests.enterprise.factories import AssessmentResultFactory, ComplaintFactory
from yingkou.asof import live_moment
from yingkou.errors import RuleViolation

pytestmark = pytest.mark.django_db
D = dt.date


def test_a_reply_the_complainant_rejects_is_reopened_and_not_counted(
    area, supervisor, time_machine
):
    # Reopened within the quarter: its fresh E-4 limit (31 August) still falls due in it.
    time_machine.move_to(dt.datetime(2026, 8, 20, 2, tzinfo=dt.UTC), tick=False)
    accepted = ComplaintFactory(receiving_unit=area, due_on=D(2026, 8, 10), done_on=D(2026, 8, 7))
    rejected = ComplaintFactory(receiving_unit=area, due_on=D(2026, 8, 10), done_on=D(2026, 8, 7))
    with pytest.raises(RuleViolation):
        services.complaint_feedback(
            complaint=ComplaintFactory(receiving_unit=area), user=supervisor, accepted=True
        )
    services.complaint_feedback(complaint=accepted, user=supervisor, accepted=True)
    services.complaint_feedback(complaint=rejected, user=supervisor, accepted=False)
    rejected.refresh_from_db()
    assert rejected.reopened and rejected.status == ComplaintStatus.RECEIVED
    timeliness = selectors.complaint_timeliness(D(2026, 7, 1), D(2026, 9, 30), live_moment())
    due, on_time, quality = timeliness[area.pk]
    assert (due, on_time, quality) == (2, 1, 1)


def test_accountability_of_a_criticised_unit_is_recorded_and_shown(
    client, area, other_area, supervisor
):
    AssessmentResultFactory(
        period="2026-Q3",
        unit=area,
        score=50,
        verdict=AssessmentVerdict.CRITICISED,
    )
    AssessmentResultFactory(
        period="2026-Q3",
        unit=other_area,
        score=90,
        verdict=AssessmentVerdict.COMMENDED,
    )
    with pytest.raises(RuleViolation):
        services.accountability_record(
            unit=other_area,
            period="2026-Q3",
            user=supervisor,
            measures="x",
            decided_on=D(2026, 10, 9),
        )
    client.force_login(supervisor)
    url = reverse("enterprise:assessment") + "?period=2026-Q3"
    response = client.post(
        url,
        {
            "unit": area.pk,
            "measures": "约谈区政府分管领导，限期整改",
            "decided_on": "2026-10-09",
            "version": 0,
        },
    )
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "约谈区政府分管领导，限期整改" in page
    record = services.Accountability.objects.get(unit=area, period="2026-Q3")
    assert record.history.first().history_user == supervisor


def test_only_the_supervisor_records_accountability(area, owner):
    AssessmentResultFactory(
        period="2026-Q3",
        unit=area,
        score=50,
        verdict=AssessmentVerdict.CRITICISED,
    )
    with pytest.raises(PermissionDenied):
        services.accountability_record(
            unit=area, period="2026-Q3", user=owner, measures="x", decided_on=D(2026, 10, 9)
        )


def test_a_refused_accountability_is_shown_under_its_own_unit_with_what_was_typed(
    client, area, other_area, supervisor
):
    """Each criticised unit has its own form: a refusal was shown at the foot of the list with
    no field named, a missing date not at all, and every form's date was emptied."""
    from django.utils import timezone

    for unit, score in ((area, 50), (other_area, 40)):
        AssessmentResultFactory(
            period="2026-Q3",
            unit=unit,
            score=score,
            verdict=AssessmentVerdict.CRITICISED,
        )
    client.force_login(supervisor)
    url = reverse("enterprise:assessment") + "?period=2026-Q3"
    data = {"unit": area.pk, "measures": "约谈区政府分管领导", "decided_on": "", "version": 0}
    page = client.post(url, data).content.decode()
    ours, theirs = page.index(f"{area.name}（50"), page.index(f"{other_area.name}（40")
    refusal = page.index("问责日期：此项必须填写。")
    assert ours < refusal < theirs
    assert page.index("约谈区政府分管领导") < theirs
    # What was typed stays in this unit's form; the other's keeps today.
    assert days(page) == ["", timezone.localdate().isoformat()]
    page = client.post(url, {**data, "measures": "", "decided_on": "2026-10-09"}).content.decode()
    assert page.index("问责情况：此项必须填写。") < page.index(f"{other_area.name}（40")
    assert days(page)[0] == "2026-10-09"


def days(page: str) -> list[str]:
    return re.findall(r'<input type="date" name="decided_on"[^>]* value="([^"]*)"', page)
