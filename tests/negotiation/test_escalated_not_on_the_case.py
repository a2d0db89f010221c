"""N-4: a question escalated unanswered goes to a unit that need not be on the case — a question
for the city government to the city government, whose own reviewers sit on no team. That unit
sees the same number on its home page, in the queue above the question list and on the list its
查看全部 link opens, and opens each question, read-only (it does not answer); the case stays
closed to it. A unit neither on the case nor escalated to sees none of it."""

import datetime as dt

import pytest
from django.urls import reverse

from negotiation import services
from negotiation.choices import QuestionKind
from tests.conftest import api_as
from tests.factories import UnitFactory, UserFactory
from tests.negotiation.factories import staff_of
from yingkou.choices import NotificationKind, Role, UnitKind
from yingkou.models import Notification

pytestmark = pytest.mark.django_db

QUEUE = "逾期升级至本单位"


@pytest.fixture
def city_government(db):
    return UnitFactory(name="营口市人民政府", code="SZF", kind=UnitKind.CITY_GOVERNMENT)


@pytest.fixture
def szf_reviewer(city_government):
    return UserFactory(username="szf_boss", role=Role.UNIT_REVIEWER, unit=city_government)


def ask(case, user, kind, owner_unit, due_on, asked_on=dt.date(2026, 11, 2)):
    return services.investor_question_raise(
        case=case,
        user=user,
        kind=kind,
        question=f"{kind}：土地指标能否年内落实？",
        owner_unit=owner_unit,
        asked_on=asked_on,
        due_on=due_on,
    )


@pytest.fixture
def escalated(case, teammate, department, city_government):
    """Three questions the lead unit reported to the city government, escalated to it unanswered;
    one answered since (no longer owed); a policy question escalated within the team."""
    questions = [
        ask(case, teammate, QuestionKind.CITY, department, dt.date(2026, 11, 16) + dt.timedelta(d))
        for d in range(3)
    ]
    ask(case, teammate, QuestionKind.POLICY, department, None)
    services.investor_questions_escalate(day=dt.date(2026, 11, 20))
    answered = ask(case, teammate, QuestionKind.CITY, department, dt.date(2026, 11, 17))
    services.investor_questions_escalate(day=dt.date(2026, 11, 21))
    services.investor_question_answer(
        question=answered,
        user=teammate,
        outcome="已协调自然资源局年内落实。",
        answered_on=dt.date(2026, 11, 24),
        done_on=dt.date(2026, 11, 24),
    )
    assert {q.escalated_to_id for q in case.questions.filter(kind=QuestionKind.CITY)} == {
        city_government.pk
    }
    return questions


def home_queue(client, user):
    client.force_login(user)
    for panel in client.get("/").context["panels"]:
        for label, count, url in panel["rows"]:
            if label == QUEUE:
                return count, url
    return None


def test_the_home_page_the_queue_and_the_list_agree_and_each_question_opens(
    client, case, szf_reviewer, escalated
):
    count, url = home_queue(client, szf_reviewer)
    assert count == 3
    listed = client.get(url).context["page"]
    assert listed.paginator.count == 3
    assert sorted(q.pk for q in listed.object_list) == sorted(q.pk for q in escalated)
    queue = client.get(reverse("negotiation:questions")).context
    assert queue["escalated"].total == 3
    assert sorted(q.pk for q in queue["escalated"].rows) == sorted(q.pk for q in escalated)

    for question in escalated:
        page = client.get(reverse("negotiation:question", args=[question.pk]))
        assert page.status_code == 200
        html = page.content.decode()
        assert "data-read-only" in html and "data-escalated" in html
        assert reverse("negotiation:question_answer", args=[question.pk]) not in html
        # Its case is not linked: the case stays closed to a unit not on it.
        assert reverse("negotiation:detail", args=[case.pk]) not in html
        answer = reverse("negotiation:question_answer", args=[question.pk])
        assert client.get(answer).status_code == 403
        api = api_as(szf_reviewer)
        assert api.get(f"/api/v1/negotiations/questions/{question.pk}/").status_code == 200
        body = {"outcome": "同意", "answered_on": "2026-11-26"}
        assert (
            api.post(f"/api/v1/negotiations/questions/{question.pk}/answer/", body).status_code
            == 403
        )
    assert client.get(reverse("negotiation:detail", args=[case.pk])).status_code == 404
    # The list links each question to its page and no row to the case.
    html = client.get(url).content.decode()
    assert reverse("negotiation:question", args=[escalated[0].pk]) in html
    assert reverse("negotiation:detail", args=[case.pk]) not in html


def test_the_escalation_notice_links_to_a_page_the_receiver_opens(
    client, case, szf_reviewer, escalated
):
    # Told when the lead unit reported each question to the city government, and again when it
    # was escalated unanswered.
    notices = Notification.objects.filter(user=szf_reviewer, kind=NotificationKind.ESCALATION)
    assert notices.filter(key__endswith=":escalated").count() == 4
    assert notices.filter(key__endswith=":reported").count() == 4
    client.force_login(szf_reviewer)
    for notice in notices:
        assert client.get(notice.url).status_code == 200, notice.key


def test_a_unit_neither_on_the_case_nor_escalated_to_sees_none_of_it(
    client, case, escalated, outsider
):
    assert home_queue(client, outsider)[0] == 0
    assert client.get(reverse("negotiation:questions")).context["page"].paginator.count == 0
    for question in escalated:
        assert client.get(reverse("negotiation:question", args=[question.pk])).status_code == 404
        api = api_as(outsider)
        assert api.get(f"/api/v1/negotiations/questions/{question.pk}/").status_code == 404
    assert api_as(outsider).get("/api/v1/negotiations/questions/").json()["count"] == 0


def test_a_team_unit_opens_the_question_page_and_answers_from_it(client, case, escalated, teammate):
    client.force_login(teammate)
    html = client.get(reverse("negotiation:question", args=[escalated[0].pk])).content.decode()
    assert reverse("negotiation:question_answer", args=[escalated[0].pk]) in html
    assert reverse("negotiation:detail", args=[case.pk]) in html


def test_a_unit_that_left_the_team_still_opens_the_question_it_answers(client, case, teammate):
    """The owner unit answers its question (N-4 every question has an owner); taken off the team
    afterwards, it still sees and answers it, though not the case."""
    commerce = UnitFactory(name="营口市商务局", code="SWJ", kind=UnitKind.MUNICIPAL_DEPARTMENT)
    case.team.cooperating_units.add(commerce)
    question = ask(case, teammate, QuestionKind.POLICY, commerce, None)
    case.team.cooperating_units.remove(commerce)
    clerk = staff_of(commerce)
    client.force_login(clerk)
    page = client.get(reverse("negotiation:question", args=[question.pk]))
    assert page.status_code == 200
    assert reverse("negotiation:question_answer", args=[question.pk]) in page.content.decode()
    assert client.get(reverse("negotiation:detail", args=[case.pk])).status_code == 404
    count, url = home_queue_row(client, clerk, "已逾期")
    assert count == 1 and client.get(url).context["page"].paginator.count == 1


def home_queue_row(client, user, label):
    client.force_login(user)
    for panel in client.get("/").context["panels"]:
        for row_label, count, url in panel["rows"]:
            if row_label == label:
                return count, url
    raise AssertionError(label)
