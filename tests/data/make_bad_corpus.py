# ruff: noqa: E501  (a table of cases and messages reads best one per line)
"""Generate the bad-input corpus: malformed spreadsheets and settings files, each with the exact
message Payout Desk must answer with (and the store left as it was).

    python tests/data/make_bad_corpus.py            # write the files into tests/data/bad/
    python tests/data/make_bad_corpus.py --check    # also import each into a scratch store and
                                                    # compare with the expected message
    python tests/data/make_bad_corpus.py --table    # print the table for tests/data/bad/README.md

The files are generated, never hand-edited (the 50 MB one is not committed: see .gitignore);
tests/safety/test_bad_corpus.py generates them into a temporary folder and checks every one.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
BAD_DIR = HERE / "bad"
HEADER = ["Order ID", "Order Date", "Partner Code", "Amount", "Currency"]
CLICKS_HEADER = ["Date", "Partner Code", "Clicks"]
REFUNDS_HEADER = ["Order ID", "Refund Date", "Amount"]
KNOWN_CODE = "TB1"  # the one partner the scratch store holds


@dataclass(frozen=True)
class Case:
    name: str  # file name
    kind: str  # orders | refunds | clicks | plans
    what: str  # what is wrong with it, for the table
    expected: str  # the exact message the user gets
    make: Callable[[Path], None]
    options: dict[str, Any] = field(default_factory=dict)  # ImportOptions beyond kind/source


# writers ---------------------------------------------------------------------------------------


def _csv(rows: Sequence[Sequence[Any]], encoding: str = "utf-8") -> Callable[[Path], None]:
    def make(path: Path) -> None:
        text = "".join(",".join(str(c) for c in row) + "\r\n" for row in rows)
        path.write_bytes(text.encode(encoding))

    return make


def _orders_csv(*row: Any) -> Callable[[Path], None]:
    return _csv([HEADER, ["OK-1", "2026-10-01", KNOWN_CODE, "10.00", "USD"], list(row)])


def _quoted_orders_csv(
    *row: Any, good: str = "10.00", header: Sequence[str] = HEADER
) -> Callable[[Path], None]:
    """Like _orders_csv, quoting cells that hold commas ('12,50 €'); `good` is the good row's
    amount ('10' shows no decimal mark, so an ambiguous '1,500' has nothing to go by)."""
    good_row = ["OK-1", "2026-10-01", KNOWN_CODE, good, "USD"][: len(header)]

    def make(path: Path) -> None:
        with path.open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle, lineterminator="\r\n").writerows([header, good_row, list(row)])

    return make


def _bytes(data: bytes) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(data)


def _xlsx(rows: Sequence[Sequence[Any]]) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        import openpyxl

        book = openpyxl.Workbook()
        sheet = book.active
        assert sheet is not None
        for row in rows:
            sheet.append(list(row))
        book.save(path)

    return make


def _xlsx_bytes(rows: Sequence[Sequence[Any]]) -> bytes:
    buffer = io.BytesIO()
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(list(row))
    book.save(buffer)
    return buffer.getvalue()


def _xlsx_with_sheet_xml(sheet_xml: bytes | Callable[[], bytes]) -> Callable[[Path], None]:
    """A real workbook whose first worksheet part is replaced by `sheet_xml`."""

    def make(path: Path) -> None:
        source = zipfile.ZipFile(io.BytesIO(_xlsx_bytes([HEADER])))
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
            for info in source.infolist():
                data = source.read(info.filename)
                if info.filename == "xl/worksheets/sheet1.xml":
                    data = sheet_xml() if callable(sheet_xml) else sheet_xml
                out.writestr(info.filename, data)

    return make


BILLION_LAUGHS = b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>
</sheetData></worksheet>
"""

