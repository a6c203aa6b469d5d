"""`payout-desk rates set|list|delete|import` end to end on a real store file, and a converted
order's original amount, currency and rate in `run lines`."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.store.database import open_store
from tests.payout_fixture import make_shop


def run(capsys: pytest.CaptureFixture[str], db_url: str, *argv: str) -> tuple[int, str, str]:
    code = main(["--database", db_url, *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def shop_url(db_url: str) -> str:
    store = open_store(db_url)
    try:
        shop = make_shop(store, holding_days=0, minimum="0.00")
        shop.order(shop.alpha, date(2026, 10, 2), "120.00", "EUR", external_id="EU-1")
        shop.order(shop.alpha, date(2026, 10, 3), "500.00", external_id="US-1")
    finally:
        store.close()
    return db_url


def test_a_second_currency_no_longer_blocks_the_run(
    capsys: pytest.CaptureFixture[str], shop_url: str
) -> None:
    create = ("run", "create", "--from", "2026-10-01", "--to", "2026-10-31", "--cutoff")
    code, out, err = run(capsys, shop_url, *create, "2026-10-31")
    assert (code, out) == (2, "")
    assert err == (
        "payout-desk: error: no exchange rate for EUR in 2026-10 (units of USD per EUR): enter "
        "it in Settings → Exchange rates or with payout-desk rates set EUR RATE --month "
        "2026-10\n"
    )
    code, out, err = run(capsys, shop_url, "rates", "set", "eur", "1.0825", "--month", "2026-10")
    assert (code, err) == (0, "")
    assert out == "EUR 2026-10: 1.0825 USD per EUR (new)\n"

    code, out, err = run(capsys, shop_url, *create, "2026-10-31", "--format", "json")
    assert (code, err) == (0, "")
    run_id = json.loads(out)["id"]

    code, out, _ = run(capsys, shop_url, "run", "lines", str(run_id), "--format", "json")
    lines = {line["order"]: line for line in json.loads(out)}
    eu, us = lines["EU-1"], lines["US-1"]
    assert (eu["amount"], eu["currency"], eu["commission"]) == ("129.90", "USD", "12.99")
    assert (eu["original_amount"], eu["original_currency"], eu["exchange_rate"]) == (
        "120.00",
        "EUR",
        "1.0825",
    )
    assert (us["original_currency"], us["exchange_rate"]) == ("USD", "")

    code, out, _ = run(capsys, shop_url, "run", "lines", str(run_id), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    eu_row = next(r for r in rows if r["order"] == "EU-1")
    assert (eu_row["original_amount"], eu_row["original_currency"], eu_row["exchange_rate"]) == (
        "120.00",
        "EUR",
        "1.0825",
    )
    code, out, _ = run(capsys, shop_url, "run", "lines", str(run_id))
    header, _rule, *body = out.splitlines()
    assert "original amount" in header and "exchange rate" in header
    eu_line = next(line for line in body if line.startswith("EU-1"))
    assert "120.00" in eu_line and "EUR" in eu_line and "1.0825" in eu_line


def test_a_rate_change_marks_the_draft_stale(
    capsys: pytest.CaptureFixture[str], shop_url: str
) -> None:
    run(capsys, shop_url, "rates", "set", "EUR", "1.0825", "--month", "2026-10")
    code, out, _ = run(
        capsys, shop_url, "run", "create", "--from", "2026-10-01", "--to", "2026-10-31",
        "--cutoff", "2026-10-31", "--format", "json",
    )  # fmt: skip
    run_id = json.loads(out)["id"]
    code, out, err = run(capsys, shop_url, "rates", "set", "EUR", "1.10", "--month", "2026-10")
    assert code == 0
    assert out == "EUR 2026-10: 1.10 USD per EUR (was 1.0825)\n"
    assert err == (
        f"note: draft run {run_id} was calculated before this change and is out of date; "
        f"recalculate it (payout-desk run recalc {run_id})\n"
    )
    code, out, err = run(capsys, shop_url, "run", "lock", str(run_id))
    assert code == 2
    assert f"run {run_id} was not locked: it is out of date" in err


def test_list_and_delete(capsys: pytest.CaptureFixture[str], shop_url: str) -> None:
    run(capsys, shop_url, "rates", "set", "GBP", "1.27", "--month", "2026-10")
    run(capsys, shop_url, "rates", "set", "EUR", "1.0790", "--month", "2026-09")
    code, out, _ = run(capsys, shop_url, "rates", "list", "--format", "json")
    assert json.loads(out) == [
        {"month": "2026-09", "currency": "EUR", "rate": "1.0790", "base": "USD"},
        {"month": "2026-10", "currency": "GBP", "rate": "1.27", "base": "USD"},
    ]
    code, out, _ = run(capsys, shop_url, "rates", "list", "--format", "csv")
    assert [",".join(row) for row in csv.reader(io.StringIO(out))] == [
        "month,currency,rate,base",
        "2026-09,EUR,1.0790,USD",
        "2026-10,GBP,1.27,USD",
    ]
    code, out, _ = run(capsys, shop_url, "rates", "list", "--missing", "--format", "json")
    assert json.loads(out) == [{"month": "2026-10", "currency": "EUR", "orders": 1}]
    code, out, _ = run(capsys, shop_url, "rates", "list")
    assert out.splitlines()[0].split() == ["month", "currency", "rate", "base"]

    code, out, err = run(capsys, shop_url, "rates", "delete", "GBP", "--month", "2026-10")
    assert (code, out, err) == (0, "GBP 2026-10: rate 1.27 deleted\n", "")
    code, out, err = run(capsys, shop_url, "rates", "delete", "GBP", "--month", "2026-10")
    assert (code, out) == (2, "")
    assert err == "payout-desk: error: there is no GBP rate for 2026-10\n"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ("set", "USD", "1", "--month", "2026-10"),
            "currency: USD is the base currency: it always converts at 1",
        ),
        (
            ("set", "XYZ", "1.2", "--month", "2026-10"),
            "currency: 'XYZ' is not an ISO 4217 currency code like EUR",
        ),
        (
            ("set", "EUR", "-1.2", "--month", "2026-10"),
            "rate: '-1.2' is not a positive rate like 1.0825",
        ),
        (("set", "EUR", "1.2", "--month", "Oct"), "month: 'Oct' is not a month like 2026-10"),
    ],
)
def test_mistakes_are_one_line_and_change_nothing(
    capsys: pytest.CaptureFixture[str], shop_url: str, argv: tuple[str, ...], message: str
) -> None:
    code, out, err = run(capsys, shop_url, "rates", *argv)
    assert (code, out, err) == (2, "", f"payout-desk: error: {message}\n")
    code, out, _ = run(capsys, shop_url, "rates", "list", "--format", "json")
    assert json.loads(out) == []


def test_import_the_ecb_file(
    capsys: pytest.CaptureFixture[str], shop_url: str, tmp_path: Path
) -> None:
    path = tmp_path / "eurofxref.csv"
    path.write_text(
        "Date, USD, JPY, BGN, CZK, DKK, GBP, \n"
        "16 October 2026, 1.0855, 168.85, 1.9558, 24.682, 7.4613, 0.85680, \n",
        encoding="utf-8",
    )
    code, out, err = run(capsys, shop_url, "rates", "import", str(path), "--format", "json")
    assert code == 0
    assert json.loads(out) == {
        "file": "eurofxref.csv",
        "layout": "ecb",
        "added": 1,
        "changed": 0,
        "unchanged": 0,
        "currencies": ["EUR"],
        "from": "2026-10",
        "to": "2026-10",
        "notes": [
            "2026-10: the file ends on 2026-10-16, before the month's last weekday: the rate "
            "is the average of the 1 day(s) published so far; import a later file to "
            "complete it"
        ],
    }
    code, out, _ = run(capsys, shop_url, "rates", "list", "--format", "csv")
    assert list(csv.reader(io.StringIO(out)))[1:] == [["2026-10", "EUR", "1.0855", "USD"]]

    code, out, err = run(capsys, shop_url, "rates", "import", str(path), "--currency", "GBP")
    assert code == 0
    assert re.search(r"^added\s+1$", out, re.MULTILINE)
    assert err.startswith("warning: 2026-10: the file ends on 2026-10-16")

    bad = tmp_path / "rates.csv"
    bad.write_text("month,currency,rate\n2026-11,EUR,1.08\n2026-11,EUR,1.09\n", encoding="utf-8")
    code, out, err = run(capsys, shop_url, "rates", "import", str(bad))
    assert (code, out) == (2, "")
    assert err == (
        "payout-desk: error: rates.csv, row 3, column A (month): EUR 2026-11 also appears on "
        "row 2\n"
    )
