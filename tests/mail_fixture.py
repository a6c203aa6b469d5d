"""A real SMTP server for the mailing tests (aiosmtpd on 127.0.0.1) that keeps what it gets.

`refuse` holds recipient addresses the server answers with 550; `logins` holds the accepted
user/password pair when the server requires a login. With a certificate the server speaks TLS:
offered by STARTTLS (and required before MAIL and AUTH) or from the first byte (SMTP over SSL).
The certificates come from a throw-away CA (trustme); `trust` makes the client's
ssl.create_default_context() trust that CA the way a real installation trusts its CAs: through
OpenSSL's default verify paths, which read SSL_CERT_FILE and SSL_CERT_DIR.
"""

from __future__ import annotations

import asyncio
import socket
import ssl
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
import trustme
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
    channels: list[str] = field(default_factory=list)  # per message: plain | starttls | ssl

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
        self.channels.append(channel(server, session))
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


def channel(server: Any, session: Any) -> str:
    """How a message reached the server: "plain", "starttls" (the session was upgraded; aiosmtpd
    keeps the TLS state in `session.ssl`) or "ssl" (TLS from the first byte)."""
    transport = server.transport
    if transport is None or transport.get_extra_info("ssl_object") is None:
        return "plain"
    return "starttls" if session.ssl is not None else "ssl"


@dataclass
class SmtpServer:
    host: str
    port: int
    inbox: Inbox
    security: str = "none"

    def settings(self, **changes: Any) -> MailSettings:
        values: dict[str, Any] = {
            "host": self.host,
            "port": self.port,
            "security": self.security,
            "sender": "Nordlicht Trading <partners@nordlicht.example>",
            "reply_to": "accounts@nordlicht.example",
        }
        values.update(changes)
        return MailSettings(**values)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def serve(
    *, login: bool = False, security: str = "none", tls: ssl.SSLContext | None = None
) -> Iterator[SmtpServer]:
    """Run a server while the generator is open: an open relay, or with `login` one that
    wants user USER with password PASSWORD. `security` "starttls" offers STARTTLS and refuses
    MAIL and AUTH before it; "ssl" speaks TLS from the start; both need `tls`, a server context
    (`server_context`). Without TLS the login is plain AUTH. Test modules wrap it in a fixture:
    `yield from serve()`."""
    if (security == "none") != (tls is None):
        raise ValueError(f"security {security!r} with tls={tls!r}")
    inbox = Inbox()
    options: dict[str, Any] = {}
    if login:
        # aiosmtpd counts only STARTTLS as TLS for AUTH; over "ssl" the whole session is TLS.
        options = {"authenticator": _authenticator, "auth_required": True,
                   "auth_require_tls": security == "starttls"}  # fmt: skip
    if security == "starttls":
        options.update(tls_context=tls, require_starttls=True)
    elif security == "ssl":
        options.update(ssl_context=tls)
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, **options)
    controller.start()
    try:
        yield SmtpServer("127.0.0.1", port, inbox, security)
    finally:
        controller.stop()


def server_context(ca: trustme.CA, *names: str) -> ssl.SSLContext:
    """A server's TLS context with a certificate from `ca` for `names` (default: this
    machine, 127.0.0.1 and localhost)."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert(*(names or ("127.0.0.1", "localhost"))).configure_cert(context)
    return context


def trust(monkeypatch: pytest.MonkeyPatch, ca: trustme.CA, folder: Path) -> None:
    """From now on until the test ends, ssl.create_default_context() trusts `ca` and no other
    CA: SSL_CERT_FILE names its certificate, SSL_CERT_DIR an empty folder."""
    cafile = folder / "test-ca.pem"
    ca.cert_pem.write_to_path(str(cafile))
    empty = folder / "no-certs"
    empty.mkdir(exist_ok=True)
    monkeypatch.setenv("SSL_CERT_FILE", str(cafile))
    monkeypatch.setenv("SSL_CERT_DIR", str(empty))


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
