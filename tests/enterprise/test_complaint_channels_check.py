"""E-4: the complaint telephone and mailbox the norm requires to be published
("在官方网站、民心网公布投诉、举报电话和信箱") cannot be silently left off the complaint form: the
system check warns in development and fails under the production settings."""

import pytest
from django.core import checks

from enterprise.checks import complaint_channels_published

PHONE, MAILBOX = "0417-12345", "tousu@yshj.yingkou.example"


def test_both_channels_set_pass(settings):
    settings.COMPLAINT_PHONE, settings.COMPLAINT_MAILBOX = PHONE, MAILBOX
    for production in (False, True):
        settings.IS_PRODUCTION = production
        assert complaint_channels_published() == []


@pytest.mark.parametrize(
    ("phone", "mailbox", "named", "not_named"),
    [
        ("", MAILBOX, "YINGKOU_COMPLAINT_PHONE", "YINGKOU_COMPLAINT_MAILBOX"),
        (PHONE, "  ", "YINGKOU_COMPLAINT_MAILBOX", "YINGKOU_COMPLAINT_PHONE"),
    ],
)
def test_a_missing_channel_is_named(settings, phone, mailbox, named, not_named):
    settings.COMPLAINT_PHONE, settings.COMPLAINT_MAILBOX = phone, mailbox
    [message] = complaint_channels_published()
    assert named in message.msg and not_named not in message.msg


def test_without_them_development_is_warned(settings):
    settings.COMPLAINT_PHONE = settings.COMPLAINT_MAILBOX = ""
    settings.IS_PRODUCTION = False
    [message] = complaint_channels_published()
    assert (message.level, message.id) == (checks.WARNING, "enterprise.W001")
    assert "YINGKOU_COMPLAINT_PHONE and YINGKOU_COMPLAINT_MAILBOX" in message.msg


def test_without_them_production_fails_the_check(settings):
    settings.COMPLAINT_PHONE = settings.COMPLAINT_MAILBOX = ""
    settings.IS_PRODUCTION = True
    [message] = complaint_channels_published()
    assert (message.level, message.id) == (checks.ERROR, "enterprise.E001")
    assert message.is_serious()


def test_the_check_is_registered(settings):
    settings.COMPLAINT_PHONE = settings.COMPLAINT_MAILBOX = ""
    settings.IS_PRODUCTION = True
    ids = {message.id for message in checks.run_checks()}
    assert "enterprise.E001" in ids
