"""E-mail each partner of a locked or paid run their PDF statement.

One SMTP connection for the whole batch, one message per partner with the statement attached as
`<period>_<code>.pdf`: the very bytes `export_statements` writes for that partner. Each message
the server accepts is written to the audit log at once, in its own transaction, so a crash or a
cancel never loses the record of what went out; partners already e-mailed are skipped unless a
resend is asked for. A recipient the server refuses is reported and the others still go out.
"""

from __future__ import annotations

import smtplib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from desktop_app.domain.money import format_money
from desktop_app.errors import Cancelled, ValidationError
from desktop_app.services.changes import Changes
from desktop_app.services.statements.document import StatementDocument
from desktop_app.services.statements.mail_recipients import (
    Recipient,
    record_emailed,
    require_final,
    run_recipients,
)
from desktop_app.services.statements.mail_server import (
    TIMEOUT,
    connection,
    send,
    server_reason,
    statement_message,
)
from desktop_app.services.statements.mail_settings import (
    MailSettings,
    check_address,
    fill,
    templates_for,
    validate,
)
from desktop_app.services.statements.wording import language_of
from desktop_app.store.database import Store

Progress = Callable[[int, int], None]
IsCancelled = Callable[[], bool]

SENT, SKIPPED, FAILED = "sent", "skipped", "failed"


@dataclass(frozen=True)
class MailOutcome:
    """What happened to one partner's statement."""

    partner_id: int
    code: str
    name: str
    email: str
    status: str  # sent | skipped | failed
    reason: str = ""
    file: str = ""
    message_id: str = ""


@dataclass(frozen=True)
class MailReport:
    run_id: int
    sent: tuple[MailOutcome, ...] = ()
    skipped: tuple[MailOutcome, ...] = ()
    failed: tuple[MailOutcome, ...] = ()
    dry_run: bool = False

    @property
    def outcomes(self) -> list[MailOutcome]:
        """Every partner once, by name."""
        every = [*self.sent, *self.skipped, *self.failed]
        return sorted(every, key=lambda o: (o.name.casefold(), o.partner_id))

    @property
    def changes(self) -> Changes:
        """What was sent (or failed) is recorded on the run and the partner's page."""
        return Changes.NONE if self.dry_run else Changes.RUNS

    def summary(self) -> str:
        verb = "would be sent" if self.dry_run else "sent"
        return (
            f"{len(self.sent)} statement(s) {verb}, {len(self.skipped)} skipped, "
            f"{len(self.failed)} failed"
        )


class MailingCancelled(Cancelled):
    """Sending was cancelled between two messages; `report` tells what already went out."""

    def __init__(self, report: MailReport) -> None:
        super().__init__(
            f"sending cancelled: {len(report.sent)} statement(s) were sent before the cancel "
            "(recorded in the audit log); the others were not sent"
        )
        self.report = report


def outcome(recipient: Recipient, status: str, reason: str = "", **extra: str) -> MailOutcome:
    return MailOutcome(
        partner_id=recipient.partner_id,
        code=recipient.code,
        name=recipient.name,
        email=recipient.email,
        status=status,
        reason=reason,
        **extra,
    )


def plan_mailing(
    store: Store,
    run_id: int,
    partner_ids: Sequence[int] | None = None,
    *,
    resend: bool = False,
) -> tuple[list[Recipient], list[MailOutcome]]:
    """Who gets a message now, and who is skipped and why (no address, already e-mailed)."""
    run, recipients = run_recipients(store, run_id)
    require_final(run)
    if partner_ids is not None:
        wanted = set(partner_ids)
        unknown = wanted - {r.partner_id for r in recipients}
        if unknown:
            raise ValidationError(
                "partner", f"partner(s) {sorted(unknown)} have no statement in run {run_id}"
            )
        recipients = [r for r in recipients if r.partner_id in wanted]
    to_send: list[Recipient] = []
    skipped: list[MailOutcome] = []
    for recipient in recipients:
        if not recipient.email:
            skipped.append(outcome(recipient, SKIPPED, "no e-mail address on file"))
            continue
        try:
            check_address("email", recipient.email)
        except ValidationError:
            reason = f"'{recipient.email}' is not an e-mail address"
            skipped.append(outcome(recipient, SKIPPED, reason))
            continue
        if recipient.last_emailed is not None and not resend:
            when = when_text(recipient.last_emailed)
            skipped.append(outcome(recipient, SKIPPED, f"already e-mailed on {when} (resend)"))
            continue
        to_send.append(recipient)
    return to_send, skipped


