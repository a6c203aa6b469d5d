"""Statement PDFs read back with pypdf: amounts, lines, pages, headers, fonts, reproducibility."""

from __future__ import annotations

import io
import math
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from pypdf import PdfReader

from desktop_app.services.statements.document import (
    MerchantHeader,
    PartnerBlock,
    StatementDocument,
    StatementLine,
    StatementSummary,
    mask_account,
    statement_number,
)
from desktop_app.services.statements.layout import CHUNK_ROWS, rows_per_continuation_page
from desktop_app.services.statements.render import (
    detail_tables,
    render_statement,
    render_statements,
)

HEADER = re.compile(r"Order\s+Date\s+Amount\s+Tier\s+Rate\s+Commission\s+Status")
# one printed detail row: order id, date, amount, tier, rate, commission, status
ROW = re.compile(
    r"^(ORD-\d{6}) (\d{1,2}/\d{1,2}/\d{4}) ([\d,]+\.\d\d) (.+?) ([\d.]+ %) ([\d,]+\.\d\d) (.+)$"
)


def make_line(i: int, *, status: str = "payable", reason: str = "") -> StatementLine:
    amount = Decimal(15 + (i * 37) % 400) + Decimal("0.99")
    rate = Decimal("7.5") if amount >= 200 else Decimal(5)
    return StatementLine(
        reference=f"ORD-{i:06d}",
        line_date=date(2026, 10, 1) + timedelta(days=i % 31),
        amount=amount,
        tier="200 and over" if amount >= 200 else "under 200",
        rate=rate,
        commission=(amount * rate / 100).quantize(Decimal("0.01")),
        status=status,
        reason=reason,
    )


def make_statement(
    lines: int = 12,
    *,
    partner: str = "Zoë Łukasiewicz",
    locale: str = "en_US",
    page_size: str = "A4",
    currency: str = "USD",
    partner_id: int = 7,
    code: str = "ZOE10",
) -> StatementDocument:
    detail = tuple(make_line(i) for i in range(lines))
    commissions = sum((line.commission for line in detail), Decimal(0))
    summary = StatementSummary(
        carried_in=Decimal("12.40"),
        commissions=commissions,
        bonuses=Decimal("25.00"),
        clawbacks=Decimal("-3.10"),
        adjustments=Decimal("1.00"),
        withheld=Decimal("-4.00"),
        payable=commissions + Decimal("12.40") + Decimal("25.00") - Decimal("3.10") + 1 - 4,
    )
    start = date(2026, 10, 1)
    return StatementDocument(
        merchant=MerchantHeader(
            name="Nordlicht Trading",
            address="Hafenstraße 12\n20457 Hamburg",
            tax_id="DE123456789",
            email="partners@nordlicht.example",
            footer="Questions about this statement? partners@nordlicht.example",
            page_size=page_size,
            locale=locale,
        ),
        partner=PartnerBlock(
            name=partner,
            codes=(code,),
            email="zoe@example.com",
            payout_method="Bank transfer",
            payout_account=mask_account("DE89 3704 0044 0532 0130 00"),
        ),
        number=statement_number(3, partner_id, start),
        period_start=start,
        period_end=date(2026, 10, 31),
        issued_on=date(2026, 11, 5),
        currency=currency,
        summary=summary,
        lines=detail,
        run_id=3,
        partner_id=partner_id,
    )


