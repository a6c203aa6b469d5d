"""Giving back what a lifted fraud flag kept from a partner in locked and paid runs.

The rule (a locked run never changes, so everything goes through new adjustments):

* An entry of a locked or paid run is *fraud-caused* when it is a line with status "withheld"
  (withheld lines are never carried into a later run, so without a release they are lost to the
  partner), or a payable or carried clawback line that clawed an order back because it was
  flagged as fraud after payment.
* Such an entry is *covered* while an active (not lifted) flag still explains it: the order has
  an active order flag, or, for a positive withheld line, the partner has an active partner flag.
  A partner flag never covers clawbacks: those come from order flags only.
* When a flag is lifted, an order's withheld commission is handed back to the runs: its line
  stops settling the order (`payout_lines.settles`; the locked run's statement is unchanged),
  so the next run prices the order again, in its own period and on its net amount, holds it as
  long as its holding period says, and pays it once (a refund meanwhile changes its tier, as
  for any line not paid yet; flagged again before that run is locked, it is withheld there).
* Every other fraud-caused entry of that partner (a withheld bonus, a fraud clawback) that is
  no longer covered and was never released gets one adjustment of exactly its amount (the
  withheld bonus, or the clawed amount given back; negative for a withheld clawback, which the
  partner owes after all)
  in the currency of its run, into the open draft if there is one, otherwise into the next run
  created. A `fraud_releases` row ties the adjustment to the line; a line has at most one, so
  flag → lift → flag → lift never pays twice.
* Withheld lines of the open draft are never released this way: recalculating the draft pays
  them once the flag is gone.
* Flagging again before a release was paid (its adjustment is not yet in a locked or paid run)
  cancels that pending release: the adjustment is deleted, and a later lift releases the line
  again. A release counts as paid: a later refund of the order, or flagging it again, claws it
  back through the usual clawbacks (candidates._clawbacks), like any paid commission.
* A released commission or bonus keeps its holding period: its adjustment carries the line's
  release date, so a run whose cut-off comes before it holds the release (and the next run
  pays it), as it would have held the line itself. Clawbacks given back are paid at once: the
  commission they clawed back had been paid already.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from desktop_app.domain.money import from_minor, to_minor
from desktop_app.domain.payouts.run_state import RunState
from desktop_app.services import merchant
from desktop_app.services.payouts import inputs
from desktop_app.services.payouts.candidates import FRAUD_CLAWBACK_PREFIX
from desktop_app.services.payouts.inputs import FINAL_STATES, order_flags
from desktop_app.store.models import (
    AdjustmentRow,
    FraudFlagRow,
    FraudReleaseRow,
    PayoutLineRow,
    PayoutRunRow,
)

ORDER_WITHHELD_PREFIX = "withheld: order flagged"


@dataclass(frozen=True)
class Release:
    """One entry of a locked or paid run given back: by an adjustment, or (an order's withheld
    commission, `adjustment_id` None) by the next run pricing the order again."""

    run_id: int
    partner_id: int
    order_id: int | None
    kind: str  # the released line's kind: commission, bonus, clawback, ...
    amount: Decimal
    currency: str
    adjustment_id: int | None = None


def active_order_flags(session: Session) -> set[int]:
    return set(order_flags(session))


def partner_flagged(session: Session, partner_id: int) -> bool:
    return (
        session.scalar(
            select(FraudFlagRow.id)
            .where(
                FraudFlagRow.kind == "partner",
                FraudFlagRow.partner_id == partner_id,
                FraudFlagRow.lifted_on.is_(None),
            )
            .limit(1)
        )
        is not None
    )


def _fraud_caused(session: Session, partner_id: int) -> list[tuple[PayoutLineRow, PayoutRunRow]]:
    """Fraud-caused entries of final runs for the partner, oldest first (released or not)."""
    rows = session.execute(
        select(PayoutLineRow, PayoutRunRow)
        .join(PayoutRunRow, PayoutRunRow.id == PayoutLineRow.run_id)
        .where(
            PayoutRunRow.state.in_(FINAL_STATES),
            PayoutLineRow.partner_id == partner_id,
            or_(
                PayoutLineRow.status == "withheld",
                and_(
                    PayoutLineRow.kind == "clawback",
                    PayoutLineRow.status.in_(("payable", "carried")),
                    PayoutLineRow.explanation.startswith(FRAUD_CLAWBACK_PREFIX),
                ),
            ),
        )
        .order_by(PayoutRunRow.period_end, PayoutLineRow.position)
    )
    return [(line, run) for line, run in rows]


def _covered(line: PayoutLineRow, flagged_orders: set[int], partner_is_flagged: bool) -> bool:
    if line.order_id is not None and line.order_id in flagged_orders:
        return True
    if line.status == "withheld":
        if partner_is_flagged and line.commission_minor > 0:
            return True
        if line.order_id is None and line.reason.startswith(ORDER_WITHHELD_PREFIX):
            return True  # its order was deleted: nothing tells whether the flag still holds
    return False


def _priced_again(line: PayoutLineRow) -> bool:
    """An order's withheld commission is given back by the runs pricing the order again."""
    return line.kind == "commission" and line.status == "withheld" and line.order_id is not None


