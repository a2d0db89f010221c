"""A-5, A-6: a team's members and its liaisons are people of the units acting for the case (the
lead area/department, the project's own units, the team units), offered so by the form and
refused otherwise by the service, the page and the API with a Chinese message."""

from decimal import Decimal

import pytest
from django.urls import reverse

from assistance import services
from assistance.forms import TeamForm
from tests.conftest import api_as
from tests.factories import LeaderFactory, ProjectFactory, UnitFactory, UserFactory
from yingkou.choices import LeaderRank, Role, UnitKind
from yingkou.errors import RuleViolation

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(area, drc):
    project = ProjectFactory(owner_unit=area, landing_unit=area, total_investment=Decimal("80000"))
    return services.assistance_case_open(project=project, user=drc, source="reserve")


@pytest.fixture
def head(area):
    return LeaderFactory(rank=LeaderRank.IN_CHARGE, unit=area, title="副区长")


@pytest.fixture
def stranger(db):
    unit = UnitFactory(name="营口市某局", code="MJ", kind=UnitKind.MUNICIPAL_DEPARTMENT)
    return UserFactory(username="stranger", role=Role.UNIT_STAFF, unit=unit)


def _propose(case, user, head, **extra):
    values = {"service_liaison": user, "project_liaison": user, **extra}
    return services.assistance_team_propose(case=case, user=user, responsible_leader=head, **values)


def test_the_form_offers_the_people_of_the_cases_units_only(
    case, owner, teammate, department, outsider, stranger
):
    case.team.cooperating_units.set([department])
    form = TeamForm(case=case)
    for name in ("members", "service_liaison"):
        offered = set(form.fields[name].queryset)
        assert {owner, teammate} <= offered
        assert outsider not in offered and stranger not in offered
    # the project liaison comes from the lead area/department itself.
    assert set(form.fields["project_liaison"].queryset) == {owner}


def test_a_member_from_outside_the_team_is_refused(case, owner, head, stranger):
    with pytest.raises(RuleViolation) as refused:
        _propose(case, owner, head, members=[owner, stranger])
    assert refused.value.rule == "A-5"
    assert "团队成员应为服务团队单位的工作人员" in refused.value.text
    assert str(stranger) in refused.value.text


def test_a_service_liaison_from_outside_the_team_is_refused(case, owner, head, stranger):
    with pytest.raises(RuleViolation) as refused:
        _propose(case, owner, head, service_liaison=stranger)
    assert refused.value.rule == "A-6"
    assert refused.value.field == "service_liaison"


def test_people_of_a_unit_added_to_the_team_in_the_same_proposal_are_accepted(
    case, owner, head, teammate, department
):
    _propose(
        case,
        owner,
        head,
        cooperating_units=[department],
        members=[teammate],
        service_liaison=teammate,
    )
    case.refresh_from_db()
    assert list(case.team.members.all()) == [teammate]
    assert case.team.service_liaison == teammate


def test_the_api_answers_400_naming_the_rule(case, owner, stranger):
    response = api_as(owner).post(
        f"/api/v1/assistance/projects/{case.pk}/propose/",
        {
            "members": [stranger.pk],
            "service_liaison": owner.pk,
            "project_liaison": owner.pk,
            "version": case.version,
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["rule"] == "A-5"


def test_the_page_refuses_a_person_it_does_not_offer(client, case, owner, head, stranger):
    client.force_login(owner)
    response = client.post(
        reverse("assistance:team", args=[case.pk]),
        {
            "responsible_leader": head.pk,
            "members": [stranger.pk],
            "service_liaison": owner.pk,
            "project_liaison": owner.pk,
            "version": case.version,
        },
    )
    assert response.status_code == 200  # the form again, with its error; nothing saved
    assert "members" in response.context["form"].errors
    case.refresh_from_db()
    assert not case.team.members.exists()


def test_the_general_liaison_form_offers_the_people_of_its_unit(
    client, drc, owner, outsider, area, other_area
):
    # 总联络员 is one of the area's or department's own staff.
    client.force_login(drc)
    form = client.get(reverse("assistance:liaison") + f"?unit={area.pk}").context["form"]
    assert set(form.fields["liaison"].queryset) == {owner}
    client.force_login(owner)
    form = client.get(reverse("assistance:liaison")).context["form"]
    assert outsider not in set(form.fields["liaison"].queryset)


def test_a_deactivated_member_is_refused_by_the_service_and_the_api(case, owner, head, area):
    retired = UserFactory(username="retired", role=Role.UNIT_STAFF, unit=area, is_active=False)
    with pytest.raises(RuleViolation) as refused:
        _propose(case, owner, head, members=[owner, retired])
    assert (refused.value.rule, refused.value.field) == ("A-5", "members")
    assert str(retired) in refused.value.text
    case.refresh_from_db()
    response = api_as(owner).post(
        f"/api/v1/assistance/projects/{case.pk}/propose/",
        {
            "responsible_leader": head.pk,
            "members": [retired.pk],
            "service_liaison": owner.pk,
            "project_liaison": owner.pk,
            "version": case.version,
        },
        format="json",
    )
    assert response.status_code == 400 and response.json()["rule"] == "A-5"
    assert not case.team.members.exists()
