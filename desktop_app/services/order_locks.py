"""Which orders belong to a locked payout run, and so must never change.

The import (re-importing a changed row), batch undo and fraud flags ask here before touching an
order. An order is locked once any line of a locked or paid payout run refers to it (its
commission was paid, carried into a balance, withheld or held there): the run's statements must
stay reproducible, so corrections go into later runs instead. Only its status may still change
(the shop confirms, refunds or cancels it): the next run settles the difference. A locked run that
settled an order as cancelled or refunded (or clawed it back) cannot be undone by a later
confirmation, so that one change is refused too (`settled_as_undone`).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from desktop_app.domain.payouts.run_state import FINAL_STATES
from desktop_app.domain.payouts.settlement import CANCELLED_REASON, REFUNDED_REASON
from desktop_app.store.database import IN_LIST_LIMIT as CHUNK
from desktop_app.store.models import PayoutLineRow, PayoutRunRow


def locked_order_ids(session: Session, order_ids: Iterable[int]) -> set[int]:
    """The subset of `order_ids` whose commission is in a locked (or paid) payout run."""
    return set(locking_runs(session, order_ids))


def locking_runs(session: Session, order_ids: Iterable[int]) -> dict[int, int]:
    """Order id → the first locked (or paid) payout run that refers to it, for those of
    `order_ids` that are locked."""
    wanted = sorted(set(order_ids))
    found: dict[int, int] = {}
    for begin in range(0, len(wanted), CHUNK):
        chunk = wanted[begin : begin + CHUNK]
        rows = session.execute(
            select(PayoutLineRow.order_id, func.min(PayoutLineRow.run_id))
            .join(PayoutRunRow, PayoutRunRow.id == PayoutLineRow.run_id)
            .where(PayoutRunRow.state.in_(FINAL_STATES), PayoutLineRow.order_id.in_(chunk))
            .group_by(PayoutLineRow.order_id)
        )
        found.update({order_id: run_id for order_id, run_id in rows if order_id is not None})
    return found


def settled_as_undone(session: Session, order_ids: Iterable[int]) -> dict[int, int]:
    """Order id → the first locked (or paid) run that settled the order as cancelled or refunded
    (0.00 with that reason) or clawed its commission back, for those of `order_ids` it did.
    Such an order cannot become confirmed again by an import: nothing would pay it back."""
    wanted = sorted(set(order_ids))
    found: dict[int, int] = {}
    undone = or_(
        PayoutLineRow.kind == "clawback",
        and_(
            PayoutLineRow.kind == "commission",
            PayoutLineRow.settles.is_(True),
            PayoutLineRow.commission_minor == 0,
            PayoutLineRow.reason.in_((CANCELLED_REASON, REFUNDED_REASON)),
        ),
    )
    for begin in range(0, len(wanted), CHUNK):
        chunk = wanted[begin : begin + CHUNK]
        rows = session.execute(
            select(PayoutLineRow.order_id, func.min(PayoutLineRow.run_id))
            .join(PayoutRunRow, PayoutRunRow.id == PayoutLineRow.run_id)
            .where(
                PayoutRunRow.state.in_(FINAL_STATES),
                PayoutLineRow.order_id.in_(chunk),
                undone,
            )
            .group_by(PayoutLineRow.order_id)
        )
        found.update({order_id: run_id for order_id, run_id in rows if order_id is not None})
    return found
