"""Answering a question returns to where it was opened from: the city inbox, with its filters
and page, or the case page; never to another site."""

import datetime as dt
import html
from urllib.parse import quote

import pytest
from django.urls import reverse

from negotiation import services
from negotiation.choices import QuestionKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def question(case, teammate, department):
    return services.investor_question_raise(
        case=case,
        user=teammate,
        kind=QuestionKind.CITY,
        question="需市政府协调铁路专用线",
        owner_unit=department,
        asked_on=dt.date(2026, 11, 20),
        due_on=dt.date(2026, 11, 30),
    )


def _answer(client, question, **extra):
    url = reverse("negotiation:question_answer", args=[question.pk])
    data = {
        "outcome": "市政府同意协调",
        "answered_on": "2026-11-26",
        "done_on": "2026-11-26",
        "version": question.version,
        **extra,
    }
    return client.post(url, data, follow=True)


def test_an_answer_from_the_city_inbox_goes_back_to_the_inbox(client, question, city_leader_user):
    client.force_login(city_leader_user)
    inbox = reverse("negotiation:questions") + "?kind=city&page=1"
    answer = reverse("negotiation:question_answer", args=[question.pk])
    link = f"{answer}?next={quote(inbox)}"
    assert html.escape(link) in client.get(inbox).content.decode()
    form = client.get(link).content.decode()
    assert f'name="next" value="{html.escape(inbox)}"' in form
    # Its way back leads to the inbox too, not only the case.
    assert f'<a href="{html.escape(inbox)}">← 返回问题清单</a>' in form

    response = _answer(client, question, next=inbox)
    assert response.redirect_chain == [(inbox, 302)]
    assert "答复已保存。" in response.content.decode()


def test_an_answer_from_the_case_page_goes_back_to_the_case(
    client, case, question, city_leader_user
):
    client.force_login(city_leader_user)
    response = _answer(client, question)
    assert response.redirect_chain == [(reverse("negotiation:detail", args=[case.pk]), 302)]
    assert "答复已保存。" in response.content.decode()


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "http://testserver/negotiation/questions/",
        "javascript:alert(1)",
        "negotiation/questions/",
    ],
)
def test_only_a_path_on_this_site_is_followed(client, case, question, city_leader_user, target):
    client.force_login(city_leader_user)
    response = _answer(client, question, next=target)
    assert response.redirect_chain == [(reverse("negotiation:detail", args=[case.pk]), 302)]