def _amount(line: PayoutLineRow) -> int:
    return line.commission_minor if line.status == "withheld" else -line.commission_minor


def _holding(line: PayoutLineRow) -> dict[str, Any]:
    """The released line's holding period, for a withheld commission or bonus."""
    if line.status != "withheld" or line.commission_minor <= 0 or line.release_on is None:
        return {}
    return {"release_on": line.release_on, "hold_days": line.hold_days}


def _why(line: PayoutLineRow, run_id: int, label: str) -> str:
    order = f" on order {line.external_id}" if line.order_id is not None else ""
    if line.kind == "clawback":
        return (
            f"{label} lifted: fraud clawback of order {line.external_id} in run {run_id} given back"
        )
    what = "commission" if line.kind == "commission" else line.kind.replace("_", " ")
    return f"{label} lifted: {what}{order} withheld in run {run_id} released"


def release_uncovered(
    session: Session,
    partner_id: int,
    flag_id: int,
    label: str,
    *,
    actor: str,
    draft: PayoutRunRow | None,
) -> list[Release]:
    """Release every fraud-caused entry of the partner that no active flag covers any more."""
    released_lines = set(session.scalars(select(FraudReleaseRow.line_id)))
    flagged_orders = active_order_flags(session)
    flagged = partner_flagged(session, partner_id)
    found: list[Release] = []
    # the adjustment is in the currency it is paid in (a base currency change converts)
    target = draft.currency if draft is not None else merchant.get_profile(session).base_currency
    to_target = inputs.rebaser(session, target)
    for line, run in _fraud_caused(session, partner_id):
        repriced = _priced_again(line)
        if line.id in released_lines or (repriced and not line.settles):
            continue  # given back already
        if _covered(line, flagged_orders, flagged):
            continue
        minor = _amount(line)
        if minor == 0:
            continue
        if repriced:  # the next run prices the order again and pays it
            line.settles = False
            found.append(
                Release(
                    run.id,
                    partner_id,
                    line.order_id,
                    line.kind,
                    from_minor(minor, run.currency),
                    run.currency,
                )
            )
            continue
        adjustment = AdjustmentRow(
            run_id=draft.id if draft is not None else None,
            partner_id=partner_id,
            kind="adjustment",
            amount_minor=to_minor(to_target(minor, run.currency, run.locked_at), target),
            currency=target,
            reason=_why(line, run.id, label),
            actor=actor,
            **_holding(line),
        )
        session.add(adjustment)
        session.flush()
        session.add(
            FraudReleaseRow(
                flag_id=flag_id, line_id=line.id, adjustment_id=adjustment.id, amount_minor=minor
            )
        )
        found.append(
            Release(
                run_id=run.id,
                partner_id=partner_id,
                order_id=line.order_id,
                kind=line.kind,
                amount=from_minor(minor, run.currency),
                currency=run.currency,
                adjustment_id=adjustment.id,
            )
        )
    session.flush()
    return found


def cancel_covered_pending(session: Session, partner_id: int) -> int:
    """After a new flag: delete releases of the partner not paid yet whose line is covered again.
    Returns how many were cancelled."""
    flagged_orders = active_order_flags(session)
    flagged = partner_flagged(session, partner_id)
    rows = session.execute(
        select(FraudReleaseRow, PayoutLineRow, AdjustmentRow)
        .join(PayoutLineRow, PayoutLineRow.id == FraudReleaseRow.line_id)
        .join(AdjustmentRow, AdjustmentRow.id == FraudReleaseRow.adjustment_id)
        .outerjoin(PayoutRunRow, PayoutRunRow.id == AdjustmentRow.run_id)
        .where(
            PayoutLineRow.partner_id == partner_id,
            or_(AdjustmentRow.run_id.is_(None), PayoutRunRow.state == RunState.DRAFT),
        )
    ).all()
    cancelled = 0
    for release, line, adjustment in list(rows):
        if _covered(line, flagged_orders, flagged):
            session.delete(release)
            session.flush()
            session.delete(adjustment)
            cancelled += 1
    session.flush()
    return cancelled
