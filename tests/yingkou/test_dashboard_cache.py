"""At city scale a user's dashboard figures are kept for a minute; a small site computes them on
every request."""

import datetime as dt
from types import SimpleNamespace

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import ProjectFactory
from yingkou import paging
from yingkou.dashboard import DASHBOARD_WAIT_SECONDS

pytestmark = pytest.mark.django_db


def figures_on(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    return response, len(queries)


def test_a_small_site_counts_on_every_request(client, owner, area):
    client.force_login(owner)
    first, _ = figures_on(client)
    ProjectFactory(owner_unit=area, landing_unit=area)
    second, _ = figures_on(client)
    assert second.context["totals"]["count"] == first.context["totals"]["count"] + 1
    assert second.context["taken_at"] is None
    assert "每分钟更新" not in second.content.decode()


def test_a_city_sized_site_keeps_each_users_figures_a_minute(client, owner, area, monkeypatch):
    client.force_login(owner)
    monkeypatch.setattr(paging, "estimated_count", lambda queryset: 100000)
    first, computed = figures_on(client)
    ProjectFactory(owner_unit=area, landing_unit=area)
    second, cached = figures_on(client)
    assert second.context["totals"] == first.context["totals"]  # not counted again
    assert cached < computed / 2
    assert "每分钟更新" in second.content.decode()
    assert second.context["taken_at"] == first.context["taken_at"]


def test_figures_older_than_a_minute_are_refreshed_by_the_worker_while_the_kept_ones_show(
    client, owner, area, monkeypatch
):

    from yingkou import tasks

    monkeypatch.setattr(paging, "estimated_count", lambda queryset: 100000)
    asked = []
    start = timezone.now()
    client.force_login(owner)
    with time_machine.travel(start, tick=False):
        first, _ = figures_on(client)  # in-process: no worker yet
    monkeypatch.setattr(tasks.refresh_dashboard, "delay", lambda *args: asked.append(args))
    ProjectFactory(owner_unit=area, landing_unit=area)
    with time_machine.travel(start + dt.timedelta(seconds=30), tick=False):
        figures_on(client)
    assert asked == []  # fresh enough
    with time_machine.travel(start + dt.timedelta(seconds=61), tick=False):
        stale, queries = figures_on(client)
        figures_on(client)
    # The page does not wait: it shows the kept figures and asks the worker once.
    assert stale.context["totals"] == first.context["totals"]
    assert len(asked) == 1
    user_id, compute, language = asked[0]
    assert (user_id, compute, language) == (
        owner.pk,
        "yingkou.home_figures.home_figures",
        "zh-hans",
    )
    with time_machine.travel(start + dt.timedelta(seconds=61), tick=False):
        tasks.refresh_dashboard(user_id, compute, language)  # what the worker runs
    with time_machine.travel(start + dt.timedelta(seconds=62), tick=False):
        fresh, _ = figures_on(client)
    assert fresh.context["totals"]["count"] == first.context["totals"]["count"] + 1
    assert len(asked) == 1


def test_without_a_worker_the_refresh_runs_in_the_request(client, owner, area, monkeypatch):

    monkeypatch.setattr(paging, "estimated_count", lambda queryset: 100000)
    start = timezone.now()
    client.force_login(owner)
    with time_machine.travel(start, tick=False):
        first, _ = figures_on(client)
    ProjectFactory(owner_unit=area, landing_unit=area)
    with time_machine.travel(start + dt.timedelta(seconds=61), tick=False):
        later, _ = figures_on(client)
    assert later.context["totals"]["count"] == first.context["totals"]["count"] + 1


@pytest.fixture
def worker(monkeypatch):
    """A worker that takes the refresh messages and runs them when the test says so."""
    from yingkou import tasks

    monkeypatch.setattr(paging, "estimated_count", lambda queryset: 100000)
    queue = []
    monkeypatch.setattr(tasks.refresh_dashboard, "delay", lambda *args: queue.append(args))

    def run():
        while queue:
            tasks.refresh_dashboard(*queue.pop(0))

    return SimpleNamespace(queue=queue, run=run)


def test_a_first_visit_does_not_wait_for_the_figures(client, owner, area, worker):
    ProjectFactory(owner_unit=area, landing_unit=area)
    client.force_login(owner)  # sign-in has asked the worker already
    assert len(worker.queue) == 1
    counting, queries = figures_on(client)
    figures_on(client)
    assert [t.name for t in counting.templates][0] == "home_counting.html"
    page = counting.content.decode()
    assert "正在统计本页的数字" in page and 'role="status"' in page and "js/counting.js" in page
    assert "可见项目" not in page
    assert queries < 10  # the session and the cache, no counting
    assert len(worker.queue) == 1  # not asked again by the page or its reloads
    worker.run()
    ready, _ = figures_on(client)
    assert ready.context["totals"]["count"] == 1
    assert "可见项目" in ready.content.decode()


def test_a_visit_without_sign_in_asks_the_worker_once(client, owner, area, worker):
    client.force_login(owner)
    worker.queue.clear()
    cache.clear()  # the figures kept earlier have expired
    figures_on(client)
    figures_on(client)
    assert len(worker.queue) == 1
    user_id, compute, language = worker.queue[0]
    assert (user_id, compute, language) == (
        owner.pk,
        "yingkou.home_figures.home_figures",
        "zh-hans",
    )


def test_a_worker_that_does_not_answer_in_time_leaves_the_counting_to_the_request(
    client, owner, area, worker
):
    ProjectFactory(owner_unit=area, landing_unit=area)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(owner)
        counting, _ = figures_on(client)
    assert "正在统计本页的数字" in counting.content.decode()
    with time_machine.travel(start + dt.timedelta(seconds=DASHBOARD_WAIT_SECONDS - 1), tick=False):
        still, _ = figures_on(client)
    assert "正在统计本页的数字" in still.content.decode()
    with time_machine.travel(start + dt.timedelta(seconds=DASHBOARD_WAIT_SECONDS), tick=False):
        computed, _ = figures_on(client)
    assert computed.context["totals"]["count"] == 1


def test_a_broker_that_refuses_the_message_leaves_the_counting_to_the_request(
    client, owner, area, monkeypatch
):
    from kombu.exceptions import OperationalError

    from yingkou import tasks

    def refused(*args):
        raise OperationalError("connection refused")

    monkeypatch.setattr(paging, "estimated_count", lambda queryset: 100000)
    monkeypatch.setattr(tasks.refresh_dashboard, "delay", refused)
    ProjectFactory(owner_unit=area, landing_unit=area)
    client.force_login(owner)  # the sign-in goes on
    response, _ = figures_on(client)
    assert response.status_code == 200
    assert response.context["totals"]["count"] == 1


def test_figures_the_worker_has_not_refreshed_are_dated_without_promising_an_update(
    client, owner, area, worker
):
    local = timezone.get_fixed_timezone(8 * 60)
    taken = dt.datetime(2026, 11, 14, 23, 59, 30, tzinfo=local)
    with time_machine.travel(taken, tick=False):
        client.force_login(owner)
        worker.run()
        page = client.get("/").content.decode()
    assert "以下数字统计于 23:59:30，每分钟更新。" in page
    with time_machine.travel(taken + dt.timedelta(seconds=50), tick=False):
        page = client.get("/").content.decode()  # the next day, still fresh: the date is shown
    assert "以下数字统计于 2026-11-14 23:59:30，每分钟更新。" in page
    with time_machine.travel(taken + dt.timedelta(minutes=4), tick=False):
        page = client.get("/").content.decode()  # the worker was asked and never answered
    assert "以下数字统计于 2026-11-14 23:59:30，此后尚未更新。" in page
    assert "每分钟更新" not in page
