"""What a record writer (clicks_writer, refunds_writer) asks of the running import.

`writer.Writer` is the one implementation; the protocol keeps the writers of each kind of
record out of its class while they share its session, report and row checks."""

from __future__ import annotations

from typing import Any, Protocol

from sqlalchemy.orm import Session

from desktop_app.services.imports.model import ImportOptions, ImportReport, RowError


class RecordSink(Protocol):
    """The import's session, options, batch and report, and its checks of a row: its partner,
    a duplicate of an earlier row, and a rejected row's error naming file, sheet and column."""

    session: Session
    options: ImportOptions
    report: ImportReport
    batch_id: int

    def first_seen(self, key: Any, row: int, what: str, field: str = ...) -> bool: ...

    def partner_id(self, code: str, row: int) -> int | None: ...

    def row_error(self, row: int, message: str, field: str = ...) -> RowError: ...

    def reject(self, error: RowError) -> None: ...
