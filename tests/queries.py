"""Checking that a list runs the same number of SQL queries whatever its length."""

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext


def count_queries(call) -> int:
    # The session is saved at most once a minute (yingkou.idle_sessions); whether a request
    # saves it depends on the clock, not on the list, so here every request does.
    with override_settings(SESSION_RENEW_SECONDS=0), CaptureQueriesContext(connection) as context:
        response = call()
    status = getattr(response, "status_code", 200)
    assert status == 200, f"expected 200, got {status}"
    return len(context.captured_queries)


def assert_constant_queries(call, add_rows, small: int = 10, large: int = 200) -> None:
    """Run `call` with `small` rows, then with `large` rows (add_rows(n) adds n more); the number
    of queries must be the same."""
    add_rows(small)
    few = count_queries(call)
    add_rows(large - small)
    many = count_queries(call)
    assert few == many, f"{few} queries for {small} rows but {many} for {large}"


def _page_queries(client, url: str) -> tuple[str, list[str]]:
    """A page's text and the SQL of every query it ran (each request saving its session)."""
    with override_settings(SESSION_RENEW_SECONDS=0), CaptureQueriesContext(connection) as seen:
        response = client.get(url)
    assert response.status_code == 200, f"expected 200, got {response.status_code}"
    return response.content.decode(), [query["sql"] for query in seen.captured_queries]


def unit_reads(client, url: str) -> list[str]:
    """The SQL of every read of unit rows (`SELECT "yingkou_unit"."id"…`: a picker's options,
    the unit tree, whole units) a page runs; a page should never run one of them twice."""
    _page, queries = _page_queries(client, url)
    return [sql for sql in queries if sql.startswith('SELECT "yingkou_unit"."id"')]


def calendar_reads(client, url: str) -> tuple[str, list[str]]:
    """A page's text and the SQL of every read of the working-day calendar it ran (R-5's due
    days): a page should never read one range twice."""
    page, queries = _page_queries(client, url)
    return page, [sql for sql in queries if "yingkou_calendarday" in sql]
