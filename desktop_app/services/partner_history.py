"""A partner's history with the merchant's payouts: the runs that included them, their
statements (and when each was exported or e-mailed), and their manual adjustments and bonuses,
read from the store as values for the partner page."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.domain.money import from_minor
from desktop_app.domain.partners import Partner
from desktop_app.domain.payouts.run_state import RunState
from desktop_app.services import audit, merchant, partners, performance
from desktop_app.services.statements.document import statement_number
from desktop_app.services.statements.export import EXPORTED
from desktop_app.services.statements.mail_recipients import EMAILED
from desktop_app.store.models import (
    AdjustmentRow,
    AuditRow,
    OrderRow,
    PayoutPartnerRow,
    PayoutRunRow,
    RefundRow,
)

if TYPE_CHECKING:
    from desktop_app.store.database import Store

ORDER_LIMIT = 2000


@dataclass(frozen=True)
class PartnerRun:
    run_id: int
    start: date
    end: date
    state: str
    currency: str
    commission: Decimal
    bonus: Decimal
    payable: Decimal
    carried_out: Decimal
    paid_on: date | None
    reference: str


@dataclass(frozen=True)
class PartnerStatement:
    number: str
    run_id: int
    start: date
    end: date
    state: str
    currency: str
    payable: Decimal
    exported_at: datetime | None
    emailed_at: datetime | None
    emailed_to: str


@dataclass(frozen=True)
class PartnerAdjustment:
    created_at: datetime
    kind: str  # adjustment | bonus
    amount: Decimal
    currency: str
    reason: str
    actor: str
    run_id: int | None


def _runs(session: Session, partner_id: int) -> list[tuple[PayoutRunRow, PayoutPartnerRow]]:
    rows = session.execute(
        select(PayoutRunRow, PayoutPartnerRow)
        .join(PayoutPartnerRow, PayoutPartnerRow.run_id == PayoutRunRow.id)
        .where(PayoutPartnerRow.partner_id == partner_id)
        .order_by(PayoutRunRow.period_end.desc())
    )
    return [(run, totals) for run, totals in rows]


def partner_runs(session: Session, partner_id: int) -> list[PartnerRun]:
    """Every run that included the partner, newest period first."""
    return [
        PartnerRun(
            run_id=run.id,
            start=run.period_start,
            end=run.period_end,
            state=run.state,
            currency=run.currency,
            commission=from_minor(t.commission_minor, run.currency),
            bonus=from_minor(t.bonus_minor, run.currency),
            payable=from_minor(t.payable_minor, run.currency),
            carried_out=from_minor(t.carried_out_minor, run.currency),
            paid_on=run.paid_on,
            reference=run.paid_reference,
        )
        for run, t in _runs(session, partner_id)
    ]


def partner_statements(session: Session, partner_id: int) -> list[PartnerStatement]:
    """The partner's statements: one per locked or paid run, with when it was last exported
    and e-mailed (from the audit log)."""
    last: dict[tuple[str, int], tuple[datetime, str]] = {}
    for action, run_id, at, details in session.execute(
        select(AuditRow.action, AuditRow.entity_id, AuditRow.at, AuditRow.details)
        .where(AuditRow.partner_id == partner_id, AuditRow.action.in_((EXPORTED, EMAILED)))
        .order_by(AuditRow.id)
    ):
        if run_id is not None:
            last[(action, run_id)] = (at, _recipient(details))
    found = []
    for run, t in _runs(session, partner_id):
        if run.state == RunState.DRAFT:
            continue
        exported = last.get((EXPORTED, run.id))
        emailed = last.get((EMAILED, run.id))
        found.append(
            PartnerStatement(
                number=statement_number(run.id, partner_id, run.period_start),
                run_id=run.id,
                start=run.period_start,
                end=run.period_end,
                state=run.state,
                currency=run.currency,
                payable=from_minor(t.payable_minor, run.currency),
                exported_at=exported[0] if exported else None,
                emailed_at=emailed[0] if emailed else None,
                emailed_to=emailed[1] if emailed else "",
            )
        )
    return found


def _recipient(details: str) -> str:
    try:
        return str(json.loads(details or "{}").get("to", ""))
    except ValueError:
        return ""


def partner_adjustments(session: Session, partner_id: int) -> list[PartnerAdjustment]:
    """Manual adjustments and bonuses, newest first; `run_id` None: waiting for the next run."""
    rows = session.scalars(
        select(AdjustmentRow)
        .where(AdjustmentRow.partner_id == partner_id)
        .order_by(AdjustmentRow.created_at.desc(), AdjustmentRow.id.desc())
    )
    return [
        PartnerAdjustment(
            created_at=row.created_at,
            kind=row.kind,
            amount=from_minor(row.amount_minor, row.currency),
            currency=row.currency,
            reason=row.reason,
            actor=row.actor,
            run_id=row.run_id,
        )
        for row in rows
    ]


@dataclass(frozen=True)
class PartnerOrder:
    """One of the partner's orders, with what was refunded of it (both in its currency)."""

    order_date: date
    external_id: str
    partner_code: str
    amount: Decimal
    refunded: Decimal
    currency: str
    status: str
    historical: bool
    category: str


def partner_orders(
    session: Session, partner_id: int, limit: int = ORDER_LIMIT
) -> list[PartnerOrder]:
    """The partner's latest orders, newest first."""
    refunded = (
        select(RefundRow.order_id, RefundRow.amount_minor)
        .join(OrderRow, RefundRow.order_id == OrderRow.id)
        .where(OrderRow.partner_id == partner_id)
    )
    refunds: dict[int, int] = {}
    for order_id, minor in session.execute(refunded):
        refunds[order_id] = refunds.get(order_id, 0) + int(minor)
    query = (
        select(OrderRow)
        .where(OrderRow.partner_id == partner_id)
        .order_by(OrderRow.order_date.desc(), OrderRow.id.desc())
        .limit(limit)
    )
    return [
        PartnerOrder(
            order_date=order.order_date,
            external_id=order.external_id,
            partner_code=order.partner_code,
            amount=from_minor(order.amount_minor, order.currency),
            refunded=from_minor(refunds.get(order.id, 0), order.currency),
            currency=order.currency,
            status=order.status,
            historical=order.historical,
            category=order.category,
        )
        for order in session.scalars(query)
    ]


@dataclass(frozen=True)
class PartnerPage:
    """Everything the partner page shows, read in one transaction."""

    partner: Partner
    profile: merchant.MerchantProfile
    performance: list[performance.PartnerPerformance]
    orders: list[PartnerOrder]
    runs: list[PartnerRun]
    statements: list[PartnerStatement]
    adjustments: list[PartnerAdjustment]
    audit: list[audit.AuditEntry]


def load_partner_page(store: Store, partner_id: int, period: performance.Period) -> PartnerPage:
    with store.transaction() as session:
        return PartnerPage(
            partner=partners.get_partner(session, partner_id),
            profile=merchant.get_profile(session),
            performance=performance.partner_performance(session, period, only_partner=partner_id),
            orders=partner_orders(session, partner_id),
            runs=partner_runs(session, partner_id),
            statements=partner_statements(session, partner_id),
            adjustments=partner_adjustments(session, partner_id),
            audit=audit.entries(session, partner_id=partner_id),
        )
