"""Settling a run: every line gets a status and, unless payable, a reason in plain words.

Order of the rules for one line (the first that applies wins):
0. an order the shop has not confirmed yet (pending) is held, 0.00, whatever else applies: it is
   not settled, so the run after its confirmation prices and pays it (once);
1. an order that earns nothing at all says why (no plan covers the partner, cancelled, refunded
   before payment, ...): 0.00, payable (settled: it never earns);
2. the partner is flagged as fraud → positive lines are withheld (negative ones still count);
3. the order is flagged as fraud → withheld;
4. the holding period has not passed at the cut-off (release_on > cutoff) → held;
5. the partner is paused → held.
Then per partner: the lines still payable form the balance; a balance below the minimum payout
(strictly below; exactly the minimum is paid) is carried over to the next run, line by line.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache, cached_property, lru_cache

from desktop_app.domain.money import money_text, quantize
from desktop_app.domain.payouts.lines import (
    ZERO,
    LineKind,
    LineStatus,
    PartnerState,
    PartnerTotals,
    Policy,
    SettledLine,
    SettlementLine,
)
from desktop_app.domain.payouts.totals import TOTAL_FIELDS
from desktop_app.domain.reasons import Reason, from_text, reason

NO_STATE = PartnerState()


@cache  # one Reason per distinct value, shared by every line it explains
def held_for(release_on: date, hold_days: int) -> Reason:
    return reason("held", day=release_on.isoformat(), days=hold_days)


@cache  # one Reason per distinct value, shared by every line it explains
def order_fraud_for(flagged_on: date) -> Reason:
    return reason("order_fraud", day=flagged_on.isoformat())


@cache  # one Reason per distinct value, shared by every line it explains
def partner_fraud_for(flagged_on: date) -> Reason:
    return reason("partner_fraud", day=flagged_on.isoformat())


@cache  # one Reason per distinct value, shared by every line it explains
def carried_for(minimum: Decimal, currency: str) -> Reason:
    return reason("carried", amount=money_text(minimum, currency))


PAUSED = reason("paused")
# an order's state at the shop (domain.order_status), as its line says it
PENDING = reason("pending")
CANCELLED = reason("cancelled")
REFUNDED = reason("refunded")


# The English sentences (what `payout_lines.reason` stores; the reasons' codes are stored too).
def held_reason(release_on: date, hold_days: int) -> str:
    return held_for(release_on, hold_days).english


def order_fraud_reason(flagged_on: date) -> str:
    return order_fraud_for(flagged_on).english


def partner_fraud_reason(flagged_on: date) -> str:
    return partner_fraud_for(flagged_on).english


def carried_reason(minimum: Decimal, currency: str) -> str:
    return carried_for(minimum, currency).english


PAUSED_REASON = PAUSED.english
PENDING_REASON = PENDING.english
CANCELLED_REASON = CANCELLED.english
REFUNDED_REASON = REFUNDED.english


def _why(given: Reason | str) -> Reason | None:
    """A line's own reason: given as a Reason, or as an English sentence of a known shape."""
    return given if isinstance(given, Reason) else _said(given)


@lru_cache(maxsize=4096)  # a few sentences, each shared by many lines (pending, no plan...)
def _said(text: str) -> Reason | None:
    return from_text(text)


@dataclass(frozen=True)
class Settlement:
    """A run's settled lines, as parallel lists (a run settles a line per order, 100,000 of
    them: no object per line but the candidate itself): `statuses[i]` and `whys[i]` are those of
    `candidates[i]`. `lines` gives them as SettledLine objects, made when first asked for."""

    candidates: Sequence[SettlementLine]
    statuses: list[LineStatus]
    whys: list[Reason | None]
    partners: dict[int, PartnerTotals] = field(default_factory=dict)

    @cached_property
    def lines(self) -> list[SettledLine]:
        """The settled lines, same order as the candidates."""
        return [
            SettledLine(line, status, "" if why is None else why.english, why)
            for line, status, why in zip(self.candidates, self.statuses, self.whys, strict=True)
        ]

    def total(self, name: str) -> Decimal:
        return sum((getattr(t, name) for t in self.partners.values()), ZERO)


