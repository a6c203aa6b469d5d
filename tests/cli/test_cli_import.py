"""`payout-desk import …` and `orders list` on real files and a real store."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from desktop_app.cli import main
from tests.import_files import HEADER, write_csv, write_xlsx


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def db(capsys: pytest.CaptureFixture[str], db_url: str) -> str:
    assert (
        run(capsys, "partners", "add", "--database", db_url, "--name", "Tech", "--code", "TB1")[0]
        == 0
    )
    return db_url


def test_dry_run_then_import_then_list(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    path = write_xlsx(
        tmp_path / "oct.xlsx",
        [
            HEADER,
            ["A-1", "2026-10-03", "TB1", "1,234.50", "USD"],
            ["A-2", "2026-10-04", "TB1", 0.1, "USD"],
        ],
        title_rows=1,
    )
    code, out, err = run(
        capsys, "import", "orders", str(path), "--dry-run", "--database", db, "--format", "json"
    )
    assert (code, err) == (0, "")
    assert {k: json.loads(out)[k] for k in ("added", "applied", "dry_run")} == {
        "added": 2,
        "applied": False,
        "dry_run": True,
    }
    code, out, _ = run(capsys, "orders", "list", "--database", db, "--format", "json")
    assert json.loads(out) == []

    code, out, _ = run(capsys, "import", "orders", str(path), "--database", db, "--format", "json")
    assert code == 0 and json.loads(out)["batch_id"] == 1
    code, out, _ = run(
        capsys, "orders", "list", "--database", db, "--format", "json", "--from", "2026-10-04"
    )
    assert [(o["order_id"], o["amount"], o["partner"]) for o in json.loads(out)] == [
        ("A-2", "0.10", "TB1")
    ]

    code, out, _ = run(capsys, "import", "batches", "--database", db, "--format", "json")
    assert [(b["id"], b["added"], b["undone"]) for b in json.loads(out)] == [(1, 2, False)]
    code, out, _ = run(capsys, "import", "undo", "1", "--database", db)
    assert code == 0 and "2 rows removed" in out


def test_row_errors_go_to_stderr_and_exit_2(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "bad.csv", [HEADER, ["B-1", "2026-10-03", "XX", "5", "USD"]])
    code, _out, err = run(capsys, "import", "orders", str(path), "--database", db)
    assert code == 2
    assert "bad.csv, row 2, column C (Partner Code): unknown partner code 'XX'" in err
    assert "nothing was imported" in err
    code, _out, err = run(
        capsys, "import", "orders", str(path), "--database", db, "--create-partners"
    )
    assert (code, err) == (0, "")


def _table(out: str) -> dict[str, str]:
    """The label → value lines of a one-record table."""
    pairs = (re.split(r"\s{2,}", line.strip(), maxsplit=1) for line in out.splitlines())
    return {pair[0]: pair[1] if len(pair) > 1 else "" for pair in pairs}


def test_the_table_says_would_when_nothing_was_imported(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    rows = [HEADER, ["C-1", "2026-10-03", "TB1", "5.00", "USD"]]
    path = write_csv(tmp_path / "oct.csv", [*rows, ["C-2", "2026-10-04", "XX", "5", "USD"]])
    code, out, _ = run(capsys, "import", "orders", str(path), "--database", db)
    table = _table(out)
    assert code == 2 and table["applied"] == "no"
    assert (table["would add"], table["would update"], table["rejected"]) == ("1", "0", "1")
    assert "added" not in table

    code, out, _ = run(capsys, "import", "orders", str(path), "--database", db, "--skip-unknown")
    table = _table(out)
    assert code == 0 and (table["applied"], table["added"]) == ("yes", "1")
    assert not any(label.startswith("would") for label in table)


def test_a_file_that_is_not_a_spreadsheet(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    path = tmp_path / "photo.xlsx"
    path.write_text("not a workbook")
    code, _out, err = run(capsys, "import", "orders", str(path), "--database", db)
    assert code == 2
    assert err.strip() == (
        "payout-desk: error: photo.xlsx: is not a .xlsx workbook (it is not a zip archive); "
        "export the file again or save it as .xlsx"
    )


def test_refunds_clicks_mapping_profiles_and_undo_of_an_update(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    orders = [["Ref", "Tag", "Partner", "Total"], ["R-1", "03/10/2026", "TB1", "40.00"]]
    path = write_csv(tmp_path / "shop.csv", orders)
    code, out, _ = run(
        capsys,
        *("import", "orders", str(path), "--database", db, "--day-first", "--currency", "EUR"),
        *("--map", "order_id=Ref", "--map", "date=Tag", "--map", "partner_code=Partner"),
        *("--map", "amount=Total", "--save-mapping", "My shop", "--format", "json"),
    )
    assert code == 0 and json.loads(out)["added"] == 1
    orders[1][3] = "45.00"  # same layout: the saved profile is found by its headers
    code, out, _ = run(
        capsys,
        "import",
        "orders",
        str(write_csv(tmp_path / "shop2.csv", orders)),
        *("--database", db, "--day-first", "--currency", "EUR", "--format", "json"),
    )
    assert (code, json.loads(out)["updated"]) == (0, 1)

    refunds = [["Order ID", "Refund date", "Refund amount"], ["R-1", "2026-10-20", "5.00"]]
    code, out, _ = run(
        capsys,
        "import",
        "refunds",
        str(write_csv(tmp_path / "refunds.csv", refunds)),
        *("--database", db, "--currency", "EUR", "--format", "json"),
    )
    assert (code, json.loads(out)["added"]) == (0, 1)
    clicks = [["Partner", "Date", "Clicks", "Visitors"], ["TB1", "2026-10-03", "120", "80"]]
    code, out, _ = run(
        capsys,
        "import",
        "clicks",
        str(write_csv(tmp_path / "clicks.csv", clicks)),
        *("--database", db, "--format", "json"),
    )
    assert (code, json.loads(out)["added"]) == (0, 1)

    code, out, _ = run(capsys, "orders", "list", "--database", db, "--format", "json")
    assert [(o["order_id"], o["date"], o["amount"], o["status"]) for o in json.loads(out)] == [
        ("R-1", "2026-10-03", "45.00", "confirmed")
    ]
    # undo newest first: clicks, refunds, then the update puts 40.00 back
    for batch in ("4", "3", "2"):
        assert run(capsys, "import", "undo", batch, "--database", db)[0] == 0
    code, out, _ = run(capsys, "orders", "list", "--database", db, "--format", "json")
    assert [(o["amount"], o["status"]) for o in json.loads(out)] == [("40.00", "confirmed")]


def test_the_date_order_flags_and_the_mapping_profile_that_remembers_them(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    rows = [HEADER, ["D-1", "03/04/2026", "TB1", "10.00", "USD"]]
    path = write_csv(tmp_path / "dates.csv", rows)
    code, _out, err = run(capsys, "import", "orders", str(path), "--database", db)
    assert code == 2
    assert err.splitlines()[0] == (
        "dates.csv, row 2, column B (Order Date): date '03/04/2026' could be 3 April 2026 or "
        "4 March 2026; choose day-first or month-first (--day-first / --month-first)"
    )
    with pytest.raises(SystemExit) as usage:
        run(capsys, "import", "orders", str(path), "--database", db, "--day-first", "--month-first")
    assert usage.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err

    code, out, _ = run(
        capsys,
        *("import", "orders", str(path), "--database", db, "--month-first"),
        *("--save-mapping", "US shop", "--format", "json"),
    )
    assert (code, json.loads(out)["added"]) == (0, 1)
    rows[1][0] = "D-2"  # the same layout again, no flag: the profile's month-first is used
    again = write_csv(tmp_path / "dates2.csv", rows)
    code, out, _ = run(capsys, "import", "orders", str(again), "--database", db, "--format", "json")
    assert (code, json.loads(out)["added"]) == (0, 1)
    code, out, _ = run(capsys, "orders", "list", "--database", db, "--format", "json")
    assert {o["order_id"]: o["date"] for o in json.loads(out)} == {
        "D-1": "2026-03-04",
        "D-2": "2026-03-04",
    }


def test_a_shop_export_with_organic_orders_and_the_shops_own_status_words(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    rows = [
        [*HEADER, "Status"],
        ["S-1", "2026-10-01", "TB1", "10.00", "USD", "Versendet"],
        ["S-2", "2026-10-01", "", "20.00", "USD", "Versendet"],  # organic
        ["S-3", "2026-10-02", "TB1", "30.00", "USD", "Warte"],
        ["S-4", "2026-10-02", "", "40.00", "USD", "Warte"],  # organic
    ]
    path = write_csv(tmp_path / "shop.csv", rows)
    code, _out, err = run(capsys, "import", "orders", str(path), "--database", db)
    assert code == 2
    assert err.splitlines()[0] == (
        "shop.csv, row 2, column F (Status): unknown order status 'Versendet': say which of "
        "confirmed, pending, cancelled, refunded it means with a status mapping such as "
        "Versendet=confirmed (--status-map, or Status words in the import wizard)"
    )
    code, _out, err = run(
        capsys, "import", "orders", str(path), "--database", db, "--status-map", "Warte=later"
    )
    assert (code, err.strip()) == (
        2,
        "payout-desk: error: status map: 'Warte=later': later is not one of confirmed, "
        "pending, cancelled, refunded",
    )
    code, out, _ = run(
        capsys,
        *("import", "orders", str(path), "--database", db, "--format", "json"),
        *("--status-map", "Versendet=confirmed, Warte=pending", "--save-mapping", "Mein Shop"),
    )
    assert code == 0
    assert {k: json.loads(out)[k] for k in ("added", "not_referred", "rejected")} == {
        "added": 2,
        "not_referred": 2,
        "rejected": 0,
    }
    code, out, _ = run(capsys, "orders", "list", "--database", db, "--format", "json")
    assert [(o["order_id"], o["status"]) for o in json.loads(out)] == [
        ("S-1", "confirmed"),
        ("S-3", "pending"),
    ]
    code, out, _ = run(
        *(capsys, "orders", "list", "--database", db, "--status", "pending", "--format", "json")
    )
    assert [o["order_id"] for o in json.loads(out)] == ["S-3"]

    rows[3][5] = "Versendet"  # next month's export: the saved profile knows the words
    code, out, _ = run(
        capsys, "import", "orders", str(write_csv(tmp_path / "shop2.csv", rows)), "--database", db
    )
    assert code == 0
    assert (_table(out)["not referred"], _table(out)["updated"]) == ("2", "1")
    code, out, _ = run(capsys, "orders", "list", "--database", db, "--format", "json")
    assert [o["status"] for o in json.loads(out)] == ["confirmed", "confirmed"]


def test_orders_in_a_currency_without_a_rate_are_imported_with_a_warning(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    rows = [HEADER, ["E-1", "2026-10-03", "TB1", "10.00", "EUR"], ["E-2", "2026-10-03", "TB1", "5"]]
    path = write_csv(tmp_path / "eu.csv", rows)
    warning = (
        "no exchange rate for EUR in 2026-10 (1 order, units of USD per EUR): enter it in "
        "Settings → Exchange rates or with payout-desk rates set EUR RATE --month 2026-10 "
        "before the payout run"
    )
    code, out, err = run(
        capsys, "import", "orders", str(path), "--database", db, "--dry-run", "--format", "json"
    )
    assert (code, err) == (0, "")
    assert json.loads(out)["warnings"] == [warning]
    code, out, err = run(capsys, "import", "orders", str(path), "--database", db)
    assert code == 0
    assert _table(out)["added"] == "2"
    assert "warnings" not in _table(out)
    assert err == f"warning: {warning}\n"
    code, out, err = run(capsys, "import", "orders", str(path), "--database", db)
    assert (code, err) == (0, "")  # nothing new: nothing to warn about
