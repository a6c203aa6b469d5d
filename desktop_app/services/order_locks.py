"""Which orders belong to a locked payout run, and so must never change.

The import (re-importing a changed row), batch undo and fraud flags ask here before touching an
order. The payouts feature owns the answer; until its tables exist no order is locked.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import Session


def locked_order_ids(session: Session, order_ids: Iterable[int]) -> set[int]:
    """The subset of `order_ids` whose commission is in a locked (or paid) payout run."""
    del session, order_ids
    return set()
