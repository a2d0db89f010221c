"""The level-3 baseline (网络安全等级保护 2.0): idle sessions end, passwords are strong, a password
an administrator set is changed at first login, demo data never reaches production."""

import datetime as dt
import io

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from yingkou.models import User

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("password", ["yingkou2017", "Yk2017!", "abcdefgh", "ABCDEFGH12"])
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


@pytest.mark.parametrize("password", ["Yingkou2017", "kx7#pq2!mz", "Hai-Feng-xq"])
def test_eight_characters_of_three_classes_pass(password):
    validate_password(password)


def test_the_demo_password_passes_the_rule():
    validate_password(settings.DEMO_PASSWORD)


def test_a_session_ends_after_30_idle_minutes(client, owner):
    from yingkou.settings import base

    assert base.SESSION_COOKIE_AGE == 30 * 60
    start = timezone.now()
    with override_settings(SESSION_COOKIE_AGE=base.SESSION_COOKIE_AGE):
        client.force_login(owner)
        assert client.session.get_expiry_age() == 30 * 60
        assert client.get("/").status_code == 200
        # Each request starts the 30 minutes again: 45 minutes after signing in, 25 after the
        # last request, the session still holds; 31 idle minutes later it has ended.
        with time_machine.travel(start + dt.timedelta(minutes=20)):
            assert client.get("/").status_code == 200
        with time_machine.travel(start + dt.timedelta(minutes=45)):
            assert client.get("/").status_code == 200
        with time_machine.travel(start + dt.timedelta(minutes=76)):
            assert client.get("/").status_code == 302  # back to the login page


def test_a_click_within_a_minute_of_the_last_does_not_write_the_session(client, owner):
    client.force_login(owner)
    start = timezone.now()

    def session_writes():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/").status_code == 200
        return [
            q["sql"]
            for q in queries.captured_queries
            if "django_session" in q["sql"] and not q["sql"].lstrip().startswith("SELECT")
        ]

    with time_machine.travel(start, tick=False):
        assert session_writes()  # the first request after signing in restarts the period
    with time_machine.travel(start + dt.timedelta(seconds=30), tick=False):
        assert session_writes() == []
    with time_machine.travel(start + dt.timedelta(seconds=61), tick=False):
        assert session_writes()


def test_an_account_made_by_an_administrator_changes_its_password_first(client):
    admin = User.objects.create_superuser("root", password="Root-pass-2026")
    client.force_login(admin)
    response = client.post(
        reverse("admin:yingkou_user_add"),
        {"username": "newstaff", "password1": "Temp-pass-2026", "password2": "Temp-pass-2026"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(username="newstaff")
    assert user.must_change_password
    client.force_login(user)
    assert client.get("/").url.startswith(reverse("password_change"))
    assert client.get("/api/v1/projects/").status_code == 403
    client.post(
        reverse("password_change"),
        {
            "old_password": "Temp-pass-2026",
            "new_password1": "Own-secret-77",
            "new_password2": "Own-secret-77",
        },
    )
    user.refresh_from_db()
    assert not user.must_change_password
    assert client.get("/").status_code == 200


def test_demo_users_are_not_forced_to_change_their_password(client):
    call_command("seed_demo", projects=0, stdout=io.StringIO())
    staff = User.objects.get(username="staff")
    assert not staff.must_change_password and staff.check_password(settings.DEMO_PASSWORD)


@override_settings(IS_PRODUCTION=True)
def test_seed_demo_refuses_production():
    with pytest.raises(CommandError, match="生产环境"):
        call_command("seed_demo", projects=0, stdout=io.StringIO())
    assert not User.objects.filter(username="staff").exists()
