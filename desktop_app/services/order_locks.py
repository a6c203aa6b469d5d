"""Which orders belong to a locked payout run, and so must never change.

The import (re-importing a changed row), batch undo and fraud flags ask here before touching an
order. An order is locked once any line of a locked or paid payout run refers to it (its
commission was paid, carried into a balance, withheld or held there): the run's statements must
stay reproducible, so corrections go into later runs instead.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.store.models import PayoutLineRow, PayoutRunRow

FINAL_STATES = ("locked", "paid")
CHUNK = 900  # stays well under SQLite's limit of bound parameters per statement


def locked_order_ids(session: Session, order_ids: Iterable[int]) -> set[int]:
    """The subset of `order_ids` whose commission is in a locked (or paid) payout run."""
    wanted = sorted(set(order_ids))
    found: set[int] = set()
    for begin in range(0, len(wanted), CHUNK):
        chunk = wanted[begin : begin + CHUNK]
        found.update(
            session.scalars(
                select(PayoutLineRow.order_id)
                .join(PayoutRunRow, PayoutRunRow.id == PayoutLineRow.run_id)
                .where(PayoutRunRow.state.in_(FINAL_STATES), PayoutLineRow.order_id.in_(chunk))
                .distinct()
            )
        )
    return found
