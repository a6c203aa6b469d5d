"""E-mailing statements through a real SMTP server (aiosmtpd on 127.0.0.1) from a real store."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from desktop_app.errors import UserError, ValidationError
from desktop_app.services import audit, merchant, partners, payouts
from desktop_app.services.statements.export import export_statements
from desktop_app.services.statements.mail_recipients import (
    EMAILED,
    last_emailed,
    run_recipients,
)
from desktop_app.services.statements.mail_server import MailServerError, send_test_message
from desktop_app.services.statements.mailing import (
    MailingCancelled,
    dry_run,
    send_statements,
)
from desktop_app.store.database import Store
from tests.mail_fixture import PASSWORD, SmtpServer, free_port, serve
from tests.services.test_statements_export import PaidRun, seed_run

ADDRESSES = {"zoe@example.com", "dima@example.com", "small@example.com", "-cmd@example.com"}


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    yield from serve()


@pytest.fixture
def smtp_login_server() -> Iterator[SmtpServer]:
    yield from serve(login=True)


@pytest.fixture
def paid(store: Store) -> PaidRun:
    return seed_run(store)


def set_email(store: Store, partner_id: int, email: str) -> None:
    from dataclasses import asdict

    from desktop_app.domain.partners import PartnerInput

    with store.transaction() as session:
        p = partners.get_partner(session, partner_id)
        fields = {k: v for k, v in asdict(p).items() if k in PartnerInput.__dataclass_fields__}
        partners.update_partner(session, partner_id, PartnerInput(**{**fields, "email": email}))


def emailed_rows(store: Store, run_id: int) -> list[audit.AuditEntry]:
    with store.transaction() as session:
        rows = audit.entries(session, entity="payout_run")
    return [r for r in rows if r.action == EMAILED and r.entity_id == run_id]


def test_each_partner_gets_their_statement_as_exported(
    paid: PaidRun, smtp_server: SmtpServer, tmp_path: Path
) -> None:
    seen: list[tuple[int, int]] = []
    report = send_statements(
        paid.store,
        paid.run_id,
        smtp_server.settings(),
        "",
        progress=lambda d, t: seen.append((d, t)),
    )
    assert len(report.sent) == 4 and not report.skipped and not report.failed
    assert seen[0] == (0, 4) and seen[-1] == (4, 4)
    inbox = smtp_server.inbox
    assert sorted(inbox.recipients) == sorted(ADDRESSES)
    exported = {
        p.name: p.read_bytes() for p in export_statements(paid.store, paid.run_id, tmp_path).value
    }
    by_to = {m["To"].addresses[0].addr_spec: m for m in inbox.messages}
    dima = by_to["dima@example.com"]
    # the merchant keeps the default texts and the statements speak German: so does the mail
    assert dima["Subject"] == "Provisionsabrechnung 2026-10 – Nordlicht Trading"
    assert dima["From"] == "Nordlicht Trading <partners@nordlicht.example>"
    assert dima["Reply-To"] == "accounts@nordlicht.example"
    assert dima["To"].addresses[0].display_name == "Дмитрий Иванов"
    body = dima.get_body(("plain",)).get_content()
    assert "Guten Tag Дмитрий Иванов," in body
    assert "307,20\xa0€" in body  # the payable, in the merchant's (German) format
    assert "Nordlicht Trading" in body and "{" not in body
    for message in inbox.messages:
        [attachment] = list(message.iter_attachments())
        name = attachment.get_filename()
        assert attachment.get_content_type() == "application/pdf"
        assert attachment.get_content() == exported[name], name
    assert by_to["zoe@example.com"].get_payload()[1].get_filename() == "2026-10_ZOE10.pdf"
    rows = emailed_rows(paid.store, paid.run_id)
    assert len(rows) == 4
    zoe = next(r for r in rows if r.partner_id == paid.zoe)
    assert zoe.details == {
        "to": "zoe@example.com",
        "file": "2026-10_ZOE10.pdf",
        "message_id": by_to["zoe@example.com"]["Message-ID"],
    }
    with paid.store.transaction() as session:
        assert set(last_emailed(session, paid.run_id)) == {
            paid.zoe, paid.dmitry, paid.small, paid.formula
        }  # fmt: skip


def test_a_draft_run_is_refused(store: Store, smtp_server: SmtpServer) -> None:
    draft = seed_run(store, lock=False)
    with pytest.raises(ValidationError, match="draft; lock it before e-mailing"):
        send_statements(store, draft.run_id, smtp_server.settings(), "")
    with pytest.raises(ValidationError, match="draft"):
        dry_run(store, draft.run_id)
    assert smtp_server.inbox.envelopes == []


def test_partners_without_an_address_are_skipped_and_reported(
    paid: PaidRun, smtp_server: SmtpServer
) -> None:
    set_email(paid.store, paid.small, "")
    report = send_statements(paid.store, paid.run_id, smtp_server.settings(), "")
    assert [(o.code, o.reason) for o in report.skipped] == [("SMALL", "no e-mail address on file")]
    assert len(report.sent) == 3
    assert "small@example.com" not in smtp_server.inbox.recipients


def test_a_refused_recipient_fails_and_the_others_go_out(
    paid: PaidRun, smtp_server: SmtpServer
) -> None:
    smtp_server.inbox.refuse.add("dima@example.com")
    report = send_statements(paid.store, paid.run_id, smtp_server.settings(), "")
    assert [o.code for o in report.failed] == ["DIMA"]
    assert report.failed[0].reason == "550 5.1.1 <dima@example.com>: mailbox unavailable"
    assert sorted(smtp_server.inbox.recipients) == sorted(ADDRESSES - {"dima@example.com"})
    assert {r.partner_id for r in emailed_rows(paid.store, paid.run_id)} == {
        paid.zoe, paid.small, paid.formula
    }  # fmt: skip
    # the failed one goes out on the next try; the others are not sent twice
    smtp_server.inbox.refuse.clear()
    again = send_statements(paid.store, paid.run_id, smtp_server.settings(), "")
    assert [o.code for o in again.sent] == ["DIMA"]
    assert sorted(o.code for o in again.skipped) == ["EVIL", "SMALL", "ZOE10"]
    assert all(o.reason.startswith("already e-mailed on ") for o in again.skipped)


def test_resend_sends_again_and_records_again(paid: PaidRun, smtp_server: SmtpServer) -> None:
    settings = smtp_server.settings()
    send_statements(paid.store, paid.run_id, settings, "", partner_ids=[paid.zoe])
    assert [o.code for o in dry_run(paid.store, paid.run_id, [paid.zoe]).skipped] == ["ZOE10"]
    skipped = send_statements(paid.store, paid.run_id, settings, "", partner_ids=[paid.zoe])
    assert not skipped.sent and [o.code for o in skipped.skipped] == ["ZOE10"]
    again = send_statements(
        paid.store, paid.run_id, settings, "", partner_ids=[paid.zoe], resend=True
    )
    assert [o.code for o in again.sent] == ["ZOE10"]
    assert smtp_server.inbox.recipients == ["zoe@example.com", "zoe@example.com"]
    assert len(emailed_rows(paid.store, paid.run_id)) == 2
    _run, recipients = run_recipients(paid.store, paid.run_id)
    assert [r.code for r in recipients if r.last_emailed is not None] == ["ZOE10"]


def test_cancel_midway_keeps_the_record_of_what_went_out(
    paid: PaidRun, smtp_server: SmtpServer
) -> None:
    inbox = smtp_server.inbox
    with pytest.raises(MailingCancelled) as caught:
        send_statements(
            paid.store, paid.run_id, smtp_server.settings(), "",
            cancelled=lambda: len(inbox.envelopes) >= 2,
        )  # fmt: skip
    report = caught.value.report
    assert len(report.sent) == 2 and len(inbox.envelopes) == 2
    assert [o.reason for o in report.skipped] == ["not sent: cancelled"] * 2
    assert "2 statement(s) were sent" in str(caught.value)
    assert {r.partner_id for r in emailed_rows(paid.store, paid.run_id)} == {
        o.partner_id for o in report.sent
    }
    rest = send_statements(paid.store, paid.run_id, smtp_server.settings(), "")
    assert len(rest.sent) == 2 and len(inbox.envelopes) == 4


def test_bad_host_or_port_is_one_clear_error(paid: PaidRun) -> None:
    port = free_port()  # nothing listens there
    settings = SmtpServer("127.0.0.1", port, None).settings()  # type: ignore[arg-type]
    with pytest.raises(MailServerError) as caught:
        send_statements(paid.store, paid.run_id, settings, "")
    assert f"cannot connect to the mail server 127.0.0.1 port {port}" in str(caught.value)
    assert emailed_rows(paid.store, paid.run_id) == []
    unknown = settings.__class__(**{**settings.__dict__, "host": "smtp.invalid"})
    with pytest.raises(MailServerError, match=r"smtp\.invalid"):
        send_statements(paid.store, paid.run_id, unknown, "")


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_login_wrong_password_named_without_echoing_it(
    paid: PaidRun, smtp_login_server: SmtpServer
) -> None:
    settings = smtp_login_server.settings(username="shop")
    with pytest.raises(ValidationError, match="password"):
        send_statements(paid.store, paid.run_id, settings, "")
    with pytest.raises(MailServerError) as caught:
        send_statements(paid.store, paid.run_id, settings, "wrong-Secret-42")
    text = str(caught.value)
    assert "refused the login of shop" in text and "port" in text
    assert "wrong-Secret-42" not in text
    report = send_statements(paid.store, paid.run_id, settings, PASSWORD)
    assert len(report.sent) == 4 and len(smtp_login_server.inbox.envelopes) == 4


def test_starttls_on_a_server_without_it_says_what_to_change(
    paid: PaidRun, smtp_server: SmtpServer
) -> None:
    with pytest.raises(MailServerError, match="does not offer STARTTLS"):
        send_statements(paid.store, paid.run_id, smtp_server.settings(security="starttls"), "")


def english_merchant(store: Store, run: PaidRun) -> None:
    with store.transaction() as session:
        profile = merchant.get_profile(session)
        merchant.save_profile(session, replace(profile, locale="en_GB"))


def spanish_partner(store: Store, run: PaidRun) -> None:
    with store.transaction() as session:
        zoe = partners.get_partner(session, run.zoe)
        partners.update_partner(session, zoe.id, zoe.as_input(statement_locale="es_ES"))


@pytest.mark.parametrize(
    ("change", "subject", "greeting", "payable"),
    [
        (english_merchant, "Commission statement", "Dear Zoë Łukasiewicz,",
         "Amount payable: €126.60."),
        (spanish_partner, "Liquidación de comisiones", "Hola, Zoë Łukasiewicz:",
         "Importe a pagar: 126,60\xa0€."),
    ],
)  # fmt: skip
def test_default_mail_texts_follow_the_statement_language(
    store: Store,
    smtp_server: SmtpServer,
    change: Callable[[Store, PaidRun], None],
    subject: str,
    greeting: str,
    payable: str,
) -> None:
    """A German merchant (seed_run) that turns English, or a partner who reads Spanish."""
    run = seed_run(store, lock=False)
    change(store, run)
    payouts.lock_run(store, run.run_id)  # freezes the heads and so the language
    send_statements(store, run.run_id, smtp_server.settings(), "", partner_ids=[run.zoe])
    [message] = smtp_server.inbox.messages
    assert message["Subject"] == f"{subject} 2026-10 – Nordlicht Trading"
    body = message.get_body(("plain",)).get_content()
    assert body.startswith(greeting)
    assert payable in body


def test_templates_are_filled_and_test_message_arrives(
    paid: PaidRun, smtp_server: SmtpServer
) -> None:
    settings = smtp_server.settings(
        subject="{merchant}: {period} for {partner}",
        body="Hello {partner}, you get {payable} ({number}). {{literal}}",
    )
    send_statements(paid.store, paid.run_id, settings, "", partner_ids=[paid.zoe])
    [message] = smtp_server.inbox.messages
    assert message["Subject"] == "Nordlicht Trading: 2026-10 for Zoë Łukasiewicz"
    body = message.get_body(("plain",)).get_content()
    assert body.startswith("Hello Zoë Łukasiewicz, you get 126,60\xa0€ (PD-202610-")
    assert body.rstrip().endswith("{literal}")
    message_id = send_test_message(settings, "", "me@nordlicht.example")
    test = smtp_server.inbox.messages[-1]
    assert test["Message-ID"] == message_id and test["Subject"] == "Payout Desk: test message"
    assert smtp_server.inbox.envelopes[-1].rcpt_tos == ["me@nordlicht.example"]
    with pytest.raises(ValidationError, match="to"):
        send_test_message(settings, "", "not an address")


def test_unknown_partner_or_run_is_a_user_error(paid: PaidRun, smtp_server: SmtpServer) -> None:
    with pytest.raises(UserError):
        send_statements(paid.store, 999, smtp_server.settings(), "")
    with pytest.raises(ValidationError, match="no statement"):
        send_statements(paid.store, paid.run_id, smtp_server.settings(), "", partner_ids=[4242])
    assert smtp_server.inbox.envelopes == []
