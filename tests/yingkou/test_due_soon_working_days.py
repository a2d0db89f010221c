""" "Due soon" (3个工作日内到期) counts working days on the project's calendar: the record's state,
the list filters, the API, the dashboards and the notices agree, across the National Day break, a
weekend, a make-up working Saturday or Sunday and an administrator's calendar entry."""

import datetime as dt

import pytest
import time_machine

from assistance.models import Problem as AssistanceProblem
from assistance.notices import deadline_notices
from enterprise.models import Complaint
from negotiation import selectors as negotiation_selectors
from negotiation.choices import QuestionKind
from negotiation.filters import InvestorQuestionFilterSet
from negotiation.models import InvestorQuestion
from tests.assistance.factories import ProblemFactory
from tests.conftest import api_as
from tests.enterprise.factories import ComplaintFactory
from tests.factories import ProjectFactory, UserFactory
from tests.negotiation.factories import open_case
from yingkou.models import CalendarDay, Notification
from yingkou.models.deadlines import due_soon_until

pytestmark = pytest.mark.django_db

# (today, last due date still "due soon", first due date no longer): by the official calendar
# 2026 — 1-7 October off, 8-10 October (a Saturday) worked; 25-27 September off, Sunday 20
# September worked.
BOUNDARIES = [
    pytest.param(dt.date(2026, 9, 30), dt.date(2026, 10, 10), dt.date(2026, 10, 11), id="national"),
    pytest.param(dt.date(2026, 11, 27), dt.date(2026, 12, 2), dt.date(2026, 12, 3), id="weekend"),
    pytest.param(dt.date(2026, 10, 9), dt.date(2026, 10, 13), dt.date(2026, 10, 14), id="saturday"),
    pytest.param(dt.date(2026, 9, 17), dt.date(2026, 9, 21), dt.date(2026, 9, 22), id="sunday"),
]


@pytest.mark.parametrize(("today", "last", "first_not"), BOUNDARIES)
def test_the_cut_off_is_three_working_days_ahead(today, last, first_not):
    assert due_soon_until(today) == last
    for make in (
        lambda due: ProblemFactory(due_on=due),
        lambda due: ComplaintFactory(received_on=today - dt.timedelta(days=20), due_on=due),
    ):
        inside, outside = make(last), make(first_not)
        model = type(inside)
        assert inside.deadline_state(today) == "due"
        assert outside.deadline_state(today) == "ok"
        assert set(model.objects.due_soon(today).values_list("pk", flat=True)) == {inside.pk}


def test_an_administrators_entry_moves_the_cut_off():
    friday = dt.date(2026, 11, 27)
    problem = ProblemFactory(due_on=dt.date(2026, 12, 2))
    assert problem.deadline_state(friday) == "due"
    CalendarDay.objects.create(date=dt.date(2026, 11, 28), is_working_day=True, note="调休上班")
    assert due_soon_until(friday) == dt.date(2026, 12, 1)
    assert problem.deadline_state(friday) == "ok"
    assert not AssistanceProblem.objects.due_soon(friday).exists()


def test_an_item_due_after_national_day_is_told_before_the_break():
    """Notices are given on working days only: counted in calendar days, an item due on 8 October
    was first told on its due day."""
    problem = ProblemFactory(due_on=dt.date(2026, 10, 8), raised_on=dt.date(2026, 9, 1))
    UserFactory(unit=problem.owner_unit)
    day = dt.date(2026, 9, 30)
    with time_machine.travel(dt.datetime(2026, 9, 30, 1, tzinfo=dt.UTC), tick=False):
        deadline_notices(day)
    assert list(Notification.objects.values_list("title", flat=True)) == [
        f"帮扶问题将于10月8日到期：{problem.title}"
    ]


def test_the_api_and_its_filter_use_the_same_cut_off(drc):
    inside = ProblemFactory(due_on=dt.date(2026, 10, 10))
    outside = ProblemFactory(due_on=dt.date(2026, 10, 11))
    client = api_as(drc)
    with time_machine.travel(dt.datetime(2026, 9, 30, 2, tzinfo=dt.UTC), tick=False):
        rows = client.get("/api/v1/assistance/problems/?page_size=50").json()["results"]
        soon = client.get("/api/v1/assistance/problems/?due_soon=true").json()["results"]
    states = {row["id"]: row["deadline_state"] for row in rows}
    assert states == {inside.pk: "due", outside.pk: "ok"}
    assert [row["id"] for row in soon] == [inside.pk]


def test_investor_questions_due_soon_count_working_days(area):
    friday = dt.date(2026, 11, 27)
    pks = {}
    for due in (friday, dt.date(2026, 12, 2), dt.date(2026, 12, 3)):
        pks[due] = _question(area, due).pk
    counts = negotiation_selectors.questions_for_unit(unit_id=area.pk, day=friday)
    assert (counts["today"], counts["soon"]) == (1, 1)
    with time_machine.travel(dt.datetime(2026, 11, 27, 2, tzinfo=dt.UTC), tick=False):
        filtered = InvestorQuestionFilterSet(
            {"status": "due_soon"}, queryset=InvestorQuestion.objects.all()
        ).qs
        assert list(filtered.values_list("pk", flat=True)) == [pks[dt.date(2026, 12, 2)]]


def _question(unit, due):
    existing = InvestorQuestion.objects.select_related("case").first()
    case = existing.case if existing else open_case(negotiating_unit=unit, project=_project(unit))
    return InvestorQuestion.objects.create(
        case=case,
        kind=QuestionKind.POLICY,
        question="政策",
        owner_unit=unit,
        asked_on=due - dt.timedelta(days=3),
        due_on=due,
        raised_by=UserFactory(unit=unit),
    )


def _project(unit):
    return ProjectFactory(owner_unit=unit)


def test_complaint_state_and_filter_agree():
    complaint = ComplaintFactory(received_on=dt.date(2026, 9, 1), due_on=dt.date(2026, 9, 21))
    assert complaint.deadline_state(dt.date(2026, 9, 17)) == "due"
    assert Complaint.objects.due_soon(dt.date(2026, 9, 17)).get() == complaint
