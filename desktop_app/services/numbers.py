"""Document numbers that are given once and never again (a run's number, and with it its
statements' numbers), even when the draft that got one is discarded."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.store.models import DocumentCounterRow, PayoutRunRow


def next_run_number(session: Session) -> int:
    """The next payout run number, after every number given so far (discarded ones too)."""
    counter = session.get(DocumentCounterRow, "payout_run", with_for_update=True)
    if counter is None:
        counter = DocumentCounterRow(name="payout_run", last=0)
        session.add(counter)
    highest = session.scalar(select(func.max(PayoutRunRow.id))) or 0
    counter.last = max(counter.last, highest) + 1
    session.flush()
    return counter.last
