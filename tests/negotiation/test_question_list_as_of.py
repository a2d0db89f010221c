"""N-4: the day's list of investor questions due and late is the list of that morning's run
(07:30, Asia/Shanghai): a catch-up of the day — the scheduler down, the reconciler running it
the next morning — archives what the on-time run would have, whatever was answered or entered
since."""

import datetime as dt

import pytest

from negotiation import services
from negotiation.choices import ArchiveKind, QuestionKind
from negotiation.jobs import question_deadlines
from negotiation.models import NegotiationArchive
from tests.clock import at

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 11, 24)


@pytest.fixture
def case(dept_project, department, teammate, principal):
    with at(dt.date(2026, 10, 8), 10):
        return services.negotiation_case_open(
            project=dept_project,
            negotiating_unit=department,
            user=teammate,
            opened_on=dt.date(2026, 10, 8),
            investor="万华化学",
        )


def raised(case, user, unit, asked_on):
    return services.investor_question_raise(
        case=case,
        user=user,
        kind=QuestionKind.POLICY,
        question="政策问题",
        owner_unit=unit,
        asked_on=asked_on,
    )


def archived() -> dict:
    return NegotiationArchive.objects.get(
        kind=ArchiveKind.QUESTION_DEADLINES, period=DAY.isoformat()
    ).payload


def test_a_day_listed_late_is_the_list_of_its_morning(case, owner, area):
    with at(dt.date(2026, 11, 21), 10):  # policy questions: due 3 days after (N-4)
        due = raised(case, owner, area, dt.date(2026, 11, 21))
        late = raised(case, owner, area, dt.date(2026, 11, 20))
    with at(DAY, 7, 45):
        question_deadlines(DAY)
    on_time = archived()
    assert [q["id"] for q in on_time["due"]] == [due.pk]
    assert [q["id"] for q in on_time["late"]] == [late.pk]
    NegotiationArchive.objects.all().delete()
    with at(DAY, 10):
        # Answered after the morning's run, and a question entered late, due before the day.
        services.investor_question_answer(
            question=late, user=owner, outcome="已答复", answered_on=DAY, done_on=DAY
        )
        raised(case, owner, area, dt.date(2026, 11, 19))
    with at(DAY + dt.timedelta(days=1), 8, 30):
        question_deadlines(DAY)
    assert archived() == on_time
