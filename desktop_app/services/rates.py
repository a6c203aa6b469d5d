"""Exchange rates: one rate per currency and calendar month, entered by hand or imported.

A rate is how many units of the merchant's base currency one unit of the currency was worth in
that month ("1.0825" for EUR in a USD store); the base currency itself always converts at 1 and
has no rate. Payout runs and the Dashboard read the same table (`rate_table`) and convert each
order with `domain.payouts.conversion.convert` (rule ROUND_CONVERSION).

Every change is in the audit log (`rates.set`, `rates.delete`, `rates.import`), which is also
what marks a draft payout run calculated before the change as out of date. A locked run never
reads rates again: each converted line keeps the rate it was converted at.

Files (`import_rates`): the European Central Bank's reference-rate CSV (the history file
`eurofxref-hist.csv` or the one-day `eurofxref.csv`) or a plain `month,currency,rate` CSV; the
ECB's daily rates become monthly ones by the rule named in `services.rates_file` (MONTHLY_RULE:
the mean of the month's daily cross rates, rounded half-up to 6 significant digits). An import
is one transaction: one bad cell refuses the whole file and changes nothing.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy import extract, func, or_, select
from sqlalchemy.orm import Session

from desktop_app.domain.payouts.conversion import RateTable
from desktop_app.errors import NotFoundError, UserError, ValidationError
from desktop_app.services import audit
from desktop_app.services.changes import Changed, Changes
from desktop_app.services.merchant import get_profile
from desktop_app.services.rates_file import EcbDays, monthly_rates, read_rates_file
from desktop_app.services.rates_values import (
    FIRST_YEAR,
    LAST_YEAR,
    is_currency,
    parse_currency,
    parse_month,
    parse_rate,
)
from desktop_app.store.database import Store
from desktop_app.store.models import ExchangeRateRow, OrderRow
from desktop_app.store.models_orders import ImportChangeRow

ENTITY = "exchange_rate"


__all__ = [
    "FIRST_YEAR",
    "LAST_YEAR",
    "ImportedRates",
    "MissingRate",
    "Rate",
    "RateChange",
    "RateEdit",
    "apply_edits",
    "base_currency",
    "delete_rate",
    "import_rates",
    "is_currency",
    "list_rates",
    "missing_rate_warnings",
    "missing_rates",
    "order_months",
    "parse_currency",
    "parse_month",
    "parse_rate",
    "rate_table",
    "set_rate",
]


@dataclass(frozen=True)
class Rate:
    currency: str
    month: date  # first day of the month
    rate: Decimal  # units of the base currency per 1 unit of `currency`


@dataclass(frozen=True)
class RateChange:
    """What setting or deleting one rate did (`rate` None: deleted; `was` None: new)."""

    currency: str
    month: date
    rate: Decimal | None
    was: Decimal | None

    @property
    def changed(self) -> bool:
        return self.rate != self.was


@dataclass(frozen=True)
class MissingRate:
    """Orders in `currency` dated in `month` that no rate converts yet."""

    currency: str
    month: date
    orders: int


@dataclass(frozen=True)
class ImportedRates:
    file: str
    layout: str  # "ecb" | "plain"
    added: int
    changed: int
    unchanged: int
    currencies: tuple[str, ...]
    first: date | None
    last: date | None
    notes: tuple[str, ...] = ()

    @property
    def changes(self) -> Changes:
        return Changes.RATES if self.added or self.changed else Changes.NONE


# reading --------------------------------------------------------------------------------------


def base_currency(session: Session) -> str:
    return get_profile(session).base_currency.upper()


def rate_table(session: Session, base: str) -> RateTable:
    """Every stored rate, as the run and the Dashboard convert with it."""
    rows = session.execute(
        select(ExchangeRateRow.currency, ExchangeRateRow.month, ExchangeRateRow.rate)
    )
    return RateTable(base, {(c.upper(), m.replace(day=1)): r for c, m, r in rows})


def list_rates(
    session: Session, *, currency: str | None = None, since: date | None = None
) -> list[Rate]:
    """Stored rates by month, then currency."""
    query = select(ExchangeRateRow).order_by(ExchangeRateRow.month, ExchangeRateRow.currency)
    if currency is not None:
        query = query.where(ExchangeRateRow.currency == currency.upper())
    if since is not None:
        query = query.where(ExchangeRateRow.month >= since)
    return [Rate(r.currency, r.month, r.rate) for r in session.scalars(query)]


def order_months(
    session: Session, base: str | None = None, *, batch_id: int | None = None
) -> dict[tuple[str, date], int]:
    """Orders that need a rate (not cancelled, not in the base currency) per (currency, month);
    with `batch_id`, only the orders that import batch added or changed."""
    base = (base or base_currency(session)).upper()
    year = extract("year", OrderRow.order_date)
    month = extract("month", OrderRow.order_date)
    query = select(OrderRow.currency, year, month, func.count()).where(
        OrderRow.currency != base, OrderRow.status != "cancelled"
    )
    if batch_id is not None:
        changed = select(ImportChangeRow.row_id).where(
            ImportChangeRow.batch_id == batch_id, ImportChangeRow.target == "orders"
        )
        query = query.where(or_(OrderRow.batch_id == batch_id, OrderRow.id.in_(changed)))
    rows = session.execute(query.group_by(OrderRow.currency, year, month))
    found: dict[tuple[str, date], int] = {}
    for currency, y, m, count in rows:
        key = (str(currency).upper(), date(int(y), int(m), 1))
        found[key] = found.get(key, 0) + int(count)
    return found


def missing_rates(session: Session, base: str | None = None) -> list[MissingRate]:
    """Months with orders in a currency but no rate for it, oldest first."""
    have = {(r.currency, r.month) for r in list_rates(session)}
    return sorted(
        (
            MissingRate(currency, month, count)
            for (currency, month), count in order_months(session, base).items()
            if (currency, month) not in have
        ),
        key=lambda m: (m.month, m.currency),
    )


def missing_rate_warnings(
    session: Session, batch_id: int, currencies: Collection[str] | None = None
) -> list[str]:
    """What an orders import says about the currencies and months it brought without a rate
    (a warning: the import goes ahead, the payout run will ask for the rate). `currencies`:
    every currency the import read, when known; only the base currency needs no query (which
    reads all of a big import's orders)."""
    base = base_currency(session)
    if currencies is not None and set(currencies) <= {base}:
        return []
    have = {(r.currency, r.month) for r in list_rates(session)}
    found = []
    for (currency, month), count in sorted(
        order_months(session, base, batch_id=batch_id).items(), key=lambda kv: (kv[0][1], kv[0][0])
    ):
        if (currency, month) in have:
            continue
        orders = f"{count} order{'s' if count != 1 else ''}"
        found.append(
            f"no exchange rate for {currency} in {month:%Y-%m} ({orders}, units of {base} per "
            f"{currency}): enter it in Settings → Exchange rates or with payout-desk rates set "
            f"{currency} RATE --month {month:%Y-%m} before the payout run"
        )
    return found


# changing -------------------------------------------------------------------------------------


def _row(session: Session, currency: str, month: date) -> ExchangeRateRow | None:
    return session.scalar(
        select(ExchangeRateRow).where(
            ExchangeRateRow.currency == currency, ExchangeRateRow.month == month
        )
    )


def _record(
    session: Session, action: str, row_id: int, currency: str, month: date, rate: Decimal,
    was: Decimal | None, actor: str | None,
) -> None:  # fmt: skip
    details: dict[str, str] = {"currency": currency, "month": f"{month:%Y-%m}", "rate": str(rate)}
    if was is not None and action == "rates.set":
        details["was"] = str(was)
    audit.record(
        session, action=action, entity=ENTITY, entity_id=row_id, details=details, actor=actor
    )


def set_rate(
    session: Session,
    currency: str,
    month: str | date,
    rate: str | Decimal,
    *,
    actor: str | None = None,
) -> RateChange:
    """Set (add or replace) the rate of `currency` for `month`, validated and audited; the same
    rate again changes nothing and writes nothing."""
    code = parse_currency(currency, base_currency(session))
    first = parse_month(month)
    value = parse_rate(rate)
    row = _row(session, code, first)
    was = None if row is None else row.rate
    if was is not None and was == value:
        return RateChange(code, first, was, was)
    if row is None:
        row = ExchangeRateRow(currency=code, month=first, rate=value)
        session.add(row)
    else:
        row.rate = value
    session.flush()
    _record(session, "rates.set", row.id, code, first, value, was, actor)
    return RateChange(code, first, value, was)


def delete_rate(
    session: Session, currency: str, month: str | date, *, actor: str | None = None
) -> RateChange:
    code = currency.strip().upper()
    first = parse_month(month)
    row = _row(session, code, first)
    if row is None:
        raise NotFoundError(f"there is no {code} rate for {first:%Y-%m}")
    was = row.rate
    _record(session, "rates.delete", row.id, code, first, was, None, actor)
    session.delete(row)
    session.flush()
    return RateChange(code, first, None, was)


@dataclass(frozen=True)
class RateEdit:
    """One cell of the rates screen: set `rate` (text as typed), or delete when it is empty."""

    currency: str
    month: date
    rate: str


def apply_edits(
    session: Session, edits: Sequence[RateEdit], *, actor: str | None = None
) -> list[RateChange]:
    """Several cells at once (a paste): all or nothing, each change audited. A bad cell raises
    ValidationError naming the cell ("EUR 2026-10: …")."""
    changes = []
    for edit in edits:
        try:
            if edit.rate.strip():
                changes.append(set_rate(session, edit.currency, edit.month, edit.rate, actor=actor))
            elif _row(session, edit.currency.upper(), edit.month) is not None:
                changes.append(delete_rate(session, edit.currency, edit.month, actor=actor))
        except ValidationError as exc:
            raise ValidationError(
                f"{edit.currency.upper()} {edit.month:%Y-%m}", exc.detail
            ) from None
    return changes


# importing ------------------------------------------------------------------------------------


def _in_use(session: Session, base: str) -> tuple[set[str], date | None]:
    """Currencies the store converts (orders not in the base currency, stored rates) and the
    first month any of them is needed for."""
    months = order_months(session, base)
    stored = list_rates(session)
    currencies = {c for c, _m in months} | {r.currency for r in stored}
    firsts = [m for _c, m in months] + [r.month for r in stored]
    return currencies, min(firsts, default=None)


def import_rates(
    store: Store,
    path: str | Path,
    *,
    currencies: Iterable[str] | None = None,
    since: str | date | None = None,
    actor: str | None = None,
) -> ImportedRates:
    """Read a rates file and store its monthly rates in one transaction.

    ECB files: the rates of `currencies` (default: every currency the store has orders or rates
    in) for the months from `since` on (default: the first month such an order or rate is in).
    Plain files: every row (only `currencies`' rows when given). Bad input refuses the whole
    file (UserError naming file, row and column) and leaves the store as it was."""
    path = Path(path)
    with store.transaction() as session:
        base = base_currency(session)
        used, first_used = _in_use(session, base)
    parsed = read_rates_file(path, base)
    chosen = None if currencies is None else {parse_currency(c, base) for c in currencies}
    start = None if since is None else parse_month(since, field="from")
    notes: tuple[str, ...] = ()
    if isinstance(parsed, EcbDays):
        wanted = chosen if chosen is not None else used
        if not wanted:
            raise UserError(
                f"{path.name}: the store has no orders in a currency other than {base} and no "
                "rates yet; name the currencies to import (payout-desk rates import FILE "
                "--currency EUR)"
            )
        values, notes = monthly_rates(
            parsed,
            path.name,
            base,
            sorted(wanted),
            since=start if start is not None or chosen is not None else first_used,
            strict=chosen is not None,
        )
        layout = "ecb"
    else:
        values = {
            (currency, month): rate
            for _row_number, currency, month, rate in parsed.rows
            if chosen is None or currency in chosen
        }
        layout = "plain"
    return _store_imported(store, path.name, layout, values, notes, actor)


def _store_imported(
    store: Store,
    name: str,
    layout: str,
    values: dict[tuple[str, date], Decimal],
    notes: tuple[str, ...],
    actor: str | None,
) -> ImportedRates:
    added = changed = unchanged = 0
    replaced: list[str] = []
    with store.write_transaction() as session:
        existing = {(r.currency, r.month): r for r in session.scalars(select(ExchangeRateRow))}
        for (currency, month), rate in sorted(values.items(), key=lambda kv: (kv[0][1], kv[0][0])):
            row = existing.get((currency, month))
            if row is None:
                session.add(ExchangeRateRow(currency=currency, month=month, rate=rate))
                added += 1
            elif row.rate != rate:
                replaced.append(f"{currency} {month:%Y-%m}: {row.rate} → {rate}")
                row.rate = rate
                changed += 1
            else:
                unchanged += 1
        months = sorted({m for _c, m in values})
        result = ImportedRates(
            file=name,
            layout=layout,
            added=added,
            changed=changed,
            unchanged=unchanged,
            currencies=tuple(sorted({c for c, _m in values})),
            first=months[0] if months else None,
            last=months[-1] if months else None,
            notes=notes,
        )
        if added or changed:
            audit.record(
                session,
                action="rates.import",
                entity=ENTITY,
                details={
                    "file": name,
                    "layout": layout,
                    "added": added,
                    "changed": changed,
                    "unchanged": unchanged,
                    "currencies": list(result.currencies),
                    "months": [f"{m:%Y-%m}" for m in (months[0], months[-1])] if months else [],
                    "replaced": replaced[:50],
                },
                actor=actor,
            )
    return result


# -- the feature API (each call owns its transaction) ---------------------------------------


@dataclass(frozen=True)
class RatesView:
    """The stored rates, in the base currency, and the months orders need a rate for."""

    base: str
    stored: list[Rate]
    needs: dict[tuple[str, date], int]  # (currency, month) → orders in it
    missing: list[MissingRate]


def load_rates_view(store: Store, *, with_missing: bool = False) -> RatesView:
    """`needs` for the rates table, or (`with_missing`) the missing rates for a summary."""
    with store.transaction() as session:
        base = base_currency(session)
        return RatesView(
            base,
            list_rates(session),
            {} if with_missing else order_months(session, base),
            missing_rates(session, base) if with_missing else [],
        )


def save_edits(store: Store, edits: Sequence[RateEdit]) -> Changed[list[RateChange]]:
    """`apply_edits` in one write transaction."""
    with store.write_transaction() as session:
        changes = apply_edits(session, edits)
    return Changed(changes, Changes.RATES if any(c.changed for c in changes) else Changes.NONE)


def save_rate(store: Store, currency: str, month: str, rate: str) -> Changed[RateChange]:
    """`set_rate` in one write transaction."""
    with store.write_transaction() as session:
        change = set_rate(session, currency, month, rate)
    return Changed(change, Changes.RATES if change.changed else Changes.NONE)


@dataclass(frozen=True)
class RateListing:
    """Stored rates (by month, then currency), or the missing ones, in the base currency."""

    base: str
    rates: list[Rate]
    missing: list[MissingRate]


def load_rates(
    store: Store,
    *,
    currency: str | None = None,
    since: date | None = None,
    missing: bool = False,
) -> RateListing:
    """The stored rates of `currency` from `since` on, or (`missing`) every missing rate."""
    with store.transaction() as session:
        base = base_currency(session)
        if missing:
            return RateListing(base, [], missing_rates(session, base))
        return RateListing(base, list_rates(session, currency=currency, since=since), [])


@dataclass(frozen=True)
class RateSaved:
    """A rate set or deleted, and the base currency it is in."""

    base: str
    change: RateChange


def put_rate(store: Store, currency: str, month: str, rate: str) -> Changed[RateSaved]:
    """`set_rate` in one write transaction, with the base currency it is in."""
    with store.write_transaction() as session:
        base = base_currency(session)
        change = set_rate(session, currency, month, rate)
    return Changed(RateSaved(base, change), Changes.RATES if change.changed else Changes.NONE)


def remove_rate(store: Store, currency: str, month: str) -> Changed[RateChange]:
    """`delete_rate` in one write transaction."""
    with store.write_transaction() as session:
        change = delete_rate(session, currency, month)
    return Changed(change, Changes.RATES)
