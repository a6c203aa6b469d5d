"""Importing orders, refunds and clicks from spreadsheets: the public entry points.

An import is one transaction. A dry run does the very same work and rolls it back, so its
counts are exactly what the import would do. Any rejected row refuses the whole import (the
store stays as it was) unless the user chose to skip invalid rows; unknown partner codes are
rejected too unless the user chose to create or skip them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from itertools import chain, islice
from pathlib import Path

from desktop_app.domain.text import check_text
from desktop_app.errors import Cancelled
from desktop_app.services import audit
from desktop_app.services.imports.header import HEADER_SCAN_ROWS
from desktop_app.services.imports.layout import preview_rows, resolve_layout, with_profile_options
from desktop_app.services.imports.model import ImportKind, ImportOptions, ImportReport, SheetTable
from desktop_app.services.imports.readers import estimate_rows, iter_rows, sheet_names
from desktop_app.services.imports.records import Record, RowParser
from desktop_app.services.imports.writer import Writer
from desktop_app.services.rates import missing_rate_warnings
from desktop_app.store.database import Store
from desktop_app.store.models import ImportBatchRow, MerchantRow

Progress = Callable[[int, int], None]
IsCancelled = Callable[[], bool]
CHUNK_ROWS = 1000


class _RollBack(Exception):
    """Leaves the transaction without committing (dry run, refused import)."""


def open_workbook(path: str | Path) -> list[str]:
    """The sheet names of a workbook (one unnamed sheet for a CSV file)."""
    return sheet_names(Path(path))


def read_preview_table(
    store: Store, path: str | Path, options: ImportOptions, limit: int = 20
) -> tuple[SheetTable, dict[str, str], str]:
    """The header and first rows of the chosen sheet, with the mapping that would be used
    (the user's, a saved profile's or a guess) and the profile's name if one matched."""
    path = Path(path)
    sheet, rows = iter_rows(path, options.sheet)
    head = list(islice(rows, HEADER_SCAN_ROWS + limit))
    with store.transaction() as session:
        layout = resolve_layout(
            session, path.name, head[:HEADER_SCAN_ROWS], options, complete=False
        )
    table = SheetTable(
        sheet,
        layout.header_index + 1,
        layout.headers,
        preview_rows(head, layout.header_index, limit),
    )
    return table, layout.mapping, layout.profile_name


def dry_run(
    store: Store,
    path: str | Path,
    options: ImportOptions,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
) -> ImportReport:
    return _import(store, Path(path), options, True, progress, cancelled)


def run_import(
    store: Store,
    path: str | Path,
    options: ImportOptions,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
) -> ImportReport:
    return _import(store, Path(path), options, False, progress, cancelled)


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _import(
    store: Store,
    path: Path,
    options: ImportOptions,
    dry: bool,
    progress: Progress | None,
    cancelled: IsCancelled | None,
) -> ImportReport:
    check_text("source", options.source)  # kept on every order: SOURCE:ORDER_ID
    report = ImportReport(file=path.name, kind=options.kind, dry_run=dry)
    sheet, rows = iter_rows(path, options.sheet)
    total = estimate_rows(path)
    head = list(islice(rows, HEADER_SCAN_ROWS))
    try:
        with store.write_transaction() as session:
            layout = resolve_layout(session, path.name, head, options)
            options = with_profile_options(options, layout)
            merchant = session.get(MerchantRow, 1)
            batch = ImportBatchRow(
                kind=str(options.kind),
                source=options.source,
                file_name=path.name,
                content_hash=file_hash(path),
                sheet=sheet,
                mapping_name=layout.profile_name or (options.mapping_name or ""),
                historical=options.historical,
            )
            session.add(batch)
            session.flush()
            parser = RowParser(
                kind=options.kind,
                columns=layout.columns,
                headers=layout.headers,
                file=path.name,
                sheet=sheet,
                options=options,
                base_currency=merchant.base_currency if merchant else "USD",
                timezone=merchant.timezone if merchant else "UTC",
            )
            writer = Writer(
                session, options, report, batch.id, path.name, sheet, parser.column_label
            )
            first_row = layout.header_index + 2  # 1-based number of the row under the header
            data = chain(head[layout.header_index + 1 :], rows)
            try:
                for done in _feed(parser, writer, data, first_row, report):
                    if cancelled is not None and cancelled():
                        raise Cancelled()
                    if progress is not None:
                        progress(done, max(total, done))
                writer.finish()
            finally:
                writer.close()
            if options.kind is ImportKind.ORDERS:
                report.warnings = missing_rate_warnings(session, batch.id, writer.currencies)
            if report.rejected and not options.skip_invalid:
                report.refused = (
                    f"{report.rejected} row(s) rejected; nothing was imported. Fix the file, or "
                    "choose to skip the rejected rows (--skip-invalid)"
                )
            batch.added, batch.updated = report.added, report.updated
            batch.unchanged, batch.rejected = report.unchanged, report.rejected
            nothing_changed = not (report.added or report.updated or report.partners_created)
            if dry or report.refused or nothing_changed:
                raise _RollBack()  # a re-import of the same file leaves no trace at all
            report.batch_id = batch.id
            audit.record(
                session,
                action=f"import.{options.kind}",
                entity="import_batch",
                entity_id=batch.id,
                details=report.as_dict() | {"errors": len(report.errors)},
            )
    except _RollBack:
        pass
    if progress is not None:
        progress(report.rows_read, report.rows_read)
    return report


def _feed(
    parser: RowParser,
    writer: Writer,
    rows: Iterator[list[object]],
    first_row: int,
    report: ImportReport,
) -> Iterator[int]:
    """Parses rows and hands them to the writer in chunks of CHUNK_ROWS rows of the file;
    yields rows read after each chunk. A chunk is read column by column when the parser can
    (RowParser.parse_chunk), else row by row. Rows the parser keeps aside (ambiguous amounts)
    are parsed again after the last row."""
    number, read = first_row, report.rows_read
    while block := list(islice(rows, CHUNK_ROWS)):
        columns = parser.parse_chunk(number, block)
        if columns is not None:
            read += len(block)
            writer.write(columns)
        else:
            read += _feed_rows(parser, writer, block, number)
        number += len(block)
        report.rows_read = read
        yield read
    later: list[Record] = []
    for again_at, again_cells in parser.later_rows():
        again = parser.parse(again_at, again_cells)
        if isinstance(again, list):
            writer.reject_row(again)
        elif again is not None:
            later.append(again)
    if later:
        writer.write(later)
        yield read


def _feed_rows(parser: RowParser, writer: Writer, block: list[list[object]], first: int) -> int:
    """One chunk row by row (the loop runs once per row, so it keeps its methods local); the
    rows read (blank ones are skipped: a million trailing ones cost one check each)."""
    chunk: list[Record] = []
    append, parse, reject = chunk.append, parser.parse, writer.reject_row
    read = 0
    for number, cells in enumerate(block, start=first):
        if not any(cells) and all(cell in ("", None) for cell in cells):
            continue
        read += 1
        parsed = parse(number, cells)
        if parsed.__class__ is list:
            reject(parsed)
        elif parsed is not None:
            append(parsed)  # type: ignore[arg-type]
    writer.write(chunk)
    return read
