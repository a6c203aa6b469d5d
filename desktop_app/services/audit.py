"""The audit log: who did what, when and why. Every state change and adjustment is recorded."""

from __future__ import annotations

import getpass
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.domain.text import check_text
from desktop_app.store.models import AuditRow


def current_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name on some service accounts
        return "unknown"


@dataclass(frozen=True)
class AuditEntry:
    at: datetime
    actor: str
    action: str
    entity: str
    entity_id: int | None
    partner_id: int | None
    details: dict[str, Any]
    reason: str


def record(
    session: Session,
    *,
    action: str,
    entity: str,
    entity_id: int | None = None,
    partner_id: int | None = None,
    details: dict[str, Any] | None = None,
    reason: str = "",
    actor: str | None = None,
) -> None:
    """Add an entry. Every reason a user gives (adjustments, fraud flags, locks, discards,
    status changes) passes here, so here it is refused if it holds control characters."""
    check_text("reason", reason, multiline=True)
    session.add(
        AuditRow(
            actor=actor or current_user(),
            action=action,
            entity=entity,
            entity_id=entity_id,
            partner_id=partner_id,
            details=json.dumps(details or {}, sort_keys=True, default=str),
            reason=reason,
        )
    )


def entries(
    session: Session, *, partner_id: int | None = None, entity: str | None = None, limit: int = 500
) -> list[AuditEntry]:
    query = select(AuditRow).order_by(AuditRow.at.desc(), AuditRow.id.desc()).limit(limit)
    if partner_id is not None:
        query = query.where(AuditRow.partner_id == partner_id)
    if entity is not None:
        query = query.where(AuditRow.entity == entity)
    return [
        AuditEntry(
            at=row.at,
            actor=row.actor,
            action=row.action,
            entity=row.entity,
            entity_id=row.entity_id,
            partner_id=row.partner_id,
            details=json.loads(row.details or "{}"),
            reason=row.reason,
        )
        for row in session.scalars(query)
    ]
