"""The case page leads to the pages of what it lists."""

import datetime as dt

import pytest
from django.urls import reverse

from negotiation import services
from negotiation.choices import QuestionKind

pytestmark = pytest.mark.django_db


def test_each_question_on_the_case_page_opens_its_own_page(client, case, teammate, area):
    """The question's page holds what the case table leaves out: its escalation and history."""
    question = services.investor_question_raise(
        case=case,
        user=teammate,
        kind=QuestionKind.POLICY,
        question="能否分期缴纳土地出让金？",
        owner_unit=area,
        asked_on=dt.date(2026, 11, 25),
    )
    client.force_login(teammate)
    page = client.get(reverse("negotiation:detail", args=[case.pk])).content.decode()
    link = reverse("negotiation:question", args=[question.pk])
    assert f'<a href="{link}">能否分期缴纳土地出让金？</a>' in page