def when_text(moment: datetime, zone: str | None = None) -> str:
    """A stored UTC time as the user's local (or the given zone's) wall-clock minute."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo("UTC"))
    local = moment.astimezone(ZoneInfo(zone)) if zone else moment.astimezone()
    return f"{local:%Y-%m-%d %H:%M}"


def template_values(statement: StatementDocument) -> dict[str, str]:
    label = statement.period_label  # "2026-10" for a calendar month
    period = label if len(label) == 7 else f"{statement.period_start} – {statement.period_end}"
    return {
        "partner": statement.partner.name,
        "period": period,
        "payable": format_money(statement.summary.payable, statement.currency, statement.locale),
        "merchant": statement.merchant.name,
        "number": statement.number,
    }


def send_statements(
    store: Store,
    run_id: int,
    settings: MailSettings,
    password: str,
    *,
    partner_ids: Sequence[int] | None = None,
    resend: bool = False,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
    actor: str | None = None,
    timeout: float = TIMEOUT,
) -> MailReport:
    """Send the statements (all of the run's partners, or `partner_ids`); see the module doc.

    Raises a UserError before anything is sent when the run is a draft, the settings are
    incomplete or the server cannot be reached; MailingCancelled when cancelled midway.
    """
    from desktop_app.services.statements.build import build_statements
    from desktop_app.services.statements.render import render_statement

    settings = validate(settings)
    to_send, skipped = plan_mailing(store, run_id, partner_ids, resend=resend)
    report = progress or (lambda _done, _total: None)
    is_cancelled = cancelled or (lambda: False)
    if not to_send:
        return MailReport(run_id, skipped=tuple(skipped))
    with store.transaction() as session:
        built = build_statements(session, run_id, [r.partner_id for r in to_send])
    statements = {s.partner_id: s for s in built}
    sent: list[MailOutcome] = []
    failed: list[MailOutcome] = []
    total = len(to_send)
    report(0, total)
    with connection(settings, password, timeout) as smtp:
        for index, recipient in enumerate(to_send):
            if is_cancelled():
                rest = [outcome(r, SKIPPED, "not sent: cancelled") for r in to_send[index:]]
                raise MailingCancelled(
                    MailReport(run_id, tuple(sent), tuple(skipped + rest), tuple(failed))
                )
            statement = statements[recipient.partner_id]
            values = template_values(statement)
            subject, body = templates_for(settings, language_of(statement.locale))
            message = statement_message(
                settings,
                recipient.name,
                recipient.email,
                fill(subject, values),
                fill(body, values),
                render_statement(statement),
                statement.file_name,
            )
            try:
                send(smtp, settings, message)
            except smtplib.SMTPServerDisconnected as exc:
                lost = f"not sent: the connection to the server was lost ({server_reason(exc)})"
                failed += [outcome(r, FAILED, lost) for r in to_send[index:]]
                break
            except (smtplib.SMTPException, OSError, ValueError) as exc:
                failed.append(outcome(recipient, FAILED, server_reason(exc)))
                report(index + 1, total)
                continue
            message_id = str(message["Message-ID"])
            record_emailed(
                store,
                run_id,
                recipient.partner_id,
                to=recipient.email,
                file=statement.file_name,
                message_id=message_id,
                actor=actor,
            )
            sent.append(outcome(recipient, SENT, file=statement.file_name, message_id=message_id))
            report(index + 1, total)
    return MailReport(run_id, tuple(sent), tuple(skipped), tuple(failed))


def dry_run(
    store: Store,
    run_id: int,
    partner_ids: Sequence[int] | None = None,
    *,
    resend: bool = False,
) -> MailReport:
    """What `send_statements` would do, without connecting to the server."""
    to_send, skipped = plan_mailing(store, run_id, partner_ids, resend=resend)
    would = [outcome(r, SENT, "would be sent") for r in to_send]
    return MailReport(run_id, tuple(would), tuple(skipped), dry_run=True)


__all__ = [
    "FAILED",
    "SENT",
    "SKIPPED",
    "MailOutcome",
    "MailReport",
    "MailingCancelled",
    "dry_run",
    "plan_mailing",
    "send_statements",
]
