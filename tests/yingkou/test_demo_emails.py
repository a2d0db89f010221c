"""The demo shows its notices as emails too: every demo account has an address at the reserved
domain example.org (RFC 2606), set once, so a second `seed_demo` changes nothing."""

import io

import pytest
from django.core.management import call_command

from yingkou.choices import NotificationKind
from yingkou.models import User
from yingkou.notifications import notify

pytestmark = pytest.mark.django_db


def test_every_demo_account_has_a_reserved_address_and_notices_are_emailed(
    mailoutbox, django_capture_on_commit_callbacks
):
    call_command("seed_demo", projects=0, stdout=io.StringIO())
    addresses = dict(User.objects.values_list("username", "email"))
    assert {"staff", "reviewer", "drc", "leader", "admin"} <= set(addresses)
    assert [name for name, email in addresses.items() if email != f"{name}@example.org"] == []

    call_command("seed_demo", projects=0, stdout=io.StringIO())
    assert dict(User.objects.values_list("username", "email")) == addresses

    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            kind=NotificationKind.ITEM_OVERDUE,
            title="投诉办理已逾期",
            key="demo:email",
            users=[User.objects.get(username="staff")],
        )
    assert [message.to for message in mailoutbox] == [["staff@example.org"]]


def test_an_address_already_set_is_kept(django_user_model):
    from yingkou.demo import demo_emails

    kept = django_user_model.objects.create(username="kept", email="kept@yingkou.example.org")
    empty = django_user_model.objects.create(username="empty")
    assert demo_emails() == 1
    kept.refresh_from_db(), empty.refresh_from_db()
    assert (kept.email, empty.email) == ("kept@yingkou.example.org", "empty@example.org")
