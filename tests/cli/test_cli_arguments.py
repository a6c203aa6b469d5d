"""Arguments a user can get wrong: one line on stderr and exit code 2, never an internal error.

Ids beyond the 64-bit id columns, amounts outside the strict decimal grammar, database URLs
that name no usable store, output paths that are folders or cannot be written, logos that are
not images (issue 16, items 10 and 16).
"""

from __future__ import annotations

import json
import struct
import zlib
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.store.database import Store
from tests.services.test_statements_export import PaidRun, seed_run

TOO_BIG = str(2**63)


@pytest.fixture
def paid(store: Store) -> PaidRun:
    return seed_run(store)


def fails_with_one_line(capsys: pytest.CaptureFixture[str], argv: list[str], *expected: str) -> str:
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse usage errors
        code = exc.code  # type: ignore[assignment]
    err = capsys.readouterr().err
    assert code == 2, f"{argv!r} → exit {code}: {err}"
    assert err.count("\n") == 1 and "internal error" not in err and "Traceback" not in err, err
    for text in expected:
        assert text in err, err
    return err


@pytest.mark.parametrize(
    "argv",
    [
        ["run", "show", TOO_BIG],
        ["run", "lines", TOO_BIG],
        ["run", "lock", TOO_BIG],
        ["run", "discard", TOO_BIG, "--reason", "r"],
        ["run", "paid", TOO_BIG, "--date", "2026-12-01", "--reference", "x"],
        ["run", "recalc", TOO_BIG],
        ["statements", TOO_BIG, "--out", "st"],
        ["export", "payouts", TOO_BIG, "--out", "p.csv"],
        ["mail", "statements", TOO_BIG, "--dry-run"],
        ["adjust", "add", "--run", TOO_BIG, "--partner", "DIMA", "--amount", "1", "--reason", "r"],
        ["import", "undo", TOO_BIG],
        ["run", "show", "0"],
        ["run", "show", "-1"],
        ["run", "show", "²"],
    ],
)
def test_ids_out_of_range_are_usage_errors(
    capsys: pytest.CaptureFixture[str], paid: PaidRun, db_url: str, argv: list[str]
) -> None:
    fails_with_one_line(capsys, [*argv, "--database", db_url], "is not an id")


@pytest.mark.parametrize(
    "argv",
    [
        ["partners", "show", TOO_BIG],
        ["partners", "update", TOO_BIG, "--notes", "n"],
        ["partners", "pause", "99999999999999999999"],
        ["run", "lines", "1", "--partner", TOO_BIG],
        ["fraud", "flag-partner", TOO_BIG, "--reason", "r"],
        ["fraud", "flag-order", TOO_BIG, "--reason", "r"],
        ["fraud", "lift-order", "²", "--reason", "r"],
        ["partners", "show", "²"],
    ],
)
def test_references_that_look_like_huge_ids_are_not_found(
    capsys: pytest.CaptureFixture[str], paid: PaidRun, db_url: str, argv: list[str]
) -> None:
    fails_with_one_line(capsys, [*argv, "--database", db_url])


@pytest.mark.parametrize(
    "url",
    [
        "nonsense://x",
        "mysql://user@localhost/db",
        "postgresql://user@127.0.0.1:1/db",
        "postgresql+psycopg://user@127.0.0.1:1/db",
        "postgresql+asyncpg://user@127.0.0.1:1/db",
        "://",
        "sqlite:////proc/payout-desk/store.sqlite",
        "x" * 5000,
    ],
)
@pytest.mark.parametrize("command", [["partners", "list"], ["backup"], ["demo"]])
def test_database_urls_that_name_no_usable_store(
    capsys: pytest.CaptureFixture[str], url: str, command: list[str]
) -> None:
    fails_with_one_line(capsys, [*command, "--database", url])


def test_a_missing_postgres_driver_says_how_to_install_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    try:
        import psycopg  # noqa: F401
    except ImportError:
        err = fails_with_one_line(
            capsys, ["run", "list", "--database", "postgresql://user@127.0.0.1:1/db"]
        )
        assert "pip install" in err and "psycopg" in err
    else:
        pytest.skip("psycopg is installed here")


@pytest.mark.parametrize(
    "value",
    ["NaN", "Infinity", "-Infinity", "1e400", "5e2", "99999999999999999999", "1.001", "", "1,5"],
)
def test_minimum_payout_follows_the_amount_grammar(
    capsys: pytest.CaptureFixture[str], paid: PaidRun, db_url: str, value: str
) -> None:
    argv = ["merchant", "set", f"--minimum-payout={value}", "--database", db_url]
    fails_with_one_line(capsys, argv, "minimum_payout")


@pytest.mark.parametrize("value", ["1e400", "5e2", "99999999999999999999", "NaN", "0x10", "1.2.3"])
def test_adjustment_amount_follows_the_amount_grammar(
    capsys: pytest.CaptureFixture[str], paid: PaidRun, db_url: str, value: str
) -> None:
    argv = ["adjust", "add", "--partner", "DIMA", "--amount", value, "--reason", "r"]
    fails_with_one_line(capsys, [*argv, "--database", db_url], "amount")


