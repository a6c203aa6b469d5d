"""Control characters in imported text: a row error naming file, row and column, never part of
an order id. A CSV with NUL bytes is refused as a whole (it is not text); an XLSX cell brings
NUL, ESC or a line break through Excel's _x0000_ escapes or a typed Alt+Enter."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.domain.partners import PartnerInput
from desktop_app.services import imports, partners
from desktop_app.services.imports import ImportOptions
from desktop_app.store.database import Store
from tests.import_files import HEADER, orders, write_csv, write_xlsx


@pytest.fixture
def shop(store: Store) -> Store:
    with store.transaction() as session:
        partners.create_partner(session, PartnerInput(name="Zoë Media", codes=("ZOE",)))
    return store


def test_control_characters_in_xlsx_order_ids_are_row_errors(shop: Store, tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "export.xlsx",
        [
            HEADER,
            ["A_x0000_1", "2026-10-03", "ZOE", "10.00", "EUR"],  # calamine decodes it to NUL
            ["B_x001B_[31m2", "2026-10-03", "ZOE", "10.00", "EUR"],
            ["C\n3", "2026-10-03", "ZOE", "10.00", "EUR"],
            ["OK-4", "2026-10-03", "ZOE", "10.00", "EUR"],
        ],
    )
    report = imports.run_import(shop, path, ImportOptions())
    assert report.refused
    assert [str(e) for e in report.errors] == [
        "export.xlsx, sheet Orders, row 2, column A (Order ID): "
        "the order id contains a control character (\\x00)",
        "export.xlsx, sheet Orders, row 3, column A (Order ID): "
        "the order id contains a control character (\\x1b)",
        "export.xlsx, sheet Orders, row 4, column A (Order ID): "
        "the order id contains a control character (\\n)",
    ]
    assert orders(shop) == {}
    report = imports.run_import(shop, path, ImportOptions(skip_invalid=True))
    assert report.added == 1 and list(orders(shop)) == ["OK-4"]


def test_control_characters_in_other_text_columns(shop: Store, tmp_path: Path) -> None:
    rows = [
        [*HEADER, "Category", "SKU"],
        ["A-1", "2026-10-03", "ZOE", "10.00", "EUR", "Home\x07", "S-1"],
        ["A-2", "2026-10-03", "ZO\x1bE", "10.00", "EUR", "Home", "S-2\x7f"],
    ]
    report = imports.dry_run(shop, write_csv(tmp_path / "shop.csv", rows), ImportOptions())
    messages = [(e.row, e.column, e.message) for e in report.errors]
    assert messages == [
        (2, "F (Category)", "the category contains a control character (\\x07)"),
        (3, "C (Partner Code)", "the partner code contains a control character (\\x1b)"),
        (3, "G (SKU)", "the sku contains a control character (\\x7f)"),
    ]


def test_a_csv_with_nul_bytes_is_still_refused_as_a_whole(shop: Store, tmp_path: Path) -> None:
    path = tmp_path / "nul.csv"
    path.write_bytes(b"Order ID,Order Date,Partner Code,Amount\nA\x001,2026-10-03,ZOE,10\n")
    with pytest.raises(imports.ImportFileError, match="NUL"):
        imports.run_import(shop, path, ImportOptions())
