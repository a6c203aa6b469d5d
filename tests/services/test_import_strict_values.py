"""Imports refuse text amounts and dates they would have to guess (issue 16, items 4 and 5):
each bad value is a row error naming file, row, column and value, and the store is unchanged;
an ambiguous amount takes the decimal mark the rest of its column shows; a date with an offset
lands on the merchant's day."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.domain.partners import PartnerInput
from desktop_app.services import imports, merchant, partners
from desktop_app.services.imports import ImportKind, ImportOptions
from desktop_app.store.database import Store
from tests.import_files import HEADER, orders, snapshot, write_csv, write_xlsx

CHOOSE = "choose day-first or month-first (--day-first / --month-first)"


@pytest.fixture
def shop(store: Store) -> Store:
    with store.transaction() as session:
        partners.create_partner(session, PartnerInput(name="Tech Blog", codes=("TB1",)))
    return store


def _messages(report: imports.ImportReport) -> dict[int, tuple[str, str]]:
    return {e.row: (e.column.split(" ")[0], e.message) for e in report.errors}


def test_text_amounts_that_used_to_be_guessed_are_refused(shop: Store, tmp_path: Path) -> None:
    bad = [
        (
            "12.5.3",
            "USD",
            "expected an amount like 12.50, found '12.5.3' (thousands are grouped in threes)",
        ),
        (
            "1.2.3",
            "USD",
            "expected an amount like 12.50, found '1.2.3' (thousands are grouped in threes)",
        ),
        ("10-20", "USD", "expected an amount like 12.50, found '10-20'"),
        ("0,125", "USD", "amount 0,125 has more decimals than USD allows (2)"),
        ("12.345678901234", "USD", "amount 12.345678901234 has more decimals than USD allows (2)"),
        ("(12.50", "USD", "expected an amount like 12.50, found '(12.50' (unbalanced parenthesis)"),
        ("12,50 €", "USD", "amount '12,50 €' is in EUR, but its currency column says USD"),
    ]
    rows = [HEADER, ["OK-1", "2026-10-01", "TB1", "10", "USD"]]
    rows += [[f"B-{n}", "2026-10-02", "TB1", text, cur] for n, (text, cur, _) in enumerate(bad)]
    path = write_xlsx(tmp_path / "amounts.xlsx", rows)  # text cells, as a shop exports them
    before = snapshot(shop)
    report = imports.run_import(shop, path, ImportOptions())
    assert report.refused and report.rejected == len(bad)
    assert _messages(report) == {n + 3: ("D", message) for n, (_, _, message) in enumerate(bad)}
    assert all(e.file == "amounts.xlsx" and e.sheet == "Orders" for e in report.errors)
    assert snapshot(shop) == before


def test_an_amount_nothing_in_its_column_settles_is_refused(shop: Store, tmp_path: Path) -> None:
    rows = [
        HEADER,
        ["A-1", "2026-10-01", "TB1", "1,500", "USD"],
        ["A-2", "2026-10-01", "TB1", "1.500", "USD"],
        ["A-3", "2026-10-01", "TB1", "250", "USD"],  # no mark: shows nothing either
    ]
    before = snapshot(shop)
    report = imports.run_import(shop, write_csv(tmp_path / "a.csv", rows), ImportOptions())
    assert _messages(report) == {
        row: (
            "D",
            f"amount '1{mark}500' is ambiguous: 1500 or 1.5? Nothing else in this column shows "
            f"whether '{mark}' is the decimal mark; write the amount as 1500 or 1.5",
        )
        for row, mark in ((2, ","), (3, "."))
    }
    assert report.refused and snapshot(shop) == before


def test_three_decimals_are_read_exactly_in_a_three_decimal_currency(
    shop: Store, tmp_path: Path
) -> None:
    rows = [HEADER, ["K-1", "2026-10-01", "TB1", "0,125", "KWD"]]
    report = imports.run_import(shop, write_csv(tmp_path / "kwd.csv", rows), ImportOptions())
    assert (report.added, report.errors) == (1, [])
    assert orders(shop) == {"K-1": ("2026-10-01", 125, "KWD", "confirmed")}


@pytest.mark.parametrize(
    ("amounts", "expected"),
    [
        # a decimal comma elsewhere in the column: '.' groups thousands, even before it is seen
        (["1.500", "12,50"], [150_000, 1250]),
        (["1,500", "1.234,50"], [150, 123450]),
        # a decimal point elsewhere (plain amounts too, read by the fast path)
        (["1,500", "12.50"], [150_000, 1250]),
        (["1.500", "7.25", "1,234,567"], [150, 725, 123_456_700]),
    ],
)
def test_an_ambiguous_amount_takes_the_decimal_mark_of_its_column(
    shop: Store, tmp_path: Path, amounts: list[str], expected: list[int]
) -> None:
    rows = [["Order ID", "Order Date", "Partner Code", "Amount"]]
    rows += [[f"C-{n}", "2026-10-01", "TB1", a] for n, a in enumerate(amounts)]
    path = write_csv(tmp_path / "column.csv", rows)
    report = imports.run_import(shop, path, ImportOptions(currency="EUR"))
    assert (report.added, report.errors) == (len(amounts), [])
    got = orders(shop)
    assert [got[f"C-{n}"][1] for n in range(len(amounts))] == expected


def test_a_decimal_point_in_a_chunk_read_at_once_settles_a_later_ambiguous_amount(
    shop: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop_app.services.imports import api

    monkeypatch.setattr(api, "CHUNK_ROWS", 2)  # the first chunk is read column by column
    rows = [["Order ID", "Order Date", "Partner Code", "Amount"]]
    rows += [[f"C-{n}", "2026-10-01", "TB1", a] for n, a in enumerate(["12.50", "7", "1,500"])]
    report = imports.run_import(shop, write_csv(tmp_path / "c.csv", rows), ImportOptions())
    assert (report.added, report.errors) == (3, [])
    assert [orders(shop)[f"C-{n}"][1] for n in range(3)] == [1250, 700, 150_000]


def test_an_ambiguous_amount_in_a_column_of_both_conventions_is_refused(
    shop: Store, tmp_path: Path
) -> None:
    rows = [
        ["Order ID", "Order Date", "Partner Code", "Amount"],
        ["M-1", "2026-10-01", "TB1", "1,234.50"],
        ["M-2", "2026-10-01", "TB1", "1.234,50"],
        ["M-3", "2026-10-01", "TB1", "2,500"],
    ]
    report = imports.run_import(shop, write_csv(tmp_path / "m.csv", rows), ImportOptions())
    assert _messages(report) == {
        4: (
            "D",
            "amount '2,500' is ambiguous: 2500 or 2.5? The amounts in this column use both '.' "
            "and ',' as the decimal mark; write the amount as 2500 or 2.5",
        )
    }
    assert report.refused and orders(shop) == {}


def test_a_currency_sign_must_match_the_files_currency(shop: Store, tmp_path: Path) -> None:
    rows = [["Order ID", "Order Date", "Partner Code", "Amount"]]
    rows += [["E-1", "2026-10-01", "TB1", "12,50 €"]]
    path = write_csv(tmp_path / "eu.csv", rows)
    report = imports.run_import(shop, path, ImportOptions())  # the store's base currency: USD
    assert _messages(report) == {
        2: (
            "D",
            "amount '12,50 €' is in EUR, but the file has no currency column and the store's "
            "base currency is USD; choose the import's currency (--currency EUR)",
        )
    }
    report = imports.run_import(shop, path, ImportOptions(currency="EUR"))
    assert (report.added, report.errors) == (1, [])
    assert orders(shop) == {"E-1": ("2026-10-01", 1250, "EUR", "confirmed")}


def test_an_offset_date_lands_on_the_merchants_day(shop: Store, tmp_path: Path) -> None:
    with shop.transaction() as session:
        profile = merchant.get_profile(session)
        merchant.save_profile(
            session, profile.__class__(**{**vars(profile), "timezone": "Asia/Tokyo"})
        )
    rows = [
        HEADER,
        ["T-1", "2026-10-31T23:30:00Z", "TB1", "10.00", "USD"],  # 08:30 on 1 November in Tokyo
        ["T-2", "2026-10-31T23:30:00", "TB1", "10.00", "USD"],  # no offset: Tokyo time already
        ["T-3", "2026-10-31 09:00:00 +0900", "TB1", "10.00", "USD"],
    ]
    report = imports.run_import(shop, write_csv(tmp_path / "tz.csv", rows), ImportOptions())
    assert (report.added, report.errors) == (3, [])
    assert {k: v[0] for k, v in orders(shop).items()} == {
        "T-1": "2026-11-01",
        "T-2": "2026-10-31",
        "T-3": "2026-10-31",
    }


def test_dates_with_junk_impossible_times_or_an_unknown_order_are_refused(
    shop: Store, tmp_path: Path
) -> None:
    rows = [
        HEADER,
        ["D-1", "13/04/2026", "TB1", "10.00", "USD"],  # unambiguous: 13 April, no setting needed
        ["D-2", "2026-10-31garbage", "TB1", "10.00", "USD"],
        ["D-3", "2026-10-31T25:99", "TB1", "10.00", "USD"],
        ["D-4", "03/04/2026", "TB1", "10.00", "USD"],
    ]
    path = write_csv(tmp_path / "dates.csv", rows)
    report = imports.run_import(shop, path, ImportOptions())
    expected = "expected a date like 2026-10-31 or 31.10.2026"
    assert _messages(report) == {
        3: ("B", f"{expected}, found '2026-10-31garbage'"),
        4: ("B", f"{expected}; '2026-10-31T25:99' is not a real time of day"),
        5: ("B", f"date '03/04/2026' could be 3 April 2026 or 4 March 2026; {CHOOSE}"),
    }
    month_first = ImportOptions(date_order="month-first", skip_invalid=True)
    report = imports.run_import(shop, path, month_first)
    assert _messages(report)[2] == (
        "B",
        f"date '13/04/2026' cannot be month-first (there is no month 13); {CHOOSE}",
    )
    assert orders(shop) == {"D-4": ("2026-03-04", 1000, "USD", "confirmed")}


def test_the_date_order_is_explicit_and_kept_in_the_mapping_profile(
    shop: Store, tmp_path: Path
) -> None:
    rows = [HEADER, ["X-1", "03/04/2026", "TB1", "10.00", "USD"]]
    path = write_csv(tmp_path / "dates.csv", rows)
    imports.run_import(shop, path, ImportOptions(source="us", date_order="month-first"))
    imports.run_import(shop, path, ImportOptions(source="eu", date_order="day-first"))
    imports.run_import(shop, path, ImportOptions(source="old", day_first=True))  # the old flag
    with shop.transaction() as session:
        from sqlalchemy import select

        from desktop_app.store.models import OrderRow

        got = {o.source: o.order_date.isoformat() for o in session.scalars(select(OrderRow))}
    assert got == {"us": "2026-03-04", "eu": "2026-04-03", "old": "2026-04-03"}

    mapping = imports.guess_mapping(ImportKind.ORDERS, HEADER)
    imports.save_profile(
        shop, "EU shop", ImportKind.ORDERS, HEADER, mapping, {"date_order": "day-first"}
    )
    report = imports.run_import(shop, path, ImportOptions(source="profile"))  # found by header
    assert (report.added, report.errors) == (1, [])
    report = imports.run_import(
        shop, path, ImportOptions(source="override", date_order="month-first")
    )
    assert (report.added, report.errors) == (1, [])
    with shop.transaction() as session:
        got = {o.source: o.order_date.isoformat() for o in session.scalars(select(OrderRow))}
    assert (got["profile"], got["override"]) == ("2026-04-03", "2026-03-04")


def test_a_date_order_contradicting_the_old_flag_is_a_mistake() -> None:
    with pytest.raises(ValueError, match="day_first"):
        ImportOptions(day_first=True, date_order="month-first")


def test_the_decimal_mark_shown_many_chunks_later_still_settles_an_early_amount(
    shop: Store, tmp_path: Path
) -> None:
    rows = [["Order ID", "Order Date", "Partner Code", "Amount"]]
    rows.append(["L-0", "2026-10-01", "TB1", "1.500"])  # row 2: 1500 or 1.5?
    rows += [[f"L-{n}", "2026-10-01", "TB1", "7"] for n in range(1, 12_000)]  # no mark
    rows.append(["L-END", "2026-10-01", "TB1", "2,50"])  # the last row: ',' is decimal
    path = write_csv(tmp_path / "long.csv", rows)
    report = imports.run_import(shop, path, ImportOptions(currency="EUR"))
    assert (report.rows_read, report.added, report.errors) == (12_001, 12_001, [])
    got = orders(shop)
    assert (got["L-0"][1], got["L-END"][1], got["L-5"][1]) == (150_000, 250, 700)