EXTERNAL_ENTITY = b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE x [ <!ENTITY secret SYSTEM "file:///etc/passwd"> ]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>&secret;</t></is></c></row>
</sheetData></worksheet>
"""


def _zip_bomb_sheet() -> bytes:
    cell = b'<c t="inlineStr"><is><t>0</t></is></c>'
    return b"<worksheet><sheetData><row>" + cell * 3_000_000 + b"</row></sheetData></worksheet>"


def _zip_of(files: dict[str, bytes]) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
            for name, data in files.items():
                out.writestr(name, data)

    return make


def _truncated_xlsx(path: Path) -> None:
    data = _xlsx_bytes([HEADER, ["T-1", "2026-10-01", KNOWN_CODE, "10.00", "USD"]])
    path.write_bytes(data[: len(data) // 2])


def _one_line_50mb(path: Path) -> None:
    with path.open("wb") as handle:
        handle.write(b"Order ID,Order Date,Partner Code,Amount,Currency,")
        chunk = b"x" * (1 << 20)
        for _ in range(50):
            handle.write(chunk)


def _random_bytes(path: Path) -> None:
    import random

    rng = random.Random(7)
    path.write_bytes(bytes(rng.randrange(256) for _ in range(4096)))


def _text(text: str, encoding: str = "utf-8") -> Callable[[Path], None]:
    return lambda path: path.write_bytes(text.encode(encoding))


ECB_HEAD = "Date,USD,GBP,\n"  # the ECB's reference-rate layout: units per 1 EUR
PLAN_OK_HEAD = '[[plans]]\nname = "Standard"\n[[plans.versions]]\neffective_from = 2026-01-01\n'


def _plan_tiers(tiers: str) -> Callable[[Path], None]:
    return _text(
        PLAN_OK_HEAD
        + f'[[plans.versions.rules]]\nbasis = "order_amount"\nmode = "whole"\ntiers = [{tiers}]\n'
    )


# the corpus ------------------------------------------------------------------------------------

ROW = "{name}, row 3"  # the bad row is the second data row (row 1 is the header)

CASES: list[Case] = [
    # whole-file problems
    Case("empty.csv", "orders", "0-byte CSV", "{name}: the file is empty (0 bytes)", _bytes(b"")),
    Case(
        "empty.xlsx", "orders", "0-byte .xlsx", "{name}: the file is empty (0 bytes)", _bytes(b"")
    ),
    Case(
        "text_renamed.xlsx",
        "orders",
        "a CSV file renamed to .xlsx",
        "{name}: is not a .xlsx workbook (it is not a zip archive); export the file again or "
        "save it as .xlsx",
        _csv([HEADER, ["A-1", "2026-10-01", KNOWN_CODE, "10.00", "USD"]]),
    ),
    Case(
        "zip_not_xlsx.xlsx",
        "orders",
        "a zip archive of text files, not a workbook",
        "{name}: is a zip archive but not an Excel or OpenDocument workbook",
        _zip_of({"readme.txt": b"hello", "data.csv": b"a,b\n1,2\n"}),
    ),
    Case(
        "truncated.xlsx",
        "orders",
        "the first half of a real workbook (download cut off)",
        "",
        _truncated_xlsx,
    ),
    Case(
        "xml_bomb.xlsx",
        "orders",
        "billion-laughs entity expansion inside the worksheet XML",
        "",
        _xlsx_with_sheet_xml(BILLION_LAUGHS),
    ),
    Case(
        "external_entity.xlsx",
        "orders",
        "worksheet XML that asks to read /etc/passwd (XXE)",
        "",
        _xlsx_with_sheet_xml(EXTERNAL_ENTITY),
    ),
    Case(
        "zip_bomb.xlsx",
        "orders",
        "a worksheet that unpacks ~1000x (zip bomb)",
        "{name}: unpacks to an implausible size (a zip bomb?); refused for safety",
        _xlsx_with_sheet_xml(_zip_bomb_sheet),
    ),
    Case(
        "not_a_workbook.ods",
        "orders",
        "OpenDocument mimetype with garbage content",
        "",
        _zip_of({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "x": b"junk"}),
    ),
    Case(
        "garbage.xls",
        "orders",
        "OLE header followed by random bytes (a broken .xls)",
        "",
        _bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00\xff" * 2000),
    ),
    Case("random_bytes.csv", "orders", "4 KB of random bytes", "", _random_bytes),
    Case(
        "one_line_50mb.csv", "orders", "a 50 MB CSV without a single line break", "", _one_line_50mb
    ),
    Case(
        "nul_bytes.csv",
        "orders",
        "NUL bytes inside a CSV",
        "",
        _bytes(b"Order ID,Order Date,Partner Code,Amount\r\nA\x00-1,2026-10-01,TB1,1\x000.00\r\n"),
    ),
    Case(
        "utf16_no_bom.csv",
        "orders",
        "UTF-16 text without a byte-order mark",
        "",
        _bytes(
            ("Order ID,Order Date,Partner Code,Amount\r\nA-1,2026-10-01,TB1,10.00\r\n").encode(
                "utf-16-le"
            )
        ),
    ),
    Case("header_only.csv", "orders", "the header row and no data", "", _csv([HEADER])),
    Case(
        "no_known_columns.csv",
        "orders",
        "columns Payout Desk cannot map (no order id, date, code or amount)",
        "",
        _csv([["Foo", "Bar", "Baz"], ["1", "2", "3"]]),
    ),
    Case(
        "missing_amount_column.csv",
        "orders",
        "no amount column",
        "",
        _csv([HEADER[:3], ["A-1", "2026-10-01", KNOWN_CODE]]),
    ),
    Case("empty_sheet.xlsx", "orders", "a workbook whose only sheet is empty", "", _xlsx([])),
    # bad values in one row (the rest is fine): the whole file is refused
    Case(
        "huge_amount.csv",
        "orders",
        "amount 1e30",
        "",
        _orders_csv("B-1", "2026-10-02", KNOWN_CODE, "1" + "0" * 30, "USD"),
    ),
    Case(
        "amount_exponent.csv",
        "orders",
        "amount written as 1E+400",
        "",
        _orders_csv("B-1", "2026-10-02", KNOWN_CODE, "1E+400", "USD"),
    ),
    Case(
        "amount_nan.csv",
        "orders",
        "amount NaN",
        "",
        _orders_csv("B-1", "2026-10-02", KNOWN_CODE, "NaN", "USD"),
    ),
    Case(
        "amount_infinity.csv",
        "orders",
        "amount inf",
        "",
        _orders_csv("B-1", "2026-10-02", KNOWN_CODE, "inf", "USD"),
    ),
    Case(
        "amount_words.csv",
        "orders",
        "amount 'ten dollars'",
        "",
        _orders_csv("B-1", "2026-10-02", KNOWN_CODE, "ten dollars", "USD"),
    ),
    Case(
        "amount_too_precise.csv",
        "orders",
        "amount 10.005 USD (three decimals)",
        "",
        _orders_csv("B-1", "2026-10-02", KNOWN_CODE, "10.005", "USD"),
    ),
    Case(
        "negative_amount.csv",
        "orders",
        "a negative order amount",
        "",
        _orders_csv("B-1", "2026-10-02", KNOWN_CODE, "-50.00", "USD"),
    ),
    Case(
        "formula_amount.csv",
        "orders",
        "a spreadsheet formula as the amount",
        "",
        _orders_csv("B-1", "2026-10-02", KNOWN_CODE, "=1+2", "USD"),
    ),
    # text amounts the grammar refuses instead of guessing (issue 16.4)
    Case(
        "amount_two_points.csv",
        "orders",
        "amount '12.5.3' (was read as 1253.00)",
        f"{ROW}, column D (Amount): expected an amount like 12.50, found '12.5.3' (thousands are "
        "grouped in threes)",
        _orders_csv("B-1", "2026-10-02", KNOWN_CODE, "12.5.3", "USD"),
    ),
    Case(
        "amount_short_groups.csv",
        "orders",
        "amount '1.2.3' (was read as 123.00)",
        f"{ROW}, column D (Amount): expected an amount like 12.50, found '1.2.3' (thousands are "
        "grouped in threes)",
        _orders_csv("B-1", "2026-10-02", KNOWN_CODE, "1.2.3", "USD"),
    ),
    Case(
        "amount_range.csv",
        "orders",
        "amount '10-20' (was read as 1020.00)",
        f"{ROW}, column D (Amount): expected an amount like 12.50, found '10-20'",
        _orders_csv("B-1", "2026-10-02", KNOWN_CODE, "10-20", "USD"),
    ),
    Case(
        "amount_zero_comma_usd.csv",
        "orders",
        "amount '0,125' USD (was read as 125.00): a decimal comma, three decimals",
        f"{ROW}, column D (Amount): amount 0,125 has more decimals than USD allows (2)",
        _quoted_orders_csv("B-1", "2026-10-02", KNOWN_CODE, "0,125", "USD"),
    ),
    Case(
        "amount_zero_comma_jpy.csv",
        "orders",
        "amount '0,125' JPY (0,125 KWD, once 125.000, is now 0.125)",
        f"{ROW}, column D (Amount): amount 0,125 has more decimals than JPY allows (0)",
        _quoted_orders_csv("B-1", "2026-10-02", KNOWN_CODE, "0,125", "JPY"),
    ),
    Case(
        "amount_ambiguous_point.csv",
        "orders",
        "amount '1.500' (was read as 1.50) in a column that shows no decimal mark",
        f"{ROW}, column D (Amount): amount '1.500' is ambiguous: 1500 or 1.5? Nothing else in "
        "this column shows whether '.' is the decimal mark; write the amount as 1500 or 1.5",
        _quoted_orders_csv("B-1", "2026-10-02", KNOWN_CODE, "1.500", "USD", good="10"),
    ),
    Case(
        "amount_ambiguous_comma.csv",
        "orders",
        "amount '1,500' (was read as 1500.00) in a column that shows no decimal mark",
        f"{ROW}, column D (Amount): amount '1,500' is ambiguous: 1500 or 1.5? Nothing else in "
        "this column shows whether ',' is the decimal mark; write the amount as 1500 or 1.5",
        _quoted_orders_csv("B-1", "2026-10-02", KNOWN_CODE, "1,500", "USD", good="10"),
    ),
    Case(
        "amount_many_decimals.csv",
        "orders",
        "amount '12.345678901234' USD (was rounded to 12.35)",
        f"{ROW}, column D (Amount): amount 12.345678901234 has more decimals than USD allows (2)",
        _orders_csv("B-1", "2026-10-02", KNOWN_CODE, "12.345678901234", "USD"),
    ),
    Case(
        "amount_open_parenthesis.csv",
        "orders",
        "amount '(12.50' (was read as +12.50)",
        f"{ROW}, column D (Amount): expected an amount like 12.50, found '(12.50' (unbalanced "
        "parenthesis)",
        _orders_csv("B-1", "2026-10-02", KNOWN_CODE, "(12.50", "USD"),
    ),
    Case(
        "amount_euro_in_usd_row.csv",
        "orders",
        "amount '12,50 €' in a row whose currency is USD (was 12.50 USD)",
        f"{ROW}, column D (Amount): amount '12,50 €' is in EUR, but its currency column says USD",
        _quoted_orders_csv("B-1", "2026-10-02", KNOWN_CODE, "12,50 €", "USD"),
    ),
    Case(
        "amount_euro_no_currency_column.csv",
        "orders",
        "amount '12,50 €', no currency column, the store's base currency USD",
        f"{ROW}, column D (Amount): amount '12,50 €' is in EUR, but the file has no currency "
        "column and the store's base currency is USD; choose the import's currency "
        "(--currency EUR)",
        _quoted_orders_csv("B-1", "2026-10-02", KNOWN_CODE, "12,50 €", header=HEADER[:4]),
    ),
    # text dates the importer refuses instead of cutting or guessing (issue 16.5)
    Case(
        "date_trailing_junk.csv",
        "orders",
        "order date '2026-10-31garbage' (was 2026-10-31)",
        f"{ROW}, column B (Order Date): expected a date like 2026-10-31 or 31.10.2026, found "
        "'2026-10-31garbage'",
        _orders_csv("B-1", "2026-10-31garbage", KNOWN_CODE, "10.00", "USD"),
    ),
    Case(
        "date_impossible_time.csv",
        "orders",
        "order date '2026-10-31T25:99' (was 2026-10-31)",
        f"{ROW}, column B (Order Date): expected a date like 2026-10-31 or 31.10.2026; "
        "'2026-10-31T25:99' is not a real time of day",
        _orders_csv("B-1", "2026-10-31T25:99", KNOWN_CODE, "10.00", "USD"),
    ),
    Case(
        "date_day_or_month.csv",
        "orders",
        "order date '03/04/2026', no date order chosen (was 4 March, silently)",
        f"{ROW}, column B (Order Date): date '03/04/2026' could be 3 April 2026 or 4 March 2026; "
        "choose day-first or month-first (--day-first / --month-first)",
        _orders_csv("B-1", "03/04/2026", KNOWN_CODE, "10.00", "USD"),
    ),
    Case(
        "date_not_month_first.csv",
        "orders",
        "order date '13/04/2026' imported with --month-first",
        f"{ROW}, column B (Order Date): date '13/04/2026' cannot be month-first (there is no "
        "month 13); choose day-first or month-first (--day-first / --month-first)",
        _orders_csv("B-1", "13/04/2026", KNOWN_CODE, "10.00", "USD"),
        {"date_order": "month-first"},
    ),
    Case(
        "date_utc_into_tokyo.csv",
        "orders",
        "'2100-12-31T23:30:00Z': already 2101 in the merchant's Asia/Tokyo (was 2100-12-31)",
        f"{ROW}, column B (Order Date): date 2101-01-01 ('2100-12-31T23:30:00Z' in Asia/Tokyo) "
        "is outside the years 1990–2100",
        _orders_csv("B-1", "2100-12-31T23:30:00Z", KNOWN_CODE, "10.00", "USD"),
    ),
    Case(
        "year_9999.csv",
        "orders",
        "order date 9999-12-31",
        "",
        _orders_csv("B-1", "9999-12-31", KNOWN_CODE, "10.00", "USD"),
    ),
    Case(
        "year_0001.csv",
        "orders",
        "order date 0001-01-01",
        "",
        _orders_csv("B-1", "0001-01-01", KNOWN_CODE, "10.00", "USD"),
    ),
    Case(
        "february_30.csv",
        "orders",
        "order date 2026-02-30",
        "",
        _orders_csv("B-1", "2026-02-30", KNOWN_CODE, "10.00", "USD"),
    ),
    Case(
        "date_words.csv",
        "orders",
        "order date 'yesterday'",
        "",
        _orders_csv("B-1", "yesterday", KNOWN_CODE, "10.00", "USD"),
    ),
    Case(
        "unknown_currency.csv",
        "orders",
        "currency XYZ",
        "",
        _orders_csv("B-1", "2026-10-02", KNOWN_CODE, "10.00", "XYZ"),
    ),
    Case(
        "empty_order_id.csv",
        "orders",
        "a row without an order id",
        "",
        _orders_csv("", "2026-10-02", KNOWN_CODE, "10.00", "USD"),
    ),
    Case(
        "unknown_partner.csv",
        "orders",
        "a partner code nobody has",
        "",
        _orders_csv("B-1", "2026-10-02", "NOBODY", "10.00", "USD"),
    ),
    Case(
        "organic_broken_amount.csv",
        "orders",
        "an order without a partner code (not referred: counted, not imported) whose amount is 'ten'",
        "",
        _orders_csv("B-1", "2026-10-02", "", "ten", "USD"),
    ),
    Case(
        "organic_known_order.csv",
        "orders",
        "order OLD-1, imported before with partner TB1, now without a partner code",
        "",
        _orders_csv("OLD-1", "2026-09-01", "", "100.00", "USD"),
    ),
    Case(
        "unknown_status.csv",
        "orders",
        "an order status word Payout Desk does not know ('Versendet') and no status mapping for it",
        "",
        _quoted_orders_csv(
            "B-1", "2026-10-02", KNOWN_CODE, "10.00", "USD", "Versendet", header=[*HEADER, "Status"]
        ),
    ),
    Case(
        "duplicate_order_id.csv",
        "orders",
        "the same order id twice with different amounts",
        "",
        _orders_csv("OK-1", "2026-10-01", KNOWN_CODE, "99.00", "USD"),
    ),
    Case(
        "latin1_partner_code.csv",
        "orders",
        "Latin-1 text with a code 'ZOË' nobody has",
        "",
        _csv(
            [
                HEADER,
                ["L-1", "2026-10-01", KNOWN_CODE, "10.00", "USD"],
                ["L-2", "2026-10-02", "ZOË", "5.00", "EUR"],
            ],
            "latin-1",
        ),
    ),
    Case(
        "huge_number.xlsx",
        "orders",
        "amount 1e308 as a number cell",
        "",
        _xlsx(
            [
                HEADER,
                ["X-1", "2026-10-01", KNOWN_CODE, 10, "USD"],
                ["X-2", "2026-10-02", KNOWN_CODE, 1e308, "USD"],
            ]
        ),
    ),
    Case(
        "year_9999.xlsx",
        "orders",
        "a date cell in year 9999",
        "",
        _xlsx(
            [
                HEADER,
                ["X-1", "2026-10-01", KNOWN_CODE, 10, "USD"],
                ["X-2", datetime(9999, 12, 31), KNOWN_CODE, 10, "USD"],
            ]
        ),
    ),
    Case(
        "negative_amount.xlsx",
        "orders",
        "a negative number cell",
        "",
        _xlsx(
            [
                HEADER,
                ["X-1", "2026-10-01", KNOWN_CODE, 10, "USD"],
                ["X-2", "2026-10-02", KNOWN_CODE, -5, "USD"],
            ]
        ),
    ),
    Case(
        "error_cell.xlsx",
        "orders",
        "an Excel error value #DIV/0! as the amount",
        "",
        _xlsx(
            [
                HEADER,
                ["X-1", "2026-10-01", KNOWN_CODE, 10, "USD"],
                ["X-2", "2026-10-02", KNOWN_CODE, "#DIV/0!", "USD"],
            ]
        ),
    ),
    Case(
        "negative_clicks.csv",
        "clicks",
        "a negative click count",
        "",
        _csv([CLICKS_HEADER, ["2026-10-01", KNOWN_CODE, "5"], ["2026-10-02", KNOWN_CODE, "-3"]]),
    ),
    Case(
        "huge_clicks.csv",
        "clicks",
        "20-digit click count",
        "",
        _csv(
            [CLICKS_HEADER, ["2026-10-01", KNOWN_CODE, "5"], ["2026-10-02", KNOWN_CODE, "9" * 20]]
        ),
    ),
    Case(
        "fractional_clicks.csv",
        "clicks",
        "2.5 clicks",
        "",
        _csv([CLICKS_HEADER, ["2026-10-01", KNOWN_CODE, "5"], ["2026-10-02", KNOWN_CODE, "2.5"]]),
    ),
    Case(
        "refund_unknown_order.csv",
        "refunds",
        "a refund of an order never imported",
        "",
        _csv([REFUNDS_HEADER, ["NOPE-1", "2026-10-05", "5.00"]]),
    ),
    Case(
        "refund_negative.csv",
        "refunds",
        "a negative refund amount",
        "",
        _csv([REFUNDS_HEADER, ["OLD-1", "2026-10-05", "-5.00"]]),
    ),
    Case(
        "refund_too_big.csv",
        "refunds",
        "a refund larger than its order (100.00)",
        "",
        _csv([REFUNDS_HEADER, ["OLD-1", "2026-10-05", "150.00"]]),
    ),
    # settings files: commission plans (TOML/JSON)
    Case("plans_syntax.toml", "plans", "TOML syntax error", "", _text('[[plans]\nname = "x"\n')),
    Case("plans_empty.toml", "plans", "0-byte plans file", "", _bytes(b"")),
    Case(
        "plans_not_utf8.toml",
        "plans",
        "Latin-1 bytes in a TOML file",
        "",
        _text('[[plans]]\nname = "Régime"\n', "latin-1"),
    ),
    Case(
        "plans_negative_rate.toml",
        "plans",
        "a tier rate of -5 %",
        "",
        _plan_tiers("{ from = 0, rate = -5 }"),
    ),
    Case(
        "plans_huge_rate.toml",
        "plans",
        "a tier rate of 1e30 %",
        "",
        _plan_tiers("{ from = 0, rate = 1e30 }"),
    ),
    Case(
        "plans_rate_text.toml",
        "plans",
        "a tier rate 'abc'",
        "",
        _plan_tiers('{ from = 0, rate = "abc" }'),
    ),
    Case(
        "plans_year_9999.toml",
        "plans",
        "effective_from 9999-12-31 as text '99999-01-01'",
        "",
        _text('[[plans]]\nname = "Standard"\n[[plans.versions]]\neffective_from = "99999-01-01"\n'),
    ),
    Case(
        "plans_not_a_list.json",
        "plans",
        "JSON where plans is a string",
        "",
        _text(json.dumps({"plans": "Standard"})),
    ),
    Case(
        "plans_truncated.json",
        "plans",
        "JSON cut off half-way",
        "",
        _text('{"plans": [{"name": "Standard", "versions": ['),
    ),
    # exchange-rate files: the ECB reference-rate CSV (units per 1 EUR) and month,currency,rate
    Case(
        "rates_empty.csv",
        "rates",
        "0-byte rates file",
        "{name}: the file is empty (0 bytes)",
        _bytes(b""),
    ),
    Case(
        "rates_hist.zip",
        "rates",
        "the ECB's zip download, not unpacked",
        "{name}: is a zip archive; unzip it and import the eurofxref-hist.csv inside",
        _zip_of({"eurofxref-hist.csv": ECB_HEAD.encode() + b"2026-10-30,1.10,0.88,\n"}),
    ),
    Case(
        "rates_latin1.csv",
        "rates",
        "a rates file in Latin-1",
        "{name}: is not UTF-8 text; save it as CSV UTF-8",
        _text("month,currency,rate\n2026-10,EUR,1.08 ¤\n", "latin-1"),
    ),
    Case(
        "rates_neither_layout.csv",
        "rates",
        "an orders export given as a rates file",
        "{name}, row 1: neither the ECB reference-rate layout (Date,USD,JPY,…) nor "
        "month,currency,rate; found 'Order ID', 'Order Date', 'Partner Code', 'Amount', "
        "'Currency'",
        _csv([HEADER, ["OK-1", "2026-10-01", KNOWN_CODE, "10.00", "USD"]]),
    ),
    Case(
        "rates_ecb_bad_date.csv",
        "rates",
        "ECB file: a day 2026-13-01",
        "{name}, row 3, column A (Date): expected a date like 2026-10-30 or 30 October 2026, "
        "found '2026-13-01'",
        _text(ECB_HEAD + "2026-10-30,1.10,0.88,\n2026-13-01,1.10,0.88,\n"),
    ),
    Case(
        "rates_ecb_negative.csv",
        "rates",
        "ECB file: a negative rate",
        "{name}, row 3, column C (GBP): expected a positive rate like 1.0825 or N/A, found '-0.88'",
        _text(ECB_HEAD + "2026-10-30,1.10,0.88,\n2026-10-29,1.10,-0.88,\n"),
    ),
    Case(
        "rates_ecb_zero.csv",
        "rates",
        "ECB file: a rate of 0",
        "{name}, row 3, column B (USD): expected a positive rate like 1.0825 or N/A, found '0'",
        _text(ECB_HEAD + "2026-10-30,1.10,0.88,\n2026-10-29,0,0.88,\n"),
    ),
    Case(
        "rates_ecb_unknown_currency.csv",
        "rates",
        "ECB file: a column headed XYZ",
        "{name}, row 1, column C: unknown currency code 'XYZ' (expected an ISO 4217 code like "
        "EUR, USD)",
        _text("Date,USD,XYZ,\n2026-10-30,1.10,0.88,\n"),
    ),
    Case(
        "rates_ecb_duplicate_day.csv",
        "rates",
        "ECB file: the same day twice",
        "{name}, row 3, column A (Date): 2026-10-30 also appears on row 2",
        _text(ECB_HEAD + "2026-10-30,1.10,0.88,\n2026-10-30,1.11,0.88,\n"),
    ),
    Case(
        "rates_ecb_short_row.csv",
        "rates",
        "ECB file: a row cut short",
        "{name}, row 3: 1 rate(s) under a header of 2 currencies",
        _text(ECB_HEAD + "2026-10-30,1.10,0.88,\n2026-10-29,1.10\n"),
    ),
    Case(
        "rates_plain_zero.csv",
        "rates",
        "month,currency,rate: a rate of 0",
        "{name}, row 3, column C (rate): '0' is not a positive rate like 1.0825",
        _text("month,currency,rate\n2026-10,EUR,1.08\n2026-10,GBP,0\n"),
    ),
    Case(
        "rates_plain_negative.csv",
        "rates",
        "month,currency,rate: a negative rate",
        "{name}, row 3, column C (rate): '-1.27' is not a positive rate like 1.0825",
        _text("month,currency,rate\n2026-10,EUR,1.08\n2026-10,GBP,-1.27\n"),
    ),
    Case(
        "rates_plain_unknown_currency.csv",
        "rates",
        "month,currency,rate: currency XYZ",
        "{name}, row 3, column B (currency): 'XYZ' is not an ISO 4217 currency code like EUR",
        _text("month,currency,rate\n2026-10,EUR,1.08\n2026-10,XYZ,1.27\n"),
    ),
    Case(
        "rates_plain_base_currency.csv",
        "rates",
        "month,currency,rate: a rate for the base currency USD",
        "{name}, row 3, column B (currency): USD is the base currency: it always converts at 1",
        _text("month,currency,rate\n2026-10,EUR,1.08\n2026-10,USD,1\n"),
    ),
    Case(
        "rates_plain_bad_month.csv",
        "rates",
        "month,currency,rate: a date where the month goes",
        "{name}, row 3, column A (month): '31.10.2026' is not a month like 2026-10",
        _text("month,currency,rate\n2026-10,EUR,1.08\n31.10.2026,GBP,1.27\n"),
    ),
    Case(
        "rates_plain_duplicate_month.csv",
        "rates",
        "month,currency,rate: EUR for 2026-10 twice",
        "{name}, row 4, column A (month): EUR 2026-10 also appears on row 2",
        _text("month,currency,rate\n2026-10,EUR,1.08\n2026-09,GBP,1.27\n2026-10,eur,1.09\n"),
    ),
]


EXPECTED: dict[str, str] = {
    "truncated.xlsx": "truncated.xlsx: the workbook is damaged or truncated (File is not a zip file)",
    "xml_bomb.xlsx": "xml_bomb.xlsx: sheet 'Sheet' cannot be read (at 0..0: unrecognized entity `&lol9;`)",
    "external_entity.xlsx": "external_entity.xlsx: sheet 'Sheet' cannot be read (at 0..0: unrecognized entity `&secret;`)",
    "not_a_workbook.ods": "not_a_workbook.ods: the workbook is damaged or not a workbook (openpyxl does not support .ods file format, please check you can open it with Excel first. Supported formats are: .xlsx,.xlsm,.xltx,.xltm)",
    "garbage.xls": "garbage.xls: the workbook cannot be read (damaged?)",
    "one_line_50mb.csv": "one_line_50mb.csv: the first line is longer than 64 KB; this is not a CSV export",
    "header_only.csv": "imported (0 added)",
    "empty_sheet.xlsx": "empty_sheet.xlsx: no header row found: expected a row naming the columns Order id, Date, Partner code, Amount",
    "huge_amount.csv": "huge_amount.csv, row 3, column D (Amount): amount 1000000000000000000000000000000 is implausibly large (limit 1,000,000,000)",
    "amount_nan.csv": "amount_nan.csv, row 3, column D (Amount): expected an amount like 12.50, found 'NaN'",
    "amount_infinity.csv": "amount_infinity.csv, row 3, column D (Amount): expected an amount like 12.50, found 'inf'",
    "amount_words.csv": "amount_words.csv, row 3, column D (Amount): expected an amount like 12.50, found 'ten dollars'",
    "negative_amount.csv": "negative_amount.csv, row 3, column D (Amount): expected an amount of 0.00 or more, found -50.00; import refunds as refunds",
    "year_9999.csv": "year_9999.csv, row 3, column B (Order Date): date 9999-12-31 is outside the years 1990–2100",
    "year_0001.csv": "year_0001.csv, row 3, column B (Order Date): date 0001-01-01 is outside the years 1990–2100",
    "february_30.csv": "february_30.csv, row 3, column B (Order Date): expected a date like 2026-10-31 or 31.10.2026; '2026-02-30' is not a real calendar date",
    "date_words.csv": "date_words.csv, row 3, column B (Order Date): expected a date like 2026-10-31 or 31.10.2026, found 'yesterday'",
    "empty_order_id.csv": "empty_order_id.csv, row 3, column A (Order ID): the order id is empty",
    "unknown_partner.csv": "unknown_partner.csv, row 3, column C (Partner Code): unknown partner code 'NOBODY' (this row); create the partner, or import again choosing to create or skip unknown partners (--create-partners / --skip-unknown)",
    "organic_broken_amount.csv": "organic_broken_amount.csv, row 3, column D (Amount): expected an amount like 12.50, found 'ten'",
    "organic_known_order.csv": "organic_known_order.csv, row 3, column C (Partner Code): order 'OLD-1' has no partner code in this file, but it was imported before with partner code 'TB1'; correct the file, or skip this row",
    "unknown_status.csv": "unknown_status.csv, row 3, column F (Status): unknown order status 'Versendet': say which of confirmed, pending, cancelled, refunded it means with a status mapping such as Versendet=confirmed (--status-map, or Status words in the import wizard)",
    "duplicate_order_id.csv": "duplicate_order_id.csv, row 3, column A (Order ID): order id 'OK-1' also appears on row 2",
    "latin1_partner_code.csv": "latin1_partner_code.csv, row 3, column C (Partner Code): unknown partner code 'ZOË' (this row); create the partner, or import again choosing to create or skip unknown partners (--create-partners / --skip-unknown)",
    "huge_number.xlsx": "huge_number.xlsx, sheet Sheet, row 3, column D (Amount): amount 100000000000000001097906362944045541740492309677311846336810682903157585404911491537163328978494688899061249669721172515611590283743140088328307009198146046031271664502933027185697489699588559043338384466165001178426897626212945177628091195786707458122783970171784415105291802893207873272974885715430223118336 is implausibly large (limit 1,000,000,000)",
    "year_9999.xlsx": "year_9999.xlsx, sheet Sheet, row 3, column B (Order Date): date 9999-12-31 is outside the years 1990–2100",
    "negative_amount.xlsx": "negative_amount.xlsx, sheet Sheet, row 3, column D (Amount): expected an amount of 0.00 or more, found -5.00; import refunds as refunds",
    "error_cell.xlsx": "error_cell.xlsx, sheet Sheet, row 3, column D (Amount): the amount is empty",
    "negative_clicks.csv": "negative_clicks.csv, row 3, column C (Clicks): expected a whole number, found '-3'",
    "huge_clicks.csv": "huge_clicks.csv, row 3, column C (Clicks): 99999999999999999999 is implausibly large",
    "refund_unknown_order.csv": "refund_unknown_order.csv, row 2, column A (Order ID): no order 'NOPE-1' from source 'bad-corpus'; import the orders first",
    "refund_too_big.csv": "refund_too_big.csv, row 2, column C (Amount): refunds of order 'OLD-1' add up to more than its amount",
    "plans_syntax.toml": "file: plans_syntax.toml is not valid TOML: Expected ']]' at the end of an array declaration (at line 1, column 8)",
    "plans_not_utf8.toml": "file: plans_not_utf8.toml is not UTF-8 text",
    "plans_negative_rate.toml": "plans[0].versions[0].rules[0].tiers[0].rate: '-5' must be a percentage 0–100",
    "plans_huge_rate.toml": "plans[0].versions[0].rules[0].tiers[0].rate: '1E+30' must be a percentage 0–100",
    "plans_rate_text.toml": "plans[0].versions[0].rules[0].tiers[0].rate: 'abc' is not a number",
    "plans_year_9999.toml": "plans[0].versions[0].effective_from: '99999-01-01' is not a date like 2026-01-01",
    "plans_not_a_list.json": "plans: must be a list",
    "plans_empty.toml": "file: plans_empty.toml has no plans and no bonus rules to import",
    "plans_truncated.json": "file: plans_truncated.json is not valid JSON: Expecting value: line 1 column 46 (char 45)",
    "random_bytes.csv": "random_bytes.csv: contains NUL bytes: it is UTF-16 text or not a text file at all; save it as CSV UTF-8",
    "nul_bytes.csv": "nul_bytes.csv: contains NUL bytes: it is UTF-16 text or not a text file at all; save it as CSV UTF-8",
    "utf16_no_bom.csv": "utf16_no_bom.csv: contains NUL bytes: it is UTF-16 text or not a text file at all; save it as CSV UTF-8",
    "no_known_columns.csv": "no_known_columns.csv: missing required column: Order id (a header like 'order id', 'order no', 'order number'); Date (a header like 'date', 'order date', 'created'); Partner code (a header like 'partner code', 'partner', 'partner id'); Amount (a header like 'amount', 'order amount', 'total'). Columns found: 'Foo', 'Bar', 'Baz'",
    "missing_amount_column.csv": "missing_amount_column.csv: missing required column: Amount (a header like 'amount', 'order amount', 'total'). Columns found: 'Order ID', 'Order Date', 'Partner Code'",
    "amount_exponent.csv": "amount_exponent.csv, row 3, column D (Amount): expected an amount like 12.50, found '1E+400'",
    "amount_too_precise.csv": "amount_too_precise.csv, row 3, column D (Amount): amount 10.005 has more decimals than USD allows (2)",
    "formula_amount.csv": "formula_amount.csv, row 3, column D (Amount): expected an amount like 12.50, found '=1+2'",
    "unknown_currency.csv": "unknown_currency.csv, row 3, column E (Currency): unknown currency code 'XYZ' (expected an ISO code like EUR, USD)",
    "fractional_clicks.csv": "fractional_clicks.csv, row 3, column C (Clicks): expected a whole number, found '2.5'",
    "refund_negative.csv": "refund_negative.csv, row 2, column C (Amount): expected the refunded amount as a positive number, found -5.00",
}

# Files the importer accepts or fails on, although it should refuse them with a clear message.
# Reported to the import's owner; tests/safety/test_bad_corpus.py marks them xfail (they must at
# least be refused with a UserError and leave the store unchanged). When one is fixed, move it
# to EXPECTED with the exact message.
KNOWN_BUGS: dict[str, str] = {}


def generate(folder: Path = BAD_DIR, *, include_large: bool = True) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for case in CASES:
        if not include_large and case.name == "one_line_50mb.csv":
            continue
        path = folder / case.name
        case.make(path)
        written.append(path)
    return written


def expected_message(case: Case) -> str:
    """The exact message; "" for a known bug (see KNOWN_BUGS)."""
    if case.name in KNOWN_BUGS:
        return ""
    return EXPECTED.get(case.name) or case.expected.format(name=case.name)


def outcome(store: Any, case: Case, path: Path) -> str:
    """What Payout Desk tells the user when asked to import `path` (one line)."""
    from desktop_app.errors import UserError
    from desktop_app.services import imports, plans_import, rates
    from desktop_app.services.imports import ImportKind, ImportOptions

    try:
        if case.kind == "plans":
            plans_import.import_plans(store, path)
            return "imported"
        if case.kind == "rates":
            rates.import_rates(store, path)
            return "imported"
        options = ImportOptions(kind=ImportKind(case.kind), source="bad-corpus", **case.options)
        report = imports.run_import(store, path, options)
    except UserError as exc:
        return str(exc)
    except Exception as exc:  # a bug: the user would see "internal error"
        return f"INTERNAL ERROR {exc!r}"
    if report.errors:
        return str(report.errors[0])
    if report.refused:
        return report.refused
    return f"imported ({report.added} added)"


def scratch_store(url: str) -> Any:
    """A store with one partner (code TB1) and one order (OLD-1, 100.00 USD, source
    bad-corpus) for the corpus to be imported into; the merchant (base currency USD) is in
    Asia/Tokyo, so dates written in UTC move to Tokyo's day."""
    from datetime import date

    from desktop_app.domain.partners import PartnerInput
    from desktop_app.services import merchant, partners
    from desktop_app.store.database import open_store
    from desktop_app.store.models import OrderRow

    store = open_store(url)
    with store.transaction() as session:
        merchant.save_profile(session, merchant.MerchantProfile(timezone="Asia/Tokyo"))
        partner = partners.create_partner(
            session, PartnerInput(name="Tech Blog", codes=(KNOWN_CODE,))
        )
        session.add(
            OrderRow(
                source="bad-corpus",
                external_id="OLD-1",
                order_date=date(2026, 9, 1),
                partner_id=partner.id,
                partner_code=KNOWN_CODE,
                amount_minor=10_000,
                currency="USD",
            )
        )
    return store


