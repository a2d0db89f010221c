"""One definition per number: a dashboard count is the number of rows of the list it links to.

A row names the list (its URL, its FilterSet, its queryset) and the filter parameters of the link;
the count runs that same FilterSet over that same queryset with those same parameters, so the
number on the dashboard and the rows the link opens cannot drift apart."""

import datetime as dt
import logging
from collections.abc import Callable
from types import SimpleNamespace

from django.contrib.auth import user_logged_in
from django.core.cache import cache
from django.dispatch import receiver
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language

logger = logging.getLogger(__name__)

# At city scale a home page's fifty counts and sums over whole tables take 0.3-1 s for every
# user (100,000 projects, README "City scale"); once the projects are counted by estimate
# (yingkou.paging) each user's figures are kept and the page says when they were taken. Figures
# older than DASHBOARD_SECONDS are computed again by the worker while the page shows the kept
# ones. When none are kept (a first visit, or one after DASHBOARD_KEEP_SECONDS away) the worker
# computes them too, starting at sign-in: the page says they are being counted and asks again,
# so no request waits for them. Should the worker not have answered within
# DASHBOARD_WAIT_SECONDS (stopped or swamped), the request computes them itself: a dashboard is
# never left empty. A smaller site computes them on every request, as before.
DASHBOARD_SECONDS = 60
DASHBOARD_KEEP_SECONDS = 15 * 60
DASHBOARD_WAIT_SECONDS = 10
# Kept figures this old have missed two refreshes (worker stopped or swamped): the page then
# says when they were taken and no longer promises a refresh every minute.
DASHBOARD_STALE_SECONDS = 3 * DASHBOARD_SECONDS


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


def figures_kept(user, compute: Callable[[object], dict]) -> tuple[dict | None, dt.datetime | None]:
    """`compute(user)`, and the moment it was computed when it comes from the cache (None:
    computed now, on a site small enough to count exactly). (None, None): the worker is
    computing them; the page says so and asks again. `compute` is a module-level function (the
    worker imports it by name)."""
    if not at_city_scale():
        return compute(user), None
    key = _key(user)
    kept = cache.get(key)
    if kept is None:
        return _first_fill(user, compute, key)
    if timezone.now() - kept[1] >= dt.timedelta(seconds=DASHBOARD_SECONDS) and cache.add(
        f"{key}:refreshing", True, DASHBOARD_SECONDS
    ):
        _ask_worker(user, compute)
        # Run in-process (no worker configured), the refresh is already there.
        kept = cache.get(key) or kept
    return kept


def figures_age(taken_at: dt.datetime, now: dt.datetime | None = None) -> dict:
    """How the page describes kept figures: `format`, the time alone when they were taken
    today (local time), else the date and time; `stale`, older than DASHBOARD_STALE_SECONDS, so
    not refreshed as the page would promise."""
    now = now or timezone.now()
    today = timezone.localdate(taken_at) == timezone.localdate(now)
    return {
        "format": "H:i:s" if today else "Y-m-d H:i:s",
        "stale": now - taken_at > dt.timedelta(seconds=DASHBOARD_STALE_SECONDS),
    }


def at_city_scale() -> bool:
    """Projects counted by estimate (yingkou.paging): large enough to keep figures."""
    from yingkou.models import Project
    from yingkou.paging import estimated_count

    return estimated_count(Project.objects.all()) is not None


def prepare_figures(user, compute: Callable[[object], dict]) -> None:
    """Have the worker compute the user's figures now (at sign-in), unless they are kept or
    already being computed, so that they are ready when the home page opens."""
    if at_city_scale() and cache.get(_key(user)) is None:
        _first_fill(user, compute, _key(user))


def _first_fill(user, compute, key: str) -> tuple[dict | None, dt.datetime | None]:
    waiting = f"{key}:waiting"
    asked_at = cache.get(waiting)
    if asked_at is None:
        cache.set(waiting, timezone.now(), DASHBOARD_KEEP_SECONDS)
        if not _ask_worker(user, compute):
            return keep_figures(user, compute)
        # In-process (no worker configured) they are already computed.
        return cache.get(key) or (None, None)
    if timezone.now() - asked_at >= dt.timedelta(seconds=DASHBOARD_WAIT_SECONDS):
        return keep_figures(user, compute)
    return None, None


def _ask_worker(user, compute) -> bool:
    """Queue the refresh; False when the broker cannot take it (the caller computes them)."""
    from kombu.exceptions import OperationalError

    from yingkou.tasks import refresh_dashboard

    try:
        refresh_dashboard.delay(
            user.pk, f"{compute.__module__}.{compute.__qualname__}", get_language()
        )
    except OperationalError:
        logger.warning("dashboard refresh not queued: broker unavailable", exc_info=True)
        return False
    return True


def keep_figures(user, compute: Callable[[object], dict]) -> tuple[dict, dt.datetime]:
    kept = (compute(user), timezone.now())
    key = _key(user)
    cache.set(key, kept, DASHBOARD_KEEP_SECONDS)
    cache.delete_many([f"{key}:refreshing", f"{key}:waiting"])
    return kept


def _key(user) -> str:
    # The role and unit are part of the key: a user moved to another unit sees its figures.
    return f"dashboard:{user.pk}:{user.role}:{user.unit_id}:{get_language()}"


@receiver(user_logged_in)
def _prepare_at_sign_in(sender, request, user, **kwargs):
    """A sign-in lands on the home page: its figures are started now."""
    from yingkou.home_figures import home_figures

    try:
        prepare_figures(user, home_figures)
    except Exception:  # the figures are computed on the page then; the sign-in goes on
        logger.exception("dashboard figures not prepared at sign-in")
