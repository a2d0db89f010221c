from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import CursorPagination, PageNumberPagination
from rest_framework.utils.urls import remove_query_param, replace_query_param

from yingkou.paging import EstimatingPaginator, same_rows, with_page_figures

PAGE_SIZE = 50
MAX_PAGE_SIZE = 500


def page_link(request, number: int) -> str:
    """The link to page `number` of the list the request asked for, as StandardPagination writes
    its `next` and `previous`: the first page without `?page=`. For a list paged in memory."""
    url = request.build_absolute_uri()
    if number == 1:
        return remove_query_param(url, "page")
    return replace_query_param(url, "page", number)


class ListCursorPagination(CursorPagination):
    """Keyset pages in the list's own order (its `ordering` parameter or default): each page
    starts from the position of the last one, so page 500 costs what page 1 costs; OFFSET read
    and dropped every row before it (at 100,000 projects, page 500 was several times page 1)."""

    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def get_ordering(self, request, queryset, view):
        ordering = tuple(queryset.query.order_by) or tuple(queryset.model._meta.ordering)
        if not ordering:
            return ("pk",)
        if "__" in ordering[0]:
            # The position is read from the row itself; a related column is not on it.
            raise ValidationError(
                {"cursor": _("按关联字段排序时不能使用游标分页，请改用 page 参数。")}
            )
        return ordering


class StandardPagination(PageNumberPagination):
    """Page numbers with `count`, `next`, `previous`, `results` (the API's stable shape); the count
    of a whole large table is PostgreSQL's estimate (yingkou.paging).

    With `?cursor=` (empty for the first page) the same list is paged by keyset instead: `next`,
    `previous` and `results`, no count, and every page as fast as the first."""

    django_paginator_class = EstimatingPaginator
    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    cursor_query_param = "cursor"
    keyset = None

    def paginate_queryset(self, queryset, request, view=None):
        if self.cursor_query_param in request.query_params:
            self.keyset = ListCursorPagination()
            return self.keyset.paginate_queryset(queryset, request, view)
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        if self.keyset is not None:
            return self.keyset.get_paginated_response(data)
        return super().get_paginated_response(data)

    def get_paginated_response_schema(self, schema):
        # A keyset page (?cursor=) has no count: the description must not promise one.
        response = super().get_paginated_response_schema(schema)
        response["required"] = [name for name in response["required"] if name != "count"]
        response["properties"]["count"]["description"] = _("总条数（游标分页时不返回）")
        return response

    def get_schema_operation_parameters(self, view):
        return [
            *super().get_schema_operation_parameters(view),
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "游标分页：首页传空值，之后使用响应中的 next/previous 链接"
                "（不返回 count，深页与首页一样快）",
                "schema": {"type": "string"},
            },
        ]


class PageFiguresMixin:
    """For a list viewset whose rows carry figures or joined rows (`figures(queryset)`): the
    list's page is picked on `visible_rows()` alone and only its rows get `figures`
    (`yingkou.paging.with_page_figures`, as `list_page(..., annotate=)` does for pages); every
    other action reads `figures(visible_rows())`."""

    figures: staticmethod

    def visible_rows(self):
        raise NotImplementedError

    def get_queryset(self):
        rows = self.visible_rows()
        return rows if self.action == "list" else self.figures(rows)

    def paginate_queryset(self, queryset):
        if self._keys_once():
            keys = super().paginate_queryset(self.unit_keys(queryset))
        else:
            rows = super().paginate_queryset(queryset)
            if rows is None:
                return None
            keys = [row.pk for row in rows]
        return with_page_figures(queryset, keys, self.figures)

    def unit_keys(self, queryset) -> list:
        """Every key of the unit's list `queryset` (filtered and in order), for `_keys_once`. A
        list may keep its unfiltered keys between writes instead (`unfiltered`)."""
        return list(queryset.values_list("pk", flat=True))

    def unfiltered(self, queryset) -> bool:
        """Whether the request's filters narrowed nothing of `visible_rows()` (sorting aside)."""
        return same_rows(queryset, self.visible_rows())

    def _keys_once(self) -> bool:
        """A unit's page by number: deciding which rows a unit sees costs 20-45 ms a time at
        100,000 projects, and the count and the page each asked it. Its rows' keys are read
        once, in order, and the count and the page taken from them (a unit sees a few thousand
        at most; a city-wide list is counted from the estimate and keeps its two reads)."""
        return not self.request.user.is_city_wide and (
            StandardPagination.cursor_query_param not in self.request.query_params
        )
