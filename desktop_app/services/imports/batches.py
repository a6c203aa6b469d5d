"""Import batches: the list, and undoing one (while none of its orders is in a locked run)."""

from __future__ import annotations

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desktop_app.domain.order_status import OrderState
from desktop_app.errors import NotFoundError, UserError
from desktop_app.services import audit
from desktop_app.services.changes import Changed
from desktop_app.services.imports.changes import (
    changed_rows,
    later_batches,
    restore_changes,
    status_only_changes,
)
from desktop_app.services.imports.model import IMPORTED, BatchInfo
from desktop_app.services.order_locks import locking_runs
from desktop_app.store.base import utcnow
from desktop_app.store.database import Store
from desktop_app.store.models import ClickRow, ImportBatchRow, OrderRow, RefundRow


def list_batches(session: Session) -> list[BatchInfo]:
    rows = session.scalars(select(ImportBatchRow).order_by(ImportBatchRow.id.desc()))
    return [
        BatchInfo(
            id=row.id,
            kind=row.kind,
            source=row.source,
            file_name=row.file_name,
            imported_at=row.imported_at.strftime("%Y-%m-%d %H:%M"),
            added=row.added,
            updated=row.updated,
            unchanged=row.unchanged,
            rejected=row.rejected,
            historical=row.historical,
            undone=row.undone_at is not None,
        )
        for row in rows
    ]


def load_batches(store: Store) -> list[BatchInfo]:
    """Every import batch, newest first."""
    with store.transaction() as session:
        return list_batches(session)


def undo_batch(store: Store, batch_id: int, *, actor: str | None = None) -> Changed[int]:
    """Delete what the batch added and put back what it changed; gives how many rows were
    removed or restored. Refused while any of its orders is in a locked run, and while a later
    import (not undone) changed rows this one added or changed: undo that one first."""
    with store.write_transaction() as session:
        batch = session.get(ImportBatchRow, batch_id)
        if batch is None:
            raise NotFoundError(f"no import batch {batch_id}")
        if batch.undone_at is not None:
            raise UserError(f"import batch {batch_id} ({batch.file_name}) was already undone")
        order_ids = list(session.scalars(select(OrderRow.id).where(OrderRow.batch_id == batch_id)))
        refund_orders = list(
            session.scalars(select(RefundRow.order_id).where(RefundRow.batch_id == batch_id))
        )
        changed_orders = changed_rows(session, batch_id, "orders")
        # a locked order's status may be put back (it changed with nothing else, as a re-import
        # may change it); anything else of an order in a locked run stays as it is
        status_only = status_only_changes(session, batch_id)
        held = [order for order in changed_orders if order not in status_only]
        locked = locking_runs(session, order_ids + refund_orders + held)
        if locked:
            runs = sorted(set(locked.values()))
            named = f"run {runs[0]}" if len(runs) == 1 else f"runs {', '.join(map(str, runs))}"
            raise UserError(
                f"import batch {batch_id} ({batch.file_name}) cannot be undone: {len(locked)} of "
                f"its orders are in locked payout {named}; correct them with refunds or "
                "adjustments"
            )
        click_ids = list(session.scalars(select(ClickRow.id).where(ClickRow.batch_id == batch_id)))
        later = later_batches(session, batch_id, "orders", order_ids + changed_orders)
        later |= later_batches(
            session, batch_id, "clicks", click_ids + changed_rows(session, batch_id, "clicks")
        )
        if later:
            names = ", ".join(str(n) for n in sorted(later))
            raise UserError(
                f"import batch {batch_id} ({batch.file_name}) cannot be undone yet: later "
                f"import batch(es) {names} changed the same rows; undo those first"
            )
        recorded = set(changed_orders)
        removed = restore_changes(session, batch_id)
        try:
            for table in (RefundRow, ClickRow, OrderRow):
                result = session.execute(delete(table).where(table.batch_id == batch_id))
                removed += getattr(result, "rowcount", 0) or 0
            session.flush()
        except IntegrityError:
            raise UserError(
                f"import batch {batch_id} ({batch.file_name}) cannot be undone: refunds from a "
                "later import refer to its orders; undo that import first"
            ) from None
        _restore_order_status(session, [o for o in refund_orders if o not in recorded])
        batch.undone_at = utcnow()
        audit.record(
            session,
            action="import.undo",
            entity="import_batch",
            entity_id=batch_id,
            details={"file": batch.file_name, "rows_removed": removed},
            actor=actor,
        )
        return Changed(removed, IMPORTED)


def _restore_order_status(session: Session, order_ids: list[int]) -> None:
    """Refund batches imported before migration 0010 kept no previous values: an order they
    made refunded is confirmed again once its remaining refunds no longer cover its amount."""
    for order_id in set(order_ids):
        order = session.get(OrderRow, order_id)
        if order is None or order.status != OrderState.REFUNDED:
            continue
        refunded = session.scalar(
            select(func.coalesce(func.sum(RefundRow.amount_minor), 0)).where(
                RefundRow.order_id == order_id
            )
        )
        if (refunded or 0) < order.amount_minor:
            order.status = OrderState.CONFIRMED.value
