"""A unit-bound user's list filters offer the units that can appear in what they may see (SPEC
§0), not every unit of the city; the city-wide roles are offered all of them."""

import importlib

import django_filters
import pytest
from django.urls import reverse

from tests.factories import ProjectFactory, UnitFactory
from tests.queries import assert_constant_queries
from yingkou.choices import UnitKind
from yingkou.filters import unit_filter_paths

pytestmark = pytest.mark.django_db

APPS = ("yingkou", "reserve", "negotiation", "assistance", "enterprise")


def _filtersets():
    for app in APPS:
        importlib.import_module(f"{app}.filters")
    found, todo = [], [django_filters.FilterSet]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__.split(".")[0] in APPS and sub._meta.model is not None:
                found.append(sub)
    return found


def test_every_unit_filter_of_every_list_knows_where_its_units_are():
    checked = 0
    for filterset_class in _filtersets():
        filterset = filterset_class(queryset=filterset_class._meta.model.objects.none())
        for paths in unit_filter_paths(filterset).values():
            for path in paths:
                # Resolves on the list's model, or raises FieldError.
                str(filterset_class._meta.model.objects.values(path).query)
            checked += 1
    assert checked > 10


def _offered(client, url, name) -> set[int]:
    response = client.get(url)
    assert response.status_code == 200
    field = response.context["filter"].form.fields[name]
    return set(field.queryset.values_list("pk", flat=True))


@pytest.fixture
def stranger(db):
    return UnitFactory(name="营口市某局", code="MJ", kind=UnitKind.MUNICIPAL_DEPARTMENT)


def test_unit_staff_are_offered_their_own_unit_and_the_units_of_their_projects(
    client, owner, area, other_area, department, stranger
):
    # A project of 鲅鱼圈区 landing in 盖州市, and one of 工信局 landing in 鲅鱼圈区.
    ProjectFactory(owner_unit=area, landing_unit=other_area)
    ProjectFactory(owner_unit=department, landing_unit=area)
    client.force_login(owner)
    url = reverse("projects:list")
    assert _offered(client, url, "owner_unit") == {area.pk, department.pk}
    assert _offered(client, url, "landing_unit") == {area.pk, other_area.pk}
    assert _offered(client, url, "unit") == {area.pk, other_area.pk, department.pk}


def test_a_unit_without_records_is_offered_its_own_unit_only(client, outsider, other_area, area):
    ProjectFactory(owner_unit=area, landing_unit=area)
    client.force_login(outsider)
    assert _offered(client, reverse("projects:list"), "owner_unit") == {other_area.pk}


def test_the_city_is_offered_every_unit(client, drc, area, other_area, department, stranger):
    ProjectFactory(owner_unit=area, landing_unit=area)
    client.force_login(drc)
    offered = _offered(client, reverse("projects:list"), "owner_unit")
    assert {area.pk, other_area.pk, department.pk, stranger.pk} <= offered


def test_a_list_of_records_of_a_project_offers_the_units_of_their_projects(
    client, owner, area, department, stranger
):
    from tests.assistance.factories import AssistanceCaseFactory

    AssistanceCaseFactory(
        project=ProjectFactory(owner_unit=area, landing_unit=area), team__lead_unit=area
    )
    AssistanceCaseFactory(
        project=ProjectFactory(owner_unit=department, landing_unit=area), team__lead_unit=department
    )
    client.force_login(owner)
    offered = _offered(client, reverse("assistance:list"), "unit")
    assert offered == {area.pk, department.pk}


def test_the_offer_costs_no_query_per_unit(client, owner, area):
    client.force_login(owner)

    def add(n):
        for _ in range(n):
            ProjectFactory(owner_unit=area, landing_unit=UnitFactory(kind=UnitKind.COUNTY))

    assert_constant_queries(lambda: client.get(reverse("projects:list")), add, 3, 20)
