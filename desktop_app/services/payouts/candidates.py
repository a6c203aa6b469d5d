"""Building a run's candidate lines: the engine's commission for new orders, lines still held
from the previous run, clawbacks for refunds after payment, carried balances, adjustments.

Each candidate is a settlement line and the row it is stored as if it settles payable without a
reason (line_rows.Encoding.presumed; its tail, line_rows.Tail, is what the statement shows
about how it was computed), in two parallel lists: a run has a line per order, so the order
lines are made in one tight loop (no object but the settlement line and the tuple that is
stored, most of the time as it is).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from operator import itemgetter
from typing import Any, cast

from sqlalchemy import CompoundSelect, and_, func, or_, select, union
from sqlalchemy.orm import Session

from desktop_app.domain.commissions import (
    LINE_FIELDS,
    BonusRule,
    CommissionLine,
    OrderInput,
    PartnerInput,
    PlanBook,
    calculate,
)
from desktop_app.domain.made_once import MadeOnce
from desktop_app.domain.money import from_minor, minor_digits, money_text, quantize
from desktop_app.domain.order_status import OrderState, stored_state
from desktop_app.domain.payouts import (
    LineKind,
    LineStatus,
    RateTable,
    SettlementLine,
    clawback_all,
    clawback_due,
    convert,
)
from desktop_app.domain.payouts.settlement import (
    CANCELLED_REASON,
    PENDING_REASON,
    REFUNDED_REASON,
)
from desktop_app.services.payouts import inputs
from desktop_app.services.payouts.line_rows import PAYABLE, Encoding, LineRow, Tail, encoding
from desktop_app.services.plans_read import bonus_rules, plan_book
from desktop_app.store.models import (
    AdjustmentRow,
    FraudFlagRow,
    FraudReleaseRow,
    OrderRow,
    PartnerRow,
    PayoutLineRow,
    PayoutPartnerRow,
    PayoutRunRow,
    RefundRow,
)

ZERO = Decimal(0)
FRAUD_CLAWBACK_PREFIX = "order flagged as fraud on "
# Orders that are not priced (and count for no tier): not confirmed yet, or never to be.
NOT_PRICED = (OrderState.PENDING, OrderState.CANCELLED)


class Candidates:
    """A run's candidate lines in order, each with its presumed row (Encoding.presumed; same
    index). A row's position is its line's index among the candidates it was made with: those
    of the run's first list are final, line_rows makes any other row's head again."""

    def __init__(self, encoded: Encoding) -> None:
        self.encoded = encoded
        self.lines: list[SettlementLine] = []
        self.rows: list[LineRow] = []

    def add(self, line: SettlementLine, tail: Tail) -> None:
        self.rows.append(self.encoded.presumed(line, len(self.lines), tail))
        self.lines.append(line)

    def extend(self, other: Candidates) -> None:
        self.lines += other.lines
        self.rows += other.rows


def build(session: Session, run: PayoutRunRow) -> Candidates:
    encoded = encoding(session, run.currency, run.id)
    table = inputs.rate_table(session, run.currency)
    refunds = inputs.refunded_base(session, None, run.cutoff, table)
    flags = inputs.order_flags(session)
    to_run = inputs.rebaser(session, run.currency)
    found = _order_lines(session, run, encoded, table, refunds, flags)
    prev = inputs.previous_run(session, run)
    if prev is not None:
        found.extend(_still_held(session, prev, encoded, flags, to_run))
        found.extend(_carried_in(session, prev, encoded, to_run))
    found.extend(_clawbacks(session, run, encoded, refunds, flags, to_run))
    found.extend(_adjustments(session, run, encoded, to_run))
    return found


def _plans(session: Session) -> tuple[PlanBook, Sequence[BonusRule]]:
    """The plans and bonus rules in force in the store."""
    return plan_book(session), tuple(bonus_rules(session))


def _order_lines(
    session: Session,
    run: PayoutRunRow,
    encoded: Encoding,
    table: RateTable,
    refunds: dict[int, Decimal],
    flags: dict[int, date],
) -> Candidates:
    """A line for every order whose commission no locked run has settled yet: the period's
    new orders, late imports, and orders held back by an earlier run.

    Each order is priced within its own period: an order dated in a locked run's period is
    priced again with that period's orders, net of every refund known at this run's cut-off,
    so a refund on a line that is still unpaid changes its tier exactly as if it had been known
    from the start (the same facts give the same money, whatever the timing). Only the run's
    own period earns bonuses; earlier periods earned theirs in their runs."""
    partners = _partner_inputs(session, run)
    book, rules = _plans(session)
    periods = inputs.final_periods(session)
    groups: dict[int | None, list[inputs.OrderFacts]] = {None: []}
    orders = inputs.open_orders(session, run)
    if periods.rows:
        days = _Days()
        for order in orders:
            groups.setdefault(inputs.covering_run(periods, days[order[2]]), []).append(order)
    else:  # no locked run yet: every order is the run's own
        groups[None] = orders
    found = Candidates(encoded)
    for key in sorted(groups, key=lambda k: (k is not None, k or 0)):
        members = groups[key]
        if key is None:
            priced = members
        else:
            start, end = periods.bounds(key)
            priced = inputs.orders_between(session, start, end)
        nets, engine_lines = _price(priced, run.currency, table, refunds, partners, book, rules)
        found.extend(
            _commission_candidates(run, encoded, members, nets, engine_lines, flags, key, table)
        )
        if key is None:
            found.extend(_bonus_candidates(run, encoded, engine_lines))
    return found


def _partner_inputs(session: Session, run: PayoutRunRow) -> list[PartnerInput]:
    clicks = inputs.clicks_in(session, run.period_start, run.period_end)
    return [
        PartnerInput(
            partner_id=pid,
            type_id=type_id,
            terminated_on=status_date if status == "terminated" else None,
            clicks=clicks.get(pid, 0),
        )
        for pid, type_id, status, status_date in session.execute(
            select(
                PartnerRow.id, PartnerRow.partner_type_id, PartnerRow.status, PartnerRow.status_date
            )
        )
    ]


# Order id → (net amount, refunded) in the run's currency, for the orders whose engine line
# does not say it: those the engine does not price, and those a refund was taken from. Any other
# order's net amount is its line's base amount (the engine's input), nothing refunded: a run
# makes no tuple and no entry for most of its orders.
Nets = dict[int, tuple[Decimal, Decimal]]


def _price(
    orders: Sequence[inputs.OrderFacts],
    cur: str,
    table: RateTable,
    refunds: dict[int, Decimal],
    partners: Sequence[PartnerInput],
    book: PlanBook,
    rules: Sequence[BonusRule],
) -> tuple[Nets, list[CommissionLine]]:
    """The engine's lines for one period's orders, each on its net amount in `cur`, and the
    net amounts its lines do not give (Nets)."""
    nets: Nets = {}
    engine_orders: list[OrderInput] = []
    add = engine_orders.append
    # one minor unit: Decimal(minor) * unit has scaleb's value and exponent, without the
    # keyword parsing of a method call (a third of this loop's own time)
    unit = Decimal(1).scaleb(-minor_digits(cur))
    priced, days = _Priced(), _Days()
    last: Any = None  # orders come by day (inputs._facts): a day is looked up when it changes
    day = date.min
    last_status, status_priced = "", priced[""]
    for oid, external_id, stored_day, pid, minor, currency, category, _hist, status in orders:
        if stored_day != last:
            last, day = stored_day, days[stored_day]
        if currency == cur:  # the common case, exact without a rate
            gross = Decimal(minor) * unit
            given = minor  # the engine prices it in integers (OrderInput.minor)
        else:
            gross = convert(from_minor(minor, currency), currency, day, table)
            given = 0
        refunded = refunds.get(oid)
        if refunded is None:
            net = gross
        else:
            refunded = min(refunded, gross)
            net = gross - refunded
            given = 0
        if status != last_status:  # most orders share a status: found again when it changes
            last_status, status_priced = status, priced[status]
        if net > ZERO and status_priced:
            add(OrderInput(oid, external_id, pid, day, net, category, given))
            if refunded is None:
                continue  # its line says its net amount
        nets[oid] = (net, ZERO if refunded is None else refunded)
    return nets, calculate(engine_orders, partners, book, rules, currency=cur)


def _commission_candidates(
    run: PayoutRunRow,
    encoded: Encoding,
    orders: Sequence[inputs.OrderFacts],
    nets: Nets,
    engine_lines: Sequence[CommissionLine],
    flags: dict[int, date],
    from_run: int | None,
    table: RateTable,
) -> Candidates:
    """An order's line, and its presumed row made inline (line_rows.Encoding.presumed and
    Encoding.tail, field by field): this loop runs once per order of the run."""
    cur = run.currency
    by_order = _by_order(engine_lines)
    hold = run.holding_days
    period_start = run.period_start
    nothing = quantize(ZERO, cur)
    found = Candidates(encoded)
    add_line, add_row = found.lines.append, found.rows.append
    run_id, kind_text, payable, position = run.id, LineKind.COMMISSION.value, PAYABLE, -1
    (no, yes), decimal, fixed_minor = encoded.flags, encoded.decimal, encoded.fixed_minor
    exact = encoded.minor
    # a commission → its minor units (Encoding.minor, which refuses a value finer than the
    # currency allows), once per distinct value: a run's commissions repeat (a few thousand in
    # 100,000 lines), and the engine gives the lines of one value one Decimal object, whose
    # hash Python keeps, so a look-up costs a tenth of str() (7.5 and 7.50 are one key: the
    # same minor units)
    minor_units = MadeOnce(exact)
    commission = LineKind.COMMISSION
    pending, cancelled = OrderState.PENDING, OrderState.CANCELLED
    # What a line takes from its order's day (as the driver gave it), found once per day: (the
    # day, its release day, both as the driver holds them, the day is in the run's own period).
    dated = _Dated(encoded, hold, period_start)
    states = _States()
    # The engine's rates and fixed parts are its plans' own Decimals, a few objects shared by
    # many lines: each is converted once, found by its id (7.5 and 7.50 are equal but print
    # differently); the cache holds the object, so its id stays its own.
    rate_texts: dict[int, tuple[Decimal, str]] = {}
    fixed_minors: dict[int, tuple[Decimal, int]] = {}
    last_status, state = "", states[""]
    last: Any = None  # the day of the previous order, and what it gives:
    day, release_on, day_stored, release_stored, in_period = date.min, date.min, None, None, False
    for oid, external_id, stored_day, pid, minor, currency, _cat, historical, status in orders:
        if historical:
            continue  # already paid elsewhere: feeds period volumes only
        if status != last_status:  # most orders share a status: found again when it changes
            last_status, state = status, states[status]
        calc = by_order.get(oid)
        if calc is None:
            value, plan_name, plan_version, tier, rate_text, fixed = nothing, "", None, "", "0", 0
            explanation = nothing_because = ""
            value_minor = 0
            # a cancelled order is not among its period's priced orders (orders_between)
            net, refunded = (ZERO, ZERO) if state is cancelled else nets[oid]
        else:
            _, _, _, net, value, plan_name, plan_version, tier, rate, fixed_part, explanation = calc
            refunded = ZERO
            if oid in nets:  # a refund was taken from it (Nets)
                net, refunded = nets[oid]
            nothing_because = "" if plan_name else explanation
            text = rate_texts.get(id(rate))
            if text is None:
                text = rate_texts[id(rate)] = (rate, str(rate))
            rate_text = text[1]
            if fixed_part:
                units = fixed_minors.get(id(fixed_part))
                if units is None:
                    units = fixed_minors[id(fixed_part)] = (fixed_part, fixed_minor(fixed_part))
                fixed = units[1]
            else:
                fixed = 0
            value_minor = minor_units[value]
        held_because = ""
        if state is pending:
            explanation = held_because = PENDING_REASON
        elif state is cancelled:
            explanation = nothing_because = CANCELLED_REASON
        elif calc is None and refunded > 0:
            explanation = "fully refunded before this run"
            nothing_because = REFUNDED_REASON
        if stored_day != last:  # orders come by day (inputs._facts)
            last = stored_day
            day, release_on, day_stored, release_stored, in_period = dated[stored_day]
        add_line(
            SettlementLine(
                pid,
                commission,
                value,
                net,
                oid,
                external_id,
                day,
                release_on,
                hold,
                flags.get(oid) if flags else None,
                explanation,
                in_period,
                nothing_because,
                held_because,
            )
        )
        rate_used = None if currency == cur else decimal(table.rate(currency, day))
        if state is cancelled or not net:
            net_minor = 0
        elif rate_used is None and not refunded:
            net_minor = minor  # the order's own amount, in the run's currency
        else:
            net_minor = exact(net)
        position += 1
        add_row(  # Encoding.presumed and its tail (Encoding.tail), made inline
            (
                run_id,
                pid,
                position,
                kind_text,
                payable,
                "",
                "",
                "",
                oid,
                external_id,
                day_stored,
                minor,
                currency,
                rate_used,
                net_minor,
                exact(refunded) if refunded else 0,
                value_minor,
                plan_name,
                plan_version,
                tier,
                rate_text,
                fixed,
                explanation,
                release_stored,
                hold,
                yes if in_period else no,
                from_run,
                no,  # settles: set when the run is locked
            )
        )
    return found


_ORDER_ID = itemgetter(LINE_FIELDS.index("order_id"))


def _by_order(engine_lines: Sequence[CommissionLine]) -> dict[int, CommissionLine]:
    """The engine's order lines by order id, made at C speed (zip and an itemgetter: a
    comprehension reading each line's `order_id` costs as much again); bonus lines, which have
    no order, are dropped."""
    found: dict[int | None, CommissionLine] = dict(
        zip(map(_ORDER_ID, engine_lines), engine_lines, strict=True)
    )
    found.pop(None, None)
    return cast(dict[int, CommissionLine], found)


class _Dated(dict[Any, tuple[date, date, Any, Any, bool]]):
    """Order day as the driver gave it → (the day, its release day, the day and the release
    day as the driver holds them, whether the day is in the run's own period): worked out
    once per distinct day."""

    def __init__(self, encoded: Encoding, hold: int, period_start: date) -> None:
        super().__init__()
        self.days, self.hold, self.period_start = encoded.days, timedelta(days=hold), period_start
        self.read = _Days()

    def __missing__(self, stored: Any) -> tuple[date, date, Any, Any, bool]:
        day = self.read[stored]
        release_on = day + self.hold
        found = (day, release_on, self.days[day], self.days[release_on], day >= self.period_start)
        self[stored] = found
        return found


class _Days(dict[Any, date]):
    """An order's day as the driver gave it (ISO text on SQLite) → the date, once per distinct
    day (store.raw.Days, for a column that is never empty)."""

    def __missing__(self, stored: Any) -> date:
        day = self[stored] = stored if isinstance(stored, date) else date.fromisoformat(stored)
        return day


class _Priced(dict[str, bool]):
    """Stored status → whether the engine prices an order of that status (NOT_PRICED), once
    per distinct value."""

    def __missing__(self, status: str) -> bool:
        priced = self[status] = stored_state(status) not in NOT_PRICED
        return priced


class _States(dict[str, OrderState]):
    """Stored status → the order's state (order_status.stored_state), once per distinct value."""

    def __missing__(self, status: str) -> OrderState:
        state = self[status] = stored_state(status)
        return state


def _bonus_candidates(
    run: PayoutRunRow, encoded: Encoding, engine_lines: Sequence[CommissionLine]
) -> Candidates:
    hold = run.holding_days
    found = Candidates(encoded)
    for calc in engine_lines:
        if calc.order_id is not None:
            continue
        line = SettlementLine(
            partner_id=calc.partner_id,
            kind=LineKind.BONUS,
            value=calc.commission,
            amount=calc.base_amount,
            release_on=run.period_end + timedelta(days=hold),
            hold_days=hold,
            explanation=calc.explanation,
        )
        tail = encoded.tail(
            line,
            plan_name=calc.plan_name,
            plan_version=calc.plan_version,
            tier=calc.tier,
            rate=calc.rate,
            fixed=calc.fixed,
        )
        found.add(line, tail)
    return found


def _still_held(
    session: Session,
    prev: PayoutRunRow,
    encoded: Encoding,
    flags: dict[int, date],
    to_run: inputs.Rebaser,
) -> Candidates:
    """Bonuses and adjustments the previous run held back, as they were. (Orders it held back
    are priced again, see _order_lines.)"""
    was, since = prev.currency, prev.locked_at
    converted = to_run.note(was, since)
    found = Candidates(encoded)
    rows = session.scalars(
        select(PayoutLineRow)
        .where(
            PayoutLineRow.run_id == prev.id,
            PayoutLineRow.status == "held",
            or_(PayoutLineRow.kind != LineKind.COMMISSION.value, PayoutLineRow.order_id.is_(None)),
        )
        .order_by(PayoutLineRow.position)
    )
    for row in rows:
        amount = to_run(row.amount_minor, was, since)
        value = to_run(row.commission_minor, was, since)
        refunded = to_run(row.refunded_minor, was, since)
        explanation = row.explanation + converted
        line = SettlementLine(
            partner_id=row.partner_id,
            kind=LineKind(row.kind),
            value=value,
            amount=amount,
            order_id=row.order_id,
            external_id=row.external_id,
            order_date=row.order_date,
            release_on=row.release_on,
            hold_days=row.hold_days,
            order_flagged_on=flags.get(row.order_id) if row.order_id else None,
            explanation=explanation,
            in_period=False,
        )
        found.add(
            line,
            encoded.tail(
                line,
                original_amount_minor=row.original_amount_minor,
                original_currency=row.original_currency,
                refunded=refunded,
                plan_name=row.plan_name,
                plan_version=row.plan_version,
                tier=row.tier,
                rate=Decimal(row.rate),
                fixed=to_run(row.fixed_minor, was, since),
                from_run_id=row.from_run_id or prev.id,
            ),
        )
    return found


def _carried_in(
    session: Session, prev: PayoutRunRow, encoded: Encoding, to_run: inputs.Rebaser
) -> Candidates:
    """The balance the previous run carried over below the minimum, less its orders'
    commission: those orders did not settle there and are priced again in this run."""
    converted = to_run.note(prev.currency, prev.locked_at)
    carried: dict[int, int] = {
        pid: int(minor)
        for pid, minor in session.execute(
            select(PayoutPartnerRow.partner_id, PayoutPartnerRow.carried_out_minor).where(
                PayoutPartnerRow.run_id == prev.id, PayoutPartnerRow.carried_out_minor != 0
            )
        )
    }
    repriced = session.execute(
        select(PayoutLineRow.partner_id, func.sum(PayoutLineRow.commission_minor))
        .where(
            PayoutLineRow.run_id == prev.id,
            PayoutLineRow.kind == LineKind.COMMISSION.value,
            PayoutLineRow.status == LineStatus.CARRIED.value,
            PayoutLineRow.order_id.is_not(None),
            PayoutLineRow.settles.is_(False),
        )
        .group_by(PayoutLineRow.partner_id)
    )
    for pid, minor in repriced:
        carried[pid] = carried.get(pid, 0) - int(minor or 0)
    found = Candidates(encoded)
    for pid, minor in sorted(carried.items()):
        if minor:
            line = SettlementLine(
                partner_id=pid,
                kind=LineKind.CARRIED_IN,
                value=to_run(minor, prev.currency, prev.locked_at),
                explanation=f"balance carried over from run {prev.id}{converted}",
            )
            found.add(line, encoded.tail(line, from_run_id=prev.id))
    return found


def _clawbacks(
    session: Session,
    run: PayoutRunRow,
    encoded: Encoding,
    refunds: dict[int, Decimal],
    flags: dict[int, date],
    to_run: inputs.Rebaser,
) -> Candidates:
    """A refund after the order's commission was paid (or carried into a balance) in a locked
    run claws the paid commission back proportionally, as a negative line in this run; an order
    flagged as fraud after payment claws back all of what is left. Withheld commission released
    after a lifted flag counts as paid, and a fraud clawback given back no longer counts as
    clawed (see fraud_releases)."""
    cur = run.currency
    flagged = [order_id for order_id, day in flags.items() if day <= run.cutoff]
    undone = (OrderState.CANCELLED.value, OrderState.REFUNDED.value)
    affected_orders: CompoundSelect[tuple[int]] = union(
        select(RefundRow.order_id).where(RefundRow.refund_date <= run.cutoff),
        select(FraudFlagRow.order_id).where(FraudFlagRow.order_id.in_(flagged)),
        select(OrderRow.id).where(OrderRow.status.in_(undone)),
    )
    final = (
        select(
            PayoutLineRow,
            PayoutRunRow.id,
            PayoutRunRow.currency,
            PayoutRunRow.locked_at,
            OrderRow.status,
        )
        .join(PayoutRunRow, PayoutRunRow.id == PayoutLineRow.run_id)
        .join(OrderRow, OrderRow.id == PayoutLineRow.order_id)
        .where(PayoutRunRow.state.in_(inputs.FINAL_STATES))
    )
    released = select(FraudReleaseRow.line_id)
    paid = session.execute(
        final.where(
            PayoutLineRow.kind == LineKind.COMMISSION.value,
            or_(
                and_(PayoutLineRow.settles.is_(True), PayoutLineRow.status != "withheld"),
                and_(PayoutLineRow.status == "withheld", PayoutLineRow.id.in_(released)),
            ),
            PayoutLineRow.order_id.in_(affected_orders),
        )
        # in the order the lines were stored: without it PostgreSQL gives them in whatever
        # order its plan and the heap have (lines updated by a lock move), and the clawback
        # lines' positions changed from one calculation to the next
        .order_by(PayoutLineRow.id)
    ).all()
    if not paid:
        return Candidates(encoded)
    clawed: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for order_id, total, currency, locked_at in session.execute(
        select(
            PayoutLineRow.order_id,
            func.sum(PayoutLineRow.commission_minor),
            PayoutRunRow.currency,
            PayoutRunRow.locked_at,
        )
        .join(PayoutRunRow, PayoutRunRow.id == PayoutLineRow.run_id)
        .where(
            PayoutRunRow.state.in_(inputs.FINAL_STATES),
            PayoutLineRow.kind == LineKind.CLAWBACK.value,
            PayoutLineRow.order_id.in_(affected_orders),
        )
        .group_by(
            PayoutLineRow.order_id, PayoutRunRow.id, PayoutRunRow.currency, PayoutRunRow.locked_at
        )
    ):
        if order_id is not None:
            clawed[order_id] += to_run(int(total), currency, locked_at)
    # fraud clawbacks given back when the flag was lifted no longer count as clawed
    for order_id, minor, currency, locked_at in session.execute(
        select(
            PayoutLineRow.order_id,
            FraudReleaseRow.amount_minor,
            PayoutRunRow.currency,
            PayoutRunRow.locked_at,
        )
        .join(PayoutLineRow, PayoutLineRow.id == FraudReleaseRow.line_id)
        .join(PayoutRunRow, PayoutRunRow.id == PayoutLineRow.run_id)
        .where(
            PayoutLineRow.kind == LineKind.CLAWBACK.value,
            PayoutLineRow.order_id.in_(affected_orders),
        )
    ):
        if order_id is not None:
            clawed[order_id] += to_run(minor, currency, locked_at)
    found = Candidates(encoded)
    for row, paid_run, was, locked_at, status in paid:
        assert row.order_id is not None
        amount = to_run(row.amount_minor, was, locked_at)
        paid_value = to_run(row.commission_minor, was, locked_at)
        fraud_on = flags.get(row.order_id)
        if fraud_on is not None and fraud_on <= run.cutoff:
            since = amount
            due = clawback_all(paid_value, clawed[row.order_id], cur)
            why = (
                f"{FRAUD_CLAWBACK_PREFIX}{fraud_on.isoformat()} after the commission "
                f"was paid in run {paid_run}"
            )
        elif status == OrderState.CANCELLED:
            since = amount  # all of it: the order did not happen after all
            due = clawback_all(paid_value, clawed[row.order_id], cur)
            why = f"order cancelled by the shop after the commission was paid in run {paid_run}"
        else:
            earlier = to_run(row.refunded_minor, was, locked_at)
            since = refunds.get(row.order_id, ZERO) - earlier
            due = clawback_due(amount, paid_value, since, clawed[row.order_id], cur)
            why = (
                f"refund of {money_text(min(since, amount), cur)} after the commission "
                f"was paid in run {paid_run}"
            )
        if due == 0:
            continue
        line = SettlementLine(
            partner_id=row.partner_id,
            kind=LineKind.CLAWBACK,
            value=due,
            amount=min(since, amount),
            order_id=row.order_id,
            external_id=row.external_id,
            order_date=row.order_date,
            explanation=why,
        )
        found.add(
            line,
            encoded.tail(
                line,
                original_amount_minor=row.original_amount_minor,
                original_currency=row.original_currency,
                plan_name=row.plan_name,
                plan_version=row.plan_version,
                tier=row.tier,
                rate=Decimal(row.rate),
                from_run_id=paid_run,
            ),
        )
    return found


def _adjustments(
    session: Session, run: PayoutRunRow, encoded: Encoding, to_run: inputs.Rebaser
) -> Candidates:
    rows = session.scalars(
        select(AdjustmentRow).where(AdjustmentRow.run_id == run.id).order_by(AdjustmentRow.id)
    )
    found = Candidates(encoded)
    for row in rows:
        line = SettlementLine(
            partner_id=row.partner_id,
            kind=LineKind.BONUS if row.kind == "bonus" else LineKind.ADJUSTMENT,
            value=to_run(row.amount_minor, row.currency),
            release_on=row.release_on,
            hold_days=row.hold_days,
            explanation=f"{row.reason} (by {row.actor})",
        )
        found.add(line, encoded.tail(line))
    return found
