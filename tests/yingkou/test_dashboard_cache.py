"""At city scale a user's dashboard figures are kept for a minute; a small site computes them on
every request."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ProjectFactory
from yingkou import paging

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
    monkeypatch.setattr(paging, "estimated_count", lambda queryset: 100000)
    client.force_login(owner)
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
    import datetime as dt

    import time_machine
    from django.utils import timezone

    from yingkou import tasks

    monkeypatch.setattr(paging, "estimated_count", lambda queryset: 100000)
    asked = []
    monkeypatch.setattr(tasks.refresh_dashboard, "delay", lambda *args: asked.append(args))
    start = timezone.now()
    client.force_login(owner)
    with time_machine.travel(start, tick=False):
        first, _ = figures_on(client)
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
    assert (user_id, compute, language) == (owner.pk, "yingkou.views.home._figures", "zh-hans")
    with time_machine.travel(start + dt.timedelta(seconds=61), tick=False):
        tasks.refresh_dashboard(user_id, compute, language)  # what the worker runs
    with time_machine.travel(start + dt.timedelta(seconds=62), tick=False):
        fresh, _ = figures_on(client)
    assert fresh.context["totals"]["count"] == first.context["totals"]["count"] + 1
    assert len(asked) == 1


def test_without_a_worker_the_refresh_runs_in_the_request(client, owner, area, monkeypatch):
    import datetime as dt

    import time_machine
    from django.utils import timezone

    monkeypatch.setattr(paging, "estimated_count", lambda queryset: 100000)
    start = timezone.now()
    client.force_login(owner)
    with time_machine.travel(start, tick=False):
        first, _ = figures_on(client)
    ProjectFactory(owner_unit=area, landing_unit=area)
    with time_machine.travel(start + dt.timedelta(seconds=61), tick=False):
        later, _ = figures_on(client)
    assert later.context["totals"]["count"] == first.context["totals"]["count"] + 1
