"""N-6: the running year's appraisal is kept between writes and shows every write it rests on."""

import datetime as dt

import pytest

from negotiation import selectors, services
from negotiation.choices import QuestionKind
from tests.factories import ProjectFactory
from yingkou.services import save_with_history

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 26)


@pytest.fixture
def reads(monkeypatch):
    """How often the running year is read from the database."""
    calls = []
    live = selectors._appraisal_live

    def counting(*args):
        calls.append(args)
        return live(*args)

    monkeypatch.setattr(selectors, "_appraisal_live", counting)
    return calls


def table():
    [row] = selectors.appraisal(year=2026, today=TODAY)
    return row


def test_read_once_between_writes_and_each_write_it_rests_on_shows(
    case, teammate, department, owner, reads
):
    assert table()["questions_due"] == 0
    table()["cases"] = 99  # each caller has its own rows
    assert table()["cases"] == 1
    assert len(reads) == 1
    services.investor_question_raise(
        case=case,
        user=teammate,
        kind=QuestionKind.POLICY,
        question="土地政策",
        owner_unit=department,
        asked_on=dt.date(2026, 11, 10),
    )
    assert table()["questions_due"] == 1
    assert len(reads) == 2
    # A project without a negotiation case leaves it kept; the case's own project does not.
    elsewhere = ProjectFactory(name="别处的项目", owner_unit=owner.unit)
    elsewhere.name = "别处的项目（调整）"
    save_with_history(elsewhere, owner)
    table()
    assert len(reads) == 2
    case.project.total_investment += 1
    save_with_history(case.project, teammate)
    table()
    assert len(reads) == 3


def test_each_day_is_judged_on_its_own(case, reads):
    selectors.appraisal(year=2026, today=TODAY)
    selectors.appraisal(year=2026, today=TODAY + dt.timedelta(days=1))
    assert len(reads) == 2