def pages_text(data: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


def us_amount(text: str) -> Decimal:
    return Decimal(text.replace(",", "").replace("$", "").replace("−", "-"))


def test_payable_amount_and_every_line_appear() -> None:
    statement = make_statement(40)
    text = "\n".join(pages_text(render_statement(statement)))
    assert "Amount payable" in text
    assert f"${statement.summary.payable:,}" in text
    for line in statement.lines:
        assert line.reference in text
    assert "PD-202610-0003-00007" in text
    assert "DE123456789" in text
    assert "•••• 3000" in text  # the account is masked on paper
    assert "ZOE10" in text


def test_thousand_lines_paginate_with_header_and_page_numbers_everywhere() -> None:
    statement = make_statement(1000)
    pages = pages_text(render_statement(statement))
    per_page = [sum(1 for row in page.splitlines() if ROW.match(row)) for page in pages]
    capacity = rows_per_continuation_page("A4")
    assert sum(per_page) == 1000
    expected = 1 + math.ceil((1000 - per_page[0]) / capacity)
    assert len(pages) == expected
    assert all(count == capacity for count in per_page[1:-1])
    for number, page in enumerate(pages, start=1):
        assert HEADER.search(page), f"page {number} lacks the column header"
        assert f"Page {number} of {expected}" in page
    assert "Total of lines" in pages[-1]


def test_long_tables_are_split_into_chunks() -> None:
    statement = make_statement(1234)
    from desktop_app.services.statements.formatting import Formatter

    tables = detail_tables(statement, Formatter("en_US", "USD"))
    assert len(tables) == 3
    assert [len(table.rows) for table in tables] == [CHUNK_ROWS + 1, CHUNK_ROWS, 234 + 1]


def test_printed_lines_sum_to_printed_total() -> None:
    statement = make_statement(300)
    text = "\n".join(pages_text(render_statement(statement)))
    matches = [ROW.match(row) for row in text.splitlines()]
    printed = [us_amount(match.group(6)) for match in matches if match]
    assert len(printed) == 300
    total_text = re.search(r"^Total of lines ([\d,]+\.\d\d)$", text, re.MULTILINE)
    assert total_text is not None
    total = us_amount(total_text.group(1))
    assert sum(printed, Decimal(0)) == total == statement.lines_total


@pytest.mark.parametrize("name", ["Zoë Łukasiewicz", "Дмитрий Иванович", "Ελένη Παπαδοπούλου"])
def test_non_latin_names_round_trip(name: str) -> None:
    data = render_statement(make_statement(3, partner=name))
    assert name in pages_text(data)[0]
    fonts = PdfReader(io.BytesIO(data)).pages[0]["/Resources"]["/Font"]
    base_fonts = {str(font.get_object()["/BaseFont"]) for font in fonts.values()}
    assert any("DejaVuSans" in font for font in base_fonts)


def test_two_renders_are_byte_identical() -> None:
    assert render_statement(make_statement(600)) == render_statement(make_statement(600))


def test_page_size_and_locale_come_from_the_merchant() -> None:
    letter = PdfReader(io.BytesIO(render_statement(make_statement(3, page_size="Letter"))))
    assert [round(float(v)) for v in letter.pages[0].mediabox[2:]] == [612, 792]
    a4 = PdfReader(io.BytesIO(render_statement(make_statement(3, page_size="A4"))))
    assert [round(float(v)) for v in a4.pages[0].mediabox[2:]] == [595, 842]
    german = pages_text(render_statement(make_statement(3, locale="de_DE", currency="EUR")))[0]
    assert "1. Oktober 2026" in german
    assert "12,40 €" in german
    assert "−3,10 €" in german


def test_non_payable_lines_say_why() -> None:
    statement = make_statement(2)
    held = make_line(5, status="held", reason="held until 2026-11-30 (30-day holding period)")
    doc = StatementDocument(**{**statement.__dict__, "lines": (*statement.lines, held)})
    text = " ".join(pages_text(render_statement(doc))[0].split())
    # one line in the Status column; the holding period once under the table
    assert "held until 11/30/2026" in text
    assert "Why some lines are not paid yet • Held: commission on an order becomes payable " in text
    assert "30 days after the order date (holding period)" in text


def test_combined_document_numbers_pages_per_statement() -> None:
    small = make_statement(3, partner="Anna", partner_id=1)
    large = make_statement(120, partner="Дмитрий", partner_id=2)
    started: list[int] = []
    pages = pages_text(render_statements([small, large, small], on_statement=started.append))
    assert started == [0, 1, 2]
    assert "Payout run summary" in pages[0] and "Page 1 of 1" in pages[0]  # numbered alone
    pages = pages[1:]
    assert "Page 1 of 1" in pages[0]
    large_pages = len(pages) - 2
    assert large_pages >= 2
    for n in range(1, large_pages + 1):
        assert f"Page {n} of {large_pages}" in pages[n]
        assert "Дмитрий" in pages[n]
    assert "Page 1 of 1" in pages[-1] and "Anna" in pages[-1]


def test_summary_rows_add_up_and_empty_statement_renders() -> None:
    statement = make_statement(0)
    assert statement.summary.adds_up()
    text = pages_text(render_statement(statement))[0]
    assert "No commission lines in this period." in text


def test_file_names_and_masking() -> None:
    statement = make_statement(1, code="zoe/10 blog")
    assert statement.file_name == "2026-10_zoe-10-blog.pdf"
    assert mask_account("zoe.lukas@example.com") == "zo•••@example.com"
    assert mask_account("1234") == "1234"
    assert mask_account("") == ""


@pytest.mark.parametrize(
    ("locale", "currency", "value", "expected"),
    [
        ("en_US", "USD", "1234567.5", "1,234,567.50"),
        ("de_DE", "EUR", "-1234.5", "−1.234,50"),
        ("ru_RU", "RUB", "1234.5", "1\xa0234,50"),
        ("en_IN", "INR", "1234567.5", "12,34,567.50"),  # not grouped by three: Babel's own
        ("ja_JP", "JPY", "1234.4", "1,234"),  # no minor unit, rounded half-up
    ],
)
def test_table_amounts_follow_the_locale(
    locale: str, currency: str, value: str, expected: str
) -> None:
    from desktop_app.services.statements.formatting import Formatter

    assert Formatter(locale, currency).amount(Decimal(value)) == expected


def test_a_long_address_is_cut_and_a_header_is_never_left_alone() -> None:
    from desktop_app.services.statements.layout import HEADER_ROW_HEIGHT, ROW_HEIGHT
    from desktop_app.services.statements.rows import HEADER

    statement = make_statement(80)
    address = "\n".join(f"Building {i}, Long Road" for i in range(60))
    merchant = MerchantHeader(**{**statement.merchant.__dict__, "address": address})
    doc = StatementDocument(**{**statement.__dict__, "merchant": merchant})
    pages = pages_text(render_statement(doc))
    assert "Building 7, Long Road" in pages[0] and "Building 30," not in pages[0]
    assert sum(sum(1 for row in page.splitlines() if ROW.match(row)) for page in pages) == 80

    from desktop_app.services.statements.formatting import Formatter

    rows = detail_tables(statement, Formatter("en_US", "USD"))[0]
    assert rows.rows[0].kind == HEADER
    parts = rows.split(rows.width, HEADER_ROW_HEIGHT + ROW_HEIGHT / 2)
    assert len(parts) == 1 and parts[0].rows[0].kind != HEADER  # moves on without its header
    first, rest = rows.split(rows.width, HEADER_ROW_HEIGHT + 3 * ROW_HEIGHT)
    assert len(first.rows) == 4 and len(rest.rows) == len(rows.rows) - 4


def test_the_total_row_never_starts_a_page_alone() -> None:
    from desktop_app.services.statements.formatting import Formatter
    from desktop_app.services.statements.rows import TOTAL

    rows = detail_tables(make_statement(10), Formatter("en_US", "USD"))[0]
    assert rows.rows[-1].kind == TOTAL
    all_but_total = rows.height - rows.rows[-1].height
    first, rest = rows.split(rows.width, all_but_total)
    assert [row.kind for row in rest.rows][-1] == TOTAL and len(rest.rows) == 2
    assert rest.rows[0].cells[0] == "ORD-000009"  # the last line goes on with it
    assert len(first.rows) + len(rest.rows) == len(rows.rows)
    # offered the space left after `first`, the last line and the total move on together
    assert rest.split(rest.width, rest.rows[0].height + 1) == []


def _with_a_marginal_line(statement: StatementDocument) -> StatementDocument:
    marginal = StatementLine(
        reference="ORD-900001",
        line_date=date(2026, 10, 9),
        amount=Decimal("164.30"),
        tier="3000.00 and over (marginal)",
        rate=Decimal(10),
        commission=Decimal("13.51"),  # a share of the period's marginal total, not 10 %
        status="payable",
    )
    return StatementDocument(**{**statement.__dict__, "lines": (*statement.lines, marginal)})


def test_marginal_tiers_are_starred_and_explained_above_the_lines() -> None:
    doc = _with_a_marginal_line(make_statement(2))
    text = " ".join(pages_text(render_statement(doc))[0].split())
    assert "3000.00 and over * 8.22 % 13.51" in text  # the rate it earned: 13.51 ÷ 164.30
    assert "(marginal)" not in text
    assert "Tiers marked * are marginal: each slice of the order amount" in text
    german = _with_a_marginal_line(make_statement(2, locale="de_DE", currency="EUR"))
    text = " ".join(pages_text(render_statement(german))[0].split())
    assert "164,30 ab 3.000,00 * 8,22 % 13,51" in text
    assert "Mit * markierte Stufen sind gestaffelt: Jeder Teil des Bestellbetrags" in text


def test_statements_without_marginal_tiers_have_no_note() -> None:
    text = " ".join(pages_text(render_statement(make_statement(5)))[0].split())
    assert "marginal" not in text and " * " not in text
