"""One pager for every list page: a chosen page size and a page number that exists.

A page number past the end, or not a number, is a 404 rather than silently the last page, so a
stale link never shows rows the user did not ask for."""

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.http import Http404
from django.utils.translation import gettext as _

PAGE_SIZES = (20, 50, 100, 200)
DEFAULT_PAGE_SIZE = 50


def page_size(request, default: int = DEFAULT_PAGE_SIZE) -> int:
    try:
        size = int(request.GET.get("per_page", default))
    except ValueError:
        return default
    return size if size in PAGE_SIZES else default


def paginate(request, queryset, per_page: int | None = None) -> Page:
    paginator = Paginator(queryset, per_page or page_size(request))
    try:
        return paginator.page(request.GET.get("page") or 1)
    except (EmptyPage, PageNotAnInteger) as exc:
        raise Http404(
            _("没有第 %(page)s 页（共 %(pages)s 页）。")
            % {"page": request.GET.get("page"), "pages": paginator.num_pages}
        ) from exc
