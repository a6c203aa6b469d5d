"""What the payouts service hands to screens, the CLI and statements (values, no rows)."""

from __future__ import annotations

from dataclasses import KW_ONLY, dataclass, field
from datetime import date, datetime
from decimal import Decimal

from desktop_app.domain.payouts.run_state import RunState

# the totals' field names are defined once, in the domain; re-exported for the CLI
from desktop_app.domain.payouts.totals import TOTAL_FIELDS as TOTAL_FIELDS
from desktop_app.domain.payouts.totals import Totals
from desktop_app.domain.reasons import Reason
from desktop_app.errors import UserError

ZERO = Decimal(0)
# Audit actions that do not change what a run is calculated from (freshness.input_changes).
NOT_INPUTS = ("run.", "statement.", "mail.")


class LockedRunError(UserError):
    """A locked or paid run never changes; corrections go into a later run."""

    def __init__(self, run_id: int, state: str, attempted: str) -> None:
        super().__init__(
            f"run {run_id} is {state} and cannot be changed ({attempted}); "
            "put corrections into the next run"
        )
        self.run_id = run_id
        self.state = state


@dataclass(frozen=True)
class RunTotals(Totals):
    """A run's `Totals` summed over its partners, and how many partners it has."""

    partners: int = 0
    payable_partners: int = 0


@dataclass(frozen=True)
class RunInfo:
    id: int
    start: date
    end: date
    cutoff: date
    state: RunState
    currency: str
    totals: RunTotals
    holding_days: int = 0
    minimum_payout: Decimal = ZERO
    created_at: datetime | None = None
    created_by: str = ""
    calculated_at: datetime | None = None
    locked_at: datetime | None = None
    locked_by: str = ""
    paid_on: date | None = None
    paid_reference: str = ""
    line_count: int = 0
    # A draft whose inputs changed since it was calculated (what changed, from the audit log):
    # it must be recalculated before it can be locked.
    changes: tuple[str, ...] = ()

    @property
    def stale(self) -> bool:
        return bool(self.changes)

    @property
    def is_draft(self) -> bool:
        return self.state == RunState.DRAFT

    @property
    def label(self) -> str:
        return f"Run {self.id}: {self.start.isoformat()} – {self.end.isoformat()}"


@dataclass(frozen=True)
class PartnerTotals(Totals):
    """A partner's `Totals` in a run (stored lines sum to each figure)."""

    _: KW_ONLY
    partner_id: int
    code: str
    name: str


@dataclass(frozen=True)
class RunSummary:
    run: RunInfo
    partners: list[PartnerTotals] = field(default_factory=list)

    @property
    def totals(self) -> RunTotals:
        return self.run.totals

    def partner(self, partner_id: int) -> PartnerTotals | None:
        return next((p for p in self.partners if p.partner_id == partner_id), None)


@dataclass(frozen=True)
class RunLine:
    """One stored line. `amount` is the commission base in the run currency (`currency`);
    `rate` is a percentage ("7.5" = 7.5 %); `commission` is what the line is worth."""

    order_id: int | None
    external_id: str
    order_date: date | None
    amount: Decimal
    currency: str
    tier: str
    rate: Decimal
    fixed: Decimal
    commission: Decimal
    kind: str  # commission | bonus | clawback | adjustment | carried_in
    status: str  # payable | held | withheld | carried
    reason: str
    partner_id: int = 0
    line_id: int = 0
    original_amount: Decimal = ZERO
    original_currency: str = ""
    # the rate the order was converted at (units of `currency` per `original_currency`); None
    # for a line in the run's currency, and for lines calculated before rates were recorded
    exchange_rate: Decimal | None = None
    plan_name: str = ""
    plan_version: int | None = None
    explanation: str = ""
    refunded: Decimal = ZERO
    why: Reason | None = None  # `reason` as a code and values (domain.reasons)
