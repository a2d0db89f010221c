"""A real SMTP server for tests (aiosmtpd), so email is proved over the wire."""

import email
import email.policy
import socket

import pytest


class Inbox:
    """Collects every message the server accepts."""

    def __init__(self):
        self.envelopes = []
        #: Addresses the server refuses (550), as a mailbox that is full or gone.
        self.refused: set[str] = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refused:
            return "550 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted"

    @property
    def messages(self) -> list[email.message.EmailMessage]:
        return [
            email.message_from_bytes(e.original_content or e.content, policy=email.policy.default)
            for e in self.envelopes
        ]

    @property
    def subjects(self) -> list[str]:
        # A folded encoded subject starts with the folding whitespace; clients drop it.
        return [m["Subject"].strip() for m in self.messages]

    def to(self, address: str) -> list[email.message.EmailMessage]:
        return [m for m in self.messages if address in m["To"]]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(settings, monkeypatch):
    """Starts an SMTP server on a free local port and points Django's email settings at it."""
    from aiosmtpd.controller import Controller
    from django.core.mail.utils import DNS_NAME

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    # Django names this machine in EHLO by a DNS lookup that can take seconds here.
    monkeypatch.setattr(DNS_NAME, "_fqdn", "localhost", raising=False)
    yield inbox
    controller.stop()
