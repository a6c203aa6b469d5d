"""Import of messy marketplace exports: exact values, row-level errors, all-or-nothing."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from desktop_app.domain.partners import PartnerInput
from desktop_app.errors import UserError
from desktop_app.services import imports, partners
from desktop_app.services.imports import ImportFileError, ImportKind, ImportOptions, api
from desktop_app.store.database import Store
from tests.import_files import (
    HEADER,
    orders,
    snapshot,
    with_cached_formula_values,
    write_csv,
    write_xlsx,
)


@pytest.fixture
def shop(store: Store) -> Store:
    with store.transaction() as session:
        partners.create_partner(session, PartnerInput(name="Tech Blog", codes=("TB1", "TB-COUPON")))
        partners.create_partner(session, PartnerInput(name="Zoë Media", codes=("ZOE",)))
    return store


def test_title_rows_merged_cells_text_amounts_and_excel_serial_dates(
    shop: Store, tmp_path: Path
) -> None:
    path = write_xlsx(
        tmp_path / "export.xlsx",
        [
            HEADER,
            ["A-1", "2026-10-03", "tb1", "US $1,234.50", "USD"],
            [1002, 46300, "TB-COUPON", "1.234,50 €", ""],  # 46300 = 2026-10-05 in Excel's days
            ["A-3", "2026-10-06 14:30:00", "ZOE", 12.3, "GBP"],
            ["A-4", "2026-10-07", "ZOE", "£ 7,5", ""],
        ],
        title_rows=2,
    )
    report = imports.run_import(shop, path, ImportOptions())
    assert (report.added, report.rejected, report.refused) == (4, 0, "")
    assert orders(shop) == {
        "A-1": ("2026-10-03", 123450, "USD", "confirmed"),
        "1002": ("2026-10-05", 123450, "EUR", "confirmed"),  # currency from the € sign
        "A-3": ("2026-10-06", 1230, "GBP", "confirmed"),
        "A-4": ("2026-10-07", 750, "GBP", "confirmed"),
    }


def test_day_first_text_dates_only_when_asked(shop: Store, tmp_path: Path) -> None:
    rows = [HEADER, ["X-1", "03/04/2026", "TB1", "10.00", "USD"]]
    path = write_csv(tmp_path / "dates.csv", rows)
    refused = imports.run_import(shop, path, ImportOptions(source="unsaid"))
    assert refused.refused and "could be 3 April 2026 or 4 March 2026" in refused.errors[0].message
    imports.run_import(shop, path, ImportOptions(source="us", date_order="month-first"))
    imports.run_import(shop, path, ImportOptions(source="eu", day_first=True))
    with shop.transaction() as session:
        from sqlalchemy import select

        from desktop_app.store.models import OrderRow

        got = {o.source: o.order_date.isoformat() for o in session.scalars(select(OrderRow))}
    assert got == {"us": "2026-03-04", "eu": "2026-04-03"}


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-8-sig", ","), ("utf-8", ";"), ("cp1252", ";"), ("utf-8", "\t")],
)
def test_csv_encodings_and_delimiters(
    shop: Store, tmp_path: Path, encoding: str, delimiter: str
) -> None:
    rows = [
        ["Bestellnummer", "Datum", "Partner", "Betrag", "Währung", "Kategorie"],
        ["B-1", "31.10.2026", "ZOE", "1.234,56", "EUR", "Küche & Café"],
    ]
    path = write_csv(tmp_path / "export.csv", rows, delimiter=delimiter, encoding=encoding)
    report = imports.run_import(shop, path, ImportOptions())
    assert report.added == 1, report.errors
    assert orders(shop) == {"B-1": ("2026-10-31", 123456, "EUR", "confirmed")}
    with shop.transaction() as session:
        from desktop_app.store.models import OrderRow

        assert session.query(OrderRow).one().category == "Küche & Café"


def test_formulas_use_their_cached_values(shop: Store, tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "formulas.xlsx",
        [[*HEADER, "Net"], ["F-1", "2026-10-01", "TB1", "=F2*2", "USD", 21.25]],
    )
    with_cached_formula_values(path, {"D2": "42.5"})
    report = imports.run_import(shop, path, ImportOptions())
    assert report.added == 1, report.errors
    assert orders(shop)["F-1"][1] == 4250


def test_a_hundred_thousand_trailing_empty_rows_are_ignored(shop: Store, tmp_path: Path) -> None:
    path = tmp_path / "trailing.csv"
    with path.open("w", newline="") as handle:
        handle.write("Order ID,Date,Partner,Amount\nT-1,2026-10-01,TB1,5.00\n")
        handle.write(",,,\n" * 100_000)
    report = imports.run_import(shop, path, ImportOptions(currency="USD"))
    assert (report.rows_read, report.added, report.rejected) == (1, 1, 0)

    book_path = write_xlsx(
        tmp_path / "trailing.xlsx", [HEADER, ["T-2", "2026-10-02", "TB1", 5, "USD"]]
    )
    book = openpyxl.load_workbook(book_path)
    sheet = book.active
    assert sheet is not None
    sheet.cell(row=100_002, column=1).number_format = "0.00"  # a formatted, empty cell far down
    sheet.cell(row=100_002, column=1).value = " "
    book.save(book_path)
    report = imports.run_import(shop, book_path, ImportOptions())
    assert (report.rows_read, report.added, report.rejected) == (1, 1, 0)


def test_missing_required_column_names_it_and_changes_nothing(shop: Store, tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "no-amount.xlsx", [["Order ID", "Date", "Partner"], ["1", "2026-10-01", "TB1"]]
    )
    before = snapshot(shop)
    with pytest.raises(ImportFileError) as caught:
        imports.run_import(shop, path, ImportOptions())
    assert str(caught.value).startswith("no-amount.xlsx: missing required column: Amount")
    assert "Columns found: 'Order ID', 'Date', 'Partner'" in str(caught.value)
    assert snapshot(shop) == before


def test_bad_rows_are_located_and_refuse_the_whole_import(shop: Store, tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "bad.xlsx",
        [
            HEADER,
            ["N-1", "2026-10-01", "TB1", "10.00", "USD"],
            ["N-2", "2026-10-01", "TB1", "-5.00", "USD"],  # row 3: negative amount
            ["N-1", "2026-10-02", "TB1", "10.00", "USD"],  # row 4: duplicate id
            ["N-4", "31/31/2026", "TB1", "10.00", "USD"],  # row 5: no such date
            ["N-5", "2026-10-02", "NOPE", "10.00", "USD"],  # row 6: unknown code
            ["N-6", "2026-10-02", "TB1", "ten", "USD"],  # row 7: not an amount
        ],
    )
    before = snapshot(shop)
    report = imports.run_import(shop, path, ImportOptions())
    assert report.refused and not report.applied
    located = {(e.row, e.column.split(" ")[0]): e.message for e in report.errors}
    assert set(located) == {(3, "D"), (4, "A"), (5, "B"), (6, "C"), (7, "D")}
    assert "expected an amount of 0.00 or more, found -5.00" in located[(3, "D")]
    assert located[(4, "A")] == "order id 'N-1' also appears on row 2"
    assert "not a real calendar date" in located[(5, "B")]
    assert "unknown partner code 'NOPE'" in located[(6, "C")]
    assert located[(7, "D")] == "expected an amount like 12.50, found 'ten'"
    assert all(e.file == "bad.xlsx" and e.sheet == "Orders" for e in report.errors)
    assert report.rejected == 5
    assert snapshot(shop) == before


def test_a_duplicate_or_an_unknown_code_among_plain_rows_is_found_in_and_across_chunks(
    shop: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Chunks of plain rows are read and stored column by column; a duplicate id in a chunk
    or of an earlier chunk's, or an unknown code, still names its row."""
    monkeypatch.setattr(api, "CHUNK_ROWS", 10)
    rows = [HEADER] + [[f"D-{n}", "2026-10-01", "TB1", "10.00", "USD"] for n in range(30)]
    rows[7][0] = "D-2"  # row 8 repeats row 4, in the same chunk (rows 2-11)
    rows[18][0] = "D-3"  # row 19 repeats row 5, of the first chunk
    rows[25][2] = "NOPE"  # row 26: unknown code
    report = imports.run_import(shop, write_csv(tmp_path / "dup.csv", rows), ImportOptions())
    located = {e.row: e.message for e in report.errors}
    assert located == {
        8: "order id 'D-2' also appears on row 4",
        19: "order id 'D-3' also appears on row 5",
        26: located[26],
    }
    assert "unknown partner code 'NOPE'" in located[26]
    assert report.refused and orders(shop) == {}
    skipped = imports.run_import(
        shop, write_csv(tmp_path / "dup2.csv", rows), ImportOptions(skip_invalid=True)
    )
    assert (skipped.added, skipped.rejected) == (27, 3)
    assert set(orders(shop)) == {f"D-{n}" for n in range(30)} - {"D-6", "D-17", "D-24"}


