"""How long statement export takes compared with a bare reportlab document of the same size.

Run: `.venv/bin/python -m benchmarks.bench_statements [statements]` (default 500).

1. A mixed run: 90 % one-page partners and 10 % twenty-page partners. Payout Desk's statements
   (header, summary, locale formatting, embedded TTF, page N of M) rendered in one process are
   compared with a bare reportlab loop writing, per statement, one plain Table with the same
   rows, row height and page size (Helvetica, header repeated, nothing else): the ratio is the
   cost of everything a statement adds (target <= 1.5).
2. The same run exported with the process pool over all cores (what the app and CLI do).
3. 500 two-page statements with the pool vs. the bare single-process loop (target <= 7 s).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.platypus import SimpleDocTemplate, Table

from desktop_app.services.statements.document import (
    MerchantHeader,
    PartnerBlock,
    StatementDocument,
    StatementLine,
    StatementSummary,
    mask_account,
    statement_number,
)
from desktop_app.services.statements.export import write_statements
from desktop_app.services.statements.layout import (
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    ROW_HEIGHT,
    column_widths,
    rows_per_continuation_page,
)

ONE_PAGE_LINES = 25
START = date(2026, 10, 1)


def lines_for_pages(pages: int) -> int:
    return ONE_PAGE_LINES + (pages - 1) * rows_per_continuation_page("A4")


def statement(index: int, lines: int) -> StatementDocument:
    detail = []
    for i in range(lines):
        amount = Decimal(15 + (i * 37 + index) % 400) + Decimal("0.99")
        rate = Decimal("7.5") if amount >= 200 else Decimal(5)
        status, reason = "payable", ""
        if i % 9 == 4:
            status, reason = "held", "held until 2026-11-30 (30-day holding period)"
        detail.append(
            StatementLine(
                reference=f"81{index:05d}{i:07d}",
                line_date=START + timedelta(days=i % 31),
                amount=amount,
                tier="200 and over" if amount >= 200 else "under 200",
                rate=rate,
                commission=(amount * rate / 100).quantize(Decimal("0.01")),
                status=status,
                reason=reason,
            )
        )
    total = sum((line.commission for line in detail), Decimal(0))
    return StatementDocument(
        merchant=MerchantHeader(
            name="Nordlicht Trading GmbH",
            address="Hafenstraße 12\n20457 Hamburg\nGermany",
            tax_id="DE123456789",
            footer="Questions about this statement? partners@nordlicht.example",
            locale="de_DE",
        ),
        partner=PartnerBlock(
            name=f"Partner Łukasz Дмитрий {index}",
            codes=(f"P{index:04d}",),
            email=f"p{index}@example.com",
            payout_method="Bank transfer",
            payout_account=mask_account("DE89370400440532013000"),
        ),
        number=statement_number(1, index, START),
        period_start=START,
        period_end=date(2026, 10, 31),
        issued_on=date(2026, 11, 5),
        currency="EUR",
        summary=StatementSummary(commissions=total, payable=total),
        lines=tuple(detail),
        run_id=1,
        partner_id=index,
    )


def bare_loop(statements: Sequence[StatementDocument], folder: Path) -> int:
    """The baseline: one plain reportlab Table per statement, same rows and row height."""
    folder.mkdir(parents=True, exist_ok=True)
    pages = 0
    widths = column_widths("A4")
    for s in statements:
        rows = [["Order", "Date", "Amount", "Tier", "Rate", "Commission", "Status"]]
        rows += [
            [
                line.reference,
                line.line_date.isoformat(),
                str(line.amount),
                line.tier,
                f"{line.rate} %",
                str(line.commission),
                line.status,
            ]
            for line in s.lines
        ]
        doc = SimpleDocTemplate(
            str(folder / f"bare-{s.partner_id}.pdf"),
            pagesize=A4,
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
        )
        table = Table(rows, colWidths=widths, rowHeights=[ROW_HEIGHT] * len(rows), repeatRows=1)
        doc.build([table])
        pages += doc.page
    return pages


def count_pages(paths: Sequence[Path]) -> int:
    return sum(path.read_bytes().count(b"/Type /Page\n") for path in paths)


def timed(label: str, fn):  # type: ignore[no-untyped-def]
    began = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - began
    print(f"{label:<58} {seconds:7.2f} s")
    return seconds, result


def main(count: int = 500) -> None:
    cores = os.cpu_count() or 1
    mixed = [
        statement(i, lines_for_pages(20) if i % 10 == 0 else ONE_PAGE_LINES) for i in range(count)
    ]
    two_page = [statement(i, lines_for_pages(2)) for i in range(count)]
    rows = sum(len(s.lines) for s in mixed)
    print(f"{count} statements, {rows:,} detail lines; {cores} core(s)")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        bare_s, bare_pages = timed(
            "bare reportlab, one process (mixed)", lambda: bare_loop(mixed, folder / "b1")
        )
        ours_s, paths = timed(
            "Payout Desk statements, one process (mixed)",
            lambda: write_statements(mixed, folder / "o1", workers=1),
        )
        pool_s, _ = timed(
            f"Payout Desk statements, process pool x{cores} (mixed)",
            lambda: write_statements(mixed, folder / "o2", workers=cores),
        )
        print(f"pages: bare {bare_pages}, statements {count_pages(paths)}")
        print(
            f"ratio statements / bare, one process:       {ours_s / bare_s:5.2f}  (target <= 1.5)"
        )
        print(f"ratio statements with pool / bare:           {pool_s / bare_s:5.2f}")
        bare2_s, _ = timed(
            "bare reportlab, one process (500 x 2 pages)",
            lambda: bare_loop(two_page, folder / "b2"),
        )
        pool2_s, paths2 = timed(
            f"Payout Desk statements, pool x{cores} (500 x 2 pages)",
            lambda: write_statements(two_page, folder / "o3", workers=cores),
        )
        print(
            f"two-page run: {count_pages(paths2)} pages in {pool2_s:.2f} s (target <= 7 s); "
            f"ratio to bare loop {pool2_s / bare2_s:.2f}"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 500)
