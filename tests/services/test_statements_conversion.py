"""A line converted from another currency shows the order's own amount and the rate under its
amount on the PDF statement; lines in the run's currency print exactly as before."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date
from decimal import Decimal as D

from pypdf import PdfReader

from desktop_app.services import payouts, rates
from desktop_app.services.statements.build import build_statement
from desktop_app.services.statements.formatting import Formatter
from desktop_app.services.statements.layout import ROW_HEIGHT
from desktop_app.services.statements.render import detail_rows, render_statement
from desktop_app.services.statements.rows import DETAIL_HEIGHT
from desktop_app.store.database import Store
from tests.payout_fixture import make_run, make_shop


def test_a_converted_line_prints_its_original_amount_and_rate(store: Store) -> None:
    shop = make_shop(store, holding_days=0, minimum="0.00")
    shop.order(shop.alpha, date(2026, 10, 2), "120.00", "EUR", external_id="EU-1")
    shop.order(shop.alpha, date(2026, 10, 3), "500.00", external_id="US-1")
    with store.write_transaction() as session:
        rates.set_rate(session, "EUR", "2026-10", "1.0825")
    run_id = make_run(store, date(2026, 10, 1), date(2026, 10, 31))
    payouts.lock_run(store, run_id)
    with store.transaction() as session:
        statement = build_statement(session, run_id, shop.alpha)
    eu, us = sorted(statement.lines, key=lambda line: line.reference)
    assert (eu.reference, eu.amount, eu.original_currency, eu.exchange_rate) == (
        "EU-1",
        D("129.90"),
        "EUR",
        D("1.0825"),
    )
    assert not us.converted

    text = PdfReader(io.BytesIO(render_statement(statement))).pages[0].extract_text()
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("EU-1 "))
    assert "129.90" in lines[at]
    # in the small row under the line (the PDF's text puts it just before the line)
    assert "EUR 120.00 @ 1.0825" in (lines[at - 1].strip(), lines[at + 1].strip())
    assert "@" not in next(line for line in lines if line.startswith("US-1 "))

    rows = {row.cells[0]: row for row in detail_rows(statement, Formatter("en_US", "USD"))}
    assert (rows["EU-1"].detail, rows["EU-1"].height) == (
        "EUR 120.00 @ 1.0825",
        ROW_HEIGHT + DETAIL_HEIGHT,
    )
    assert (rows["US-1"].detail, rows["US-1"].height) == ("", ROW_HEIGHT)

    german = replace(statement, partner=replace(statement.partner, locale="de_DE"))
    german_rows = detail_rows(german, Formatter("de_DE", "USD"))
    assert "EUR 120,00 @ 1,0825" in [row.detail for row in german_rows]


def test_the_conversion_note_in_other_currencies() -> None:
    assert Formatter("en_US", "USD").conversion(D("15000"), "JPY", D("0.0067")) == (
        "JPY 15,000 @ 0.0067"
    )
    assert Formatter("fr_FR", "EUR").conversion(D("1234.5"), "USD", D("0.92")) == (
        "USD 1\u202f234,50 @ 0,92"
    )