def test_skip_invalid_imports_the_good_rows(shop: Store, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "mixed.csv",
        [
            HEADER,
            ["G-1", "2026-10-01", "TB1", "10.00", "USD"],
            ["G-2", "2026-10-01", "TB1", "x", "USD"],
        ],
    )
    report = imports.run_import(shop, path, ImportOptions(skip_invalid=True))
    assert (report.added, report.rejected, report.applied) == (1, 1, True)
    assert set(orders(shop)) == {"G-1"}


def test_unknown_partner_codes_can_be_created_or_skipped(shop: Store, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "new.csv",
        [
            HEADER,
            ["U-1", "2026-10-01", "NEWBIE", "10.00", "USD"],
            ["U-2", "2026-10-01", "TB1", "3", "USD"],
        ],
    )
    dry = imports.dry_run(shop, path, ImportOptions())
    assert dry.unknown_codes == ["NEWBIE"] and dry.refused

    skipped = imports.run_import(shop, path, ImportOptions(skip_unknown_partners=True))
    assert (skipped.added, skipped.skipped) == (1, 1)

    created = imports.run_import(shop, path, ImportOptions(create_partners=True))
    assert (created.added, created.unchanged, created.partners_created) == (1, 1, 1)
    with shop.transaction() as session:
        assert partners.find_by_code(session, "newbie").name == "NEWBIE"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty (0 bytes)"),
        (b"Order ID,Date\n1,2", "is not a .xlsx workbook (it is not a zip archive)"),
        (b"PK\x03\x04" + b"\x00" * 40, "the workbook is damaged or truncated"),
    ],
)
def test_corrupt_files_get_a_clear_message(
    shop: Store, tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(content)
    before = snapshot(shop)
    with pytest.raises(ImportFileError) as caught:
        imports.run_import(shop, path, ImportOptions())
    assert str(caught.value).startswith("broken.xlsx: ")
    assert message in str(caught.value)
    assert snapshot(shop) == before


def test_truncated_xlsx(shop: Store, tmp_path: Path) -> None:
    good = write_xlsx(tmp_path / "good.xlsx", [HEADER, ["T-1", "2026-10-01", "TB1", 1, "USD"]])
    data = good.read_bytes()
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(ImportFileError, match=r"^cut\.xlsx: the workbook is damaged"):
        imports.run_import(shop, cut, ImportOptions())


def test_reimport_is_a_no_op_and_changed_rows_update(shop: Store, tmp_path: Path) -> None:
    rows = [
        HEADER,
        ["R-1", "2026-10-01", "TB1", "10.00", "USD"],
        ["R-2", "2026-10-02", "ZOE", "20.00", "USD"],
    ]
    path = write_csv(tmp_path / "oct.csv", rows)
    first = imports.run_import(shop, path, ImportOptions())
    assert (first.added, first.batch_id) == (2, first.batch_id) and first.batch_id
    before = snapshot(shop)
    again = imports.run_import(shop, path, ImportOptions())
    assert (again.added, again.updated, again.unchanged, again.batch_id) == (0, 0, 2, None)
    assert snapshot(shop) == before  # not even a batch record

    rows[2][3] = "25.00"
    changed = imports.run_import(shop, write_csv(tmp_path / "oct2.csv", rows), ImportOptions())
    assert (changed.added, changed.updated, changed.unchanged) == (0, 1, 1)
    assert orders(shop)["R-2"][1] == 2500


def test_undo_batch_removes_what_it_added(shop: Store, tmp_path: Path) -> None:
    before = snapshot(shop)
    path = write_csv(tmp_path / "oct.csv", [HEADER, ["U-1", "2026-10-01", "TB1", "10.00", "USD"]])
    report = imports.run_import(shop, path, ImportOptions())
    assert report.batch_id is not None
    assert imports.undo_batch(shop, report.batch_id).value == 1
    assert orders(shop) == {}
    with shop.transaction() as session:
        [batch] = imports.list_batches(session)
    assert batch.undone and batch.added == 1
    assert snapshot(shop)["orders"] == before["orders"]
    with pytest.raises(UserError, match="already undone"):
        imports.undo_batch(shop, report.batch_id)


def test_cancel_mid_import_leaves_the_store_unchanged(shop: Store, tmp_path: Path) -> None:
    rows = [HEADER] + [[f"C-{n}", "2026-10-01", "TB1", "1.00", "USD"] for n in range(12_000)]
    path = write_csv(tmp_path / "big.csv", rows)
    before = snapshot(shop)
    calls: list[int] = []

    def progress(done: int, total: int) -> None:
        calls.append(done)

    from desktop_app.errors import Cancelled

    with pytest.raises(Cancelled):
        imports.run_import(shop, path, ImportOptions(), progress, lambda: len(calls) >= 1)
    assert calls == [api.CHUNK_ROWS]  # cancelled after the first chunk
    assert snapshot(shop) == before


def test_refunds_set_order_status_and_are_checked(shop: Store, tmp_path: Path) -> None:
    imports.run_import(
        shop,
        write_csv(
            tmp_path / "orders.csv",
            [
                HEADER,
                ["O-1", "2026-10-01", "TB1", "100.00", "USD"],
                ["O-2", "2026-10-01", "TB1", "50.00", "USD"],
            ],
        ),
        ImportOptions(),
    )
    refunds = write_csv(
        tmp_path / "refunds.csv",
        [
            ["Order ID", "Refund Date", "Refund Amount"],
            ["O-1", "2026-10-05", "40.00"],
            ["O-2", "2026-10-06", "50.00"],
        ],
    )
    report = imports.run_import(
        shop, refunds, ImportOptions(kind=ImportKind.REFUNDS, currency="USD")
    )
    assert report.added == 2, report.errors
    got = orders(shop)
    assert (got["O-1"][3], got["O-2"][3]) == ("confirmed", "refunded")  # partly: still confirmed

    unknown = write_csv(
        tmp_path / "r2.csv", [["Order ID", "Date", "Amount"], ["O-9", "2026-10-06", "5"]]
    )
    bad = imports.run_import(shop, unknown, ImportOptions(kind=ImportKind.REFUNDS, currency="USD"))
    assert bad.refused and bad.errors[0].row == 2
    assert "no order 'O-9' from source 'default'" in bad.errors[0].message

    in_euros = write_csv(
        tmp_path / "r3.csv",
        [["Order ID", "Refund Date", "Refund Amount"], ["O-1", "2026-10-07", "5.00"]],
    )
    before = snapshot(shop)
    wrong = imports.run_import(
        shop, in_euros, ImportOptions(kind=ImportKind.REFUNDS, currency="EUR")
    )
    assert wrong.refused and (wrong.errors[0].row, wrong.errors[0].column) == (
        2,
        "C (Refund Amount)",
    )
    assert wrong.errors[0].message == "refund in EUR for an order in USD"
    assert snapshot(shop) == before


def test_clicks_import_and_update(shop: Store, tmp_path: Path) -> None:
    rows = [
        ["Day", "Tracking ID", "Clicks", "Unique visitors"],
        ["2026-10-01", "TB1", "1,200", 800],
    ]
    first = imports.run_import(
        shop, write_csv(tmp_path / "c.csv", rows), ImportOptions(kind=ImportKind.CLICKS)
    )
    assert first.added == 1, first.errors
    rows[1][2] = "1300"
    second = imports.run_import(
        shop, write_csv(tmp_path / "c2.csv", rows), ImportOptions(kind=ImportKind.CLICKS)
    )
    assert second.updated == 1
    with shop.transaction() as session:
        from desktop_app.store.models import ClickRow

        click = session.query(ClickRow).one()
        assert (click.clicks, click.visitors) == (1300, 800)


def test_mapping_profile_is_saved_and_found_for_the_same_layout(
    shop: Store, tmp_path: Path
) -> None:
    headers = ["Ref", "When", "Who", "Gross", "Money"]
    path = write_csv(tmp_path / "odd.csv", [headers, ["P-1", "2026-10-01", "TB1", "9.99", "USD"]])
    table, guessed, _ = imports.read_preview_table(shop, path, ImportOptions())
    assert (table.headers, guessed) == (tuple(headers), {})  # the wizard asks the user
    with pytest.raises(ImportFileError, match="missing required column: Order id"):
        imports.run_import(shop, path, ImportOptions())
    mapping = {
        "order_id": "Ref",
        "date": "When",
        "partner_code": "Who",
        "amount": "Gross",
        "currency": "Money",
    }
    table, used, profile = imports.read_preview_table(shop, path, ImportOptions(mapping=mapping))
    assert (table.header_row, used, profile) == (1, mapping, "")
    imports.save_profile(shop, "My shop", ImportKind.ORDERS, table.headers, mapping)

    report = imports.run_import(shop, path, ImportOptions(mapping_name="My shop"))
    assert report.added == 1
    with shop.transaction() as session:
        found = imports.find_profile(session, ImportKind.ORDERS, headers)
    assert found is not None and found.name == "My shop"


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (["Bestellnummer", "Bestelldatum", "Partner-ID", "Umsatz", "Währung"], "de"),
        (["N° de commande", "Date", "Code partenaire", "Montant total", "Devise"], "fr"),
        (["Número de pedido", "Fecha", "Afiliado", "Importe", "Moneda"], "es"),
        (["Номер заказа", "Дата", "Партнер", "Сумма", "Валюта"], "ru"),
        (["Order No.", "Created At", "Coupon Code", "Order Amount (USD)", "Currency"], "en"),
    ],
)
def test_mapping_guess_in_several_languages(headers: list[str], expected: str) -> None:
    mapping = imports.guess_mapping(ImportKind.ORDERS, headers)
    assert mapping == dict(
        zip(("order_id", "date", "partner_code", "amount", "currency"), headers, strict=True)
    ), expected


def test_orders_in_a_locked_run_are_never_changed_nor_undone(shop: Store, tmp_path: Path) -> None:
    from datetime import date

    from desktop_app.services import payouts

    rows = [HEADER, ["L-1", "2026-10-01", "TB1", "10.00", "USD"]]
    first = imports.run_import(shop, write_csv(tmp_path / "oct.csv", rows), ImportOptions())
    run_id = payouts.create_run(shop, date(2026, 10, 1), date(2026, 10, 31), actor="test").value
    payouts.lock_run(shop, run_id, actor="test")

    rows[1][3] = "12.00"
    before = snapshot(shop)
    report = imports.run_import(shop, write_csv(tmp_path / "oct2.csv", rows), ImportOptions())
    assert report.refused and report.rejected == 1
    assert report.errors[0].row == 2
    assert f"in locked payout run {run_id};" in report.errors[0].message
    assert snapshot(shop) == before
    assert first.batch_id is not None
    with pytest.raises(UserError, match=f"in locked payout run {run_id};"):
        imports.undo_batch(shop, first.batch_id)
    assert orders(shop)["L-1"][1] == 1000
