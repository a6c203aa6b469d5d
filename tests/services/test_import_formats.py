"""OpenDocument spreadsheets, and the openpyxl fallback for workbooks calamine cannot read."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest

from desktop_app.domain.partners import PartnerInput
from desktop_app.services import imports, partners
from desktop_app.services.imports import ImportOptions, readers
from desktop_app.store.database import Store
from tests.import_files import HEADER, orders, write_xlsx

ODS_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)


def _ods_cell(value: Any) -> str:
    if value is None:
        return "<table:table-cell/>"
    if isinstance(value, date):
        return (
            f'<table:table-cell office:value-type="date" office:date-value="{value.isoformat()}">'
            f"<text:p>{value.isoformat()}</text:p></table:table-cell>"
        )
    if isinstance(value, (int, float)):
        return (
            f'<table:table-cell office:value-type="float" office:value="{value!r}">'
            f"<text:p>{value}</text:p></table:table-cell>"
        )
    return (
        f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}</text:p>'
        "</table:table-cell>"
    )


def write_ods(path: Path, sheet: str, rows: list[list[Any]]) -> Path:
    """A minimal OpenDocument spreadsheet, as LibreOffice saves one (mimetype stored first)."""
    body = "".join(
        "<table:table-row>" + "".join(_ods_cell(v) for v in row) + "</table:table-row>"
        for row in rows
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODS_NS} '
        f'office:version="1.2"><office:body><office:spreadsheet><table:table table:name="{sheet}">'
        f"{body}</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
        '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type='
        '"application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
    return path


@pytest.fixture
def shop(store: Store) -> Store:
    with store.transaction() as session:
        partners.create_partner(session, PartnerInput(name="Tech Blog", codes=("TB1",)))
    return store


def test_ods_with_a_title_row_dates_and_numbers(shop: Store, tmp_path: Path) -> None:
    path = write_ods(
        tmp_path / "export.ods",
        "Bestellungen",
        [
            ["Shop export October"],
            [],
            HEADER,
            ["O-1", date(2026, 10, 3), "TB1", 1234.5, "EUR"],
            ["O-2", "04.10.2026", "TB1", "1.234,50 €", None],
        ],
    )
    assert imports.open_workbook(path) == ["Bestellungen"]
    report = imports.run_import(shop, path, ImportOptions(currency="EUR"))
    assert (report.added, report.rejected) == (2, 0), report.errors
    assert orders(shop) == {
        "O-1": ("2026-10-03", 123450, "EUR", "confirmed"),
        "O-2": ("2026-10-04", 123450, "EUR", "confirmed"),
    }


def test_ods_row_errors_name_the_sheet_and_row(shop: Store, tmp_path: Path) -> None:
    path = write_ods(
        tmp_path / "bad.ods",
        "Orders",
        [["Title"], HEADER, ["O-1", "2026-10-03", "TB1", "abc", "USD"]],
    )
    report = imports.run_import(shop, path, ImportOptions())
    assert report.refused and orders(shop) == {}
    error = report.errors[0]
    assert (error.file, error.sheet, error.row, error.column) == (
        "bad.ods",
        "Orders",
        3,
        "D (Amount)",
    )


def test_openpyxl_reads_what_calamine_cannot(
    shop: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_xlsx(
        tmp_path / "export.xlsx",
        [HEADER, ["X-1", "2026-10-01", "TB1", "US $1,234.50", "USD"], ["X-2", 46300, "TB1", 7, ""]],
        title_rows=2,
    )

    def unreadable(_path: Path) -> Any:
        raise ValueError("calamine: unsupported workbook feature")

    monkeypatch.setattr(readers, "_calamine", unreadable)
    assert imports.open_workbook(path) == ["Orders"]
    report = imports.run_import(shop, path, ImportOptions(currency="USD"))
    assert (report.added, report.rejected) == (2, 0), report.errors
    assert orders(shop) == {
        "X-1": ("2026-10-01", 123450, "USD", "confirmed"),
        "X-2": ("2026-10-05", 700, "USD", "confirmed"),
    }


def test_legacy_xls_with_a_title_row_and_date_cells(shop: Store, tmp_path: Path) -> None:
    xlwt = pytest.importorskip("xlwt")
    book = xlwt.Workbook()
    sheet = book.add_sheet("Sales")
    as_date = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    rows: list[list[Any]] = [
        ["Marketplace report"],
        [],
        HEADER,
        ["L-1", date(2026, 10, 3), "TB1", 19.99, "USD"],
        ["L-2", "05/10/2026", "tb1", "1.234,50 €", ""],
    ]
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, date):
                sheet.write(r, c, value, as_date)
            else:
                sheet.write(r, c, value)
    path = tmp_path / "legacy.xls"
    book.save(str(path))
    assert imports.open_workbook(path) == ["Sales"]
    report = imports.run_import(shop, path, ImportOptions(day_first=True, currency="USD"))
    assert (report.added, report.rejected) == (2, 0), report.errors
    assert orders(shop) == {
        "L-1": ("2026-10-03", 1999, "USD", "confirmed"),
        "L-2": ("2026-10-05", 123450, "EUR", "confirmed"),
    }


def test_xlsx_datetime_cells_and_the_preview(shop: Store, tmp_path: Path) -> None:
    from datetime import datetime

    path = write_xlsx(
        tmp_path / "times.xlsx",
        [
            HEADER,
            ["D-1", datetime(2026, 10, 6, 14, 30), "TB1", 10, "USD"],  # calamine: a datetime
            ["D-2", datetime(2026, 10, 7), "TB1", 11, "USD"],  # midnight: calamine gives a date
        ],
        title_rows=3,
    )
    table, mapping, profile = imports.read_preview_table(shop, path, ImportOptions(), limit=1)
    assert (table.sheet, table.header_row, table.headers) == ("Orders", 4, tuple(HEADER))
    assert len(table.rows) == 1 and table.rows[0][0] == "D-1"
    assert mapping == dict(
        zip(("order_id", "date", "partner_code", "amount", "currency"), HEADER, strict=True)
    )
    assert profile == ""
    report = imports.run_import(shop, path, ImportOptions())
    assert (report.added, report.rejected) == (2, 0), report.errors
    assert {k: v[0] for k, v in orders(shop).items()} == {"D-1": "2026-10-06", "D-2": "2026-10-07"}


def test_amount_cells_per_currency_and_a_true_cell_after_a_one(shop: Store, tmp_path: Path) -> None:
    """The fast path knows each currency's decimals (asked once per currency cell): the same
    cell in another currency keeps that currency's decimals, and TRUE (which Python takes for
    1) is refused as an amount."""
    rows = [
        HEADER,
        ["R-1", "2026-10-01", "TB1", 1, "USD"],
        ["R-2", "2026-10-01", "TB1", 1, "JPY"],
        ["R-3", "2026-10-01", "TB1", 12.5, "USD"],
        ["R-4", "2026-10-01", "TB1", 12.5, "USD"],
        ["R-5", "2026-10-01", "TB1", "12.5", "USD"],
        ["R-6", "2026-10-01", "TB1", 1, "USD"],
    ]
    report = imports.run_import(shop, write_xlsx(tmp_path / "same.xlsx", rows), ImportOptions())
    assert (report.added, report.rejected) == (6, 0), report.errors
    assert {k: (v[1], v[2]) for k, v in orders(shop).items()} == {
        "R-1": (100, "USD"),
        "R-2": (1, "JPY"),
        "R-3": (1250, "USD"),
        "R-4": (1250, "USD"),
        "R-5": (1250, "USD"),
        "R-6": (100, "USD"),
    }
    bad = write_xlsx(tmp_path / "bool.xlsx", [*rows[:2], ["B-1", "2026-10-02", "TB1", True, "USD"]])
    report = imports.run_import(shop, bad, ImportOptions(source="other"))
    assert report.refused and report.rejected == 1
    [error] = report.errors
    assert (error.row, error.column) == (3, "D (Amount)")
    assert "TRUE/FALSE" in error.message