def _first_status(
    line: SettlementLine, state: PartnerState, policy: Policy
) -> tuple[LineStatus, Reason | None]:
    if line.held_because:
        return LineStatus.HELD, _why(line.held_because)
    if line.nothing_because and not line.value:
        return LineStatus.PAYABLE, _why(line.nothing_because)
    if state.fraud_flagged_on is not None and line.value > 0:
        return LineStatus.WITHHELD, partner_fraud_for(state.fraud_flagged_on)
    if line.order_flagged_on is not None:
        return LineStatus.WITHHELD, order_fraud_for(line.order_flagged_on)
    if line.release_on is not None and line.release_on > policy.cutoff:
        return LineStatus.HELD, held_for(line.release_on, line.hold_days)
    if state.paused:
        return LineStatus.HELD, PAUSED
    return LineStatus.PAYABLE, None


def settle(
    lines: Sequence[SettlementLine],
    policy: Policy,
    states: Mapping[int, PartnerState] | None = None,
) -> Settlement:
    """Statuses, reasons and per-partner totals for one run's candidate lines.

    One pass gives each line its first status (_first_status) and adds it to its partner's
    totals; a partner whose payable balance is below the minimum then has its plainly payable
    lines (no reason) carried over, and those moved from `payable` to `carried_out`."""
    states = states or {}
    statuses: list[LineStatus] = []
    whys: list[Reason | None] = []
    add_status, add_why = statuses.append, whys.append
    sums: dict[int, list[Decimal]] = {}
    kind_slot, status_slot, fields = _KIND_SLOT, _STATUS_SLOT, len(TOTAL_FIELDS)
    payable, commission = LineStatus.PAYABLE, LineKind.COMMISSION
    for line in lines:
        pid, value = line.partner_id, line.value
        status, why = _first_status(line, states.get(pid, NO_STATE), policy)
        add_status(status)
        add_why(why)
        acc = sums.get(pid)
        if acc is None:  # the totals' slots, then the plainly payable sum (_PLAIN)
            acc = sums[pid] = [ZERO] * (fields + 1)
        acc[kind_slot[line.kind]] += value
        acc[status_slot[status]] += value
        if status is payable and why is None:
            acc[_PLAIN] += value
        if line.kind is commission and line.in_period and not line.held_because:
            acc[_SALES] += line.amount  # a pending order is no sale yet
    below = {pid for pid, acc in sums.items() if acc[_PAYABLE] < policy.minimum}
    if below:
        _carry_over(lines, statuses, whys, below, carried_for(policy.minimum, policy.currency))
        for pid in below:
            acc = sums[pid]
            acc[_PAYABLE] -= acc[_PLAIN]
            acc[_CARRIED] += acc[_PLAIN]
    cur = policy.currency
    partners = {
        pid: PartnerTotals(
            partner_id=pid, **{k: quantize(v, cur) for k, v in zip(TOTAL_FIELDS, acc, strict=False)}
        )
        for pid, acc in sorted(sums.items())
    }
    return Settlement(lines, statuses, whys, partners)


def _carry_over(
    lines: Sequence[SettlementLine],
    statuses: list[LineStatus],
    whys: list[Reason | None],
    below: set[int],
    carried: Reason,
) -> None:
    """Below the minimum: the partner's plainly payable lines wait for the next run."""
    payable = LineStatus.PAYABLE
    for index, line in enumerate(lines):
        if line.partner_id in below and statuses[index] is payable and whys[index] is None:
            statuses[index], whys[index] = LineStatus.CARRIED, carried


_KIND_FIELD = {
    LineKind.COMMISSION: "commission",
    LineKind.BONUS: "bonus",
    LineKind.CLAWBACK: "clawback",
    LineKind.ADJUSTMENT: "adjustments",
    LineKind.CARRIED_IN: "carried_in",
}
_STATUS_FIELD = {
    LineStatus.PAYABLE: "payable",
    LineStatus.HELD: "held",
    LineStatus.WITHHELD: "withheld",
    LineStatus.CARRIED: "carried_out",
}


_KIND_SLOT = {kind: TOTAL_FIELDS.index(name) for kind, name in _KIND_FIELD.items()}
_STATUS_SLOT = {status: TOTAL_FIELDS.index(name) for status, name in _STATUS_FIELD.items()}
_SALES = TOTAL_FIELDS.index("sales")
_PAYABLE = TOTAL_FIELDS.index("payable")
_CARRIED = TOTAL_FIELDS.index("carried_out")
_PLAIN = len(TOTAL_FIELDS)  # after the totals: the partner's payable lines without a reason
