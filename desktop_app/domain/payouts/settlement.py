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
from functools import cache, lru_cache

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
    lines: list[SettledLine]  # same order as the input lines
    partners: dict[int, PartnerTotals] = field(default_factory=dict)

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
    """Statuses, reasons and per-partner totals for one run's candidate lines."""
    states = states or {}
    cur = policy.currency
    first = [_first_status(line, states.get(line.partner_id, NO_STATE), policy) for line in lines]
    balance: dict[int, Decimal] = {}
    for line, (status, _) in zip(lines, first, strict=True):
        balance.setdefault(line.partner_id, ZERO)
        if status is LineStatus.PAYABLE:
            balance[line.partner_id] += line.value
    below = {pid for pid, total in balance.items() if total < policy.minimum}
    carried = carried_for(policy.minimum, cur)
    settled: list[SettledLine] = []
    english: dict[Reason, str] = {}  # each distinct reason said once
    for line, (status, why) in zip(lines, first, strict=True):
        if status is LineStatus.PAYABLE and line.partner_id in below and why is None:
            status, why = LineStatus.CARRIED, carried
        text = ""
        if why is not None:
            said = english.get(why)
            text = said if said is not None else english.setdefault(why, why.english)
        settled.append(SettledLine(line, status, text, why))
    return Settlement(settled, _totals(settled, cur))


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


def _totals(settled: Sequence[SettledLine], currency: str) -> dict[int, PartnerTotals]:
    sums: dict[int, dict[str, Decimal]] = {}
    for item in settled:
        line = item.line
        acc = sums.get(line.partner_id)
        if acc is None:  # not setdefault: its default would be built for every line
            acc = sums[line.partner_id] = dict.fromkeys(TOTAL_FIELDS, ZERO)
        acc[_KIND_FIELD[line.kind]] += line.value
        acc[_STATUS_FIELD[item.status]] += line.value
        if line.kind is LineKind.COMMISSION and line.in_period and not line.held_because:
            acc["sales"] += line.amount  # a pending order is no sale yet
    return {
        pid: PartnerTotals(partner_id=pid, **{k: quantize(v, currency) for k, v in acc.items()})
        for pid, acc in sorted(sums.items())
    }
