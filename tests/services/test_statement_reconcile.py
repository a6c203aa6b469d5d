"""Statements a partner can reconcile: how a marginal line was paid (each bracket's rate and
slice), every line's effective rate, a one-line Status column, and a run summary page that opens
the combined file. Checked in the text extracted from real PDFs of real runs.

Plan "Stepped": marginal on the order amount, 5 % up to 100.00, 8 % up to 500.00, 10 % above.
An order of 1234.56 earns 5 % of 100.00 + 8 % of 400.00 + 10 % of 734.56 = 5.00 + 32.00 + 73.456
= 110.46 (half-up), an effective 8.95 %.
"""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from pypdf import PdfReader

from desktop_app.services import payouts, plans
from desktop_app.services.statements.build import build_statements
from desktop_app.services.statements.document import StatementDocument
from desktop_app.services.statements.export import statements_for
from desktop_app.services.statements.render import render_statement, render_statements
from desktop_app.store.database import Store
from tests.payout_fixture import Shop, make_shop
from tests.services.test_statements_render import make_line, make_statement

D = Decimal
OCT1, OCT31 = date(2026, 10, 1), date(2026, 10, 31)
TIERS = [(D(0), D(5), D(0)), (D(100), D(8), D(0)), (D(500), D(10), D(0))]


