"""The forms choosing a person offer searchable pickers naming each person with their unit (two
张伟 of different units are told apart), read in a fixed number of queries; and the A-6
general-liaison form's people follow the unit chosen, through an endpoint that answers only
about a unit whose liaison the user may name."""

import re
from decimal import Decimal

import pytest
from django import forms
from django.urls import reverse

from assistance import services as assistance_services
from assistance.models import GeneralLiaison
from reserve import services as reserve_services
from tests.factories import ProjectFactory, UnitFactory, UserFactory
from tests.queries import count_queries
from yingkou.choices import Role, UnitKind
from yingkou.forms import PeopleChoiceField, PersonChoiceField, PersonOptions
from yingkou.models import User
from yingkou.templatetags.pickers import picker

pytestmark = pytest.mark.django_db

LIAISON = reverse("assistance:liaison")
PEOPLE = reverse("choices", args=["general-liaison"])


def select(page: str, name: str) -> str:
    found = re.search(rf'<select name="{name}"[^>]*>.*?</select>', page, re.S)
    assert found, f"the page has no {name} select"
    return found.group()


def options(page: str, name: str) -> list[str]:
    """The labels of a select's options, the empty one left out."""
    return re.findall(r'<option value="\d+"[^>]*>([^<]*)</option>', select(page, name))


def person(unit, username: str, last_name: str = "", first_name: str = "", **extra):
    return UserFactory(
        username=username, unit=unit, last_name=last_name, first_name=first_name, **extra
    )


@pytest.fixture
def namesakes(area, other_area):
    """Two 张伟, of two areas."""
    return person(area, "zhangwei1", "张", "伟"), person(other_area, "zhangwei2", "张", "伟")


# ---------------------------------------------------------------- labels


# Ordered: the two ways of drawing the options read the same rows, and PostgreSQL gives rows
# without an order in whatever order its plan reads them.
PEOPLE_IN_ORDER = User.objects.select_related("unit").order_by("pk")


class PeopleForm(forms.Form):
    one = PersonChoiceField(queryset=PEOPLE_IN_ORDER, required=False)
    several = PeopleChoiceField(queryset=PEOPLE_IN_ORDER, required=False)


def test_the_picker_reads_the_labels_the_person_objects_give(area, namesakes):
    unitless = UserFactory(username="admin2", unit=None, last_name="周", first_name="晓琳")
    nameless = person(area, "wanglei")
    data = {"one": str(namesakes[1].pk), "several": [str(unitless.pk), str(nameless.pk)]}
    drawn = {name: str(picker(PeopleForm(data)[name])) for name in PeopleForm.base_fields}
    stock = PeopleForm(data)
    stock.fields["one"].widget.attrs["data-picker"] = "single"
    stock.fields["one"].empty_label = "未指定"
    stock.fields["several"].widget.attrs["data-picker"] = "multiple"
    assert drawn == {name: str(stock[name]) for name in stock.fields}
    assert sorted(options(drawn["one"], "one")) == sorted(
        [
            "张伟（鲅鱼圈区）",
            "张伟（盖州市）",
            "周晓琳",  # no unit: the name alone
            "wanglei（鲅鱼圈区）",  # no full name: the user name, as everywhere
        ]
    )
    assert f'<option value="{namesakes[1].pk}" selected>张伟（盖州市）</option>' in drawn["one"]


def test_every_form_field_choosing_people_names_them_with_their_unit():
    import assistance.forms
    import enterprise.forms
    import negotiation.forms
    import reserve.forms
    import yingkou.forms

    modules = (assistance.forms, enterprise.forms, negotiation.forms, reserve.forms, yingkou.forms)
    seen = []
    for module in modules:
        for form in vars(module).values():
            if not (isinstance(form, type) and issubclass(form, forms.BaseForm)):
                continue
            for name, field in form.base_fields.items():
                over = getattr(getattr(field, "queryset", None), "model", None)
                if over is User or isinstance(field, PersonOptions):
                    seen.append(f"{form.__name__}.{name}")
                    assert isinstance(field, PersonOptions), f"{form.__name__}.{name}"
    assert len(seen) >= 11  # the scan sees the person fields (some get their queryset later)


