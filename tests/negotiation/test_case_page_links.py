"""The case page and the questions list: what leads where, and how a user finds a question."""

import datetime as dt

import pytest
from django.test.html import parse_html
from django.urls import reverse

from negotiation import services
from negotiation.choices import QuestionKind
from tests.factories import ProjectFactory
from tests.negotiation.factories import open_case
from tests.refusals import field_value, forms_of

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


def test_the_questions_list_is_searched_by_project_name_not_by_a_case_number(
    client, case, teammate, area, department
):
    """A user knows the project's name, not the case's internal number: the list offers a
    search by name (or investor), and no box asking for a number."""
    other = open_case(
        negotiating_unit=department,
        project=ProjectFactory(
            name="港口物流园项目", owner_unit=department, landing_unit=area, industry="G59"
        ),
        user=teammate,
    )
    for on, text in ((case, "能否分期缴纳土地出让金？"), (other, "能否减免港口建设费？")):
        services.investor_question_raise(
            case=on,
            user=teammate,
            kind=QuestionKind.POLICY,
            question=text,
            owner_unit=department,
            asked_on=dt.date(2026, 11, 25),
        )
    client.force_login(teammate)
    response = client.get(reverse("negotiation:questions"), {"q": "物流园"})
    page = response.content.decode()
    assert "能否减免港口建设费？" in page
    assert "能否分期缴纳土地出让金？" not in page
    assert field_value(forms_of(page)[-1], "q") == "物流园"
    assert 'type="number" name="negotiation"' not in page
    by_investor = client.get(reverse("negotiation:questions"), {"q": "万华"}).content.decode()
    assert "能否分期缴纳土地出让金？" in by_investor
    assert "能否减免港口建设费？" not in by_investor


def test_the_questions_list_keeps_each_date_on_one_line(client, case, teammate, area):
    """In a narrow column a date broke at its hyphen (2026-05- / 12)."""
    question = services.investor_question_raise(
        case=case,
        user=teammate,
        kind=QuestionKind.POLICY,
        question="能否分期缴纳土地出让金？",
        owner_unit=area,
        asked_on=dt.date(2026, 11, 24),
    )
    services.investor_question_answer(
        question=question,
        user=teammate,
        outcome="可以分期",
        answered_on=dt.date(2026, 11, 25),
        done_on=dt.date(2026, 11, 26),
    )
    client.force_login(teammate)
    page = parse_html(client.get(reverse("negotiation:questions")).content.decode())
    assert parse_html('<td class="nowrap">2026-11-24</td>') in page
    assert parse_html('<td class="nowrap">2026-11-26</td>') in page


def test_the_team_history_is_headed_once(client, case, teammate):
    client.force_login(teammate)
    page = client.get(reverse("negotiation:detail", args=[case.pk])).content.decode()
    headings = [
        part.split("</h2>")[0] for part in page.split("<h2>")[1:] if "修改记录" in part[:20]
    ]
    assert headings == ["修改记录", "服务团队修改记录"]
