from urllib.parse import urlencode

from django import template
from django.utils.html import format_html

from yingkou.paging import PAGE_SIZES, page_size
from yingkou.sorting import PARAM, current_keys, sort_filter_of

register = template.Library()


def _url(request, **changes) -> str:
    """The list's query string with `changes` (None drops a key), without the export switch:
    `request.GET.copy()`, its changes and `urlencode()`, without deep-copying the QueryDict (a
    list page draws some twenty of these links; the copy was most of their cost)."""
    query = dict(request.GET.lists())
    query.pop("export", None)
    for key, value in changes.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = [value]
    encoding = request.GET.encoding
    return "?" + "&".join(
        urlencode({key.encode(encoding): str(value).encode(encoding)})
        for key, values in query.items()
        for value in values
    )


@register.inclusion_tag("includes/pager.html", takes_context=True)
def pager(context, page):
    """Page numbers (elided), previous/next and the page size, keeping the list's filters."""
    request = context["request"]
    numbers = []
    if page.paginator.num_pages > 1:
        for number in page.paginator.get_elided_page_range(page.number, on_each_side=2):
            if number == page.paginator.ELLIPSIS:
                numbers.append((number, None))
            else:
                numbers.append((number, _url(request, page=number)))
    current = page_size(request)
    return {
        "page": page,
        "numbers": numbers,
        "previous": _url(request, page=page.previous_page_number()) if page.has_previous() else "",
        "next": _url(request, page=page.next_page_number()) if page.has_next() else "",
        "sizes": [
            (size, _url(request, per_page=size, page=None), size == current) for size in PAGE_SIZES
        ],
    }


@register.inclusion_tag("includes/sort_header.html", takes_context=True)
def sort_th(context, key, label, css_class=""):
    """A column header that sorts the list by `key` (one of its FilterSet's `SortFilter` keys):
    ascending first, descending when clicked again, keeping the list's filters."""
    filterset = context.get("filter")
    current = current_keys(filterset) if filterset is not None else []
    primary = current[0] if current else None
    sort = sort_filter_of(filterset) if filterset is not None else None
    sortable = sort is not None and key in sort.sort_fields
    direction = None
    if primary and primary[0] == key:
        direction = "descending" if primary[1] else "ascending"
    target = f"-{key}" if direction == "ascending" else key
    return {
        "label": label,
        "css_class": css_class,
        "url": _url(context["request"], **{PARAM: target, "page": None}) if sortable else "",
        "direction": direction,
    }


@register.simple_tag(takes_context=True)
def kept_page_size(context) -> str:
    """A hidden `per_page` field for a list's filter form when the list shows a chosen page size,
    so that 查询 keeps it as the pager's links do."""
    request = context.get("request")
    chosen = request.GET.get("per_page") if request is not None else None
    if chosen not in {str(size) for size in PAGE_SIZES}:
        return ""
    return format_html('<input type="hidden" name="per_page" value="{}">', chosen)
