"""The API's `ordering` parameter.

A list whose FilterSet declares a `SortFilter` is already ordered by that FilterSet (the same
definition orders its page and its export), so DRF's own ordering stands aside there; other
lists keep DRF's `ordering_fields`."""

from rest_framework.filters import OrderingFilter

from yingkou.sorting import PARAM, SortFilter


def _sorted_by_filterset(view) -> bool:
    filterset_class = getattr(view, "filterset_class", None)
    return filterset_class is not None and isinstance(
        filterset_class.base_filters.get(PARAM), SortFilter
    )


class FilterSetAwareOrdering(OrderingFilter):
    ordering_param = PARAM

    def filter_queryset(self, request, queryset, view):
        if _sorted_by_filterset(view):
            return queryset
        return super().filter_queryset(request, queryset, view)

    def get_schema_operation_parameters(self, view):
        # The FilterSet documents its own `ordering` parameter.
        if _sorted_by_filterset(view):
            return []
        return super().get_schema_operation_parameters(view)
