"""N-5: a service liaison who left the team's units or was deactivated answers for the team no
more (`yingkou.rules.still_answers`, as R-5's responsible person): the pages, the API and the
case export say so and ask for another, the team form does not offer him back, signing waits
for a new one, and naming a new main negotiating unit is not refused because of him. The case
is department-led (tests/negotiation/conftest.py)."""

import pytest
from django.urls import reverse

from negotiation import services
from negotiation.forms import TeamForm
from tests.factories import UnitFactory
from tests.negotiation.factories import staff_of
from yingkou.choices import UnitKind
from yingkou.errors import RuleViolation

pytestmark = pytest.mark.django_db

LEFT = "已离开，请指定新人选"


@pytest.fixture
def liaison(case, department, teammate, principal, area):
    person = staff_of(department, username="liaison")
    person.first_name, person.last_name = "联络", "孙"
    person.save()
    services.negotiation_team_update(
        case=case,
        user=teammate,
        lead_leader=principal,
        cooperating_units=[area],
        main_negotiating_unit=None,
        service_liaison=person,
    )
    return person


@pytest.fixture(params=["moved", "deactivated"])
def gone(request, liaison, other_area):
    if request.param == "moved":
        liaison.unit = other_area
    else:
        liaison.is_active = False
    liaison.save()
    return liaison


def test_a_liaison_who_left_is_not_shown_and_another_is_asked_for(client, case, teammate, gone):
    client.force_login(teammate)
    page = client.get(reverse("negotiation:detail", args=[case.pk])).content.decode()
    assert f'服务联络员</dt><dd><span class="bad">{LEFT}</span></dd>' in page
    listed = client.get(reverse("negotiation:list")).content.decode()
    assert gone.display_name not in listed and LEFT in listed


@pytest.mark.parametrize("stage", ["signed", "ended"])
def test_a_closed_case_says_he_left_without_asking_for_another(client, case, teammate, gone, stage):
    # N-1: a signed or ended case takes no team change, so its pages ask for nobody.
    type(case).objects.filter(pk=case.pk).update(stage=stage)
    client.force_login(teammate)
    page = client.get(reverse("negotiation:detail", args=[case.pk])).content.decode()
    assert '服务联络员</dt><dd><span class="muted">已离开</span></dd>' in page
    listed = client.get(reverse("negotiation:list")).content.decode()
    assert LEFT not in page and LEFT not in listed and gone.display_name not in listed


def test_a_liaison_still_in_the_unit_is_shown(client, case, teammate, liaison):
    client.force_login(teammate)
    page = client.get(reverse("negotiation:detail", args=[case.pk])).content.decode()
    assert f"服务联络员</dt><dd>{liaison.display_name}" in page and LEFT not in page


def test_the_team_form_does_not_offer_him_back(case, gone):
    case.refresh_from_db()
    assert TeamForm(case=case, composition=case.composition).initial["service_liaison"] is None


def test_naming_a_new_main_unit_is_not_refused_because_of_him(case, teammate, gone):
    water = UnitFactory(kind=UnitKind.MUNICIPAL_DEPARTMENT, name="营口市水利局")
    services.negotiation_team_add_unit(case=case, unit=water, user=teammate)
    services.negotiation_main_unit_name(case=case, unit=water, user=teammate)
    case.team.refresh_from_db()
    assert case.team.main_negotiating_unit == water


def test_signing_waits_for_a_new_liaison(case, teammate, gone):
    case.team.refresh_from_db()
    from negotiation import rules

    case.team.lead_leader_id = case.team.lead_leader_id or 1
    with pytest.raises(RuleViolation, match="签约前须指定服务联络员"):
        rules.negotiation_signing_rule(team=case.team)


def test_a_deactivated_person_is_not_named(case, teammate, principal, area, department):
    person = staff_of(department, username="retired")
    person.is_active = False
    person.save()
    with pytest.raises(RuleViolation) as refused:
        services.negotiation_team_update(
            case=case,
            user=teammate,
            lead_leader=principal,
            cooperating_units=[area],
            main_negotiating_unit=None,
            service_liaison=person,
        )
    assert refused.value.rule == "N-5"


# --- the API (from the page's rows) and the case export (one query a chunk, `Team.answering_ids`)


def _named(client, teammate, case):
    from tests.conftest import api_as
    from tests.exports import sheet_rows

    api = api_as(teammate)
    row = api.get("/api/v1/negotiations/").json()["results"][0]
    one = api.get(f"/api/v1/negotiations/{case.pk}/").json()
    client.force_login(teammate)
    exported = sheet_rows(client.get(reverse("negotiation:list"), {"export": "xlsx"}))
    return [
        (row["liaison"], row["liaison_left"]),
        (one["liaison"], one["liaison_left"]),
        exported[0][-1],
    ]


def test_the_api_and_the_export_name_a_liaison_still_in_the_unit(client, case, teammate, liaison):
    assert _named(client, teammate, case) == [
        (liaison.pk, False),
        (liaison.pk, False),
        liaison.display_name,
    ]


def test_the_api_and_the_export_ask_for_another_when_he_left(client, case, teammate, gone):
    assert _named(client, teammate, case) == [(None, True), (None, True), LEFT]


@pytest.mark.parametrize("stage", ["signed", "ended"])
def test_the_export_of_a_closed_case_says_he_left_without_asking_for_another(
    client, case, teammate, gone, stage
):
    # N-1: a signed or ended case takes no team change, as its page says.
    type(case).objects.filter(pk=case.pk).update(stage=stage)
    assert _named(client, teammate, case) == [(None, True), (None, True), "已离开"]


def test_the_api_and_the_export_say_nothing_when_no_one_was_named(client, case, teammate):
    assert _named(client, teammate, case) == [(None, False), (None, False), None]


# --- members (N-3): who left does not act for the team -------------------------------------------


@pytest.fixture
def member(case, department, teammate, principal, area, liaison):
    person = staff_of(department, username="member")
    person.first_name, person.last_name = "成员", "钱"
    person.save()
    services.negotiation_team_update(
        case=case,
        user=teammate,
        lead_leader=principal,
        cooperating_units=[area],
        main_negotiating_unit=None,
        service_liaison=liaison,
        members=[person, teammate],
    )
    return person


@pytest.mark.parametrize("how", ["moved", "deactivated"])
def test_the_team_form_drops_a_member_who_left(client, case, teammate, member, other_area, how):
    if how == "moved":
        member.unit = other_area
    else:
        member.is_active = False
    member.save()
    case.refresh_from_db()
    form = TeamForm(case=case, composition=case.composition)
    assert form.initial["members"] == [teammate.pk]
    assert member.display_name in str(form.fields["members"].help_text)
    client.force_login(teammate)
    url = reverse("negotiation:team", args=[case.pk])
    page = client.get(url).content.decode()
    assert f"保存后移出团队：{member.display_name}" in page
    data = {name: value for name, value in form.initial.items() if value is not None}
    assert client.post(url, data).status_code == 302
    case.team.refresh_from_db()
    assert list(case.team.members.all()) == [teammate]
