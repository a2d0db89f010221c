"""A-1 after a project change: a case whose amount falls below 1,000 万元 is marked, not closed,
and the units that decide whether to end it are told."""

from decimal import Decimal

import pytest

from assistance.choices import CaseStatus
from tests.assistance.factories import AssistanceCaseFactory
from tests.conftest import api_as
from tests.factories import ProjectFactory
from yingkou import services as shared
from yingkou.models import Notification

pytestmark = pytest.mark.django_db


def _edit(project, user, amount):
    project.refresh_from_db()
    shared.project_update(
        project=project,
        user=user,
        expected_version=project.version,
        total_investment=Decimal(amount),
    )


@pytest.fixture
def case(area, department):
    project = ProjectFactory(
        name="老边区小型物流项目", owner_unit=area, total_investment=Decimal("1500.00")
    )
    return AssistanceCaseFactory(project=project, team__lead_unit=department)


@pytest.fixture
def told(owner, teammate, drc):
    """Someone of the owner unit, of the lead unit and of the DRC."""
    for user in (owner, teammate, drc):
        user.email = f"{user.username}@example.com"
        user.save()
    return owner, teammate, drc


def _titles(user) -> list[str]:
    return list(
        Notification.objects.filter(user=user, kind="project_reevaluated").values_list(
            "title", flat=True
        )
    )


@pytest.mark.parametrize(("amount", "outside"), [("1000.00", False), ("999.99", True)])
def test_the_case_is_marked_below_1000_wan_and_stays_open(
    client, case, told, drc, amount, outside, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _edit(case.project, drc, amount)
    case.refresh_from_db()
    assert case.status == CaseStatus.ACTIVE  # ending the help is a person's decision
    assert case.outside_scope is outside

    for user in told:
        titles = _titles(user)
        assert any("不符合精准帮扶范围" in title for title in titles) is outside, user
    assert bool(mailoutbox) is outside
    if outside:
        assert {address for mail in mailoutbox for address in mail.to} == {
            user.email for user in told
        }
        body = Notification.objects.filter(user=drc).first().body
        assert "999.99" in body and "终止" in body

    client.force_login(drc)
    page = client.get(f"/assistance/{case.pk}/").content.decode()
    assert ("data-outside-scope" in page) is outside
    listed = client.get("/assistance/").content.decode()
    assert ("不符合A-1范围" in listed) is outside
    [row] = api_as(drc).get("/api/v1/assistance/projects/").json()["results"]
    assert row["outside_scope"] is outside


def test_back_to_1000_wan_removes_the_marker_and_tells_them(case, told, drc):
    _edit(case.project, drc, "999.99")
    _edit(case.project, drc, "1000.00")
    case.refresh_from_db()
    assert case.outside_scope is False
    for user in told:
        assert any("重新符合精准帮扶范围" in title for title in _titles(user)), user


def test_a_change_within_scope_tells_no_one(case, told, drc):
    _edit(case.project, drc, "1200.00")
    for user in told:
        assert _titles(user) == []


def test_a_case_no_longer_active_is_not_marked(case, drc):
    case.status = CaseStatus.HANDED_OVER
    case.save()
    _edit(case.project, drc, "500.00")
    case.refresh_from_db()
    assert case.outside_scope is False
    assert not Notification.objects.filter(user=drc).exists()


def test_the_schema_documents_the_marker(client):
    schema = client.get("/api/schema/?format=json").json()
    field = schema["components"]["schemas"]["AssistanceCase"]["properties"]["outside_scope"]
    assert field["type"] == "boolean" and field["readOnly"] is True
    assert "A-1" in field["description"]


def test_another_units_user_is_not_told(case, outsider, drc):
    _edit(case.project, drc, "999.99")
    assert _titles(outsider) == []
