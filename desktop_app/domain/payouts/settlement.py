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


# The statuses as plain names: an enum's class attribute is looked up through its metaclass's
# __getattr__ (Python 3.11), slow in a function called for every line.
PAYABLE, HELD, WITHHELD = LineStatus.PAYABLE, LineStatus.HELD, LineStatus.WITHHELD


def _first_status(
    line: SettlementLine, state: PartnerState, policy: Policy
) -> tuple[LineStatus, Reason | None]:
    """The module's rules 0-5. `settle` calls it only for a line one of them may apply to (it
    tests their conditions inline first): a new rule must be added to that test too."""
    if line.held_because:
        return HELD, _why(line.held_because)
    if line.nothing_because and not line.value:
        return PAYABLE, _why(line.nothing_because)
    if state.fraud_flagged_on is not None and line.value > 0:
        return WITHHELD, partner_fraud_for(state.fraud_flagged_on)
    if line.order_flagged_on is not None:
        return WITHHELD, order_fraud_for(line.order_flagged_on)
    if line.release_on is not None and line.release_on > policy.cutoff:
        return HELD, held_for(line.release_on, line.hold_days)
    if state.paused:
        return HELD, PAUSED
    return PAYABLE, None


def settle(
    lines: Sequence[SettlementLine],
    policy: Policy,
    states: Mapping[int, PartnerState] | None = None,
) -> Settlement:
    """Statuses, reasons and per-partner totals for one run's candidate lines.

    One pass gives each line its first status (_first_status) and adds its value to its
    partner's sum for its kind and status; a partner whose payable balance is below the minimum
    then has its plainly payable lines (no reason) carried over."""
    states = states or {}
    statuses: list[LineStatus] = []
    whys: list[Reason | None] = []
    add_status, add_why = statuses.append, whys.append
    sums: dict[int, list[Decimal]] = {}
    kind_base, status_offset = _KIND_BASE, _STATUS_OFFSET
    commission = LineKind.COMMISSION
    cutoff = policy.cutoff
    payable_offset = status_offset[PAYABLE]
    for line in lines:
        pid, kind, value = line.partner_id, line.kind, line.value
        acc = sums.get(pid)
        if acc is None:
            acc = sums[pid] = [ZERO] * _SLOTS
        release_on = line.release_on
        if not (
            line.held_because
            or line.nothing_because
            or line.order_flagged_on is not None
            or (release_on is not None and release_on > cutoff)
            or pid in states
        ):  # a plain line (most of a run's): none of _first_status's rules applies
            add_status(PAYABLE)
            add_why(None)
            acc[kind_base[kind] + payable_offset] += value
            if kind is commission and line.in_period:  # not held as pending: a sale
                acc[_SALES] += line.amount
            continue
        status, why = _first_status(line, states.get(pid, NO_STATE), policy)
        add_status(status)
        add_why(why)
        acc[kind_base[kind] + status_offset[status]] += value
        if why is not None and status is PAYABLE:
            acc[_SAID_WHY] += value
        if kind is commission and line.in_period and not line.held_because:
            acc[_SALES] += line.amount  # a pending order is no sale yet
    totals = {pid: _totals(acc) for pid, acc in sorted(sums.items())}
    below = {pid for pid, partner in totals.items() if partner["payable"] < policy.minimum}
    if below:
        _carry_over(lines, statuses, whys, below, carried_for(policy.minimum, policy.currency))
        for pid in below:
            partner = totals[pid]
            plain = partner["payable"] - sums[pid][_SAID_WHY]
            partner["payable"] -= plain
            partner["carried_out"] += plain
    cur = policy.currency
    partners = {
        pid: PartnerTotals(partner_id=pid, **{k: quantize(v, cur) for k, v in partner.items()})
        for pid, partner in totals.items()
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
    carried_over = LineStatus.CARRIED
    for index, line in enumerate(lines):
        if line.partner_id in below and statuses[index] is PAYABLE and whys[index] is None:
            statuses[index], whys[index] = carried_over, carried


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


# A partner's sums while settling, in a list: one per (kind, status) pair, then its sales and
# its payable lines that say why they earn nothing (never carried over; 0.00 by rule 1).
_PAIRS = [(kind, status) for kind in _KIND_FIELD for status in _STATUS_FIELD]
_KIND_BASE = {kind: index * len(_STATUS_FIELD) for index, kind in enumerate(_KIND_FIELD)}
_STATUS_OFFSET = {status: index for index, status in enumerate(_STATUS_FIELD)}
_SALES = len(_PAIRS)
_SAID_WHY = _SALES + 1
_SLOTS = _SAID_WHY + 1


def _totals(sums: list[Decimal]) -> dict[str, Decimal]:
    """A partner's totals (TOTAL_FIELDS) from its sums while settling."""
    totals = dict.fromkeys(TOTAL_FIELDS, ZERO)
    for (kind, status), value in zip(_PAIRS, sums, strict=False):
        totals[_KIND_FIELD[kind]] += value
        totals[_STATUS_FIELD[status]] += value
    totals["sales"] = sums[_SALES]
    return totals
