"""Who a run's statements go to, and which were e-mailed already (from the audit log).

The address is the partner's current contact e-mail, so a corrected address after a bounce is
used for the resend; a partner no longer on file falls back to the address frozen into the run.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.domain.payouts.run_state import RunState
from desktop_app.errors import NotFoundError, ValidationError
from desktop_app.services.audit import record
from desktop_app.services.payouts import run_summary
from desktop_app.services.payouts.types import RunInfo
from desktop_app.services.statements.heads import heads_of
from desktop_app.store.database import Store
from desktop_app.store.models import AuditRow, PartnerRow

EMAILED = "statement.emailed"


@dataclass(frozen=True)
class Recipient:
    """A partner of the run as the mailing sees it."""

    partner_id: int
    code: str
    name: str
    email: str
    payable: Decimal
    last_emailed: datetime | None = None


def require_final(run: RunInfo) -> None:
    """Only a locked or paid run's statements are final enough to send."""
    if run.state == RunState.DRAFT:
        raise ValidationError(
            "run",
            f"run {run.id} is a draft; lock it before e-mailing statements "
            "(a draft's figures may still change)",
        )


def last_emailed(session: Session, run_id: int) -> dict[int, datetime]:
    """Partner id → when that partner's statement of the run was last e-mailed."""
    query = (
        select(AuditRow.partner_id, func.max(AuditRow.at))
        .where(
            AuditRow.action == EMAILED,
            AuditRow.entity == "payout_run",
            AuditRow.entity_id == run_id,
            AuditRow.partner_id.is_not(None),
        )
        .group_by(AuditRow.partner_id)
    )
    return {int(pid): at for pid, at in session.execute(query) if pid is not None}


def run_recipients(store: Store, run_id: int) -> tuple[RunInfo, list[Recipient]]:
    """The run and each of its partners with address, payable and last e-mail, by name."""
    with store.transaction() as session:
        summary = run_summary(session, run_id)
        ids = [p.partner_id for p in summary.partners]
        emails = select(PartnerRow.id, PartnerRow.email).where(PartnerRow.id.in_(ids))
        current: dict[int, str] = {pid: email for pid, email in session.execute(emails)}
        gone = [
            (p.partner_id, p.code, p.name) for p in summary.partners if p.partner_id not in current
        ]
        if gone:  # no longer on file: the address frozen into the run
            current.update(
                (pid, block.email) for pid, block in heads_of(session, run_id, gone)[1].items()
            )
        sent = last_emailed(session, run_id)
    recipients = [
        Recipient(
            partner_id=p.partner_id,
            code=p.code,
            name=p.name,
            email=(current.get(p.partner_id) or "").strip(),
            payable=p.payable,
            last_emailed=sent.get(p.partner_id),
        )
        for p in summary.partners
    ]
    recipients.sort(key=lambda r: (r.name.casefold(), r.partner_id))
    return summary.run, recipients


def partner_ids_for_codes(
    store: Store, recipients: Sequence[Recipient], codes: Sequence[str]
) -> list[int]:
    """The run's partners named by any of their codes (case-insensitive)."""
    from desktop_app.services.partners import find_by_code

    in_run = {r.partner_id for r in recipients}
    chosen: list[int] = []
    with store.transaction() as session:
        for code in codes:
            partner = find_by_code(session, code)
            if partner.id not in in_run:
                raise NotFoundError(f"partner {code} has no statement in this payout run")
            if partner.id not in chosen:
                chosen.append(partner.id)
    return chosen


def record_emailed(
    store: Store,
    run_id: int,
    partner_id: int,
    *,
    to: str,
    file: str,
    message_id: str,
    actor: str | None = None,
) -> None:
    """One small transaction per message sent, so a crash never loses what went out."""
    with store.write_transaction() as session:
        record(
            session,
            action=EMAILED,
            entity="payout_run",
            entity_id=run_id,
            partner_id=partner_id,
            details={"to": to, "file": file, "message_id": message_id},
            actor=actor,
        )