@pytest.mark.parametrize("value", ["1e400", "5e2", "Infinity", "-0.001"])
def test_plan_example_amount_follows_the_amount_grammar(
    capsys: pytest.CaptureFixture[str], paid: PaidRun, db_url: str, value: str
) -> None:
    argv = ["plans", "example", "Flat 10 %", value, "--database", db_url]
    fails_with_one_line(capsys, argv, "amount")


def test_plain_amounts_still_work(
    capsys: pytest.CaptureFixture[str], paid: PaidRun, db_url: str
) -> None:
    argv = ["plans", "example", "Flat 10 %", "120.5", "--format", "json", "--database", db_url]
    assert main(argv) == 0
    assert json.loads(capsys.readouterr().out)["commission"] == "12.05"
    argv = ["merchant", "set", "--minimum-payout", " 25 ", "--format", "json", "--database", db_url]
    assert main(argv) == 0
    assert json.loads(capsys.readouterr().out)["minimum_payout"] == "25.00"
    argv = ["adjust", "add", "--partner", "DIMA", "--amount", "-10.5", "--reason", "fix"]
    assert main([*argv, "--database", db_url]) == 0
    assert "-10.50 EUR" in capsys.readouterr().out


def test_statements_out_and_combined_that_cannot_be_written(
    capsys: pytest.CaptureFixture[str], paid: PaidRun, db_url: str, tmp_path: Path
) -> None:
    a_file = tmp_path / "a-file.txt"
    a_file.write_text("x")
    run = str(paid.run_id)
    base = ["statements", run, "--database", db_url]
    fails_with_one_line(capsys, [*base, "--out", str(a_file)], "out")
    fails_with_one_line(capsys, [*base, "--out", str(a_file / "below")], "out")
    fails_with_one_line(capsys, [*base, "--out", "/proc/payout-desk/statements"], "out")
    fails_with_one_line(capsys, [*base, "--combined", str(tmp_path)], "combined")
    fails_with_one_line(capsys, [*base, "--combined", ""], "combined")
    fails_with_one_line(capsys, [*base, "--combined", "/proc/payout-desk/all.pdf"], "combined")
    fails_with_one_line(capsys, [*base, "--combined", str(tmp_path / ("x" * 300))], "combined")
    assert list(tmp_path.glob("**/*.pdf")) == []


def test_payout_file_that_cannot_be_written(
    capsys: pytest.CaptureFixture[str], paid: PaidRun, db_url: str, tmp_path: Path
) -> None:
    folder = tmp_path / "folder.csv"
    folder.mkdir()
    a_file = tmp_path / "a-file.txt"
    a_file.write_text("x")
    base = ["export", "payouts", str(paid.run_id), "--database", db_url]
    fails_with_one_line(capsys, [*base, "--out", str(folder)], "out")
    fails_with_one_line(capsys, [*base, "--out", str(a_file / "pay.csv")], "out")
    fails_with_one_line(capsys, [*base, "--out", "/proc/payout-desk/pay.xlsx"], "out")


def test_backup_and_restore_paths_that_cannot_be_used(
    capsys: pytest.CaptureFixture[str], paid: PaidRun, db_url: str, tmp_path: Path
) -> None:
    a_file = tmp_path / "a-file.txt"
    a_file.write_text("x")
    fails_with_one_line(capsys, ["backup", "--database", db_url, "--out", str(a_file / "b")])
    fails_with_one_line(capsys, ["backup", "--database", db_url, "--out", "/proc/pd/b.sqlite"])
    fails_with_one_line(capsys, ["restore", "x" * 5000, "--database", db_url])


def test_import_file_name_too_long(
    capsys: pytest.CaptureFixture[str], paid: PaidRun, db_url: str
) -> None:
    fails_with_one_line(capsys, ["import", "orders", "x" * 5000, "--database", db_url])


def _png(path: Path) -> Path:
    """A 1x1 PNG written by hand (no image library needed)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )
    return path


def test_logo_must_be_a_png_or_jpeg_image(
    capsys: pytest.CaptureFixture[str],
    paid: PaidRun,
    db_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = tmp_path / "logo.png"
    text.write_text("not an image")
    gif = tmp_path / "logo.gif"
    gif.write_bytes(b"GIF89a\x01\x00\x01\x00\x00\x00\x00;")
    base = ["merchant", "set", "--database", db_url, "--logo"]
    for bad in (str(tmp_path), str(text), str(gif), str(tmp_path / "missing.png")):
        fails_with_one_line(capsys, [*base, bad], "logo")
    good = _png(tmp_path / "good.png")
    monkeypatch.chdir(tmp_path)  # a relative path is kept as the absolute one
    assert main([*base, "good.png", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["logo_path"] == str(good)
    # no logo at all is fine, and a stored logo that went missing does not block other changes
    good.unlink()
    assert main(["merchant", "set", "--database", db_url, "--footer", "Thanks"]) == 0
    assert main([*base, ""]) == 0
