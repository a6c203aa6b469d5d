"""Text from people and files on its way in and out of the CLI (issue 16, items 12 and 13).

In: control characters are refused where text is entered, naming the field. Out: a table
shows control characters as escapes (\\x1b), one row per line; error messages stay one line;
`--format csv` quotes every field and neutralizes formula-like text (the payout file's rule),
while plain numbers stay numbers; JSON stays raw.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from sqlalchemy import update

from desktop_app.cli import main
from desktop_app.store.database import Store
from desktop_app.store.models import OrderRow, PartnerRow
from tests.import_files import write_csv
from tests.services.test_statements_export import PaidRun, seed_run

ESC = "\x1b[31m"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse usage errors
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def refused(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    code, out, err = run(capsys, *argv)
    assert code == 2, (argv, out, err)
    assert err.count("\n") == 1 and "\x1b" not in err and "\x07" not in err, repr(err)
    return err


@pytest.fixture
def paid(store: Store) -> PaidRun:
    return seed_run(store, lock=False)


@pytest.mark.parametrize(
    ("argv", "field"),
    [
        (["partners", "add", "--name", f"Evil{ESC}Corp", "--code", "EVIL2"], "name"),
        (["partners", "add", "--name", "Bell", "--code", "BELL", "--notes", "ding\x07"], "notes"),
        (["partners", "update", "DIMA", "--payout-details", "DE89\x00370"], "payout_details"),
        (["partners", "update", "DIMA", "--type", "Blog\x1b"], "partner_type"),
        (["merchant", "set", "--footer", f"Thanks{ESC}"], "statement_footer"),
        (["merchant", "set", "--name", "Shop\x9b31m"], "name"),  # C1 CSI
        (["adjust", "add", "--partner", "DIMA", "--amount", "5", "--reason", f"a{ESC}"], "reason"),
        (["run", "discard", "1", "--reason", "oops\x07"], "reason"),
        (["fraud", "flag-partner", "DIMA", "--reason", "x\x1b]0;pwned\x07"], "reason"),
        (["partners", "pause", "DIMA", "--reason", "x\x08"], "reason"),
        (["mail", "setup", "--host", f"smtp{ESC}.example", "--sender", "a@b.example"], "host"),
    ],
)
def test_control_characters_are_refused_where_text_is_entered(
    capsys: pytest.CaptureFixture[str], paid: PaidRun, db_url: str, argv: list[str], field: str
) -> None:
    err = refused(capsys, *argv, "--database", db_url)
    assert f"error: {field}: contains a control character (\\x" in err


def test_import_source_with_control_characters_is_refused(
    capsys: pytest.CaptureFixture[str], paid: PaidRun, db_url: str, tmp_path: Path
) -> None:
    rows = [["Order ID", "Order Date", "Partner Code", "Amount"], ["N-1", "2026-10-03", "DIMA", 5]]
    path = str(write_csv(tmp_path / "o.csv", rows))
    err = refused(capsys, "import", "orders", path, "--source", "shop\x1b", "--database", db_url)
    assert "source: contains a control character (\\x1b)" in err


def test_multi_line_fields_keep_their_lines(
    capsys: pytest.CaptureFixture[str], paid: PaidRun, db_url: str
) -> None:
    code, out, _ = run(
        capsys, "merchant", "set", "--address", "1 Main St\\nBristol", "--database", db_url
    )
    assert code == 0
    assert re.search(r"^address( +)1 Main St\n {7}\1Bristol$", out, re.MULTILINE), out
    argv = ["partners", "update", "DIMA", "--notes", "one\ntwo\tthree", "--format", "json"]
    code, out, _ = run(capsys, *argv, "--database", db_url)
    assert code == 0 and json.loads(out)["notes"] == "one\ntwo\tthree"


def _store_raw(paid: PaidRun, **values: str) -> None:
    """Text stored before it was refused (an older version, another tool)."""
    with paid.store.transaction() as session:
        session.execute(update(PartnerRow).where(PartnerRow.id == paid.dmitry).values(**values))


def test_tables_show_control_characters_as_escapes(
    capsys: pytest.CaptureFixture[str], paid: PaidRun, db_url: str
) -> None:
    _store_raw(paid, name=f"Dima{ESC}\x07 Ivanov", notes="line\x1b[2J")
    with paid.store.transaction() as session:
        session.execute(
            update(OrderRow).where(OrderRow.external_id == "10000013").values(external_id="A\r\nB")
        )
    code, out, _ = run(capsys, "partners", "list", "--database", db_url)
    assert code == 0 and "\x1b" not in out and "\x07" not in out
    assert "Dima\\x1b[31m\\x07 Ivanov" in out
    code, out, _ = run(capsys, "partners", "show", "DIMA", "--database", db_url)
    assert "\x1b" not in out and "line\\x1b[2J" in out
    code, out, _ = run(capsys, "orders", "list", "--database", db_url)
    lines = out.splitlines()
    assert code == 0 and len(lines) == 2 + 12 + 12 + 1 + 6  # header, rule, one line per order
    assert any("A\\r\\nB" in line for line in lines)
    # JSON is data: the text as stored (the JSON encoder escapes control characters itself)
    code, out, _ = run(capsys, "partners", "show", "DIMA", "--format", "json", "--database", db_url)
    assert "\x1b" not in out and json.loads(out)["name"] == f"Dima{ESC}\x07 Ivanov"


def test_error_messages_echo_typed_text_escaped_on_one_line(
    capsys: pytest.CaptureFixture[str], paid: PaidRun, db_url: str
) -> None:
    err = refused(capsys, "plans", "example", f"no{ESC}\nplan", "10", "--database", db_url)
    assert "no\\x1b[31m\\nplan" in err
    err = refused(capsys, "partners", "list", "--status", f"x{ESC}\n", "--database", db_url)
    assert "x\\x1b[31m\\n" in err


def _csv(out: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(out)))


def test_format_csv_neutralizes_formulas_and_keeps_numbers(
    capsys: pytest.CaptureFixture[str], paid: PaidRun, db_url: str
) -> None:
    _store_raw(paid, name="-2+3", email="@SUM(A1)@x.example")
    with paid.store.transaction() as session:
        session.execute(
            update(OrderRow).where(OrderRow.external_id == "10000013").values(external_id="=1+1")
        )
    argv = ["adjust", "add", "--partner", "DIMA", "--amount", "-10.00", "--reason", "@SUM(A1)"]
    assert run(capsys, *argv, "--run", str(paid.run_id), "--database", db_url)[0] == 0
    assert run(capsys, "run", "recalc", str(paid.run_id), "--database", db_url)[0] == 0

    code, out, _ = run(capsys, "partners", "list", "--format", "csv", "--database", db_url)
    assert code == 0 and all(line.startswith('"') for line in out.splitlines())
    rows = {r[1]: r for r in _csv(out)[1:]}
    assert rows["EVIL"][2] == '\'=HYPERLINK("http://x")'
    assert rows["DIMA"][2] == "'-2+3" and rows["DIMA"][5] == "'@SUM(A1)@x.example"

    code, out, _ = run(capsys, "orders", "list", "--format", "csv", "--database", db_url)
    orders = _csv(out)
    assert ["shop", "'=1+1"] in [r[:2] for r in orders]
    assert all(r[4].replace(".", "").isdigit() for r in orders[1:])  # amounts stay numbers

    argv = ["run", "lines", str(paid.run_id), "--partner", "DIMA", "--format", "csv"]
    code, out, _ = run(capsys, *argv, "--database", db_url)
    lines = _csv(out)
    kind, commission = lines[0].index("kind"), lines[0].index("commission")
    adjustment = next(r for r in lines if r[kind] == "adjustment")
    assert adjustment[commission] == "-10.00"  # a negative amount is a number, not neutralized
    assert any(r[0] == "'=1+1" for r in lines)

    argv = ["run", "show", str(paid.run_id), "--format", "csv", "--database", db_url]
    code, out, _ = run(capsys, *argv)
    names = [r[1] for r in _csv(out)[1:]]
    assert "'-2+3" in names and '\'=HYPERLINK("http://x")' in names

    argv = ["fraud", "flag-order", "shop:10000001", "--reason", "=cmd|' /C calc'!A0"]
    assert run(capsys, *argv, "--database", db_url)[0] == 0
    code, out, _ = run(capsys, "fraud", "list", "--format", "csv", "--database", db_url)
    assert _csv(out)[1][6] == "'=cmd|' /C calc'!A0"
    # JSON stays raw
    code, out, _ = run(capsys, "fraud", "list", "--format", "json", "--database", db_url)
    assert json.loads(out)[0]["reason"] == "=cmd|' /C calc'!A0"
