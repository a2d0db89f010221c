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
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL (set DATABASE_URL)"
    ),
]


def race(*requests):
    """Run `(user, method, url, body)` requests at the same moment; return their responses in
    order. Each thread logs in on its own client and its own connection, as two browsers do."""
    barrier = threading.Barrier(len(requests))
    responses: list = [None] * len(requests)
    errors: list = []

    def send(index, user, method, url, body):
        client = api_as(user)
        try:
            barrier.wait()
            responses[index] = getattr(client, method)(url, body, format="json")
        except Exception as exc:  # reported in the test's own thread below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=send, args=(index, *request))
        for index, request in enumerate(requests)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return responses


def codes(responses) -> list[int]:
    return sorted(response.status_code for response in responses)


def race_pages(*requests):
    """`race` for page forms: `(user, url, data)` posted together as two browsers do; returns
    the responses in order."""
    from django.test import Client

    barrier = threading.Barrier(len(requests))
    responses: list = [None] * len(requests)
    errors: list = []

    def send(index, user, url, data):
        client = Client()
        client.force_login(user)
        try:
            barrier.wait()
            responses[index] = client.post(url, data)
        except Exception as exc:  # reported in the test's own thread below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=send, args=(index, *request))
        for index, request in enumerate(requests)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return responses


def together(*calls):
    """Run service calls (no-argument callables) at the same moment, each on its own database
    connection; return what each returned, or the exception it raised, in order."""
    barrier = threading.Barrier(len(calls))
    outcomes: list = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            outcomes[index] = call()
        except Exception as exc:  # the outcome the test asserts on
            outcomes[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes
