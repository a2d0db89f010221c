"""Sorting by a shown column: the same `ordering` orders the page, the API and the export."""

from decimal import Decimal

import pytest

from tests.conftest import api_as
from tests.factories import ProjectFactory
from tests.queries import assert_constant_queries
from tests.sorting import api_order, export_order, page_order


@pytest.fixture
def projects(area, other_area):
    # Two share an investment: the primary key decides between them, everywhere alike.
    return [
        ProjectFactory(name="乙项目", owner_unit=area, total_investment=Decimal("300")),
        ProjectFactory(name="甲项目", owner_unit=other_area, total_investment=Decimal("100")),
        ProjectFactory(name="丙项目", owner_unit=area, total_investment=Decimal("300")),
        ProjectFactory(name="丁项目", owner_unit=other_area, total_investment=Decimal("200")),
    ]


@pytest.mark.parametrize(
    "ordering", ["name", "-name", "total_investment", "-total_investment", "owner_unit,-name", ""]
)
def test_page_api_and_export_list_projects_in_the_same_order(client, drc, projects, ordering):
    client.force_login(drc)
    on_page = page_order(client, "/projects/", ordering, lambda p: p.name)
    assert on_page == api_order(api_as(drc), "/api/v1/projects/", ordering, lambda p: p["name"])
    assert on_page == export_order(client, "/projects/", ordering, column=1)
    assert sorted(on_page) == sorted(p.name for p in projects)


def test_the_sort_follows_the_column_and_the_primary_key_breaks_ties(client, drc, projects):
    client.force_login(drc)
    second, first, third, fourth = projects
    assert page_order(client, "/projects/", "total_investment", lambda p: p) == [
        first,
        fourth,
        second,
        third,
    ]
    # Descending reverses the column, not the tie-breaker.
    assert page_order(client, "/projects/", "-total_investment", lambda p: p) == [
        second,
        third,
        fourth,
        first,
    ]


def test_an_unknown_sort_key_is_ignored_on_the_page_and_in_the_api(client, drc, projects):
    client.force_login(drc)
    default = page_order(client, "/projects/", "", lambda p: p.pk)
    assert page_order(client, "/projects/", "password,-__class__", lambda p: p.pk) == default
    api = api_as(drc)
    assert api_order(
        api, "/api/v1/projects/", "owner_unit__users__password", lambda p: p["id"]
    ) == (default)


def test_column_headers_sort_and_keep_the_filters(client, drc, projects):
    client.force_login(drc)
    html = client.get("/projects/", {"q": "项目", "ordering": "name"}).content.decode()
    # The sorted column links to the other direction and shows its arrow; filters stay.
    assert 'aria-sort="ascending"' in html
    assert "?q=%E9%A1%B9%E7%9B%AE&amp;ordering=-name" in html
    assert "ordering=total_investment" in html
    # The chosen order survives a new filter: the form carries it.
    assert 'type="hidden" name="ordering" value="name"' in html


def test_a_sorted_project_list_runs_a_fixed_number_of_queries(client, drc, area):
    client.force_login(drc)
    assert_constant_queries(
        lambda: client.get("/projects/", {"ordering": "-owner_unit,name"}),
        lambda n: ProjectFactory.create_batch(n, owner_unit=area),
    )


def _sorted_filtersets():
    import importlib

    import django_filters

    from yingkou.sorting import sort_filter_of

    for module in ("yingkou", "reserve", "negotiation", "assistance", "enterprise"):
        filters = importlib.import_module(f"{module}.filters")
        for value in vars(filters).values():
            if (
                isinstance(value, type)
                and issubclass(value, django_filters.FilterSet)
                and value._meta.model is not None
                and sort_filter_of(value(queryset=value._meta.model.objects.none())) is not None
            ):
                yield value


@pytest.mark.django_db
def test_every_offered_sort_key_of_every_list_is_a_valid_ordering():
    sets = list(_sorted_filtersets())
    assert len(sets) >= 12
    for filterset in sets:
        sort = filterset.base_filters["ordering"]
        model = filterset._meta.model
        for key in sort.sort_fields:
            for term in (key, f"-{key}"):
                list(model.objects.order_by(*sort.order_by(term))[:1])  # a bad path raises here


def test_every_filter_has_its_chinese_label_before_any_form_is_drawn():
    """The API schema reads each FilterSet's class-level filters; a filter still without a label
    then caches a form field labelled from its bare name ("Source"), which every page's filter
    form copies afterwards."""
    import importlib

    import django_filters

    unlabelled = []
    for app in ("yingkou", "reserve", "negotiation", "assistance", "enterprise"):
        module = importlib.import_module(f"{app}.filters")
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, django_filters.FilterSet):
                unlabelled += [
                    f"{value.__name__}.{name}"
                    for name, filter_ in value.base_filters.items()
                    if filter_._label is None
                ]
    assert unlabelled == []
