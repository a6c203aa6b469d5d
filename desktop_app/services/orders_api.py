"""The Orders screen's and the import wizard's reads, each in its own transaction, as values.

(services/imports keeps the import itself; these are the queries beside it.)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from desktop_app.domain.partners import Partner
from desktop_app.services import imports, merchant
from desktop_app.services import partners as partner_service
from desktop_app.services.orders_query import (
    OrderFilter,
    OrderSort,
    OrderView,
    count_orders,
    fetch_orders,
    order_months,
)
from desktop_app.store.models import OrderRow

if TYPE_CHECKING:
    from desktop_app.store.database import Store


def list_orders(
    store: Store,
    *,
    start: date | None = None,
    end: date | None = None,
    partner_code: str | None = None,
    status: str | None = None,
    page_size: int = 5000,
) -> list[OrderView]:
    """Every order matching, oldest first (by date, then id), read in one transaction; the
    partner by its code (NotFoundError when no partner has it)."""
    with store.transaction() as session:
        partner_id = (
            partner_service.find_by_code(session, partner_code).id if partner_code else None
        )
        order_filter = OrderFilter(start=start, end=end, partner_id=partner_id, status=status)
        found: list[OrderView] = []
        while True:
            page = fetch_orders(session, order_filter, OrderSort.DATE, False, len(found), page_size)
            found.extend(page)
            if len(page) < page_size:
                return found


def count_matching(store: Store, order_filter: OrderFilter) -> int:
    with store.transaction() as session:
        return count_orders(session, order_filter)


def fetch_page(
    store: Store,
    order_filter: OrderFilter,
    sort: OrderSort,
    descending: bool,
    offset: int,
    limit: int,
    *,
    matches: int | None = None,
) -> list[OrderView]:
    """A page of orders (see `orders_query.fetch_orders`)."""
    with store.transaction() as session:
        return fetch_orders(session, order_filter, sort, descending, offset, limit, matches=matches)


@dataclass(frozen=True)
class OrderChoices:
    """What the Orders screen's filters and import history offer."""

    locale: str
    months: list[date]
    partners: list[Partner]
    batches: list[imports.BatchInfo]


def order_choices(store: Store) -> OrderChoices:
    with store.transaction() as session:
        return OrderChoices(
            merchant.get_profile(session).locale,
            order_months(session),
            partner_service.list_partners(session),
            imports.list_batches(session),
        )


def profile_options(store: Store, name: str) -> dict[str, Any]:
    """The options (date order, status words…) a saved mapping profile remembers."""
    with store.transaction() as session:
        return imports.get_profile(session, name).options


def first_order_date(store: Store) -> date | None:
    """The date of the oldest order; None while the store has none."""
    with store.transaction() as session:
        return session.scalar(select(func.min(OrderRow.order_date)))


def has_orders(store: Store) -> bool:
    """Whether the store holds any order: one plain query (the app asks before its window
    first paints, where compiling an ORM statement would cost more than the query)."""
    with store.engine.connect() as connection:
        return connection.exec_driver_sql("SELECT id FROM orders LIMIT 1").first() is not None
