"""Fraud flags: flag an order or a whole partner, lift a flag set by mistake, list them.

A flag withholds the commission it covers in every run calculated while it is active. Lifting
keeps the flag for the record (who lifted it, when and why) and gives back what it kept in
locked and paid runs through adjustments in the next run (rule in fraud_releases). Every change
is in the audit log and the open draft run is recalculated in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from desktop_app.domain.money import from_minor, money_text, to_minor
from desktop_app.errors import NotFoundError, UserError, ValidationError
from desktop_app.services import audit, merchant
from desktop_app.services import partners as partner_service
from desktop_app.services.changes import Changed, Changes
from desktop_app.services.payouts.actions import find_order, open_draft
from desktop_app.services.payouts.fraud_releases import (
    Release,
    cancel_covered_pending,
    release_uncovered,
)
from desktop_app.services.payouts.runs import calculate_into
from desktop_app.store.database import Store
from desktop_app.store.models import (
    AdjustmentRow,
    FraudFlagRow,
    FraudReleaseRow,
    OrderRow,
    PartnerCodeRow,
    PartnerRow,
)


@dataclass(frozen=True)
class FraudFlag:
    """A flag as screens and the CLI show it; `released` is what its lift gave back."""

    id: int
    kind: str  # order | partner
    partner_id: int
    partner_code: str
    partner_name: str
    order_id: int | None
    order_ref: str  # SOURCE:ORDER_ID, empty for a partner flag
    flagged_on: date
    reason: str
    actor: str
    lifted_on: date | None = None
    lifted_by: str = ""
    lifted_reason: str = ""
    released: Decimal | None = None
    released_currency: str = ""

    @property
    def active(self) -> bool:
        return self.lifted_on is None


# A flag set or lifted: the partner's flags (and status) and the open draft, recalculated.
FLAGGED = Changes.PARTNERS | Changes.RUNS


@dataclass(frozen=True)
class LiftResult:
    flags: int  # how many active flags were lifted (a partner or order flagged twice: both)
    releases: tuple[Release, ...] = ()

    @property
    def released(self) -> Decimal:
        return sum((r.amount for r in self.releases), Decimal(0))

    @property
    def changes(self) -> Changes:
        return FLAGGED


def _recalculate_draft(session: Session) -> None:
    draft = open_draft(session)
    if draft is not None:
        calculate_into(session, draft)


def _reason(reason: str, what: str) -> str:
    reason = reason.strip()
    if not reason:
        raise ValidationError("reason", f"say why the {what}")
    return reason


def _order(session: Session, ref: str | int) -> OrderRow:
    order = session.get(OrderRow, ref) if isinstance(ref, int) else find_order(session, ref)
    if order is None:
        raise NotFoundError(f"there is no order {ref}")
    return order


def flag_order(
    store: Store,
    ref: str | int,
    reason: str,
    *,
    actor: str | None = None,
    on_date: date | None = None,
) -> Changed[int]:
    """Flag an order as fraud: its unpaid commission is withheld in every run from now on."""
    reason = _reason(reason, "order is flagged")
    actor = actor or audit.current_user()
    with store.write_transaction() as session:
        order = _order(session, ref)
        row = FraudFlagRow(
            kind="order",
            order_id=order.id,
            partner_id=order.partner_id,
            flagged_on=on_date or date.today(),
            reason=reason,
            actor=actor,
        )
        session.add(row)
        session.flush()
        cancelled = cancel_covered_pending(session, order.partner_id)
        audit.record(
            session,
            actor=actor,
            action="fraud.flag_order",
            entity="order",
            entity_id=order.id,
            partner_id=order.partner_id,
            details={
                "order": f"{order.source}:{order.external_id}",
                "pending_releases_cancelled": cancelled,
            },
            reason=reason,
        )
        _recalculate_draft(session)
        return Changed(row.id, FLAGGED)


def flag_partner(
    store: Store,
    partner_id: int,
    reason: str,
    *,
    terminate: bool = False,
    actor: str | None = None,
    on_date: date | None = None,
) -> Changed[int]:
    """Flag a partner as fraud: all unpaid commission is withheld; optionally terminate."""
    reason = _reason(reason, "partner is flagged")
    actor = actor or audit.current_user()
    day = on_date or date.today()
    with store.write_transaction() as session:
        partner = partner_service.get_partner(session, partner_id)
        row = FraudFlagRow(
            kind="partner", partner_id=partner.id, flagged_on=day, reason=reason, actor=actor
        )
        session.add(row)
        session.flush()
        cancelled = cancel_covered_pending(session, partner.id)
        audit.record(
            session,
            actor=actor,
            action="fraud.flag_partner",
            entity="partner",
            entity_id=partner.id,
            partner_id=partner.id,
            details={"terminate": terminate, "pending_releases_cancelled": cancelled},
            reason=reason,
        )
        if terminate and partner.status.value != "terminated":
            partner_service.terminate_partner(session, partner.id, on_date=day, reason=reason)
        _recalculate_draft(session)
        return Changed(row.id, FLAGGED)


def _active_flags(
    session: Session, where: ColumnElement[bool], *, kind: str = "order"
) -> list[FraudFlagRow]:
    """The active (not lifted) flags of one kind matching `where`, oldest first."""
    return list(
        session.scalars(
            select(FraudFlagRow)
            .where(FraudFlagRow.kind == kind, where, FraudFlagRow.lifted_on.is_(None))
            .order_by(FraudFlagRow.id)
        )
    )


def _lift(
    session: Session,
    flags: list[FraudFlagRow],
    partner_id: int,
    label: str,
    reason: str,
    actor: str,
    day: date,
) -> LiftResult:
    for flag in flags:
        flag.lifted_on = day
        flag.lifted_by = actor
        flag.lifted_reason = reason
        flag.released_minor = 0
    session.flush()
    releases = release_uncovered(
        session, partner_id, flags[0].id, label, actor=actor, draft=open_draft(session)
    )
    by_adjustment = sum(
        session.scalars(
            select(FraudReleaseRow.amount_minor).where(FraudReleaseRow.flag_id == flags[0].id)
        )
    )
    priced_again = sum(  # orders' commission handed back to the runs (no adjustment)
        to_minor(r.amount, r.currency) for r in releases if r.adjustment_id is None
    )
    flags[0].released_minor = by_adjustment + priced_again
    return LiftResult(len(flags), tuple(releases))


def _released_details(result: LiftResult) -> list[dict[str, object]]:
    return [
        {
            "run": r.run_id,
            "order": r.order_id,
            "kind": r.kind,
            "amount": money_text(r.amount, r.currency),
            "currency": r.currency,
            "adjustment": r.adjustment_id,
        }
        for r in result.releases
    ]


def lift_order_flag(
    store: Store,
    ref: str | int,
    reason: str,
    *,
    actor: str | None = None,
    on_date: date | None = None,
) -> LiftResult:
    """Lift the fraud flag of an order (every active one, if it was flagged twice). The order's
    commission is paid again from the open draft on; what the flag kept in locked or paid runs
    comes back as adjustments in the next run, unless a partner flag still withholds it."""
    reason = _reason(reason, "flag is lifted")
    actor = actor or audit.current_user()
    with store.write_transaction() as session:
        order = _order(session, ref)
        order_ref = f"{order.source}:{order.external_id}"
        flags = _active_flags(session, FraudFlagRow.order_id == order.id)
        if not flags:
            raise UserError(f"order {order_ref} has no active fraud flag to lift")
        result = _lift(
            session,
            flags,
            order.partner_id,
            f"fraud flag on order {order_ref}",
            reason,
            actor,
            on_date or date.today(),
        )
        audit.record(
            session,
            actor=actor,
            action="fraud.lift_order",
            entity="order",
            entity_id=order.id,
            partner_id=order.partner_id,
            details={
                "order": order_ref,
                "flags": [f.id for f in flags],
                "released": _released_details(result),
            },
            reason=reason,
        )
        _recalculate_draft(session)
        return result


def lift_partner_flag(
    store: Store,
    partner_id: int,
    reason: str,
    *,
    actor: str | None = None,
    on_date: date | None = None,
) -> LiftResult:
    """Lift a partner's fraud flag (every active one). A termination that came with the flag
    stays: reactivating the partner is a separate, deliberate step."""
    reason = _reason(reason, "flag is lifted")
    actor = actor or audit.current_user()
    with store.write_transaction() as session:
        partner = partner_service.get_partner(session, partner_id)
        flags = _active_flags(session, FraudFlagRow.partner_id == partner.id, kind="partner")
        if not flags:
            raise UserError(f"partner {partner.name} has no active fraud flag to lift")
        code = partner.codes[0] if partner.codes else str(partner.id)
        result = _lift(
            session,
            flags,
            partner.id,
            f"fraud flag on partner {code}",
            reason,
            actor,
            on_date or date.today(),
        )
        audit.record(
            session,
            actor=actor,
            action="fraud.lift_partner",
            entity="partner",
            entity_id=partner.id,
            partner_id=partner.id,
            details={"flags": [f.id for f in flags], "released": _released_details(result)},
            reason=reason,
        )
        _recalculate_draft(session)
        return result


def list_flags(
    session: Session, *, include_lifted: bool = False, partner_id: int | None = None
) -> list[FraudFlag]:
    """Fraud flags, newest first: active ones, or all with who lifted them, when and why."""
    query = (
        select(FraudFlagRow, PartnerRow.name, OrderRow.source, OrderRow.external_id)
        .join(PartnerRow, PartnerRow.id == FraudFlagRow.partner_id)
        .outerjoin(OrderRow, OrderRow.id == FraudFlagRow.order_id)
        .order_by(FraudFlagRow.flagged_on.desc(), FraudFlagRow.id.desc())
    )
    if not include_lifted:
        query = query.where(FraudFlagRow.lifted_on.is_(None))
    if partner_id is not None:
        query = query.where(FraudFlagRow.partner_id == partner_id)
    codes: dict[int, str] = {}
    for pid, code in session.execute(
        select(PartnerCodeRow.partner_id, PartnerCodeRow.code).order_by(
            PartnerCodeRow.partner_id, PartnerCodeRow.position.desc()
        )
    ):
        codes[pid] = code
    currencies = dict(
        session.execute(
            select(FraudReleaseRow.flag_id, AdjustmentRow.currency).join(
                AdjustmentRow, AdjustmentRow.id == FraudReleaseRow.adjustment_id
            )
        ).all()
    )
    base = merchant.get_profile(session).base_currency  # orders priced again: in the runs'
    found: list[FraudFlag] = []
    for flag, name, source, external in session.execute(query):
        currency = currencies.get(flag.id, "") or (base if flag.released_minor else "")
        released = None
        if flag.released_minor is not None:
            released = from_minor(flag.released_minor, currency) if currency else Decimal(0)
        found.append(
            FraudFlag(
                id=flag.id,
                kind=flag.kind,
                partner_id=flag.partner_id,
                partner_code=codes.get(flag.partner_id, ""),
                partner_name=name,
                order_id=flag.order_id,
                order_ref=f"{source}:{external}" if source is not None else "",
                flagged_on=flag.flagged_on,
                reason=flag.reason,
                actor=flag.actor,
                lifted_on=flag.lifted_on,
                lifted_by=flag.lifted_by or "",
                lifted_reason=flag.lifted_reason or "",
                released=released,
                released_currency=currency,
            )
        )
    return found


def order_flagged(session: Session, order_id: int) -> bool:
    """Whether the order has an active fraud flag (the Runs screen offers to lift it)."""
    return bool(_active_flags(session, FraudFlagRow.order_id == order_id))
