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
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.platypus import SimpleDocTemplate, Spacer, Table

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
from desktop_app.services.statements.formatting import Formatter
from desktop_app.services.statements.head import StatementHead
from desktop_app.services.statements.layout import (
    HEADER_ROW_HEIGHT,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    column_titles,
    column_widths,
    rows_per_continuation_page,
    text_width,
)
from desktop_app.services.statements.render import detail_rows

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


def bare_loop(statements: Sequence[StatementDocument], folder: Path) -> tuple[float, int]:
    """The baseline: per statement, a spacer as tall as the statement's head and one plain
    reportlab Table (Helvetica, header repeated) with the same cells and row heights."""
    folder.mkdir(parents=True, exist_ok=True)
    prepared = []
    for s in statements:  # formatting is not timed for the baseline
        fmt = Formatter(s.merchant.locale, s.currency)
        rows = detail_rows(s, fmt)
        head = StatementHead(s, fmt, text_width("A4")).height
        prepared.append((s.partner_id, head, rows))
    began = time.perf_counter()
    pages = 0
    widths = column_widths("A4")
    for partner_id, head, rows in prepared:
        cells = [column_titles(str)] + [list(row.cells) for row in rows]
        heights = [HEADER_ROW_HEIGHT] + [row.height for row in rows]
        doc = SimpleDocTemplate(
            str(folder / f"bare-{partner_id}.pdf"),
            pagesize=A4,
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
        )
        table = Table(cells, colWidths=widths, rowHeights=heights, repeatRows=1)
        doc.build([Spacer(1, head), table])
        pages += doc.page
    return time.perf_counter() - began, pages


def count_pages(paths: Sequence[Path]) -> int:
    return sum(path.read_bytes().count(b"/Type /Page\n") for path in paths)


def timed(label: str, fn: Callable[[], list[Path]]) -> tuple[float, list[Path]]:
    began = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - began
    print(f"{label:<54} {seconds:7.2f} s")
    return seconds, result


def bare(label: str, statements: Sequence[StatementDocument], folder: Path) -> tuple[float, int]:
    seconds, pages = bare_loop(statements, folder)
    print(f"{label:<54} {seconds:7.2f} s")
    return seconds, pages


def main(count: int = 500) -> None:
    cores = os.cpu_count() or 1
    mixed = [
        statement(i, lines_for_pages(20) if i % 10 == 0 else ONE_PAGE_LINES) for i in range(count)
    ]
    two_page = [statement(i, lines_for_pages(2)) for i in range(count)]
    rows = sum(len(s.lines) for s in mixed)
    print(f"{count} statements (90 % one page, 10 % twenty pages), {rows:,} detail lines")
    print(f"{cores} core(s); load average before: " + _load())
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        bare_s, bare_pages = bare("bare reportlab, one process (mixed)", mixed, folder / "b1")
        ours_s, paths = timed(
            "Payout Desk statements, one process (mixed)",
            lambda: write_statements(mixed, folder / "o1", workers=1),
        )
        pool_s, _ = timed(
            f"Payout Desk statements, process pool x{cores} (mixed)",
            lambda: write_statements(mixed, folder / "o2", workers=cores),
        )
        print(f"pages: bare {bare_pages}, statements {count_pages(paths)}")
        print(f"ratio statements / bare, one process: {ours_s / bare_s:5.2f}  (target <= 1.5)")
        print(f"ratio statements with pool / bare:    {pool_s / bare_s:5.2f}")
        bare2_s, bare2_pages = bare(
            f"bare reportlab, one process ({count} x 2 pages)", two_page, folder / "b2"
        )
        pool2_s, paths2 = timed(
            f"Payout Desk statements, pool x{cores} ({count} x 2 pages)",
            lambda: write_statements(two_page, folder / "o3", workers=cores),
        )
        print(
            f"two-page run: {count_pages(paths2)} pages (bare {bare2_pages}) in {pool2_s:.2f} s "
            f"(target <= 7 s for 500); ratio to the bare loop {pool2_s / bare2_s:.2f}"
        )
    print("load average after: " + _load())
    print("(other work on the machine slows the pool first: compare with the load average)")


def _load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 500)
