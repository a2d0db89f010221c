"""Every list's FilterSet copies its class's filters attribute by attribute and makes its form's
class once (yingkou.filters.FilterSet): the same form, the same query and no state shared
between two requests, as django-filter's deep copy of every filter gave."""

import copy
from unittest import mock

import django_filters
import pytest
from django.http import QueryDict

from tests.yingkou.test_filters_tagbox import filtersets
from yingkou.filters import FilterSet, ManyChoiceFilter, ProjectFilterSet
from yingkou.models import Project

pytestmark = pytest.mark.django_db

PROJECT_QUERY = "stage=reserve&stage=construction&industry=C&q=化工&ordering=-updated_at"


def deep_copied(filterset_class, data):
    """The FilterSet as django-filter makes it: every filter deep-copied, the form's class made
    for it."""
    filterset = filterset_class(data)
    filterset.filters = copy.deepcopy(dict(filterset_class.base_filters))
    for filter_ in filterset.filters.values():
        filter_.model, filter_.parent = filterset.queryset.model, filterset
    filterset.get_form_class = lambda: django_filters.FilterSet.get_form_class(filterset)
    return filterset


def test_every_list_s_filterset_is_one_of_ours():
    assert {cls for cls in filtersets() if not issubclass(cls, FilterSet)} == set()


@pytest.mark.parametrize(
    "filterset_class",
    [cls for cls in filtersets() if cls._meta.model is not None],
    ids=lambda cls: cls.__name__,
)
def test_every_filterset_draws_and_filters_as_django_filter_s_copy(filterset_class):
    data = QueryDict(PROJECT_QUERY if filterset_class is ProjectFilterSet else "")
    ours, theirs = filterset_class(data), deep_copied(filterset_class, data)
    assert ours.is_valid() == theirs.is_valid()
    assert str(ours.form) == str(theirs.form)
    assert str(ours.qs.query) == str(theirs.qs.query)


def test_filters_are_copied_without_copying_their_choices_item_by_item():
    with mock.patch.object(
        ManyChoiceFilter, "__deepcopy__", side_effect=AssertionError("deep copy"), create=True
    ):
        filterset = ProjectFilterSet(QueryDict(PROJECT_QUERY), Project.objects.all())
        assert filterset.is_valid()
    assert list(filterset.filters) == list(ProjectFilterSet.base_filters)


def test_two_filtersets_share_no_filter_and_no_form(area):
    first = ProjectFilterSet(QueryDict("q=化工"), Project.objects.all())
    second = ProjectFilterSet(QueryDict("q=钢铁"), Project.objects.all())
    for name, filter_ in first.filters.items():
        assert second.filters[name] is not filter_
        assert filter_.parent is first and second.filters[name].parent is second
    assert first.form.__class__ is second.form.__class__  # made once for the class
    assert first.form is not second.form
    assert first.form.fields["stage"] is not second.form.fields["stage"]
    first.filters["stage"].extra["choices"] = []
    assert ProjectFilterSet.base_filters["stage"].extra["choices"]
    # The search (a `method` filter) is asked of each FilterSet's own data.
    assert "化工" in str(first.qs.query) and "钢铁" in str(second.qs.query)