def text_of(data: bytes) -> list[str]:
    return [" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(data)).pages]


def stepped(store: Store, shop: Shop, basis: str, partner_id: int) -> None:
    with store.transaction() as session:
        plan_id = plans.create_plan(session, f"Stepped {basis}")
        plans.add_version(
            session, plan_id, date(2020, 1, 1), [plans.make_rule(basis, "marginal", TIERS)]
        )
        plans.assign_to_partner(session, partner_id, plan_id)


@pytest.fixture
def shop(store: Store) -> Shop:
    shop = make_shop(store, holding_days=0, minimum="0.00")
    stepped(store, shop, "order_amount", shop.alpha)
    stepped(store, shop, "period_volume", shop.beta)
    shop.order(shop.alpha, date(2026, 10, 3), "1234.56", external_id="A-1")
    shop.order(shop.alpha, date(2026, 10, 4), "80.00", external_id="A-2")
    shop.order(shop.beta, date(2026, 10, 5), "1000.00", external_id="B-1")
    shop.order(shop.beta, date(2026, 10, 6), "534.56", external_id="B-2")
    return shop


def _locked(shop: Shop) -> int:
    run_id = payouts.create_run(shop.store, OCT1, OCT31, OCT31).value
    payouts.lock_run(shop.store, run_id)
    return run_id


def _statement(shop: Shop, run_id: int, partner_id: int, locale: str = "") -> StatementDocument:
    with shop.store.transaction() as session:
        (statement,) = build_statements(session, run_id, [partner_id])
    if locale:
        statement = replace(statement, partner=replace(statement.partner, locale=locale))
    return statement


def test_a_marginal_order_line_shows_its_brackets_and_effective_rate(shop: Shop) -> None:
    run_id = _locked(shop)
    statement = _statement(shop, run_id, shop.alpha)
    (page,) = text_of(render_statement(statement))
    # the line: tier reached (starred), the rate it earned, the commission; its slices below
    assert "A-1 10/3/2026 1,234.56 500.00 and over * 8.95 % 110.46 payable" in page
    assert "5 % of 100.00 + 8 % of 400.00 + 10 % of 734.56" in page
    # a line in the first bracket alone earned its rate: no slices, 5 %
    assert "A-2 10/4/2026 80.00 0.00 – 100.00 * 5 % 4.00 payable" in page
    assert "5 % of 80.00" not in page  # one bracket: nothing to break down
    german = text_of(render_statement(_statement(shop, run_id, shop.alpha, "de_DE")))[0]
    assert "1.234,56 ab 500,00 * 8,95 % 110,46 auszahlbar" in german
    assert "5 % von 100,00 + 8 % von 400,00 + 10 % von 734,56" in german
    assert "die Zeile unter einer solchen Bestellung zeigt die Teile" in german


def test_a_period_volume_marginal_statement_shows_the_period_brackets(shop: Shop) -> None:
    """1534.56 of period sales: 5 % of 100 + 8 % of 400 + 10 % of 1034.56 = 140.46 (9.15 %),
    shared by the two orders by amount."""
    run_id = _locked(shop)
    (page,) = text_of(render_statement(_statement(shop, run_id, shop.beta)))
    assert (
        "Marginal tiers on your sales in the period ($1,534.56): 5 % of 100.00 + 8 % of 400.00 "
        "+ 10 % of 1,034.56 = $140.46, an effective 9.15 %" in page
    )
    assert "B-1 10/5/2026 1,000.00 500.00 and over * 9.15 % 91.53 payable" in page
    assert "B-2 10/6/2026 534.56 500.00 and over * 9.15 % 48.93 payable" in page
    assert D("91.53") + D("48.93") == D("140.46")


def test_the_run_lines_on_screen_say_the_same(shop: Shop, qtbot) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.ui.models.run_lines_model import RunLinesTableModel

    run_id = _locked(shop)
    with shop.store.transaction() as session:
        lines = payouts.run_lines(session, run_id, shop.alpha)
    model = RunLinesTableModel()
    model.set_items(lines, "USD", "en_US")
    headers = [model.headerData(c, _horizontal()) for c in range(model.columnCount())]
    row = {h: model.index(0, c).data() for c, h in enumerate(headers)}
    assert row["Order"] == "A-1"
    assert row["Rate"] == "10 %"  # the tier reached
    assert row["Effective rate"] == "8.95 %"
    assert row["How it was paid"] == "5 % of 100.00 + 8 % of 400.00 + 10 % of 734.56"


def _horizontal():  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    return Qt.Orientation.Horizontal


@pytest.mark.parametrize("page_size", ["A4", "Letter"])
@pytest.mark.parametrize("locale", ["en_US", "de_DE", "fr_FR", "es_ES"])
def test_twenty_five_one_line_orders_fit_on_one_page(page_size: str, locale: str) -> None:
    """Held, carried, withheld or paused: the status never wraps a line onto more rows."""
    reasons = [
        ("held", "held until 2026-11-30 (30-day holding period)"),
        ("withheld", "withheld: order flagged as fraud on 2026-10-12"),
        ("carried", "below the 50.00 minimum, carried over"),
        ("held", "partner paused"),
        ("payable", ""),
    ]
    base = make_statement(0, locale=locale, page_size=page_size, currency="EUR")
    lines = tuple(
        make_line(i, status=reasons[i % 5][0], reason=reasons[i % 5][1]) for i in range(25)
    )
    statement = replace(base, lines=lines)
    pages = text_of(render_statement(statement))
    assert len(pages) == 1, (page_size, locale)
    for line in lines:
        assert line.reference in pages[0]


def test_the_combined_file_opens_with_a_run_summary_that_adds_up(shop: Shop) -> None:
    from desktop_app.services.payouts import run_summary

    run_id = _locked(shop)
    statements = statements_for(shop.store, run_id)
    data = render_statements(statements)
    first = text_of(data)[0]
    assert first.startswith("Payout test shop Payout run summary Run 1 · period 2026-10 ·")
    assert "2 partners · amounts in USD" in first
    with shop.store.transaction() as session:
        totals = run_summary(session, run_id).totals
    # Sales, Commission, Bonus, Refunds, Adjust., Withheld, Held, Carried in, Carried out, Payable
    expected = [totals.sales, totals.commission, totals.bonus, totals.clawback, totals.adjustments]
    expected += [-totals.withheld, -totals.held, totals.carried_in, -totals.carried_out]
    expected += [totals.payable]
    total_row = " ".join(f"{v:,.2f}" for v in expected)
    assert f"Total {total_row}" in first
    assert f"{totals.payable:,.2f}" == "254.92"  # 110.46 + 4.00 + 140.46
    assert render_statements(statements_for(shop.store, run_id)) == data  # byte-identical
