"""Changing the merchant's base currency without relabelling money.

Amounts are stored as minor units of a currency. Changing the base currency while the store
holds money in the old one would reread them in the new one (32.00 USD carried over becoming
32 JPY). So a change is refused while the store holds orders, runs, adjustments or exchange
rates, unless the merchant states the conversion rate (units of the new currency per unit of the
old). Then:
- the change and its rate are recorded (BaseCurrencyChangeRow); what locked runs carried over,
  held back or paid is converted at that rate when a later run reads it (ROUND_CONVERSION);
- adjustments not yet in a locked run are converted now;
- exchange rates are rebased to the new currency (rate x stated rate), and the old currency gets
  the stated rate for every month that has orders in it, so its unpaid orders convert too;
- the audit log says all of this.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.domain.money import from_minor, to_minor
from desktop_app.domain.payouts.conversion import rebase
from desktop_app.domain.payouts.run_state import RunState
from desktop_app.errors import UserError, ValidationError
from desktop_app.services import audit
from desktop_app.store.models import (
    AdjustmentRow,
    BaseCurrencyChangeRow,
    ExchangeRateRow,
    OrderRow,
    PayoutRunRow,
)


def money_held(session: Session) -> list[str]:
    """What the store holds that is denominated in (or relative to) the base currency."""
    counts = (
        ("order(s)", select(func.count()).select_from(OrderRow)),
        ("payout run(s)", select(func.count()).select_from(PayoutRunRow)),
        (
            "pending adjustment(s)",
            select(func.count()).select_from(AdjustmentRow).where(AdjustmentRow.run_id.is_(None)),
        ),
        ("exchange rate(s)", select(func.count()).select_from(ExchangeRateRow)),
    )
    held = []
    for label, query in counts:
        number = int(session.scalar(query) or 0)
        if number:
            held.append(f"{number} {label}")
    return held


def change_base_currency(
    session: Session, old: str, new: str, rate: Decimal | None, *, actor: str | None = None
) -> None:
    """Switch the base currency from `old` to `new`, converting at `rate` where money is held;
    refused (ValidationError) when money is held and no rate is given."""
    held = money_held(session)
    if not held:
        return
    if rate is None:
        raise ValidationError(
            "base_currency",
            f"cannot change from {old} to {new} while the store holds {', '.join(held)} in "
            f"{old}: they would be read as {new}. Convert them at a stated rate ({new} per 1 "
            f"{old}: payout-desk merchant set --currency {new} --convert-at RATE, or the rate "
            "asked for in Settings), or start a new store for "
            f"{new}",
        )
    if not rate.is_finite() or rate <= 0:
        raise ValidationError("convert_at", f"'{rate}' is not a positive conversion rate")
    actor = actor or audit.current_user()
    session.add(BaseCurrencyChangeRow(from_currency=old, to_currency=new, rate=rate, actor=actor))
    converted = _convert_open_adjustments(session, old, new, rate)
    rebased, added = _rebase_rates(session, old, new, rate)
    audit.record(
        session,
        actor=actor,
        action="merchant.base_currency",
        entity="merchant",
        entity_id=1,
        details={
            "from": old,
            "to": new,
            "rate": str(rate),
            "adjustments_converted": converted,
            "rates_rebased": rebased,
            "rates_added_for": added,
            "held": held,
        },
        reason=f"balances, held lines and adjustments in {old} convert at {rate} {new} per {old}",
    )


def _convert_open_adjustments(session: Session, old: str, new: str, rate: Decimal) -> int:
    drafts = select(PayoutRunRow.id).where(PayoutRunRow.state == RunState.DRAFT)
    rows = session.scalars(
        select(AdjustmentRow).where(
            AdjustmentRow.currency == old,
            AdjustmentRow.run_id.is_(None) | AdjustmentRow.run_id.in_(drafts),
        )
    ).all()
    for row in rows:
        row.amount_minor = to_minor(rebase(from_minor(row.amount_minor, old), rate, new), new)
        row.currency = new
    return len(rows)


def _rebase_rates(session: Session, old: str, new: str, rate: Decimal) -> tuple[int, list[str]]:
    """Rates were units of `old` per unit of a currency; make them units of `new`."""
    rows = session.scalars(select(ExchangeRateRow)).all()
    known = set()
    for row in rows:
        if row.currency.upper() == new:
            session.delete(row)  # the new base converts at 1
            continue
        row.rate = row.rate * rate
        known.add((row.currency.upper(), row.month))
    months = sorted(
        {
            day.replace(day=1)
            for day in session.scalars(select(OrderRow.order_date).where(OrderRow.currency == old))
        }
    )
    added = [m for m in months if (old, m) not in known]
    for month in added:
        session.add(ExchangeRateRow(currency=old, month=month, rate=rate))
    session.flush()
    return len(rows), [f"{m:%Y-%m}" for m in added]


Change = tuple[str, str, Decimal, datetime]


def recorded_changes(session: Session) -> list[Change]:
    return [
        (c.from_currency, c.to_currency, c.rate, c.changed_at)
        for c in session.scalars(select(BaseCurrencyChangeRow).order_by(BaseCurrencyChangeRow.id))
    ]


def change_factor(
    changes: Sequence[Change], source: str, target: str, after: datetime | None
) -> Decimal:
    """Units of `target` per unit of `source`, through the base currency changes made after
    `after` (all when None); refused when no recorded change leads from one to the other."""
    factor, current = Decimal(1), source
    for old, new, rate, changed_at in changes:
        if current == target:
            break
        if old == current and (after is None or changed_at > after):
            factor, current = factor * rate, new
    if current != target:
        raise UserError(
            f"amounts in {source} cannot be read as {target}: no base currency change from "
            f"{source} to {target} is recorded"
        )
    return factor
