"""A-3, A-6: a liaison (服务联络员、项目联络员、总联络员) or an industry department's service staff
who left the unit or was deactivated answers no more (`yingkou.rules.still_answers`, as R-5's
responsible person): the pages say so and ask for another instead of naming him, the API gives
null and says he left, the team form does not offer him back, and naming such a person is
refused."""

from decimal import Decimal

import pytest
from django.urls import reverse

from assistance import services
from assistance.forms import TeamForm
from assistance.models import IndustryService
from tests.factories import LeaderFactory, ProjectFactory, UserFactory
from yingkou.choices import LeaderRank, Role
from yingkou.errors import RuleViolation

pytestmark = pytest.mark.django_db

LEFT = "已离开，请指定新人选"


@pytest.fixture
def case(area, drc):
    project = ProjectFactory(owner_unit=area, landing_unit=area, total_investment=Decimal("80000"))
    return services.assistance_case_open(project=project, user=drc, source="reserve")


@pytest.fixture
def head(area):
    return LeaderFactory(rank=LeaderRank.IN_CHARGE, unit=area, title="副区长")


@pytest.fixture
def liaison(area):
    return UserFactory(
        username="liaison", first_name="联络", last_name="孙", role=Role.UNIT_STAFF, unit=area
    )


def _leave(person, how, unit):
    if how == "moved":
        person.unit = unit
    else:
        person.is_active = False
    person.save()


@pytest.mark.parametrize("how", ["moved", "deactivated"])
def test_a_team_liaison_who_left_is_not_shown_nor_offered_back(
    client, case, owner, head, liaison, other_area, drc, how
):
    services.assistance_team_propose(
        case=case,
        user=owner,
        responsible_leader=head,
        service_liaison=liaison,
        project_liaison=liaison,
    )
    _leave(liaison, how, other_area)
    client.force_login(drc)
    page = client.get(reverse("assistance:detail", args=[case.pk])).content.decode()
    assert f'服务联络员</dt><dd><span class="bad">{LEFT}</span>' in page
    assert f'项目联络员</dt><dd><span class="bad">{LEFT}</span>' in page
    case.refresh_from_db()
    form = TeamForm(case=case)
    assert form.initial["service_liaison"] is None and form.initial["project_liaison"] is None


def test_a_deactivated_person_is_not_named_project_liaison(case, owner, head, liaison):
    liaison.is_active = False
    liaison.save()
    with pytest.raises(RuleViolation) as refused:
        services.assistance_team_propose(
            case=case,
            user=owner,
            responsible_leader=head,
            service_liaison=owner,
            project_liaison=liaison,
        )
    assert (refused.value.rule, refused.value.field) == ("A-6", "project_liaison")


@pytest.mark.parametrize("how", ["moved", "deactivated"])
def test_a_general_liaison_who_left_is_asked_for_again(
    client, case, drc, liaison, area, other_area, how
):
    services.general_liaison_set(unit=area, liaison=liaison, user=drc)
    _leave(liaison, how, other_area)
    client.force_login(drc)
    response = client.get(reverse("assistance:groups"))
    assert area in response.context["without_liaison"]
    page = response.content.decode()
    assert liaison.display_name not in page and LEFT in page


@pytest.mark.parametrize("how", ["moved", "deactivated"])
def test_industry_service_staff_who_left_is_not_shown(
    client, case, department, teammate, other_area, drc, how
):
    deputy = LeaderFactory(rank=LeaderRank.IN_CHARGE, unit=department, title="副局长")
    IndustryService.objects.create(
        case=case, department=department, leader_in_charge=deputy, service_staff=teammate
    )
    _leave(teammate, how, other_area)
    client.force_login(drc)
    page = client.get(reverse("assistance:detail", args=[case.pk])).content.decode()
    assert f'<td><span class="bad">{LEFT}</span></td>' in page


