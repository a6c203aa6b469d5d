"""A merchant's own first month, end to end with the commands of the README's "Your first month"
(issue 17): a new store, the shop's own export (organic orders, pending ones, a refunded one,
EUR orders, two partner codes the import creates), the ECB's rates, a run, its lock, statements
and payment; then November with late refunds and the pending orders confirmed.

The expected money is worked out here from the files themselves, independently of the engine:
the ECB month's mean cross rate, each order's net amount, the plans of
resources/sample_data/plans_example.toml (Standard: 5 % under 50.00, 7 % + 2.00 from 50.00,
10 % + 2.00 from 200.00 on each order; Volume ladder for coupon sites: 4 % of the first 1,000.00
of the month, 6 % of the next 4,000.00, 8.5 % above, on the month's total).
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from pypdf import PdfReader

from desktop_app.cli import main

DATA = Path(__file__).resolve().parents[1] / "resources" / "sample_data"
MONTH = DATA / "first_month"
CENT = Decimal("0.01")
PARTNERS = {  # added by hand before the first import
    "TECHGURU": "Tech blog",
    "OFERTAS": "Coupon site",
    "MOMLIFE": "Lifestyle media",
    "DEALHUB": "Coupon site",
}
NEW_CODES = ("SNAPDEALS", "travelwithkai")  # met by the import for the first time


def cli(capsys: pytest.CaptureFixture[str], store: Path, *argv: str) -> tuple[str, str]:
    code = main([*argv, "--database", str(store)])
    captured = capsys.readouterr()
    assert code == 0, (argv, captured.err)
    return captured.out, captured.err


def jcli(capsys: pytest.CaptureFixture[str], store: Path, *argv: str) -> Any:
    return json.loads(cli(capsys, store, *argv, "--format", "json")[0])


# -- the oracle: money worked out from the files -------------------------------------------------


def ecb_month_rate(month: str) -> Decimal:
    """USD per EUR for a month: the mean of the ECB's daily rates, 6 significant digits."""
    with (MONTH / "eurofxref-hist.csv").open(encoding="utf-8") as handle:
        days = [Decimal(r["USD"]) for r in csv.DictReader(handle) if r["Date"].startswith(month)]
    mean = sum(days, Decimal(0)) / len(days)
    return mean.quantize(Decimal(1).scaleb(mean.adjusted() - 5), rounding=ROUND_HALF_UP)


def export_rows(name: str) -> list[dict[str, str]]:
    sheet = openpyxl.load_workbook(MONTH / name, read_only=True).active
    assert sheet is not None
    rows = [
        [str(c) if c is not None else "" for c in row] for row in sheet.iter_rows(values_only=True)
    ]
    header = rows[2]  # below two title lines
    return [dict(zip(header, row, strict=True)) for row in rows[3:]]


def in_usd(row: dict[str, str], rates: dict[str, Decimal]) -> Decimal:
    amount = Decimal(row["Order Total"])
    if row["Currency"] == "EUR":
        return (amount * rates[row["Created at"][:7]]).quantize(CENT, rounding=ROUND_HALF_UP)
    return amount


def standard(net: Decimal) -> Decimal:
    rate, fixed = (Decimal(5), Decimal(0)) if net < 50 else (Decimal(7), Decimal(2))
    if net >= 200:
        rate = Decimal(10)
    return (net * rate / 100 + fixed).quantize(CENT, rounding=ROUND_HALF_UP)


def volume_ladder(total: Decimal) -> Decimal:
    first = min(total, Decimal(1000))
    second = min(max(total - 1000, Decimal(0)), Decimal(4000))
    rest = max(total - 5000, Decimal(0))
    value = first * 4 / 100 + second * 6 / 100 + rest * Decimal("8.5") / 100
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def october_commission(rates: dict[str, Decimal]) -> dict[str, Decimal]:
    """Each partner's October commission: confirmed referred orders only."""
    by_partner: dict[str, list[Decimal]] = defaultdict(list)
    for row in export_rows("shop-orders-2026-10.xlsx"):
        if row["Coupon Code"] and row["Order Status"] == "Completed":
            by_partner[row["Coupon Code"]].append(in_usd(row, rates))
    found = {}
    for code, nets in by_partner.items():
        if PARTNERS.get(code) == "Coupon site":
            found[code] = volume_ladder(sum(nets, Decimal(0)))
        else:  # Standard: by type, or the merchant's default plan
            found[code] = sum((standard(n) for n in nets), Decimal(0))
    return found


