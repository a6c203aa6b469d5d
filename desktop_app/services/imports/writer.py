"""Writes parsed records into the open import transaction, chunk by chunk, with Core bulk
statements: new rows inserted, changed rows updated (unless locked in a payout run), identical
rows left alone. The caller commits once at the end, or rolls everything back."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from operator import attrgetter
from typing import Any, cast

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from desktop_app.domain.money import from_minor, money_text
from desktop_app.domain.order_fields import (
    ORDER_COLUMNS,
    ORDER_COMPARED,
    ORDER_IMPORT_COLUMNS,
    ORDER_INSERT_COLUMNS,
    ORDER_RECORD_COLUMNS,
    ORDER_TYPED_RECORD,
    ORDER_VALUES,
)
from desktop_app.domain.order_status import OrderState
from desktop_app.domain.partners import PartnerInput
from desktop_app.services import merchant as merchant_service
from desktop_app.services import partners as partner_service
from desktop_app.services.imports.bulk import BackgroundInserts, DeferredIndexes, select_in
from desktop_app.services.imports.changes import record_changes
from desktop_app.services.imports.clicks_writer import write_clicks
from desktop_app.services.imports.model import (
    ImportKind,
    ImportOptions,
    ImportReport,
    RowError,
    UnknownCode,
)
from desktop_app.services.imports.records import (
    ClickRecord,
    OrderColumns,
    OrderRecord,
    Record,
    RefundRecord,
)
from desktop_app.services.imports.refunds_writer import mark_refunded, write_refunds
from desktop_app.services.order_locks import locking_runs, settled_as_undone
from desktop_app.store.models import OrderRow

# A record's typed values; with its texts after them, its values in ORDER_RECORD_COLUMNS' order.
_typed_values: Callable[[OrderRecord], tuple[Any, ...]] = attrgetter(*ORDER_TYPED_RECORD)
# A new order's row: its id and its record's values; the source and the import's stamp
# (ORDER_IMPORT_COLUMNS) are the same for every row (order_fields.ORDER_INSERT_COLUMNS).
_ROW_COLUMNS = ("external_id", *ORDER_RECORD_COLUMNS)
__all__ = ["ORDER_INSERT_COLUMNS", "Writer"]  # the columns, for benchmarks/steps.py's floor
UNDONE = (OrderState.CANCELLED.value, OrderState.REFUNDED.value)
# Indexes are rebuilt at the end once an import has added this many orders to a table that
# held fewer than SMALL_TABLE orders when it began, or at once when its first chunk brings
# BIG_FIRST_CHUNK new orders to an empty table (see bulk.DeferredIndexes).
DEFER_INDEXES_AFTER = 20_000
SMALL_TABLE = 100_000
BIG_FIRST_CHUNK = 1_000  # a full first chunk (api.CHUNK_ROWS rows)
MAX_KEPT_ERRORS = 1000


def _differences(old: dict[str, Any], change: dict[str, Any]) -> str:
    """What changed in an order besides its status: 'amount 20.00 → 25.00; date ...', every
    compared column of order_fields.ORDER_COLUMNS in its order (the currency with the amount)."""
    found = []
    for column in ORDER_COLUMNS:
        name = column.column
        if not column.compared or name in ("status", "currency"):
            continue
        was, now = old[name], change[name]
        if name == "amount_minor":
            currency, to = old["currency"], change["currency"]
            if (was, currency) == (now, to):
                continue
            said_was = money_text(from_minor(was, currency), currency)
            said_now = money_text(from_minor(now, to), to)
            if to != currency:
                said_was, said_now = f"{said_was} {currency}", f"{said_now} {to}"
            found.append(f"amount {said_was} → {said_now}")
        elif was == now:
            continue
        elif name == "order_date":
            found.append(f"date {was.isoformat()} → {now.isoformat()}")
        elif name == "partner_id":
            found.append(f"partner {old['partner_code']} → {change['partner_code']}")
        else:
            found.append(f"{column.said} '{was}' → '{now}'")
    return "; ".join(found)


class Writer:
    def __init__(
        self,
        session: Session,
        options: ImportOptions,
        report: ImportReport,
        batch_id: int,
        file: str,
        sheet: str,
        column_label: Callable[[str], str],
    ) -> None:
        self.session = session
        self.options = options
        self.report = report
        self.batch_id = batch_id
        self.file = file
        self.sheet = sheet
        self.column_label = column_label
        self.codes = partner_service.code_index(session)
        self.spelled: dict[str, int] = {}  # a code as the file writes it → its partner's id
        # partners the import creates get the merchant's default type (Settings), so the plan of
        # that type pays them, unless the wizard gave them another; the report says which
        self.new_partner_type = merchant_service.get_profile(session).default_partner_type
        report.new_partner_type = self.new_partner_type
        # unknown codes, one entry per partner: case-insensitive key → (spellings, rows)
        self.unknown: dict[str, tuple[list[str], list[int]]] = {}
        self.seen: dict[Any, int] = {}
        self.currencies: set[str] = set()  # of every order read (written or not)
        self.refunded_orders: dict[int, int] = {}  # order id → first refund row
        # A source with no orders yet (a first import) needs no look-ups of existing orders:
        # duplicates within the file are caught by `seen`.
        self.deferred: DeferredIndexes | None = None
        self.inserts = BackgroundInserts(session)  # new orders, while the next chunk is parsed
        self.new_source = options.kind is ImportKind.ORDERS and (
            session.scalar(select(OrderRow.id).where(OrderRow.source == options.source).limit(1))
            is None
        )

    # errors ---------------------------------------------------------------------------------
    def reject(self, error: RowError) -> None:
        self.reject_row([error])

    def reject_row(self, errors: list[RowError]) -> None:
        """One rejected row, however many of its cells are wrong; every problem is listed."""
        self.report.rejected += 1
        room = MAX_KEPT_ERRORS - len(self.report.errors)
        self.report.errors.extend(errors[: max(room, 0)])

    # what a record writer (this class's, clicks_writer, refunds_writer) asks of the import:
    # sink.RecordSink -----------------------------------------------------------------------
    def row_error(self, row: int, message: str, field: str = "order_id") -> RowError:
        return RowError(self.file, self.sheet, row, self.column_label(field), message)

    def first_seen(self, key: Any, row: int, what: str, field: str = "order_id") -> bool:
        """True the first time `key` is seen in the file; else the row is rejected as a
        duplicate of the earlier one (`what` names it in the message)."""
        earlier = self.seen.get(key)
        if earlier is not None:
            self.reject(self.row_error(row, f"{what} also appears on row {earlier}", field))
            return False
        self.seen[key] = row
        return True

    def partner_id(self, code: str, row: int) -> int | None:
        """The id of the partner with this code; a new partner when the import creates them;
        None for an unknown code (kept for the report)."""
        key = code.casefold()
        partner_id = self.codes.get(key)
        if partner_id is not None:
            return partner_id
        if self.options.create_partners:
            details = self.options.new_partner(code)
            created = partner_service.create_partner(
                self.session,
                PartnerInput(
                    name=details.name.strip() or code,
                    codes=(code,),
                    partner_type=self.new_partner_type
                    if details.partner_type is None
                    else details.partner_type,
                    payout_method=details.payout_method,
                    payout_details=details.payout_details,
                    notes=f"Created by the import of {self.file}",
                ),
            )
            self.codes[key] = created.id
            self.report.partners_created += 1
            return created.id
        spellings, rows = self.unknown.setdefault(key, ([], []))
        if code not in spellings:
            spellings.append(code)
        rows.append(row)
        if self.options.skip_unknown_partners:
            self.report.skipped += 1
        return None

    # chunks ---------------------------------------------------------------------------------
    def write(self, records: Sequence[Record] | OrderColumns) -> None:
        self.inserts.wait()  # the session is ours again
        if isinstance(records, OrderColumns):
            if self.new_source and self._new_order_columns(records):
                self.currencies.update(records.currency[:1])  # (one currency per chunk)
                return
            records = records.records()
        kind = self.options.kind
        if kind is ImportKind.ORDERS:  # the parser of an order import makes OrderRecords only
            orders = cast(list[OrderRecord], records)
            self.currencies.update({record.currency for record in orders})
            self._orders(orders)
        elif kind is ImportKind.REFUNDS:
            refunds = [r for r in records if isinstance(r, RefundRecord)]
            write_refunds(self, refunds, self.refunded_orders)
        else:
            write_clicks(self, [r for r in records if isinstance(r, ClickRecord)])

    def close(self) -> None:
        """On every way out of the import, before its transaction ends."""
        self.inserts.close()

    def finish(self) -> None:
        """Unknown partner codes become one error each (with how many rows use them), and
        refunded orders get their status."""
        self.inserts.wait()
        if not self.options.skip_unknown_partners:
            for spellings, rows in self.unknown.values():
                self.report.rejected += len(rows) - 1
                more = f" and {len(rows) - 1} more rows" if len(rows) > 1 else ""
                also = (
                    f", also written {', '.join(repr(s) for s in spellings[1:])}"
                    if len(spellings) > 1
                    else ""
                )
                self.reject(
                    self.row_error(
                        rows[0],
                        f"unknown partner code '{spellings[0]}' (this row{more}{also}); create "
                        "the partner, or import again choosing to create or skip unknown "
                        "partners (--create-partners / --skip-unknown)",
                        "partner_code",
                    )
                )
        unknown = sorted(
            (UnknownCode(s[0], tuple(s), len(rows)) for s, rows in self.unknown.values()),
            key=lambda u: u.code.casefold(),
        )
        self.report.unknown = unknown
        self.report.unknown_codes = [u.code for u in unknown]
        if self.refunded_orders:
            mark_refunded(self, self.refunded_orders)
        if self.deferred is not None:
            self.seen.clear()  # every row is written: give its memory to the index sorts
            self.spelled.clear()
            self.deferred.rebuild()

    def _orders(self, records: list[OrderRecord]) -> None:
        if self.new_source:
            self._new_orders(records)
            return
        source = self.options.source
        seen = self.seen
        codes = self.codes
        fresh: list[tuple[OrderRecord, int]] = []
        organic: list[OrderRecord] = []
        for record in records:
            external_id = record.external_id
            if not record.code:
                organic.append(record)  # not referred: counted, never stored
                continue
            earlier = seen.get(external_id)
            if earlier is not None:
                self.first_seen(external_id, record.row, f"order id '{external_id}'")
                continue
            seen[external_id] = record.row
            partner_id = codes.get(record.code.casefold())
            if partner_id is None:
                partner_id = self.partner_id(record.code, record.row)
            if partner_id is not None:
                fresh.append((record, partner_id))
        existing = (
            {}
            if self.new_source
            else self._existing_order_values(
                source, [r.external_id for r, _ in fresh] + [r.external_id for r in organic]
            )
        )
        self._not_referred(organic, existing)
        typed_values = _typed_values
        inserts: list[tuple[Any, ...]] = []
        changes: list[tuple[OrderRecord, dict[str, Any], dict[str, Any]]] = []
        for record, partner_id in fresh:
            record.partner_id = partner_id
            values = (*typed_values(record), *record.texts)
            old = existing.get(record.external_id)
            if old is None:
                inserts.append((record.external_id, *values))
                continue
            new = dict(zip(ORDER_RECORD_COLUMNS, values, strict=True))
            if all(old[name] == new[name] for name in ORDER_COMPARED):
                self.report.unchanged += 1
            else:
                changes.append((record, {"id": old["id"], **new}, old))
        locked = locking_runs(self.session, [v["id"] for _, v, _ in changes])
        revived = [
            v["id"]
            for _, v, old in changes
            if v["id"] in locked and old["status"] in UNDONE and v["status"] not in UNDONE
        ]
        settled_undone = settled_as_undone(self.session, revived) if revived else {}
        updates: list[dict[str, Any]] = []
        previous: list[tuple[int, tuple[Any, ...]]] = []
        for record, change, old in changes:
            run_id = locked.get(change["id"])
            if run_id is not None:
                differences = _differences(old, change)
                if differences:
                    self.reject(
                        self.row_error(
                            record.row,
                            f"order '{record.external_id}' changed ({differences}), but it is in "
                            f"locked payout run {run_id}; only its status may change now: record "
                            "the difference as a refund or an adjustment",
                        )
                    )
                    continue
                undone_in = settled_undone.get(change["id"])
                if undone_in is not None:
                    self.reject(
                        self.row_error(
                            record.row,
                            f"order '{record.external_id}' was {old['status']}, and locked "
                            f"payout run {undone_in} settled it so; it cannot become "
                            f"{change['status']} again by an import: pay the partner with an "
                            "adjustment, and keep "
                            f"the status {old['status']} in this file (or skip the row)",
                            "status",
                        )
                    )
                    continue
                # Only the status moved (confirmed, refunded, ...): the locked run keeps its
                # lines, the next run settles the difference (a clawback, or the payment).
                updates.append({"id": change["id"], "status": change["status"]})
            else:
                updates.append(change)
            previous.append((old["id"], tuple(old[name] for name in ORDER_VALUES)))
        if updates:
            self._update_orders(updates)
            record_changes(self.session, self.batch_id, "orders", previous)
            self.report.updated += len(updates)
        self._insert(list(zip(*inserts, strict=True)))  # last: see _insert

    def _new_orders(self, records: list[OrderRecord]) -> None:
        """`_orders` for a source with no orders yet (a first import): every referred record
        is a new order (duplicates within the file are caught by `seen`), so each row to
        insert is made in one pass, with no look-up of stored orders."""
        typed_values = _typed_values
        seen, spelled = self.seen, self.spelled
        inserts: list[tuple[Any, ...]] = []
        add = inserts.append
        not_referred = 0
        for record in records:
            code = record.code
            if not code:
                not_referred += 1  # not referred: counted, never stored
                continue
            external_id = record.external_id
            if external_id in seen:
                self.first_seen(external_id, record.row, f"order id '{external_id}'")
                continue
            seen[external_id] = record.row
            partner_id = spelled.get(code)
            if partner_id is None:
                partner_id = self.partner_id(code, record.row)
                if partner_id is None:
                    continue
                spelled[code] = partner_id
            record.partner_id = partner_id
            add((external_id, *typed_values(record), *record.texts))
        self.report.not_referred += not_referred
        self._insert(list(zip(*inserts, strict=True)))  # last: see _insert

    def _new_order_columns(self, chunk: OrderColumns) -> bool:
        """`_new_orders` a column at a time, for the common chunk: no order id seen before and
        every partner code known. False, having changed nothing the row-by-row path reads,
        for any other chunk (that path explains a duplicate or an unknown code)."""
        codes = chunk.code
        not_referred = 0
        if "" in codes:  # not referred: counted, never stored
            chunk = chunk.select([at for at, code in enumerate(codes) if code])
            not_referred, codes = len(codes) - len(chunk), chunk.code
        ids, seen, spelled = chunk.external_id, self.seen, self.spelled
        rows = dict(zip(ids, chunk.rows, strict=True))
        if len(rows) != len(ids) or not seen.keys().isdisjoint(rows):
            return False
        partner_ids = list(map(spelled.get, codes))
        if not all(partner_ids):  # (partner ids start at 1)
            for code in set(codes).difference(spelled):
                partner_id = self.codes.get(code.casefold())
                if partner_id is None:
                    return False
                spelled[code] = partner_id
            partner_ids = list(map(spelled.__getitem__, codes))
        seen.update(rows)
        self.report.not_referred += not_referred
        typed = (partner_ids if name == "partner_id" else getattr(chunk, name)
                 for name in ORDER_TYPED_RECORD)  # fmt: skip
        self._insert([ids, *typed, *chunk.texts])  # last: see _insert
        return True

    def _insert(self, columns: Sequence[Sequence[Any]]) -> None:
        """New orders, given column by column (_ROW_COLUMNS), on the background thread: a
        chunk's last statement, so it runs on while the next chunk is parsed."""
        count = len(columns[0]) if columns else 0
        if not count:
            return
        self._defer_indexes_if_big(count)
        self.report.added += count
        stamp = zip(ORDER_IMPORT_COLUMNS, (self.batch_id, self.options.historical), strict=True)
        same = (("source", self.options.source), *stamp)
        self.inserts.insert(OrderRow.__tablename__, _ROW_COLUMNS, columns, same)

    def _update_orders(self, updates: list[dict[str, Any]]) -> None:
        """Bulk updates by primary key, one statement per set of columns."""
        by_columns: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        for change in updates:
            by_columns.setdefault(tuple(change), []).append(change)
        for group in by_columns.values():
            self.session.execute(update(OrderRow), group)

    def _not_referred(
        self, organic: list[OrderRecord], existing: dict[str, dict[str, Any]]
    ) -> None:
        """Orders without a partner code are counted and left out, unless the store already
        holds the order with a partner: a code that vanishes is a question for the user."""
        for record in organic:
            old = existing.get(record.external_id)
            if old is None:
                self.report.not_referred += 1
                continue
            self.reject(
                self.row_error(
                    record.row,
                    f"order '{record.external_id}' has no partner code in this file, but it was "
                    f"imported before with partner code '{old['partner_code']}'; correct the "
                    "file, or skip this row",
                    "partner_code",
                )
            )

    def _defer_indexes_if_big(self, adding: int) -> None:
        """Before inserting `adding` new orders. A first chunk of BIG_FIRST_CHUNK or more new
        orders into a table without any defers at once: the rebuild then sorts only the
        import's own rows, which live indexes would have taken one B-tree insert each."""
        if self.deferred is not None:
            return
        first = self.report.added == 0 and adding >= BIG_FIRST_CHUNK
        if not (first or self.report.added >= DEFER_INDEXES_AFTER):
            return
        if not DeferredIndexes.possible(self.session):
            return
        stored = self.session.scalar(select(func.count()).select_from(OrderRow)) or 0
        if stored == 0 if first else stored - self.report.added < SMALL_TABLE:
            self.deferred = DeferredIndexes(self.session, OrderRow.__tablename__)
            self.deferred.drop()

    def _existing_order_values(self, source: str, ids: list[str]) -> dict[str, dict[str, Any]]:
        """external id → {"id": …, and each of ORDER_VALUES} of the orders already stored, read
        with plain driver calls (the ORM's IN expansion and row objects cost more than the
        query)."""
        found: dict[str, dict[str, Any]] = {}
        names = ("id", *ORDER_VALUES)
        sql = f"SELECT external_id, {', '.join(names)} FROM orders WHERE source = "
        for row in select_in(self.session, sql, source, "external_id", ids):
            old = dict(zip(names, row[1:], strict=True))
            day = old["order_date"]
            if not isinstance(day, date):
                old["order_date"] = date.fromisoformat(day)
            found[row[0]] = old
        return found
