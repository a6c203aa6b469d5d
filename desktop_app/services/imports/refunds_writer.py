"""Refunds: each new refund inserted against its order of the same source and currency; a
refund imported before with the same values is left alone, with other values it is an error
(refunds are never changed). At the end of the import, orders whose refunds add up to their
whole amount become refunded (`mark_refunded`)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, insert, select, update

from desktop_app.domain.order_fields import ORDER_VALUES
from desktop_app.domain.order_status import OrderState
from desktop_app.services.imports.bulk import select_in
from desktop_app.services.imports.changes import record_changes
from desktop_app.services.imports.records import RefundRecord
from desktop_app.services.imports.sink import RecordSink
from desktop_app.store.database import IN_LIST_LIMIT as IN_CHUNK
from desktop_app.store.models import OrderRow, RefundRow


def write_refunds(
    writer: RecordSink, records: list[RefundRecord], refunded: dict[int, int]
) -> None:
    """Insert the chunk's new refunds; `refunded` gets each refunded order's id → its first
    refund's row, for `mark_refunded`."""
    source = writer.options.source
    records = [
        r
        for r in records
        if writer.first_seen(("refund", r.external_id), r.row, f"refund '{r.external_id}'")
    ]
    orders = _orders_of(writer, source, sorted({r.order_external_id for r in records}))
    existing: dict[str, Any] = {}
    ids = [r.external_id for r in records]
    for begin in range(0, len(ids), IN_CHUNK):
        for row in writer.session.execute(
            select(
                RefundRow.id,
                RefundRow.external_id,
                RefundRow.order_id,
                RefundRow.refund_date,
                RefundRow.amount_minor,
            ).where(
                RefundRow.source == source,
                RefundRow.external_id.in_(ids[begin : begin + IN_CHUNK]),
            )
        ).mappings():
            existing[row["external_id"]] = dict(row)
    inserts = []
    for record in records:
        order = orders.get(record.order_external_id)  # (id, currency)
        if order is None:
            writer.reject(
                writer.row_error(
                    record.row,
                    f"no order '{record.order_external_id}' from source '{source}'; "
                    "import the orders first",
                )
            )
            continue
        order_id, currency = order
        if currency != record.currency:
            writer.reject(
                writer.row_error(
                    record.row,
                    f"refund in {record.currency} for an order in {currency}",
                    "amount",
                )
            )
            continue
        old = existing.get(record.external_id)
        if old is not None:
            same = (old["refund_date"], old["amount_minor"]) == (
                record.refund_date,
                record.amount_minor,
            )
            if same:
                writer.report.unchanged += 1
            else:
                writer.reject(
                    writer.row_error(
                        record.row,
                        f"refund '{record.external_id}' was imported before with other "
                        "values; refunds are never changed, import a new refund instead",
                    )
                )
            continue
        inserts.append(
            {
                "source": source,
                "external_id": record.external_id,
                "order_id": order_id,
                "refund_date": record.refund_date,
                "amount_minor": record.amount_minor,
                "currency": record.currency,
                "batch_id": writer.batch_id,
            }
        )
        refunded.setdefault(order_id, record.row)
    if inserts:
        writer.session.connection().execute(insert(RefundRow), inserts)
        writer.report.added += len(inserts)


def _orders_of(writer: RecordSink, source: str, ids: list[str]) -> dict[str, tuple[int, str]]:
    """External id → (id, currency) of the stored orders of `source` the refunds name."""
    sql = "SELECT external_id, id, currency FROM orders WHERE source = "
    rows = select_in(writer.session, sql, source, "external_id", ids)
    return {external_id: (order_id, currency) for external_id, order_id, currency in rows}


def mark_refunded(writer: RecordSink, refunded: dict[int, int]) -> None:
    """Refunds adding up to an order's whole amount make it refunded (a partial refund
    leaves it as it is: confirmed, with a refund); more than the amount is an error. The
    values of every refunded order are kept (import_changes), so undoing the import puts
    back exactly the status it had."""
    order_ids = sorted(refunded)
    previous: list[tuple[int, tuple[Any, ...]]] = []
    for begin in range(0, len(order_ids), IN_CHUNK):
        chunk = order_ids[begin : begin + IN_CHUNK]
        totals = writer.session.execute(
            select(
                OrderRow.id,
                OrderRow.external_id,
                OrderRow.amount_minor,
                func.sum(RefundRow.amount_minor),
            )
            .join(RefundRow, RefundRow.order_id == OrderRow.id)
            .where(OrderRow.id.in_(chunk))
            .group_by(OrderRow.id)
        ).all()
        full: list[int] = []
        for order_id, external_id, amount, total in totals:
            if total > amount:
                writer.reject(
                    writer.row_error(
                        refunded[order_id],
                        f"refunds of order '{external_id}' add up to more than its amount",
                        "amount",
                    )
                )
                continue
            if total == amount:
                full.append(order_id)
        columns = [getattr(OrderRow, name) for name in ORDER_VALUES]
        for row in writer.session.execute(
            select(OrderRow.id, *columns).where(OrderRow.id.in_(chunk))
        ):
            previous.append((row[0], tuple(row[1:])))
        if full:
            writer.session.execute(
                update(OrderRow)
                .where(
                    OrderRow.id.in_(full),
                    OrderRow.status.not_in((OrderState.CANCELLED, OrderState.REFUNDED)),
                )
                .values(status=OrderState.REFUNDED.value)
            )
    record_changes(writer.session, writer.batch_id, "orders", previous)