# ---------------------------------------------------------------- the forms' pages


@pytest.fixture
def assistance_case(area, drc):
    project = ProjectFactory(owner_unit=area, landing_unit=area, total_investment=Decimal("80000"))
    return assistance_services.assistance_case_open(project=project, user=drc, source="reserve")


@pytest.fixture
def negotiation_case(area, owner):
    from tests.negotiation.factories import open_case

    project = ProjectFactory(owner_unit=area, landing_unit=area, total_investment=Decimal("9000"))
    return open_case(negotiating_unit=area, project=project, user=owner)


TEAM = ["members", "service_liaison", "project_liaison"]


def assistance_team(request):
    case = request.getfixturevalue("assistance_case")
    return reverse("assistance:team", args=[case.pk]), "owner", TEAM, "area"


def negotiation_team(request):
    case = request.getfixturevalue("negotiation_case")
    return reverse("negotiation:team", args=[case.pk]), "owner", TEAM, "area"


def general_liaison(request):
    return LIAISON, "reviewer", ["liaison"], "area"


def pool_responsible(request):
    reserve_services.pool_ensure_for_unit(unit=request.getfixturevalue("area"))
    return reverse("reserve:my_pool"), "reviewer", ["responsible"], "area"


def promotion_group(request):
    return reverse("assistance:group_create"), "drc", ["head", "members"], "drc_unit"


PAGES = [assistance_team, negotiation_team, general_liaison, pool_responsible, promotion_group]


@pytest.mark.parametrize("page_of", PAGES, ids=lambda page_of: page_of.__name__)
def test_a_person_is_picked_by_name_and_unit_in_a_fixed_number_of_queries(client, request, page_of):
    url, who, fields, unit = page_of(request)
    client.force_login(request.getfixturevalue(who))
    unit = request.getfixturevalue(unit)
    role = Role.DRC_REVIEWER if unit.kind == UnitKind.DRC else Role.UNIT_STAFF

    def add_people(count: int) -> None:
        for _ in range(count):
            index = User.objects.count()
            person(unit, f"staff{index}", "李", f"{index}号", role=role)

    add_people(2)
    few = count_queries(lambda: client.get(url))
    add_people(25)
    assert count_queries(lambda: client.get(url)) == few
    page = client.get(url).content.decode()
    newest = User.objects.count() - 1
    for name in fields:
        assert "data-picker=" in select(page, name), name
        assert f"李{newest}号（{unit.name}）" in options(page, name), name


def test_the_industry_service_staff_are_picked_with_their_unit(
    client, assistance_case, department, teammate
):
    assistance_case.team.cooperating_units.set([department])
    client.force_login(teammate)
    page = client.get(reverse("assistance:detail", args=[assistance_case.pk])).content.decode()
    assert 'data-picker="single"' in select(page, "service_staff")
    assert options(page, "service_staff") == [f"bob（{department.name}）"]
    assert 'data-picker="single"' in select(page, "leader_in_charge")


# ---------------------------------------------------------------- people follow the unit


def offered(client, unit) -> list[str]:
    response = client.get(PEOPLE, {"unit": unit.pk})
    assert response.status_code == 200
    return [row["text"] for row in response.json()["results"]]


def test_the_liaison_select_follows_the_unit_and_offers_its_people(
    client, drc, area, other_area, owner, outsider
):
    retired = person(other_area, "retired", "王", "退", is_active=False)
    client.force_login(drc)
    page = client.get(f"{LIAISON}?unit={area.pk}").content.decode()
    liaison = select(page, "liaison")
    assert 'data-picker-follows="unit"' in liaison
    assert f'data-picker-url="{PEOPLE}"' in liaison
    assert options(page, "liaison") == [f"alice（{area.name}）"]
    # the DRC chooses another unit: its active people, and only them
    assert offered(client, other_area) == [f"charlie（{other_area.name}）"]
    assert offered(client, area) == [f"alice（{area.name}）"]
    assert retired.display_name not in str(offered(client, other_area))


