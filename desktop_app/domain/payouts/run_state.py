"""A payout run's state: a draft is recalculated freely; locking freezes it; paying records the
transfer. The values are what the store keeps (payout_runs.state), so a `RunState` equals the
stored string and nothing in the database changes."""

from __future__ import annotations

from enum import StrEnum


class RunState(StrEnum):
    DRAFT = "draft"  # recalculated, adjusted, discarded at will
    LOCKED = "locked"  # frozen: lines and totals stored as they are; statements reproducible
    PAID = "paid"  # locked, and the transfer is recorded (date and reference)


# The runs that settle what they paid: a later run never prices their orders again.
FINAL_STATES = (RunState.LOCKED, RunState.PAID)
