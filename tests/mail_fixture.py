"""A real SMTP server for the mailing tests (aiosmtpd on 127.0.0.1) that keeps what it gets.

`refuse` holds recipient addresses the server answers with 550; `logins` holds the accepted
user/password pair when the server requires a login.
"""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from desktop_app.services.statements.mail_settings import MailSettings


@dataclass
class Inbox:
    """The aiosmtpd handler: accepts everything except the refused recipients. With
    `hold_after` set, the message after that many keeps the sender waiting in DATA until
    `release` is set (a slow server, so a test can press Cancel while a message is on its way)."""

    refuse: set[str] = field(default_factory=set)
    envelopes: list[Any] = field(default_factory=list)
    hold_after: int | None = None
    release: threading.Event = field(default_factory=threading.Event)
    waiting: threading.Event = field(default_factory=threading.Event)

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: Any
    ) -> str:
        if address in self.refuse:
            return "550 5.1.1 <" + address + ">: mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.hold_after is not None and len(self.envelopes) >= self.hold_after:
            self.waiting.set()
            while not self.release.is_set():
                await asyncio.sleep(0.01)
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    @property
    def messages(self) -> list[EmailMessage]:
        return [
            message_from_bytes(e.original_content or e.content, policy=policy.default)  # type: ignore[misc]
            for e in self.envelopes
        ]

    @property
    def recipients(self) -> list[str]:
        return [address for e in self.envelopes for address in e.rcpt_tos]


@dataclass
class SmtpServer:
    host: str
    port: int
    inbox: Inbox

    def settings(self, **changes: Any) -> MailSettings:
        values: dict[str, Any] = {
            "host": self.host,
            "port": self.port,
            "security": "none",
            "sender": "Nordlicht Trading <partners@nordlicht.example>",
            "reply_to": "accounts@nordlicht.example",
        }
        values.update(changes)
        return MailSettings(**values)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def serve(*, login: bool = False) -> Iterator[SmtpServer]:
    """Run a server while the generator is open: an open relay, or with `login` one that
    wants user USER with password PASSWORD (plain AUTH, no TLS). Test modules wrap it in a
    fixture: `yield from serve()`."""
    inbox = Inbox()
    options: dict[str, Any] = {}
    if login:
        options = {"authenticator": _authenticator, "auth_required": True,
                   "auth_require_tls": False}  # fmt: skip
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, **options)
    controller.start()
    try:
        yield SmtpServer("127.0.0.1", port, inbox)
    finally:
        controller.stop()


USER, PASSWORD = "shop", "s3cret-Passw0rd"


def _authenticator(
    server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
) -> AuthResult:
    ok = (
        isinstance(auth_data, LoginPassword)
        and auth_data.login == USER.encode()
        and auth_data.password == PASSWORD.encode()
    )
    return AuthResult(success=ok, handled=False)