def test_without_a_script_the_form_sent_again_offers_the_chosen_unit_s_people(
    client, drc, area, other_area, owner, outsider
):
    client.force_login(drc)
    # the unit changed, the person still of the old one: refused, and the new unit's offered
    response = client.post(
        LIAISON, {"unit": other_area.pk, "liaison": owner.pk, "version": 0, "version_unit": ""}
    )
    assert response.status_code == 200
    assert options(response.content.decode(), "liaison") == [f"charlie（{other_area.name}）"]
    response = client.post(LIAISON, {"unit": other_area.pk, "liaison": outsider.pk, "version": 0})
    assert response.status_code == 302
    assert GeneralLiaison.objects.get(unit=other_area).user == outsider


def test_the_endpoint_refuses_a_unit_whose_liaison_the_user_may_not_name(
    client, drc, owner, outsider, area, other_area, city_leader_user
):
    client.force_login(owner)  # unit staff name their own unit's liaison only
    assert offered(client, area) == [f"alice（{area.name}）"]
    assert client.get(PEOPLE, {"unit": other_area.pk}).status_code == 403
    assert client.get(PEOPLE).status_code == 403  # no unit: nothing to answer about
    assert client.get(PEOPLE, {"unit": "x"}).status_code == 403
    client.force_login(city_leader_user)  # may not name any
    assert client.get(PEOPLE, {"unit": area.pk}).status_code == 403
    # a unit the form does not offer (not an area, department or party organ), even to the DRC
    utility = UnitFactory(name="营口供电公司", code="GD", kind=UnitKind.UTILITY)
    UserFactory(username="power", unit=utility)
    client.force_login(drc)
    assert client.get(PEOPLE, {"unit": utility.pk}).status_code == 403
    client.logout()
    response = client.get(PEOPLE, {"unit": area.pk})
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_endpoint_runs_a_fixed_number_of_queries(client, drc, area):
    client.force_login(drc)
    url = f"{PEOPLE}?unit={area.pk}"
    for index in range(2):
        person(area, f"few{index}")
    few = count_queries(lambda: client.get(url))
    for index in range(30):
        person(area, f"many{index}")
    assert count_queries(lambda: client.get(url)) == few
    assert len(offered(client, area)) == 32


def test_a_liaison_chosen_for_another_unit_than_the_form_opened_on(
    client, drc, area, other_area, owner, outsider
):
    """The version the form carries is the opened unit's: the liaison of another unit chosen in
    the browser is saved when it has none yet, and named before it is replaced when it has."""
    assistance_services.general_liaison_set(unit=area, liaison=owner, user=drc)
    client.force_login(drc)
    opened_on_area = {"version": 1, "version_unit": area.pk}
    response = client.post(
        LIAISON, {"unit": other_area.pk, "liaison": outsider.pk, **opened_on_area}
    )
    assert response.status_code == 302
    assert GeneralLiaison.objects.get(unit=other_area).user == outsider
    second = person(other_area, "second", "赵", "二")
    page = client.get(f"{LIAISON}?unit={other_area.pk}").content.decode()
    assert f'<option value="{outsider.pk}" selected>' in page  # the form opens on its liaison
    page = client.get(LIAISON).content.decode()  # the DRC's own unit: nothing chosen yet
    assert 'name="version_unit"' in page
    opened_elsewhere = {"version": 0, "version_unit": area.pk}
    response = client.post(
        LIAISON, {"unit": other_area.pk, "liaison": second.pk, **opened_elsewhere}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert f"「总联络员」现为 {outsider}，您填写的是 {second}" in page
    assert GeneralLiaison.objects.get(unit=other_area).user == outsider
    assert 'name="version" value="1"' in page
    assert f'name="version_unit" value="{other_area.pk}"' in page
    response = client.post(
        LIAISON,
        {"unit": other_area.pk, "liaison": second.pk, "version": 1, "version_unit": other_area.pk},
    )
    assert response.status_code == 302
    assert GeneralLiaison.objects.get(unit=other_area).user == second
