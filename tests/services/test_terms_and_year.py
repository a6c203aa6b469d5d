"""The partner terms sheet and the year-end summary, from a real store, read back from the files.

Alpha Blog has its own plan "Stepped": marginal on the order amount, 5 % below 100.00, 8 % from
100.00 to 500.00, 10 % from 500.00 (2.00 fixed per order in the top tier); a bonus of 50.00 at
1,000.00 of sales. The worked examples are the middle of each closed tier and half as much again
as the start of the open one: 50.00 → 2.50; 300.00 → 5.00 + 16.00 = 21.00;
750.00 → 5.00 + 32.00 + 25.00 + 2.00 = 64.00.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from desktop_app.cli import main
from desktop_app.domain.commissions.plans import BonusRule
from desktop_app.errors import ValidationError
from desktop_app.services import partners, payouts, plans
from desktop_app.services.terms import build_terms, render_terms, write_terms
from desktop_app.services.terms_catalogs import CATALOGS, SOURCE
from desktop_app.services.year_report import write_annual_statement, write_year_report
from desktop_app.store.database import Store
from tests.payout_fixture import Shop, make_shop

D = Decimal


def pdf_text(data: bytes) -> str:
    return " ".join(
        " ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(data)).pages
    )


@pytest.fixture
def shop(store: Store) -> Shop:
    shop = make_shop(store, holding_days=0, minimum="0.00")
    with store.transaction() as session:
        plan_id = plans.create_plan(session, "Stepped")
        tiers = [(D(0), D(5), D(0)), (D(100), D(8), D(0)), (D(500), D(10), D(2))]
        rule = plans.make_rule("order_amount", "marginal", tiers)
        plans.add_version(session, plan_id, date(2026, 1, 1), [rule])
        plans.assign_to_partner(session, shop.alpha, plan_id)
        plans.save_bonus_rule(session, BonusRule(0, "Big month", "sales", D(1000), fixed=D(50)))
        partners.update_partner(
            session,
            shop.alpha,
            partners.get_partner(session, shop.alpha).as_input(
                email="alpha@example.com", tax_id="US-12-3456789", country="US"
            ),
        )
    return shop


def test_terms_sheet_states_the_plan_with_tiers_and_worked_examples(
    shop: Shop, tmp_path: Path
) -> None:
    path = write_terms(shop.store, "ALPHA", tmp_path / "alpha.pdf", date(2026, 10, 15))
    text = pdf_text(path.read_bytes())
    for said in (
        "Partner terms",
        "Terms in force on October 15, 2026",
        "Commission plan: Stepped (version 1, in force since January 1, 2026)",
        "Tiers by the amount of each order. Marginal: each slice earns the rate of its own tier",
        "From Below Rate Fixed per order",
        "0.00 100.00 5 %",
        "100.00 500.00 8 %",
        "500.00 and over 10 % 2.00",
        "An order of $50.00: 5 % of 50.00 = $2.50.",
        "An order of $300.00: 5 % of 100.00 + 8 % of 200.00 = $21.00.",
        "An order of $750.00: 5 % of 100.00 + 8 % of 400.00 + 10 % of 250.00 + 2.00 per order "
        "= $64.00.",
        "Big month: when your sales in a period reach $1,000.00, you get $50.00.",
        "No holding period",
        "Minimum payout: $0.00.",
        "Payment: Bank transfer to",
        "Payout details are still missing",
        "A refund after payment is deducted from your next settlement.",
        "flagged as fraud is withheld",
    ):
        assert said in text, said
    # the same inputs give the same bytes
    assert write_terms(shop.store, "ALPHA", tmp_path / "again.pdf", date(2026, 10, 15))
    assert (tmp_path / "again.pdf").read_bytes() == path.read_bytes()


def test_terms_sheet_in_the_partners_language(shop: Shop) -> None:
    with shop.store.transaction() as session:
        alpha = partners.get_partner(session, shop.alpha)
        partners.update_partner(session, alpha.id, alpha.as_input(statement_locale="de_DE"))
        alpha = partners.get_partner(session, shop.alpha)
        sheet = build_terms(session, alpha, date(2026, 10, 15))
    text = pdf_text(render_terms(sheet))
    for said in (
        "Partnerbedingungen",
        "Bedingungen gültig am 15. Oktober 2026",
        "Provisionsplan: Stepped (Version 1, gültig seit 1. Januar 2026)",
        "Ab Unter Satz Fest je Bestellung",
        "500,00 und mehr 10 % 2,00",
        "Rechenbeispiele",
        "Eine Bestellung über 750,00 $: 5 % von 100,00 + 8 % von 400,00 + 10 % von 250,00 + "
        "2,00 je Bestellung = 64,00 $.",
        "Keine Haltefrist",
        "Seite 1 von 1",
    ):
        assert said in text, said


def test_a_partner_without_a_plan_is_told_so(shop: Shop) -> None:
    with shop.store.transaction() as session:
        beta = partners.get_partner(session, shop.beta)
        sheet = build_terms(session, beta, date(2019, 1, 1))  # before any plan version
    assert "No commission plan covers you on January 1, 2019" in sheet.plan
    assert sheet.rules == ()


def test_every_terms_text_is_translated() -> None:
    for language, catalog in CATALOGS.items():
        missing = [text for text in SOURCE if text not in catalog]
        assert not missing, (language, missing)


def _pay(shop: Shop, start: date, end: date, paid_on: date) -> int:
    run_id = payouts.create_run(shop.store, start, end, end).value
    payouts.lock_run(shop.store, run_id)
    payouts.mark_paid(shop.store, run_id, paid_on, f"B-{run_id}")
    return run_id


def test_year_report_sums_the_paid_runs_and_flags_1099(shop: Shop, tmp_path: Path) -> None:
    shop.order(shop.alpha, date(2026, 9, 5), "750.00")  # 64.00
    shop.order(shop.beta, date(2026, 9, 6), "300.00")  # flat 10 %: 30.00
    _pay(shop, date(2026, 9, 1), date(2026, 9, 30), date(2026, 10, 5))
    big = shop.order(shop.alpha, date(2026, 10, 3), "6000.00")  # 5 + 32 + 550 + 2 = 589.00
    shop.order(shop.alpha, date(2026, 10, 4), "100.00")  # 5.00 (+ bonus 50.00 at 1000.00)
    _pay(shop, date(2026, 10, 1), date(2026, 10, 31), date(2026, 11, 5))
    shop.refund(big, date(2026, 11, 10), "600.00")  # after payment: clawed back in November
    shop.order(shop.beta, date(2026, 11, 2), "200.00")
    draft = payouts.create_run(
        shop.store, date(2026, 11, 1), date(2026, 11, 30), date(2026, 11, 30)
    ).value
    payouts.lock_run(shop.store, draft)  # locked, not paid: not in the year's figures

    summary = write_year_report(shop.store, 2026, tmp_path / "year.csv")
    rows = list(csv.reader((tmp_path / "year.csv").read_text("utf-8-sig").splitlines()))
    head = rows[0]
    by_name = {row[0]: dict(zip(head, row, strict=True)) for row in rows[1:]}
    alpha = by_name["Alpha Blog"]
    assert alpha["Codes"] == "ALPHA" and alpha["Tax id"] == "US-12-3456789"
    assert alpha["Country"] == "US" and alpha["Payout method"] == "Bank transfer"
    assert alpha["Paid Oct 2026 (USD)"] == "64.00"
    assert alpha["Paid Nov 2026 (USD)"] == "644.00"  # 589.00 + 5.00 + 50.00 bonus
    assert alpha["Total paid (USD)"] == "708.00"
    assert alpha["1099-NEC (paid 600 USD or more)"] == "yes"
    beta = by_name["Beta Deals"]
    assert (beta["Total paid (USD)"], beta["1099-NEC (paid 600 USD or more)"]) == ("30.00", "no")
    total = by_name["Total"]
    assert total["Total paid (USD)"] == "738.00" == f"{summary.runs_paid}"
    assert total["1099-NEC (paid 600 USD or more)"] == "1"
    for row in rows[1:]:  # each partner's months add up to the total
        months = [D(row[i]) for i in range(5, 17)]
        assert sum(months, D(0)) == D(row[17])

    write_year_report(shop.store, 2026, tmp_path / "year.xlsx")
    sheet = load_workbook(tmp_path / "year.xlsx").active
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert values[0] == head
    assert all(isinstance(v, int | float) for v in values[1][5:19])
    assert sum(D(str(r[17])) for r in values[1:-1]) == D("738.00")
    with pytest.raises(ValidationError, match=r"\.csv or \.xlsx"):
        write_year_report(shop.store, 2026, tmp_path / "year.pdf")


def test_annual_statement_in_english_and_spanish(shop: Shop, tmp_path: Path) -> None:
    shop.order(shop.alpha, date(2026, 9, 5), "750.00")
    _pay(shop, date(2026, 9, 1), date(2026, 9, 30), date(2026, 10, 5))
    shop.order(shop.alpha, date(2026, 10, 4), "100.00")
    _pay(shop, date(2026, 10, 1), date(2026, 10, 31), date(2026, 11, 5))
    path = write_annual_statement(shop.store, 2026, "ALPHA", tmp_path)
    assert path.name == "2026_ALPHA_annual.pdf"
    text = pdf_text(path.read_bytes())
    assert "Annual statement 2026" in text and "Alpha Blog · ALPHA" in text
    assert "Run Period Paid on Reference Commission Bonus Clawbacks Adjustments Paid" in text
    assert "1 9/1/2026 – 9/30/2026 10/5/2026 B-1 64.00 0.00 0.00 0.00 64.00" in text
    assert "2 10/1/2026 – 10/31/2026 11/5/2026 B-2 5.00 0.00 0.00 0.00 5.00" in text
    assert "Total 2026 69.00 0.00 0.00 0.00 69.00" in text
    with shop.store.transaction() as session:
        alpha = partners.get_partner(session, shop.alpha)
        partners.update_partner(session, alpha.id, alpha.as_input(statement_locale="es_ES"))
    text = pdf_text(write_annual_statement(shop.store, 2026, "ALPHA", tmp_path).read_bytes())
    assert "Resumen anual 2026" in text
    assert "Liquidación Periodo Pagado el Referencia Comisión Bonificación" in text
    assert "Total 2026 69,00 0,00 0,00 0,00 69,00" in text
    assert "Página 1 de 1" in text


def test_cli_terms_report_and_annual_statement(
    shop: Shop, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shop.order(shop.alpha, date(2026, 9, 5), "7500.00")
    _pay(shop, date(2026, 9, 1), date(2026, 9, 30), date(2026, 10, 5))
    db = ["--database", db_url]
    assert (
        main(["terms", "ALPHA", "--out", str(tmp_path / "t.pdf"), "--on", "2026-10-01", *db]) == 0
    )
    assert "Partner terms" in pdf_text((tmp_path / "t.pdf").read_bytes())
    assert main(["terms", "NOBODY", "--out", str(tmp_path / "n.pdf"), *db]) == 2
    capsys.readouterr()
    assert main(["report", "year", "2026", "--out", str(tmp_path / "y.csv"), *db]) == 0
    captured = capsys.readouterr()
    assert "1 partner(s) paid" in captured.out
    assert "1 partner(s) paid 600 USD or more (1099-NEC):\n  Alpha Blog (ALPHA):" in captured.err
    argv = ["statements", "--year", "2026", "--partner", "ALPHA", "--out", str(tmp_path / "a")]
    assert main([*argv, *db]) == 0
    assert (tmp_path / "a" / "2026_ALPHA_annual.pdf").exists()
    assert main(["statements", "--year", "2026", "--out", str(tmp_path / "a"), *db]) == 2