def test_the_department_told_its_service_staff_left_can_open_the_notice(
    client, case, department, teammate, other_area
):
    """A-3: the notice asking the department to name new service staff opens the case page's
    form (the form's own URL answers POST only)."""
    from yingkou.models import Notification
    from yingkou.people_changes import person_left

    deputy = LeaderFactory(rank=LeaderRank.IN_CHARGE, unit=department, title="副局长")
    IndustryService.objects.create(
        case=case, department=department, leader_in_charge=deputy, service_staff=teammate
    )
    colleague = UserFactory(role=Role.UNIT_STAFF, unit=department)
    _leave(teammate, "moved", other_area)
    person_left(person=teammate, user=None)
    notice = Notification.objects.get(user=colleague, key__contains=":industry:")
    assert notice.url.endswith("#industry-service")
    client.force_login(colleague)
    assert client.get(notice.url).status_code == 200


def test_a_deactivated_person_is_not_named_service_staff(case, department, teammate):
    deputy = LeaderFactory(rank=LeaderRank.IN_CHARGE, unit=department, title="副局长")
    teammate.is_active = False
    teammate.save()
    with pytest.raises(RuleViolation):
        services.industry_service_assign(
            case=case,
            user=UserFactory(role=Role.UNIT_STAFF, unit=department),
            leader_in_charge=deputy,
            service_staff=teammate,
        )


@pytest.mark.parametrize("how", ["moved", "deactivated"])
def test_a_case_whose_liaison_left_is_missing_a_liaison(
    client, case, owner, head, liaison, other_area, drc, how
):
    services.assistance_team_propose(
        case=case,
        user=owner,
        responsible_leader=head,
        service_liaison=liaison,
        project_liaison=liaison,
    )
    client.force_login(drc)
    url = reverse("assistance:list")
    assert list(client.get(url + "?liaison_missing=true").context["page"]) == []
    _leave(liaison, how, other_area)
    missing = client.get(url + "?liaison_missing=true").context["page"]
    assert [row.pk for row in missing] == [case.pk]
    assert list(client.get(url + "?liaison_missing=false").context["page"]) == []


# --- the API: decided from what the page's rows hold (`PageLiaisonsMixin`) ---------------------


def _api_named(case, user):
    from tests.conftest import api_as

    fields = ("service_liaison", "service_liaison_left", "project_liaison", "project_liaison_left")
    api = api_as(user)
    row = api.get("/api/v1/assistance/projects/").json()["results"][0]
    one = api.get(f"/api/v1/assistance/projects/{case.pk}/").json()
    return [tuple(row[name] for name in fields), tuple(one[name] for name in fields)]


def test_the_api_names_no_liaison_while_none_is_named(case, drc):
    assert _api_named(case, drc) == [(None, False, None, False)] * 2


@pytest.mark.parametrize("how", ["moved", "deactivated"])
def test_the_api_names_a_liaison_only_while_he_answers(
    case, owner, head, liaison, other_area, drc, how
):
    services.assistance_team_propose(
        case=case,
        user=owner,
        responsible_leader=head,
        service_liaison=owner,
        project_liaison=liaison,
    )
    assert _api_named(case, drc) == [(owner.pk, False, liaison.pk, False)] * 2
    _leave(liaison, how, other_area)
    assert _api_named(case, drc) == [(owner.pk, False, None, True)] * 2


# --- members: who left is not kept on the team --------------------------------------------


@pytest.mark.parametrize("how", ["moved", "deactivated"])
def test_the_team_form_drops_a_member_who_left(client, case, owner, head, liaison, other_area, how):
    services.assistance_team_propose(
        case=case,
        user=owner,
        responsible_leader=head,
        service_liaison=owner,
        project_liaison=owner,
        members=[owner, liaison],
    )
    _leave(liaison, how, other_area)
    case.refresh_from_db()
    form = TeamForm(case=case)
    assert form.initial["members"] == [owner.pk]
    client.force_login(owner)
    url = reverse("assistance:team", args=[case.pk])
    assert f"保存后移出团队：{liaison.display_name}" in client.get(url).content.decode()
    data = {name: value for name, value in form.initial.items() if value not in (None, "")}
    assert client.post(url, data).status_code == 302
    case.team.refresh_from_db()
    assert list(case.team.members.all()) == [owner]
