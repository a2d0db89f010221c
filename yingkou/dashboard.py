"""One definition per number: a dashboard count is the number of rows of the list it links to.

A row names the list (its URL, its FilterSet, its queryset) and the filter parameters of the link;
the count runs that same FilterSet over that same queryset with those same parameters, so the
number on the dashboard and the rows the link opens cannot drift apart."""

import datetime as dt
from collections.abc import Callable
from types import SimpleNamespace

from django.core.cache import cache
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language

# At city scale a home page's fifty counts and sums over whole tables take 0.3-1 s for every
# user (100,000 projects, README "City scale"); once the projects are counted by estimate
# (yingkou.paging) each user's figures are kept and the page says when they were taken. Figures
# older than DASHBOARD_SECONDS are computed again by the worker while the page shows the kept
# ones, so only a user's first visit (or one after DASHBOARD_KEEP_SECONDS away) waits for them.
# A smaller site computes them on every request, as before.
DASHBOARD_SECONDS = 60
DASHBOARD_KEEP_SECONDS = 15 * 60


def list_params(params: dict | None) -> QueryDict:
    query = QueryDict(mutable=True)
    for key, value in (params or {}).items():
        if isinstance(value, list | tuple):
            query.setlist(key, [str(v) for v in value])
        else:
            query[key] = str(value)
    return query


def linked_count(
    label, *, url_name: str, filterset, queryset, user, params: dict | None = None
) -> tuple:
    """(label, count, url) of a dashboard row counting the rows of a list page. The list view must
    build its rows as `filterset(request.GET, queryset=queryset, request=request).qs` (or show
    `queryset` itself when the list has no filters, `filterset=None`)."""
    query = list_params(params)
    if filterset is not None:
        queryset = filterset(query, queryset=queryset, request=SimpleNamespace(user=user)).qs
    count = queryset.count()
    url = reverse(url_name)
    if query:
        url = f"{url}?{query.urlencode()}"
    return (label, count, url)


def figures_kept(user, compute: Callable[[object], dict]) -> tuple[dict, dt.datetime | None]:
    """`compute(user)`, and the moment it was computed when it comes from the cache (None:
    computed now, on a site small enough to count exactly). `compute` is a module-level function
    (the worker imports it by name to refresh the figures)."""
    from yingkou.models import Project
    from yingkou.paging import estimated_count

    if estimated_count(Project.objects.all()) is None:
        return compute(user), None
    key = _key(user)
    kept = cache.get(key)
    if kept is None:
        return keep_figures(user, compute)
    if timezone.now() - kept[1] >= dt.timedelta(seconds=DASHBOARD_SECONDS) and cache.add(
        f"{key}:refreshing", True, DASHBOARD_SECONDS
    ):
        from yingkou.tasks import refresh_dashboard

        refresh_dashboard.delay(
            user.pk, f"{compute.__module__}.{compute.__qualname__}", get_language()
        )
        # Run in-process (no worker configured), the refresh is already there.
        kept = cache.get(key) or kept
    return kept


def keep_figures(user, compute: Callable[[object], dict]) -> tuple[dict, dt.datetime]:
    kept = (compute(user), timezone.now())
    key = _key(user)
    cache.set(key, kept, DASHBOARD_KEEP_SECONDS)
    cache.delete(f"{key}:refreshing")
    return kept


def _key(user) -> str:
    # The role and unit are part of the key: a user moved to another unit sees its figures.
    return f"dashboard:{user.pk}:{user.role}:{user.unit_id}:{get_language()}"
