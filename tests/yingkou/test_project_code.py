"""SPEC appendix (corrected): a national project code begins with its month of issue (YYMM) and
ends with an ISO/IEC 7064 MOD 11,10 check digit; a doubtful code is a warning, never a refusal."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.conftest import api_as
from yingkou.models import Project
from yingkou.rules import project_code_check_digit, project_code_issued, project_code_warnings_rule

TODAY = dt.date(2026, 11, 27)
REAL_CODES = ["2509-320193-89-01-544060", "2503-130981-04-01-573274"]  # quoted in the SPEC


@pytest.mark.parametrize("code", REAL_CODES)
def test_real_codes_pass_the_check_digit(code):
    digits = code.replace("-", "")
    assert project_code_check_digit(digits[:19]) == int(digits[19])
    assert project_code_warnings_rule(code, today=TODAY) == []


def test_first_four_digits_are_year_and_month():
    assert project_code_issued("2509-320193-89-01-544060") == (2025, 9)
    assert project_code_issued("2011-210800-26-01-000010") == (2020, 11)  # first month of the form
    assert project_code_issued("2017-210881-44-02-999999") is None  # a year: the older form


def test_a_wrong_check_digit_is_a_warning():
    (warning,) = project_code_warnings_rule("2509-320193-89-01-544061", today=TODAY)
    assert "校验位" in warning


def test_older_year_codes_are_accepted_without_check_digit():
    assert project_code_warnings_rule("2017-210881-44-02-999999", today=TODAY) == []
    assert project_code_warnings_rule("2020-210800-26-01-000123", today=TODAY) == []


def test_the_old_example_reads_as_month_26():
    (warning,) = project_code_warnings_rule("2026-210800-26-01-000123", today=TODAY)
    assert "赋码年月" in warning


def test_a_month_of_issue_in_the_future_is_a_warning():
    digits = "2612210800260100012"
    code = f"2612-210800-26-01-00012{project_code_check_digit(digits)}"
    assert project_code_warnings_rule(code, today=TODAY) == ["项目代码的赋码年月晚于本月，请核对。"]


@pytest.mark.django_db
def test_api_saves_and_warns(owner, area):
    response = api_as(owner).post(
        "/api/v1/projects/",
        {
            "name": "校验位有误的项目",
            "code": "2509-320193-89-01-544061",
            "landing_unit": area.pk,
            "industry": "C26",
            "total_investment": "5000.00",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert any("校验位" in w for w in response.json()["code_warnings"])
    good = api_as(owner).get(f"/api/v1/projects/{response.json()['id']}/").json()
    assert good["code"] == "2509-320193-89-01-544061"


@pytest.mark.django_db
def test_form_saves_and_warns(client, owner, area):
    client.force_login(owner)
    response = client.post(
        reverse("projects:create"),
        {
            "name": "校验位有误的项目",
            "code": "2509-320193-89-01-544061",
            "landing_unit": area.pk,
            "industry": "C26",
            "capital_origin": "domestic",
            "capacity_kind": "new",
            "size_class": "medium",
            "total_investment": "5000.00",
            "stage": "planning",
        },
        follow=True,
    )
    assert Project.objects.filter(code="2509-320193-89-01-544061").exists()
    assert "校验位" in response.content.decode()


def test_the_format_message_shows_a_yingkou_code_that_passes_the_checks():
    from django.core.exceptions import ValidationError

    from yingkou.models.projects import PROJECT_CODE_EXAMPLE, validate_project_code

    with pytest.raises(ValidationError) as refused:
        validate_project_code("2509-2108")
    (message,) = refused.value.messages
    assert f"如 {PROJECT_CODE_EXAMPLE}。" in message
    assert PROJECT_CODE_EXAMPLE[5:11] in {"210800", "210802", "210803", "210804", "210811"}
    validate_project_code(PROJECT_CODE_EXAMPLE)
    assert project_code_warnings_rule(PROJECT_CODE_EXAMPLE, today=TODAY) == []
