"""The payout file of a locked run: exact rows, formula-safe cells, totals equal the run's."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import update

from desktop_app.services.payout_export import HEADERS, export_payouts
from desktop_app.services.spreadsheet_cells import neutralize
from desktop_app.store.database import Store
from desktop_app.store.models import PartnerRow
from tests.services.test_statements_export import PaidRun, seed_run

D = Decimal


@pytest.fixture
def paid(store: Store) -> PaidRun:
    return seed_run(store)


EXPECTED = [
    # name, code, method, PayPal e-mail, IBAN, BIC, other details, amount, currency, reference;
    # the note names period, code and statement
    ['\'=HYPERLINK("http://x")', "EVIL", "Other", "", "", "", "'@SUM(A1)", "91.50", "EUR",
     "PD-202610-0001-00004"],
    ["Zoë Łukasiewicz", "ZOE10", "PayPal", "zoe@example.com", "", "", "", "126.60", "EUR",
     "PD-202610-0001-00001"],
    ["Дмитрий Иванов", "DIMA", "Bank transfer", "", "DE89370400440532013000", "", "", "307.20",
     "EUR", "PD-202610-0001-00002"],
]  # fmt: skip


def run_payable(store: Store, run_id: int) -> Decimal:
    from desktop_app.services.payouts import run_summary

    with store.transaction() as session:
        return run_summary(session, run_id).totals.payable


def test_csv_has_one_exact_row_per_payable_partner(paid: PaidRun, tmp_path: Path) -> None:
    result = export_payouts(paid.store, paid.run_id, tmp_path / "payouts.csv")
    raw = (tmp_path / "payouts.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: spreadsheet programs read the accents right
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0] == list(HEADERS)
    assert [row[:10] for row in rows[1:]] == EXPECTED
    assert (
        rows[2][10] == "Commission 2026-10-01 to 2026-10-31 (ZOE10), statement PD-202610-0001-00001"
    )
    assert "Small Fry" not in raw.decode("utf-8-sig")  # carried over, nothing to pay
    assert result.rows == 3
    total = sum((D(row[7]) for row in rows[1:]), D(0))
    assert total == result.total == run_payable(paid.store, paid.run_id) == D("525.30")


def test_xlsx_has_numbers_and_text_cells_that_keep_their_value(
    paid: PaidRun, tmp_path: Path
) -> None:
    export_payouts(paid.store, paid.run_id, tmp_path / "payouts.xlsx")
    sheet = load_workbook(tmp_path / "payouts.xlsx").active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == list(HEADERS)
    # no apostrophe in the value: the cell is typed as text (quotePrefix) instead
    assert [[r[0], r[6], r[8], r[9]] for r in rows[1:]] == [
        ['=HYPERLINK("http://x")', "@SUM(A1)", "EUR", "PD-202610-0001-00004"],
        *([e[0], e[6] or None, e[8], e[9]] for e in EXPECTED[1:]),  # empty text cells: None
    ]
    amounts = [row[7] for row in rows[1:]]
    assert all(isinstance(a, int | float) for a in amounts)
    assert sum(D(str(a)) for a in amounts) == run_payable(paid.store, paid.run_id)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type != "f", f"{cell.coordinate} would run as a formula"
            if cell.column != 8 and cell.value is not None:
                assert cell.data_type == "s" and cell.quotePrefix, cell.coordinate


def _set_partner(paid: PaidRun, partner_id: int, **values: str) -> None:
    with paid.store.transaction() as session:
        session.execute(update(PartnerRow).where(PartnerRow.id == partner_id).values(**values))


def test_other_details_that_look_like_a_formula(paid: PaidRun, tmp_path: Path) -> None:
    _set_partner(paid, paid.formula, payout_method="other", payout_details="=1+1@x.example")
    export_payouts(paid.store, paid.run_id, tmp_path / "payouts.xlsx")
    sheet = load_workbook(tmp_path / "payouts.xlsx").active
    assert sheet["G2"].value == "=1+1@x.example" and sheet["G2"].quotePrefix
    export_payouts(paid.store, paid.run_id, tmp_path / "payouts.csv")
    rows = list(csv.reader((tmp_path / "payouts.csv").read_text("utf-8-sig").splitlines()))
    assert rows[1][6] == "'=1+1@x.example"


def test_a_stored_paypal_address_that_looks_like_a_formula_is_listed_not_written(
    paid: PaidRun, tmp_path: Path
) -> None:
    """Stored before addresses were checked: no file pays it; the report says why."""
    _set_partner(paid, paid.formula, payout_method="paypal", payout_details="=1+1@x.example")
    report = export_payouts(paid.store, paid.run_id, tmp_path / "payouts.csv")
    assert "=1+1" not in (tmp_path / "payouts.csv").read_text("utf-8-sig")
    assert [p.payee.partner_id for p in report.missing] == [paid.formula]
    assert "not an e-mail address PayPal can pay" in report.missing[0].reason


def test_control_characters_in_a_stored_name_do_not_break_the_xlsx(
    paid: PaidRun, tmp_path: Path
) -> None:
    """A name stored before control characters were refused: the file is still written."""
    _set_partner(paid, paid.zoe, name="Zoë\x1b[31m\x07 Łukasiewicz")
    export_payouts(paid.store, paid.run_id, tmp_path / "payouts.xlsx")
    names = [r[0].value for r in load_workbook(tmp_path / "payouts.xlsx").active.iter_rows()]
    assert "Zoë\\x1b[31m\\x07 Łukasiewicz" in names


def test_csv_quotes_every_field_so_a_semicolon_reader_never_splits(
    paid: PaidRun, tmp_path: Path
) -> None:
    _set_partner(paid, paid.zoe, name="Acme;=cmd|' /C calc'!A0")
    export_payouts(paid.store, paid.run_id, tmp_path / "payouts.csv")
    text = (tmp_path / "payouts.csv").read_text("utf-8-sig")
    assert "\"Acme;=cmd|' /C calc'!A0\"" in text
    for line in text.splitlines():
        assert line.startswith('"') and line.endswith('"')
        # Excel with German, French, Spanish or Italian settings splits at ';'
        for cell in next(csv.reader([line], delimiter=";")):
            assert not cell.lstrip().startswith(("=", "+", "-", "@")), cell


def test_neutralize_every_formula_start() -> None:
    for start in ("=", "+", "-", "@", "\t", "\r", " =", "\n-", "\u00a0@"):
        assert neutralize(f"{start}1+1") == f"'{start}1+1"
    assert neutralize("Zoë") == "Zoë"
    assert neutralize("") == ""
    # plain decimal numbers stay numbers; anything more is text
    for number in ("-12.50", "3", "0.075", "-0"):
        assert neutralize(number) == number
    for text in ("-2+3", "-12.50 ", "+5", "-1e3", "-", "-.5"):
        assert neutralize(text) == f"'{text}"


def test_other_suffixes_are_refused(paid: PaidRun, tmp_path: Path) -> None:
    from desktop_app.errors import ValidationError

    with pytest.raises(ValidationError, match=r"\.csv or \.xlsx"):
        export_payouts(paid.store, paid.run_id, tmp_path / "payouts.txt")
    assert not (tmp_path / "payouts.txt").exists()
