"""What an import changed in rows it did not add, kept so that undoing it puts them back.

An import that updates an order (a changed amount, status, …) or a day's clicks stores the
row's previous values in `import_changes`. Undoing that import writes them back. Undo goes
newest first: a batch cannot be undone while a later, not undone import changed the same rows.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from desktop_app.domain.order_fields import ORDER_LOG_MISSING, ORDER_VALUES
from desktop_app.services.imports.bulk import bulk_insert
from desktop_app.store.database import IN_LIST_LIMIT as CHUNK
from desktop_app.store.models import ClickRow, ImportBatchRow, OrderRow
from desktop_app.store.models_orders import ImportChangeRow

CLICK_VALUES = ("clicks", "visitors", "impressions")
# target → (model, the logged values' names, each one's value in a log older than its column)
TARGETS: dict[str, tuple[Any, tuple[str, ...], tuple[Any, ...]]] = {
    "orders": (OrderRow, ORDER_VALUES, ORDER_LOG_MISSING),
    "clicks": (ClickRow, CLICK_VALUES, (None,) * len(CLICK_VALUES)),
}


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _named(names: Sequence[str], previous_json: str, missing: Sequence[Any]) -> dict[str, Any]:
    """A row's logged values by name. A log kept before a column was added (impressions,
    a new order column at the end of order_fields.ORDER_COLUMNS) ends before it: the row had
    then what the column's migration gave it (`missing`: NULL, "" for a text column)."""
    kept = json.loads(previous_json)
    return dict(zip(names, [*kept, *missing[len(kept) :]], strict=True))


def record_changes(
    session: Session, batch_id: int, target: str, previous: Iterable[tuple[int, Sequence[Any]]]
) -> None:
    """`previous`: (row id, values in the order of ORDER_VALUES (order_fields.ORDER_COLUMNS) or
    CLICK_VALUES) per row; undo reads them back by these names."""
    rows = [
        (batch_id, target, row_id, json.dumps([_plain(v) for v in values]))
        for row_id, values in previous
    ]
    bulk_insert(
        session,
        ImportChangeRow.__tablename__,
        ("batch_id", "target", "row_id", "previous_json"),
        rows,
    )


def changed_rows(session: Session, batch_id: int, target: str) -> list[int]:
    return list(
        session.scalars(
            select(ImportChangeRow.row_id).where(
                ImportChangeRow.batch_id == batch_id, ImportChangeRow.target == target
            )
        )
    )


def later_batches(session: Session, batch_id: int, target: str, row_ids: Sequence[int]) -> set[int]:
    """Not undone imports after `batch_id` that changed any of these rows."""
    found: set[int] = set()
    wanted = sorted(set(row_ids))
    for begin in range(0, len(wanted), CHUNK):
        found.update(
            session.scalars(
                select(ImportChangeRow.batch_id)
                .join(ImportBatchRow, ImportBatchRow.id == ImportChangeRow.batch_id)
                .where(
                    ImportChangeRow.batch_id > batch_id,
                    ImportBatchRow.undone_at.is_(None),
                    ImportChangeRow.target == target,
                    ImportChangeRow.row_id.in_(wanted[begin : begin + CHUNK]),
                )
                .distinct()
            )
        )
    return found


def status_only_changes(session: Session, batch_id: int) -> set[int]:
    """Orders whose values the batch's undo would put back differ from today's in their status
    at most (so undoing it changes nothing else of them)."""
    recorded = session.execute(
        select(ImportChangeRow.row_id, ImportChangeRow.previous_json).where(
            ImportChangeRow.batch_id == batch_id, ImportChangeRow.target == "orders"
        )
    ).all()
    others = [name for name in ORDER_VALUES if name != "status"]
    found: set[int] = set()
    ids = sorted({row_id for row_id, _ in recorded})
    now: dict[int, tuple[Any, ...]] = {}
    for begin in range(0, len(ids), CHUNK):
        columns = [getattr(OrderRow, name) for name in others]
        for row in session.execute(
            select(OrderRow.id, *columns).where(OrderRow.id.in_(ids[begin : begin + CHUNK]))
        ):
            now[row[0]] = tuple(_plain(v) for v in row[1:])
    for row_id, previous_json in recorded:
        before = _named(ORDER_VALUES, previous_json, ORDER_LOG_MISSING)
        if now.get(row_id) == tuple(before[name] for name in others):
            found.add(row_id)
    return found


def restore_changes(session: Session, batch_id: int) -> int:
    """Put back the values the batch overwrote; returns how many rows were restored."""
    restored = 0
    for target, (model, names, missing) in TARGETS.items():
        changes = session.execute(
            select(ImportChangeRow.row_id, ImportChangeRow.previous_json)
            .where(ImportChangeRow.batch_id == batch_id, ImportChangeRow.target == target)
            .order_by(ImportChangeRow.id.desc())
        ).all()
        values = []
        for row_id, previous_json in changes:
            row = _named(names, previous_json, missing)
            if "order_date" in row:
                row["order_date"] = date.fromisoformat(row["order_date"])
            values.append({"id": row_id, **row})
        if values:
            session.execute(update(model), values)  # bulk update by primary key
            restored += len(values)
    return restored
