"""Values of a settlement: candidate lines in, settled lines and per-partner totals out."""

from __future__ import annotations

from dataclasses import KW_ONLY, dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from desktop_app.domain.payouts.totals import Totals
from desktop_app.domain.reasons import Reason

ZERO = Decimal(0)


class LineKind(StrEnum):
    COMMISSION = "commission"  # one order's commission
    BONUS = "bonus"  # target bonus from a rule, or a manual bonus
    CLAWBACK = "clawback"  # negative: a refund after the order's commission was paid
    ADJUSTMENT = "adjustment"  # manual, positive or negative
    CARRIED_IN = "carried_in"  # balance carried over from the previous run


class LineStatus(StrEnum):
    PAYABLE = "payable"
    HELD = "held"  # waits (holding period, paused partner, pending order); comes back next run
    WITHHELD = "withheld"  # fraud: never paid
    CARRIED = "carried"  # below the minimum payout: comes back next run (see SETTLING)


# The statuses with which a locked run's commission line settles its order: paid, or withheld
# as fraud (a lifted flag gives it back as an adjustment). An order held back, pending, or
# carried over below the minimum is not settled: the run that pays it prices it again, on its
# net amount and its period's net volume, so a refund before payment changes its tier exactly
# as if it had been known from the start; only what it leaves of the carried balance (bonuses,
# adjustments) moves on as a balance.
SETTLING = (LineStatus.PAYABLE, LineStatus.WITHHELD)


@dataclass(frozen=True)
class Policy:
    """The merchant's settings as they were when the run was calculated."""

    currency: str
    cutoff: date
    holding_days: int
    minimum: Decimal


@dataclass(frozen=True)
class PartnerState:
    paused: bool = False
    fraud_flagged_on: date | None = None


@dataclass(slots=True)
class SettlementLine:
    """A line before settlement. `value` is the money it is worth to the partner (base
    currency); `amount` is the order's commissionable amount it was computed on (0 for non-order
    lines). `release_on`: the line may not be paid before this day (holding period).
    Not frozen only because frozen dataclasses are slow to build 100k times; treat as read-only."""

    partner_id: int
    kind: LineKind
    value: Decimal
    amount: Decimal = ZERO
    order_id: int | None = None
    external_id: str = ""
    order_date: date | None = None
    release_on: date | None = None
    hold_days: int = 0
    order_flagged_on: date | None = None
    explanation: str = ""
    in_period: bool = True  # False for lines brought back from an earlier run
    # why an order earns nothing at all (no plan covers the partner...): its line's reason (a
    # Reason, or the engine's English sentence of a known shape, domain.reasons)
    nothing_because: Reason | str = ""
    # why the line waits whatever else applies (the shop has not confirmed the order yet): it
    # is held with this reason, is no sale yet, and comes back in the next run
    held_because: Reason | str = ""


@dataclass(slots=True)
class SettledLine:
    line: SettlementLine
    status: LineStatus
    reason: str  # why it is not payable, in English ("" when payable)
    why: Reason | None = None  # the same as a code and values, said in any language


@dataclass(frozen=True)
class PartnerTotals(Totals):
    """One partner's run summary: the ten `Totals` (their identity in totals.py, tested)."""

    _: KW_ONLY
    partner_id: int
