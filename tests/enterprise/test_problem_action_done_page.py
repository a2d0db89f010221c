"""E-3: a department asked to help reports its part done from the problem's page; the form it
is shown sends its own task, once, and a refused one is shown again on that task."""

import datetime as dt

import pytest
from django.test.html import Element
from django.urls import reverse

from enterprise import services
from tests.enterprise.factories import EnterpriseFactory
from tests.refusals import field_reasons, forms_of

pytestmark = pytest.mark.django_db


def _sent(form: Element) -> list[tuple[str, str]]:
    """What a browser sends for the form's inputs, in order (the outcome is typed by the test;
    a name sent twice reaches the form as its last value, as `dict` keeps it)."""
    sent, stack = [], [form]
    while stack:
        element = stack.pop(0)
        attributes = dict(element.attributes)
        if element.name == "input" and attributes.get("name"):
            sent.append((attributes["name"], attributes.get("value") or ""))
        stack[:0] = [child for child in element.children if isinstance(child, Element)]
    return sent


@pytest.fixture
def asked(area, owner, department, other_area, frozen_today):
    problem = services.problem_raise(
        enterprise=EnterpriseFactory(introducing_unit=area),
        user=owner,
        category="funds",
        description="流动资金贷款难",
        raised_on=dt.date(2026, 11, 20),
    )
    for unit, task in ((other_area, "出具证明"), (department, "对接银行")):
        services.problem_request_action(
            problem=problem, user=owner, unit=unit, task=task, due_on=dt.date(2026, 12, 4)
        )
    return problem


def _done_form(client, problem):
    url = reverse("enterprise:problem_action_done", args=[problem.pk])
    page = client.get(reverse("enterprise:problem", args=[problem.pk])).content.decode()
    (form,) = [f for f in forms_of(page) if dict(f.attributes).get("action") == url]
    return url, form


def test_the_department_s_form_sends_its_task(client, asked, teammate):
    client.force_login(teammate)
    url, form = _done_form(client, asked)
    action = asked.actions.get(unit=teammate.unit)
    sent = [(name, value) for name, value in _sent(form) if name == "action"]
    assert sent == [("action", str(action.pk))]
    data = dict(_sent(form)) | {"outcome": "已对接三家银行"}
    client.post(url, data)
    action.refresh_from_db()
    assert action.done_on is not None and action.outcome == "已对接三家银行"


def test_a_refused_report_is_shown_again_on_its_task(client, asked, teammate):
    client.force_login(teammate)
    url, form = _done_form(client, asked)
    data = dict(_sent(form)) | {"outcome": " "}
    page = client.post(url, data).content.decode()
    (again,) = [f for f in forms_of(page) if dict(f.attributes).get("action") == url]
    assert ("action", str(asked.actions.get(unit=teammate.unit).pk)) in _sent(again)
    assert field_reasons(again, "outcome")
