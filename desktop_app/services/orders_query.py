"""Orders for the Orders screen: filtered, sorted and paged inside the database.

A store can hold a million orders; the screen asks for one page at a time and the database
sorts on indexed columns, so the first paint and a re-sort stay fast however many rows exist.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.orm import Session

from desktop_app.domain.money import from_minor
from desktop_app.domain.order_fields import ORDER_TEXT_COLUMNS, ORDER_TYPED_COLUMNS, TEXT_AT
from desktop_app.store.models import OrderRow, PartnerRow, RefundRow

# Plain SQL (Core) on the table: loading ORM objects costs more than the query itself, and the
# first ORM query of a process ~50 ms more.
_ORDERS = OrderRow.__table__
_PARTNERS = PartnerRow.__table__

_BEYOND_EVERY_CHARACTER = "\U0010ffff"  # sorts (UTF-8 bytes) after any text continuing a prefix


class OrderSort(StrEnum):
    """Sortable columns; each is backed by an index on `orders`."""

    DATE = "date"
    ORDER_ID = "order_id"
    PARTNER = "partner"
    AMOUNT = "amount"
    STATUS = "status"


_SORT_COLUMNS = {
    OrderSort.DATE: _ORDERS.c.order_date,
    OrderSort.ORDER_ID: _ORDERS.c.external_id,
    OrderSort.PARTNER: _ORDERS.c.partner_code,
    OrderSort.AMOUNT: _ORDERS.c.amount_minor,
    OrderSort.STATUS: _ORDERS.c.status,
}


@dataclass(frozen=True)
class OrderFilter:
    start: date | None = None
    end: date | None = None
    partner_id: int | None = None
    status: str | None = None
    batch_id: int | None = None
    search: str = ""  # beginning of an order id or partner code


@dataclass(frozen=True)
class OrderView:
    """An order as the Orders screen shows it: the typed columns of order_fields.ORDER_COLUMNS
    under their own names (the amount as money, the partner by name), the descriptive ones in
    `texts` (in the order of ORDER_TEXT_COLUMNS; `text(name)` reads one), and what is known
    about it."""

    id: int
    source: str
    external_id: str
    order_date: date
    partner_code: str
    partner_name: str
    amount: Decimal
    currency: str
    status: str  # the order's state (domain.order_status)
    batch_id: int | None
    historical: bool
    texts: tuple[str, ...] = ()
    refunded: Decimal = Decimal(0)  # refunds imported for it (a partial refund: confirmed)

    def text(self, column: str) -> str:
        return self.texts[TEXT_AT[column]]


# The typed imported columns shown as they are stored, by name: those OrderView has (the
# amount and the partner are shown otherwise, below).
_SHOWN = tuple(c.column for c in ORDER_TYPED_COLUMNS if c.column in OrderView.__dataclass_fields__)
_TEXTS = tuple(c.column for c in ORDER_TEXT_COLUMNS)


# Up to this many matching orders, SQLite reads them through the filter's index and sorts
# them (~25 ms for 20k); beyond it, it walks the sort column's index and keeps the matches.
SORT_IN_MEMORY_UP_TO = 20_000


def _no_index(column: Any) -> Any:
    """The same value, as an expression SQLite will not look up in an index."""
    return func.coalesce(column, column)


def _conditions(
    f: OrderFilter, sqlite: bool, hide_indexes_but: Any = None
) -> list[ColumnElement[bool]]:
    """The filter as SQL; with `hide_indexes_but` a column, only that column's index stays
    usable (the sort column's, so a date range sorted by date is still one range scan)."""

    def col(column: Any) -> Any:
        hide = hide_indexes_but is not None and column is not hide_indexes_but
        return _no_index(column) if hide else column

    conditions: list[ColumnElement[bool]] = []
    if f.start is not None:
        conditions.append(col(_ORDERS.c.order_date) >= f.start)
    if f.end is not None:
        conditions.append(col(_ORDERS.c.order_date) <= f.end)
    if f.partner_id is not None:
        conditions.append(col(_ORDERS.c.partner_id) == f.partner_id)
    if f.status:
        conditions.append(col(_ORDERS.c.status) == f.status)
    if f.batch_id is not None:
        conditions.append(col(_ORDERS.c.batch_id) == f.batch_id)
    text = f.search.strip()
    if text:
        conditions.append(_starts_with(text, sqlite, col))
    return conditions


def _starts_with(
    text: str,
    sqlite: bool,
    col: Callable[[Any], Any] = lambda c: c,
) -> ColumnElement[bool]:
    """Order id or partner code begins with `text`.

    SQLite cannot use an index for a case-insensitive LIKE on a normal column (a full scan:
    ~0.3 s on a million orders), so there the prefix becomes key ranges, as typed, upper-case
    and lower-case (ids and codes are rarely mixed case), each served by its index. Elsewhere
    ILIKE.
    """
    if not sqlite:
        escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        return or_(
            _ORDERS.c.external_id.ilike(f"{escaped}%", escape="\\"),
            _ORDERS.c.partner_code.ilike(f"{escaped}%", escape="\\"),
        )
    ranges: list[ColumnElement[bool]] = []
    for variant in dict.fromkeys((text, text.upper(), text.lower())):
        beyond = variant + _BEYOND_EVERY_CHARACTER
        for column in (col(_ORDERS.c.external_id), col(_ORDERS.c.partner_code)):
            ranges.append(and_(column >= variant, column < beyond))
    return or_(*ranges)


def _sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def count_orders(session: Session, f: OrderFilter) -> int:
    return int(
        session.scalar(
            select(func.count()).select_from(_ORDERS).where(*_conditions(f, _sqlite(session)))
        )
        or 0
    )


def page_query(
    f: OrderFilter,
    sort: OrderSort,
    descending: bool,
    offset: int,
    limit: int,
    *,
    sqlite: bool,
    matches: int | None = None,
) -> Select[Any]:
    """One page, ordered by an indexed column with the id as the tie-break.

    `matches` (the count_orders of the filter, when known) tells SQLite which index to use:
    without statistics it would guess, and a wrong guess costs ~0.3 s on a million orders.
    """
    column: Any = _SORT_COLUMNS[sort]
    sort_index_only = None
    if sqlite and matches is not None and f != OrderFilter():
        if matches <= SORT_IN_MEMORY_UP_TO:
            column = _no_index(column)
        else:
            sort_index_only = column
    order = column.desc() if descending else column.asc()
    tie = _ORDERS.c.id.desc() if descending else _ORDERS.c.id.asc()
    return (
        select(*_ORDERS.c)
        .where(*_conditions(f, sqlite, sort_index_only))
        .order_by(order, tie)
        .offset(offset)
        .limit(limit)
    )


def fetch_orders(
    session: Session,
    f: OrderFilter,
    sort: OrderSort = OrderSort.DATE,
    descending: bool = False,
    offset: int = 0,
    limit: int = 200,
    *,
    matches: int | None = None,
) -> list[OrderView]:
    """A page of orders; pass `matches` = count_orders(session, f) when known (faster)."""
    page = page_query(f, sort, descending, offset, limit, sqlite=_sqlite(session), matches=matches)
    rows = session.execute(page).all()
    ids = {row.partner_id for row in rows}
    found = session.execute(select(_PARTNERS.c.id, _PARTNERS.c.name).where(_PARTNERS.c.id.in_(ids)))
    names = {partner_id: name for partner_id, name in found}
    refunded: dict[int, int] = dict(
        session.execute(
            select(RefundRow.order_id, func.sum(RefundRow.amount_minor))
            .where(RefundRow.order_id.in_([row.id for row in rows]))
            .group_by(RefundRow.order_id)
        ).all()
    )
    return [
        OrderView(
            id=row.id,
            source=row.source,
            external_id=row.external_id,
            partner_name=names.get(row.partner_id, ""),
            amount=from_minor(row.amount_minor, row.currency),
            batch_id=row.batch_id,
            historical=row.historical,
            refunded=from_minor(int(refunded.get(row.id, 0)), row.currency),
            texts=tuple(row._mapping[name] for name in _TEXTS),
            **{name: row._mapping[name] for name in _SHOWN},
        )
        for row in rows
    ]


def order_months(session: Session) -> list[date]:
    """First days of the months that have orders, newest first (for the period filter)."""
    first, last = session.execute(
        select(func.min(OrderRow.order_date), func.max(OrderRow.order_date))
    ).one()
    if first is None or last is None:
        return []
    months = []
    year, month = last.year, last.month
    while (year, month) >= (first.year, first.month):
        months.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months
