"""Requests released together from separate threads, each on its own database connection.

Row locks only mean something on a database that takes them: these tests run on PostgreSQL (CI's
second pass, or DATABASE_URL locally) and are skipped on SQLite, which serialises every write.
"""

import threading

import pytest
from django.db import connection, connections

from tests.conftest import api_as

postgres_only = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL (set DATABASE_URL)"
    ),
]


def _released_together(calls, *, raise_errors: bool) -> list:
    """Call each no-argument callable in its own thread, all released by one barrier, each on
    its own database connection; return their results in order. An exception is raised after
    all have finished (`raise_errors`) or returned in its place."""
    barrier = threading.Barrier(len(calls))
    outcomes: list = [None] * len(calls)
    errors: list = []

    def run(index, call):
        try:
            barrier.wait()
            outcomes[index] = call()
        except Exception as exc:  # reported in the test's own thread below
            outcomes[index] = exc
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if raise_errors and errors:
        raise errors[0]
    return outcomes


def race(*requests):
    """Run `(user, method, url, body)` requests at the same moment; return their responses in
    order. Each thread logs in on its own client and its own connection, as two browsers do."""

    def sender(user, method, url, body):
        client = api_as(user)  # logged in before the barrier, as a browser already is
        return lambda: getattr(client, method)(url, body, format="json")

    return _released_together([sender(*request) for request in requests], raise_errors=True)


def codes(responses) -> list[int]:
    return sorted(response.status_code for response in responses)


def race_pages(*requests):
    """`race` for page forms: `(user, url, data)` posted together as two browsers do; returns
    the responses in order."""
    from django.test import Client

    def sender(user, url, data):
        client = Client()
        client.force_login(user)
        return lambda: client.post(url, data)

    return _released_together([sender(*request) for request in requests], raise_errors=True)


def together(*calls):
    """Run service calls (no-argument callables) at the same moment, each on its own database
    connection; return what each returned, or the exception it raised, in order."""
    return _released_together(list(calls), raise_errors=False)