# -- the walk-through ----------------------------------------------------------------------------


def test_a_merchants_own_first_month_from_the_export_to_a_paid_run(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    store = tmp_path / "shop.sqlite"
    assert main(["init", str(store)]) == 0
    capsys.readouterr()
    cli(
        capsys, store, "merchant", "set", "--name", "Lumen & Oak", "--currency", "USD",
        "--holding-days", "30", "--minimum-payout", "50.00", "--default-type", "Blog",
    )  # fmt: skip
    cli(capsys, store, "plans", "import", str(DATA / "plans_example.toml"))
    for code, kind in PARTNERS.items():
        cli(capsys, store, "partners", "add", "--name", f"{code.title()} Media", "--code", code,
            "--type", kind, "--payout-method", "paypal",
            "--payout-details", f"pay@{code.lower()}.example")  # fmt: skip

    # the rates first: the store has no EUR orders yet, so name the currency
    cli(capsys, store, "rates", "import", str(MONTH / "eurofxref-hist.csv"), "--currency", "EUR")
    rates = {r["month"]: Decimal(r["rate"]) for r in jcli(capsys, store, "rates", "list")}
    assert rates == {"2026-10": ecb_month_rate("2026-10"), "2026-11": ecb_month_rate("2026-11")}

    # October's export: organic rows are not referred, new codes become partners of type Blog
    export = export_rows("shop-orders-2026-10.xlsx")
    report = jcli(
        capsys, store, "import", "orders", str(MONTH / "shop-orders-2026-10.xlsx"),
        "--source", "shop", "--create-partners",
    )  # fmt: skip
    referred = [r for r in export if r["Coupon Code"]]
    assert (report["added"], report["not_referred"], report["rejected"]) == (
        len(referred),
        len(export) - len(referred),
        0,
    )
    assert (report["partners_created"], report["new_partner_type"]) == (2, "Blog")
    assert report["warnings"] == []  # the EUR rates are in

    # October's run: partners of type Blog have no plan yet: said before anything is paid
    out, err = cli(capsys, store, "run", "create", "--from", "2026-10-01", "--to", "2026-10-31")
    assert "2 partner(s) with orders in the period earn nothing" in err
    assert all(f"({code})" in err for code in NEW_CODES)
    run1 = _run_id(out)
    cli(capsys, store, "merchant", "set", "--default-plan", "Standard")
    assert jcli(capsys, store, "run", "list")[0]["out_of_date"] is True
    assert main(["run", "lock", run1, "--database", str(store)]) == 2  # stale: refused
    assert "out of date" in capsys.readouterr().err
    cli(capsys, store, "run", "recalc", run1)
    # the partners the import created have no payout details yet: the lock names those it pays
    assert main(["run", "lock", run1, "--database", str(store)]) == 2
    refused = capsys.readouterr().err
    unpaid = [c for c in NEW_CODES if october_commission(rates)[c] >= 50]
    assert unpaid and f"{len(unpaid)} partner(s) it pays have missing" in refused
    assert all(code in refused for code in unpaid)
    for code in NEW_CODES:
        cli(capsys, store, "partners", "update", code, "--payout-method", "paypal",
            "--payout-details", f"{code.lower()}@mail.example")  # fmt: skip

    expected = october_commission(rates)
    shown = jcli(capsys, store, "run", "show", run1)
    assert shown["run"]["cutoff"] == "2026-11-30"  # October + 30 days: nothing held back
    commission = {p["code"]: Decimal(p["commission"]) for p in shown["partners"]}
    assert commission == expected
    payable = {p["code"]: Decimal(p["payable"]) for p in shown["partners"]}
    assert payable == {c: (v if v >= 50 else Decimal("0.00")) for c, v in expected.items()}
    assert Decimal(shown["totals"]["payable"]) == sum(payable.values())
    lines = jcli(capsys, store, "run", "lines", run1)
    pending = [x for x in lines if x["reason"] == "pending: not confirmed by the shop yet"]
    assert len(pending) == sum(1 for r in referred if r["Order Status"] == "Pending")
    refunded = [x for x in lines if x["reason"].startswith("refunded by the shop")]
    assert [x["commission"] for x in refunded] == ["0.00"]
    euro = [x for x in lines if x["original_currency"] == "EUR"]
    assert euro and all(x["exchange_rate"] == str(rates["2026-10"]) for x in euro)

    cli(capsys, store, "run", "lock", run1)
    out, _ = cli(capsys, store, "statements", run1, "--out", str(tmp_path / "statements"))
    for code, value in payable.items():
        text = PdfReader(str(tmp_path / "statements" / f"2026-10_{code}.pdf")).pages[0]
        assert f"{value:,.2f}" in text.extract_text()  # the statement adds up to its payable
    cli(capsys, store, "run", "paid", run1, "--date", "2026-12-02", "--reference", "SEPA-OCT")

    # November: the shop's next export confirms four pending orders and cancels one; refunds
    report = jcli(
        capsys, store, "import", "orders", str(MONTH / "shop-orders-2026-11.xlsx"),
        "--source", "shop", "--create-partners",
    )  # fmt: skip
    assert (report["updated"], report["rejected"]) == (5, 0)
    cli(capsys, store, "import", "refunds", str(MONTH / "refunds-2026-11.csv"), "--source", "shop")
    out, _ = cli(capsys, store, "run", "create", "--from", "2026-11-01", "--to", "2026-11-30",
                 "--cutoff", "2026-12-03")  # fmt: skip
    run2 = _run_id(out)
    lines = jcli(capsys, store, "run", "lines", run2)
    by_order = {(x["order"], x["kind"]): x for x in lines}

    confirmed = [r for r in export_rows("shop-orders-2026-11.xlsx") if r["Order ID"] in
                 {p["order"] for p in pending}]  # fmt: skip
    assert sorted(r["Order Status"] for r in confirmed) == ["Cancelled"] + ["Completed"] * 4
    for row in confirmed:
        line = by_order[(row["Order ID"], "commission")]
        if row["Order Status"] == "Cancelled":
            assert (line["commission"], line["reason"]) == (
                "0.00",
                "cancelled by the shop: earns nothing",
            )
        else:  # October's order: 30 days have passed by 3 December, no longer held
            assert line["status"] in ("payable", "carried"), line
            if PARTNERS.get(row["Coupon Code"]) != "Coupon site":
                assert Decimal(line["commission"]) == standard(in_usd(row, rates))

    # refunds after payment: half of one paid order, all of another, clawed back in proportion
    paid = {x["order"]: x for x in jcli(capsys, store, "run", "lines", run1)}
    with (MONTH / "refunds-2026-11.csv").open(encoding="utf-8") as handle:
        refunds = list(csv.DictReader(handle))
    assert len(refunds) == 2
    for refund in refunds:
        line = paid[refund["Order ID"]]
        share = Decimal(refund["Refund Amount"]) / Decimal(line["amount"])
        due = -(Decimal(line["commission"]) * share).quantize(CENT, rounding=ROUND_HALF_UP)
        assert Decimal(by_order[(refund["Order ID"], "clawback")]["commission"]) == due

    cli(capsys, store, "run", "lock", run2)
    # nothing is settled twice: each order has at most one settled commission line
    settled: dict[str, int] = defaultdict(int)
    for run in (run1, run2):
        for x in jcli(capsys, store, "run", "lines", run):
            if x["kind"] == "commission" and x["status"] in ("payable", "withheld"):
                settled[x["order"]] += 1
    assert max(settled.values()) == 1
    assert date.today() >= date(2026, 12, 3)  # the cut-offs above are not in the future


def _run_id(table: str) -> str:
    first = table.splitlines()[0].split()
    assert first[0] == "id", table
    return first[1]
