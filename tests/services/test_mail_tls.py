"""STARTTLS and SSL against a real TLS server: aiosmtpd on 127.0.0.1 with a certificate from a
throw-away CA (trustme). The client is the product's own: `ssl.create_default_context()` trusts
the test CA only because SSL_CERT_FILE names it, as a workstation trusts its system CAs.

These tests are about the connection, not the store: they need no `postgres` marker (the
mailing suite, which conftest runs on PostgreSQL too, covers the audit rows there).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import trustme

from desktop_app.services.statements.mail_server import MailServerError, send_test_message
from desktop_app.services.statements.mailing import send_statements
from desktop_app.store.database import Store
from tests.mail_fixture import PASSWORD, USER, SmtpServer, serve, server_context, trust
from tests.services.test_statement_mailing import ADDRESSES, emailed_rows
from tests.services.test_statements_export import PaidRun, seed_run

TLS_MODES = ("starttls", "ssl")
UNTRUSTED = "secure connection failed (CERTIFICATE_VERIFY_FAILED)"


@pytest.fixture
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def trusted(ca: trustme.CA, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> trustme.CA:
    trust(monkeypatch, ca, tmp_path)
    return ca


@pytest.fixture(params=TLS_MODES)
def tls_server(request: pytest.FixtureRequest, ca: trustme.CA) -> Iterator[SmtpServer]:
    yield from serve(security=request.param, tls=server_context(ca))


@pytest.fixture
def paid(store: Store) -> PaidRun:
    return seed_run(store)


def cannot_connect(server: SmtpServer, reason: str) -> str:
    return f"cannot connect to the mail server {server.host} port {server.port}: {reason}"


def test_statements_arrive_over_tls(
    paid: PaidRun, tls_server: SmtpServer, trusted: trustme.CA
) -> None:
    report = send_statements(paid.store, paid.run_id, tls_server.settings(), "")
    assert len(report.sent) == 4 and not report.failed
    inbox = tls_server.inbox
    assert sorted(inbox.recipients) == sorted(ADDRESSES)
    # The server saw every message inside TLS: upgraded by STARTTLS, or TLS from the start.
    assert inbox.channels == [tls_server.security] * 4
    for message in inbox.messages:
        [pdf] = message.iter_attachments()
        assert pdf.get_content().startswith(b"%PDF")
    assert len(emailed_rows(paid.store, paid.run_id)) == 4


def test_test_message_arrives_over_tls(tls_server: SmtpServer, trusted: trustme.CA) -> None:
    message_id = send_test_message(tls_server.settings(), "", "me@nordlicht.example")
    [message] = tls_server.inbox.messages
    assert message["Message-ID"] == message_id
    body = message.get_body(("plain",))
    assert body is not None and f"security {tls_server.security}" in body.get_content()
    assert tls_server.inbox.channels == [tls_server.security]


def test_login_after_starttls_when_the_server_wants_tls_first(
    paid: PaidRun, ca: trustme.CA, trusted: trustme.CA
) -> None:
    """The server offers AUTH only inside TLS (aiosmtpd's auth_require_tls)."""
    for server in serve(login=True, security="starttls", tls=server_context(ca)):
        settings = server.settings(username=USER)
        with pytest.raises(MailServerError) as caught:
            send_statements(paid.store, paid.run_id, settings, "wrong-Secret-42")
        text = str(caught.value)
        assert text.startswith(f"the mail server 127.0.0.1 port {server.port} refused the login")
        assert "wrong-Secret-42" not in text
        report = send_statements(paid.store, paid.run_id, settings, PASSWORD)
        assert len(report.sent) == 4
        assert server.inbox.channels == ["starttls"] * 4


def test_no_login_before_tls_says_to_choose_a_secure_connection(
    ca: trustme.CA, trusted: trustme.CA
) -> None:
    """Security "none" against a server that offers AUTH only after STARTTLS (port 587 style):
    smtplib says "not supported", which must not read as a missing STARTTLS."""
    for server in serve(login=True, security="starttls", tls=server_context(ca)):
        settings = server.settings(username=USER, security="none")
        with pytest.raises(MailServerError) as caught:
            send_test_message(settings, PASSWORD, "me@nordlicht.example")
        assert str(caught.value) == (
            f"the mail server 127.0.0.1 port {server.port} offers no login on this connection; "
            "choose security 'starttls' (usually port 587) or 'ssl' (usually port 465): many "
            "servers offer the login only on a secure connection"
        )
        assert server.inbox.envelopes == []


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_login_over_ssl(ca: trustme.CA, trusted: trustme.CA) -> None:
    for server in serve(login=True, security="ssl", tls=server_context(ca)):
        settings = server.settings(username=USER)
        send_test_message(settings, PASSWORD, "me@nordlicht.example")
        assert server.inbox.channels == ["ssl"]


@pytest.mark.parametrize("client_trusts", ["another CA", "only the system CAs"])
def test_untrusted_certificate_is_refused_and_nothing_is_sent(
    paid: PaidRun,
    tls_server: SmtpServer,
    client_trusts: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    if client_trusts == "another CA":
        trust(monkeypatch, trustme.CA(), tmp_path)
    else:
        monkeypatch.delenv("SSL_CERT_FILE", raising=False)
        monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    with pytest.raises(MailServerError) as caught:
        send_statements(paid.store, paid.run_id, tls_server.settings(), "")
    assert str(caught.value) == cannot_connect(tls_server, UNTRUSTED)
    with pytest.raises(MailServerError) as caught:
        send_test_message(tls_server.settings(), "", "me@nordlicht.example")
    assert str(caught.value) == cannot_connect(tls_server, UNTRUSTED)
    assert tls_server.inbox.envelopes == []
    assert emailed_rows(paid.store, paid.run_id) == []


@pytest.mark.parametrize("security", TLS_MODES)
def test_certificate_for_another_host_is_refused(
    ca: trustme.CA, trusted: trustme.CA, security: str
) -> None:
    """Signed by a trusted CA, but for mail.nordlicht.example, not for 127.0.0.1."""
    for server in serve(security=security, tls=server_context(ca, "mail.nordlicht.example")):
        with pytest.raises(MailServerError) as caught:
            send_test_message(server.settings(), "", "me@nordlicht.example")
        assert str(caught.value) == cannot_connect(server, UNTRUSTED)
        assert server.inbox.envelopes == []


def test_ssl_against_a_plain_server_says_the_secure_connection_failed(
    trusted: trustme.CA,
) -> None:
    """Security "ssl" on a port that speaks plain SMTP (e.g. 587 or 25)."""
    for server in serve():
        with pytest.raises(MailServerError) as caught:
            send_test_message(server.settings(security="ssl"), "", "me@nordlicht.example")
        assert str(caught.value).startswith(cannot_connect(server, "secure connection failed ("))
        assert server.inbox.envelopes == []
