"""One pager for every list page: a chosen page size and a page number that exists.

A page number past the end (a stale link, or a list that others shortened meanwhile by doing
its rows) is the last page, never silently: a GET is sent on to the last page's address, so the
address bar and the pager say which page is shown; a form posted from the list and refused
draws the list again on its last page, whose forms post to that page (`shown_query`). A page
number that is not a number, or below 1, was never a page of the list: 404.

The count of a whole table (a city-wide user's unfiltered list) is PostgreSQL's estimate once the
table is large: counting 100,000 rows exactly costs more than the page itself, and nobody needs
the exact total to page through them. A filtered list, or any list of unit staff, counts exactly."""

from dataclasses import dataclass

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db import connections
from django.http import Http404, HttpResponseRedirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

PAGE_SIZES = (20, 50, 100, 200)
DEFAULT_PAGE_SIZE = 50

#: Rows of a queue shown apart from its list (a unit's 待办, the questions escalated to it); the
#: rest are on the list, which its link opens filtered to the queue.
QUEUE_ROWS = 50


# Below this many rows an exact count is cheap and the estimate would show on small sites.
ESTIMATE_ABOVE = 20000


def estimated_count(queryset) -> int | None:
    """The planner's row count of the queryset's table when the queryset is the whole table on
    PostgreSQL (no filter, join or grouping), and above ESTIMATE_ABOVE; else None."""
    query = queryset.query
    connection = connections[queryset.db]
    if (
        connection.vendor != "postgresql"
        or query.where
        or query.distinct
        or query.combinator
        or query.group_by
        or query.is_sliced
    ):
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
            [queryset.model._meta.db_table],
        )
        row = cursor.fetchone()
    estimate = row[0] if row else -1
    return estimate if estimate > ESTIMATE_ABOVE else None


def cheap_count(queryset) -> int:
    estimate = estimated_count(queryset)
    return queryset.count() if estimate is None else estimate


class EstimatingPaginator(Paginator):
    """A paginator whose count is `cheap_count` (an estimate only for a whole large table)."""

    @cached_property
    def count(self) -> int:
        if hasattr(self.object_list, "query"):
            return cheap_count(self.object_list)
        return super().count


# A page is read with OFFSET, which reads and drops every row before it: at 100,000 projects page
# 500 took as long as twenty first pages. The pages of a list go this deep and no deeper; the
# rows beyond are found by filtering or sorting (or in the export, which has them all).
MAX_ROWS_PAGED = 5000


class BoundedPaginator(EstimatingPaginator):
    """The pages of a list page: as many as hold the first MAX_ROWS_PAGED rows."""

    @cached_property
    def num_pages(self) -> int:
        return min(super().num_pages, self.max_pages)

    @property
    def max_pages(self) -> int:
        return max(1, -(-MAX_ROWS_PAGED // self.per_page))

    @property
    def is_bounded(self) -> bool:
        """Whether some rows lie beyond the last page offered."""
        return self.count > self.num_pages * self.per_page


def with_page_figures(queryset, keys: list, annotate) -> list:
    """The rows `keys` of `queryset` (one page, in its order) with the figures `annotate` adds.

    A list with figures (counts and sums in subqueries, more joined rows) picks its page on its
    own rows first and then adds the figures to that page alone: asked of the whole list, the
    database computed and sorted them for every row (a unit's 2,758 assistance cases at 100,000
    projects: 90-105 ms for a page of 50, against 26 + 3 ms in two steps). The keys come from
    `queryset` itself, so its filters (the user's visibility among them) are not asked again."""
    rows = {row.pk: row for row in annotate(queryset.model._default_manager.filter(pk__in=keys))}
    return [rows[key] for key in keys if key in rows]


def same_rows(queryset, base) -> bool:
    """Whether `queryset` is `base` with no filter added (sorting aside): a summary or the keys
    of such a list may be ones kept for `base`."""
    return len(queryset.query.where.children) == len(base.query.where.children)


def page_size(request, default: int = DEFAULT_PAGE_SIZE) -> int:
    try:
        size = int(request.GET.get("per_page", default))
    except ValueError:
        return default
    return size if size in PAGE_SIZES else default


def paginate(
    request,
    queryset,
    per_page: int | None = None,
    *,
    bounded: bool = True,
    count: int | None = None,
) -> Page:
    """A page of `queryset` (or of a list). `bounded=False` for rows already in memory (a
    report's rows): a deep page costs nothing there, so every page is offered. `count` is the
    number of rows when the page already knows it from figures it shows, so the database does
    not count them again. A page number past the last page is the last page (`_last_page`),
    at no query more than the page's count."""
    paginator = (BoundedPaginator if bounded else EstimatingPaginator)(
        queryset, per_page or page_size(request)
    )
    if count is not None:
        paginator.count = count
    asked = request.GET.get("page") or 1
    try:
        return paginator.page(asked)
    except EmptyPage as exc:
        # The paginator read `asked` as a number, so int() does too.
        if int(asked) > paginator.num_pages:
            return _last_page(request, paginator, exc)
        raise _no_such_page(asked, paginator) from exc
    except PageNotAnInteger as exc:
        raise _no_such_page(asked, paginator) from exc


def _last_page(request, paginator: Paginator, asked_past: EmptyPage) -> Page:
    """The last page for a page number past it: a GET is sent on to its address (the rest of
    the query kept); a form posted from the list (a row's refused decision, whose address is
    the list's query) is answered with the list drawn again, so it is shown on that page."""
    last = paginator.num_pages
    if request.method in ("GET", "HEAD"):
        query = request.GET.copy()
        query["page"] = last
        raise PastLastPage(f"{request.path}?{query.urlencode()}") from asked_past
    return paginator.page(last)


def shown_query(request, page: Page) -> str:
    """The request's query string naming the page shown: a form posted from a page past the end
    and refused is drawn on the last page (`_last_page`), and a form of that page posts to it,
    not again to the number past the end. Other pages' query is the request's as it is."""
    query = request.GET
    if query.get("page", str(page.number)) != str(page.number):
        query = query.copy()
        query["page"] = page.number
    return query.urlencode()


def _no_such_page(asked, paginator: Paginator) -> Http404:
    return Http404(
        _("没有第 %(page)s 页（共 %(pages)s 页）。") % {"page": asked, "pages": paginator.num_pages}
    )


class PastLastPage(Http404):
    """A GET of a list for a page past its last: `LastPageMiddleware` sends it on to `url`, the
    last page. A 404 wherever it is not (a view that answers its own errors)."""

    def __init__(self, url: str):
        super().__init__(url)
        self.url = url


class LastPageMiddleware:
    """Answers `PastLastPage` with a redirect to the last page, for every view that pages with
    `paginate`: the view stops where its page would have been cut, the count it has read being
    all the redirect costs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, PastLastPage):
            return HttpResponseRedirect(exception.url)
        return None


@dataclass(frozen=True)
class QueueHead:
    """The first rows of a queue, most urgent first, how many it holds and the address of the
    list holding them all (`includes/queue_head.html` says so above the rows): cut without a
    word, a unit owed more than a page never saw the rest."""

    rows: list
    total: int
    url: str


def queue_head(queryset, *, url: str) -> QueueHead:
    """The first QUEUE_ROWS rows of `queryset`, in its order, and its count."""
    return QueueHead(rows=list(queryset[:QUEUE_ROWS]), total=queryset.count(), url=url)
