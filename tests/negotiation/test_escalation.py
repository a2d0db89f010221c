"""N-4 on the official calendar: one deadline function for periods counted in calendar days, and
the escalation of unanswered questions along their route into the receiver's queue."""

import datetime as dt

import pytest
from django.urls import reverse

from enterprise.rules import complaint_reply_due_rule
from negotiation import services
from negotiation.choices import QuestionKind
from negotiation.jobs import question_escalation
from negotiation.rules import question_due_rule
from tests.conftest import api_as
from tests.factories import UnitFactory, UserFactory
from tests.negotiation.factories import staff_of, unit_leader
from yingkou.choices import LeaderRank, Role, UnitKind
from yingkou.paging import QUEUE_ROWS
from yingkou.workdays import calendar_days_deadline

pytestmark = pytest.mark.django_db


def test_policy_question_asked_before_national_day_is_due_after_it():
    # 2026-09-30 + 3 days = 10-03, inside the National Day break: due the next working day.
    asked = dt.date(2026, 9, 30)
    assert question_due_rule(kind=QuestionKind.POLICY, asked_on=asked, due_on=None) == dt.date(
        2026, 10, 8
    )


def test_one_function_serves_n4_and_e4():
    asked = dt.date(2026, 9, 30)
    assert calendar_days_deadline(asked, 3) == dt.date(2026, 10, 8)
    assert complaint_reply_due_rule(asked, 3) == calendar_days_deadline(asked, 3)
    # Ending on the make-up working Saturday 2026-10-10: that day counts.
    assert calendar_days_deadline(asked, 10) == dt.date(2026, 10, 10)
    assert complaint_reply_due_rule(asked, 10) == dt.date(2026, 10, 10)
    # Ending on an ordinary Sunday: the Monday.
    assert calendar_days_deadline(dt.date(2026, 11, 19), 3) == dt.date(2026, 11, 23)


def _question(case, user, kind, owner_unit, asked_on, due_on=None, superior_body=""):
    return services.investor_question_raise(
        case=case,
        user=user,
        kind=kind,
        question=f"{kind} 问题",
        owner_unit=owner_unit,
        asked_on=asked_on,
        due_on=due_on,
        superior_body=superior_body,
    )


def test_unanswered_questions_escalate_along_their_route(case, teammate, department):
    in_charge = unit_leader(department, LeaderRank.IN_CHARGE, name="分管副局长")
    city_government = UnitFactory(name="营口市人民政府", code="SZF", kind=UnitKind.CITY_GOVERNMENT)
    asked = dt.date(2026, 9, 30)
    policy = _question(case, teammate, QuestionKind.POLICY, department, asked)
    superior = _question(
        case,
        teammate,
        QuestionKind.SUPERIOR,
        department,
        asked,
        dt.date(2026, 10, 9),
        superior_body="辽宁省商务厅",
    )
    city = _question(case, teammate, QuestionKind.CITY, department, asked, dt.date(2026, 10, 20))
    assert policy.due_on == dt.date(2026, 10, 8)

    assert services.investor_questions_escalate(day=dt.date(2026, 10, 8)) == 0  # due day itself
    question_escalation(dt.date(2026, 10, 9))
    policy.refresh_from_db()
    assert policy.escalated_on == dt.date(2026, 10, 9)
    assert policy.escalated_to == department and policy.escalated_leader == in_charge

    services.investor_questions_escalate(day=dt.date(2026, 10, 21))
    superior.refresh_from_db()
    city.refresh_from_db()
    policy.refresh_from_db()
    assert policy.escalated_on == dt.date(2026, 10, 9)  # once
    assert superior.escalated_to == department and superior.escalated_leader is None
    assert city.escalated_to == city_government
    assert city.history.first().escalated_to_id == city_government.pk


def test_the_receiver_is_notified_once(case, teammate, department):
    from yingkou.models import Notification

    city_government = UnitFactory(name="营口市人民政府", code="SZF", kind=UnitKind.CITY_GOVERNMENT)
    mayor = UserFactory(username="mayor", role=Role.CITY_LEADER, unit=city_government)
    _question(
        case, teammate, QuestionKind.CITY, department, dt.date(2026, 11, 2), dt.date(2026, 11, 16)
    )
    services.investor_questions_escalate(day=dt.date(2026, 11, 17))
    services.investor_questions_escalate(day=dt.date(2026, 11, 18))
    # Told once when the lead unit reported it (N-4), and once when it was escalated unanswered.
    told = Notification.objects.filter(user=mayor, kind="escalation")
    assert sorted(key.rsplit(":", 1)[1] for key in told.values_list("key", flat=True)) == [
        "escalated",
        "reported",
    ]
    escalated = told.get(key__endswith=":escalated")
    assert "应于2026年11月16日前答复" in escalated.body