def table() -> str:
    lines = [
        "| file | kind | what is wrong | what Payout Desk says (exact) |",
        "|---|---|---|---|",
    ]
    for case in CASES:
        message = expected_message(case) or f"**known bug**: {KNOWN_BUGS[case.name]}"
        message = message.replace("|", "\\|").replace("\x00", "\\x00")
        lines.append(f"| `{case.name}` | {case.kind} | {case.what} | {message} |")
    return "\n".join(lines)


def main(argv: Sequence[str]) -> int:
    sys.path.insert(0, str(HERE.parent.parent))
    if "--table" in argv:
        print(table())
        return 0
    paths = generate()
    print(f"wrote {len(paths)} files into {BAD_DIR}")
    if "--check" not in argv:
        return 0
    import tempfile

    failures = 0
    with tempfile.TemporaryDirectory() as temp:
        os.environ["PAYOUT_DESK_DATA_DIR"] = temp
        for number, case in enumerate(CASES):
            store = scratch_store(f"sqlite:///{temp}/scratch{number}.sqlite")
            got = outcome(store, case, BAD_DIR / case.name)
            store.close()
            ok = got == expected_message(case) or (
                case.name in KNOWN_BUGS and not got.startswith(("imported", "INTERNAL"))
            )
            failures += not ok
            print(f"{'ok  ' if ok else 'DIFF'} {case.name}: {got!r}")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
