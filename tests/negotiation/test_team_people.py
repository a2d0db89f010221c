"""N-3: a negotiation team's project liaison and members are people of the team's units (or of
their own bureaus), offered so by the team form and refused otherwise by the service and the
API with a Chinese message. The case is department-led (tests/negotiation/conftest.py)."""

import pytest

from negotiation import services
from negotiation.forms import TeamForm
from tests.conftest import api_as
from tests.factories import UnitFactory, UserFactory
from yingkou.choices import Role, UnitKind
from yingkou.errors import RuleViolation

pytestmark = pytest.mark.django_db


def _update(case, user, principal, area, **extra):
    values = {"service_liaison": user, **extra}
    return services.negotiation_team_update(
        case=case,
        user=user,
        lead_leader=principal,
        cooperating_units=[area],
        main_negotiating_unit=None,
        **values,
    )


def test_the_form_offers_the_people_of_the_team_only(case, teammate, owner, outsider, area):
    case.team.cooperating_units.set([area])
    form = TeamForm(case=case, composition=case.composition)
    for name in ("service_liaison", "project_liaison", "members"):
        offered = set(form.fields[name].queryset)
        assert {teammate, owner} <= offered
        assert outsider not in offered


def test_a_member_outside_the_team_is_refused(case, teammate, principal, area, outsider):
    with pytest.raises(RuleViolation) as refused:
        _update(case, teammate, principal, area, members=[teammate, outsider])
    assert refused.value.rule == "N-3"
    assert refused.value.field == "members"
    assert "团队成员应为服务团队单位的人员" in refused.value.text
    assert str(outsider) in refused.value.text
    assert not case.team.members.exists()


def test_a_project_liaison_outside_the_team_is_refused(case, teammate, principal, area, outsider):
    with pytest.raises(RuleViolation) as refused:
        _update(case, teammate, principal, area, project_liaison=outsider)
    assert refused.value.rule == "N-3"
    assert refused.value.field == "project_liaison"


def test_people_of_the_team_units_and_their_bureaus_are_accepted(
    case, teammate, principal, area, owner
):
    bureau = UnitFactory(
        name="鲅鱼圈区生态环境分局", kind=UnitKind.MUNICIPAL_DEPARTMENT, parent=area
    )
    bureau_staff = UserFactory(username="byq_sthj", role=Role.UNIT_STAFF, unit=bureau)
    team = _update(
        case, teammate, principal, area, project_liaison=owner, members=[owner, bureau_staff]
    )
    assert set(team.members.all()) == {owner, bureau_staff}
    assert team.project_liaison == owner


def test_the_api_answers_400_naming_the_rule(case, teammate, principal, area, outsider):
    response = api_as(teammate).post(
        f"/api/v1/negotiations/{case.pk}/team/",
        {
            "lead_leader": principal.pk,
            "cooperating_units": [area.pk],
            "service_liaison": teammate.pk,
            "members": [outsider.pk],
            "version": case.version,
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["rule"] == "N-3"


@pytest.mark.parametrize(
    ("unit", "active", "acts"),
    [
        ("team", True, True),
        ("bureau", True, True),
        ("team", False, False),  # deactivated
        ("bureau", False, False),
        ("outside", True, False),  # left the team's units
        (None, True, False),
    ],
)
def test_who_acts_for_the_team(area, other_area, unit, active, acts):
    from negotiation.rules import acts_for_team

    bureau = UnitFactory(kind=UnitKind.MUNICIPAL_DEPARTMENT, parent=area)
    units = {"team": area, "bureau": bureau, "outside": other_area, None: None}
    person = UserFactory(role=Role.UNIT_STAFF, unit=units[unit], is_active=active)
    assert acts_for_team(person, {area.pk}) is acts


def test_a_deactivated_member_is_refused_by_the_service_and_the_api(
    case, teammate, principal, area, owner
):
    owner.is_active = False
    owner.save()
    with pytest.raises(RuleViolation) as refused:
        _update(case, teammate, principal, area, members=[teammate, owner])
    assert (refused.value.rule, refused.value.field) == ("N-3", "members")
    assert str(owner) in refused.value.text
    case.refresh_from_db()
    response = api_as(teammate).post(
        f"/api/v1/negotiations/{case.pk}/team/",
        {
            "lead_leader": principal.pk,
            "cooperating_units": [area.pk],
            "service_liaison": teammate.pk,
            "members": [owner.pk],
            "version": case.version,
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["rule"] == "N-3"
    assert not case.team.members.exists()
