"""A unit's kind is named with its level (SPEC §1: a county's own departments are county level):
a county's or park's bureau is a 县(市)区、园区部门, never a 市直部门 of level 县级, in the admin's
list, its filter and its form alike."""

import pytest

from tests.factories import UnitFactory, UserFactory
from yingkou.choices import AdministrativeLevel, UnitKind
from yingkou.models import Unit

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("kind", "level", "label"),
    [
        (UnitKind.MUNICIPAL_DEPARTMENT, AdministrativeLevel.CITY, "市直部门"),
        (UnitKind.MUNICIPAL_DEPARTMENT, AdministrativeLevel.COUNTY, "县(市)区、园区部门"),
        (UnitKind.COUNTY, AdministrativeLevel.COUNTY, "县(市)区"),
        (UnitKind.PARK, AdministrativeLevel.COUNTY, "园区"),
        (UnitKind.LEGAL_AFFAIRS, AdministrativeLevel.COUNTY, "法制部门"),
        (UnitKind.LEGAL_AFFAIRS, AdministrativeLevel.CITY, "法制部门"),
    ],
)
def test_a_kind_is_named_with_the_unit_s_level(kind, level, label):
    assert Unit(kind=kind, level=level).kind_label == label


@pytest.fixture
def bureaus(db):
    area = UnitFactory(name="鲅鱼圈区", code="BYQ", kind=UnitKind.COUNTY)
    city = UnitFactory(name="营口市工业和信息化局", code="GXJ", kind=UnitKind.MUNICIPAL_DEPARTMENT)
    county = UnitFactory(
        name="鲅鱼圈区工业和信息化局",
        code="BYQ-GXJ",
        kind=UnitKind.MUNICIPAL_DEPARTMENT,
        level=AdministrativeLevel.COUNTY,
        parent=area,
    )
    return area, city, county


@pytest.fixture
def admin_client(client, db):
    client.force_login(
        UserFactory(username="root", is_superuser=True, is_staff=True, role="", unit=None)
    )
    return client


def _rows(response) -> dict[str, str]:
    """Each listed unit's name → its kind as the list shows it."""
    cl = response.context["cl"]
    return {unit.name: cl.model_admin.kind_shown(unit) for unit in cl.result_list}


def test_the_unit_list_names_a_county_bureau_a_county_or_park_department(admin_client, bureaus):
    response = admin_client.get("/admin/yingkou/unit/")
    page = response.content.decode()

    assert _rows(response) == {
        "鲅鱼圈区": "县(市)区",
        "营口市工业和信息化局": "市直部门",
        "鲅鱼圈区工业和信息化局": "县(市)区、园区部门",
    }
    assert page.count("市直部门</td>") == 1
    assert "县(市)区、园区部门</td>" in page


@pytest.mark.parametrize(
    ("choice", "listed"),
    [
        ("municipal_department:city", {"营口市工业和信息化局"}),
        ("municipal_department:county", {"鲅鱼圈区工业和信息化局"}),
        ("county", {"鲅鱼圈区"}),
    ],
)
def test_the_kind_filter_offers_what_the_list_shows(admin_client, bureaus, choice, listed):
    response = admin_client.get("/admin/yingkou/unit/")
    kind_filter = next(
        spec for spec in response.context["cl"].filter_specs if spec.parameter_name == "kind"
    )
    offered = dict(kind_filter.lookup_choices)
    assert offered["municipal_department:city"] == "市直部门"
    assert offered["municipal_department:county"] == "县(市)区、园区部门"
    assert "municipal_department" not in offered

    response = admin_client.get(f"/admin/yingkou/unit/?kind={choice}")

    assert set(_rows(response)) == listed


def test_the_unit_form_offers_a_department_by_both_its_names(admin_client, bureaus):
    _area, _city, county = bureaus
    response = admin_client.get(f"/admin/yingkou/unit/{county.pk}/change/")

    choices = dict(response.context["adminform"].form.fields["kind"].choices)
    assert choices["municipal_department"] == "市直部门（市级）／县(市)区、园区部门（县级）"
    assert choices["park"] == "园区"