def test_escalated_question_shows_in_the_receivers_queue_with_days_overdue(
    client, case, teammate, department, outsider
):
    city_government = UnitFactory(name="营口市人民政府", code="SZF", kind=UnitKind.CITY_GOVERNMENT)
    mayor = UserFactory(username="mayor", role=Role.CITY_LEADER, unit=city_government)
    question = _question(
        case, teammate, QuestionKind.CITY, department, dt.date(2026, 11, 2), dt.date(2026, 11, 16)
    )
    services.investor_questions_escalate(day=dt.date(2026, 11, 17))
    client.force_login(mayor)
    page = client.get(reverse("negotiation:questions")).content.decode()
    assert "逾期升级至本单位的问题" in page
    assert "10 天" in page  # frozen today 2026-11-26, due 2026-11-16
    body = api_as(mayor).get(f"/api/v1/negotiations/questions/{question.pk}/").json()
    assert body["escalated_to"] == city_government.pk and body["days_overdue"] == 10
    reviewer = staff_of(department, role=Role.UNIT_REVIEWER)
    client.force_login(reviewer)
    assert (
        "逾期升级至本单位的问题"
        not in client.get(reverse("negotiation:questions")).content.decode()
    )


def test_a_day_of_many_escalations_takes_the_same_queries(case, teammate, department):
    """A backlog of tens of thousands at city scale is escalated in one set of queries, each
    question with its historical row."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    unit_leader(department, LeaderRank.IN_CHARGE, name="分管副局长")
    UnitFactory(name="营口市人民政府", code="SZF", kind=UnitKind.CITY_GOVERNMENT)

    def escalate(n, day):
        for kind in [QuestionKind.POLICY, QuestionKind.CITY, QuestionKind.SUPERIOR] * n:
            due = None if kind == QuestionKind.POLICY else dt.date(2026, 11, 16)
            body = "辽宁省商务厅" if kind == QuestionKind.SUPERIOR else ""
            _question(case, teammate, kind, department, dt.date(2026, 11, 2), due, body)
        with CaptureQueriesContext(connection) as context:
            assert services.investor_questions_escalate(day=day) == 3 * n
        return len(context.captured_queries)

    assert escalate(1, dt.date(2026, 11, 17)) == escalate(10, dt.date(2026, 11, 18))
    assert case.questions.filter(escalated_on__isnull=False).count() == 33
    assert all(q.history.first().escalated_on for q in case.questions.all())


def test_the_escalated_queue_says_how_many_more_and_links_to_them(
    client, case, teammate, department
):
    """N-4: a receiver owed more questions than the queue shows sees the oldest due first, the
    total, and a link to all of them on the question list."""
    city_government = UnitFactory(name="营口市人民政府", code="SZF", kind=UnitKind.CITY_GOVERNMENT)
    mayor = UserFactory(username="mayor", role=Role.CITY_LEADER, unit=city_government)
    for day in range(QUEUE_ROWS + 3):
        _question(
            case,
            teammate,
            QuestionKind.CITY,
            department,
            dt.date(2026, 10, 1),
            dt.date(2026, 10, 12) + dt.timedelta(days=day % 20),
        )
    services.investor_questions_escalate(day=dt.date(2026, 11, 17))
    client.force_login(mayor)
    page = client.get(reverse("negotiation:questions")).content.decode()
    assert f"共 {QUEUE_ROWS + 3} 项" in page
    everything = f"{reverse('negotiation:questions')}?escalated_to={city_government.pk}&status=open"
    assert everything.replace("&", "&amp;") in page
    listed = client.get(everything).context["page"].paginator.count
    assert listed == QUEUE_ROWS + 3


def test_a_unit_with_an_escalated_queue_reads_where_the_whole_list_begins(
    client, case, teammate, department
):
    """N-4: above the question list a unit's escalated queue ran straight into the list's filters
    with no heading, as if both were one table; the city leaders' page had one."""
    unit_leader(department, LeaderRank.IN_CHARGE, name="分管副局长")
    _question(case, teammate, QuestionKind.POLICY, department, dt.date(2026, 9, 30))
    services.investor_questions_escalate(day=dt.date(2026, 10, 9))
    client.force_login(teammate)
    page = client.get(reverse("negotiation:questions")).content.decode()
    assert page.index("逾期升级至本单位的问题") < page.index("<h2>全部问题</h2>")
