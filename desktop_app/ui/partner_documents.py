"""The partner page's documents: the terms sheet (Terms sheet…) and the annual statement
(Annual statement…), each written in a background job and announced with "Open folder"."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QInputDialog, QWidget

from desktop_app.store.database import Store
from desktop_app.ui.workers import IsCancelled, Job, Progress, start_query


def _code(store: Store, partner_id: int) -> str:
    from desktop_app.services import partners

    return partners.load_partner(store, partner_id).primary_code


def save_terms(
    parent: QWidget, store: Store, partner_id: int, path: Path | None = None
) -> Job | None:
    """Ask where (unless `path` is given), then write the partner's terms sheet as of today."""
    from desktop_app.services.terms import write_terms
    from desktop_app.ui.statement_actions import _default_folder, _notify

    code = _code(store, partner_id)
    if path is None:
        suggested = str(Path(_default_folder()) / f"terms_{code}.pdf")
        name, _filter = QFileDialog.getSaveFileName(parent, "Terms sheet", suggested, "PDF (*.pdf)")
        if not name:
            return None
        path = Path(name)
    target = path

    def work(_progress: Progress, _cancelled: IsCancelled) -> Path:
        return write_terms(store, code, target, date.today())

    def done(written: Path) -> None:
        _notify(parent, "Terms sheet", f"Terms sheet written to {written.name}.", written.parent)

    return start_query(parent, "Terms sheet", work, done, label="Writing the terms sheet…")


def save_annual_statement(
    parent: QWidget,
    store: Store,
    partner_id: int,
    year: int | None = None,
    folder: Path | None = None,
) -> Job | None:
    """Ask for the year and the folder (unless given), then write the annual statement."""
    from desktop_app.services.year_report import write_annual_statement
    from desktop_app.ui.statement_actions import _default_folder, _notify

    code = _code(store, partner_id)
    if year is None:
        chosen, ok = QInputDialog.getInt(
            parent, "Annual statement", "Year:", date.today().year, 1900, 9999
        )
        if not ok:
            return None
        year = chosen
    if folder is None:
        name = QFileDialog.getExistingDirectory(parent, "Folder", _default_folder())
        if not name:
            return None
        folder = Path(name)
    wanted, out = year, folder

    def work(_progress: Progress, _cancelled: IsCancelled) -> Path:
        return write_annual_statement(store, wanted, code, out)

    def done(written: Path) -> None:
        _notify(parent, "Annual statement", f"{written.name} written.", written.parent)

    return start_query(parent, "Annual statement", work, done, label="Writing the statement…")
