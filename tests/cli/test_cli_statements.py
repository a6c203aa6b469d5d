"""`payout-desk statements` and `payout-desk export payouts` on a real store."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop_app.cli import main
from desktop_app.store.database import Store
from tests.services.test_statements_export import seed_run


def test_statements_to_a_folder_and_a_combined_file(
    store: Store, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run = seed_run(store)
    out = tmp_path / "statements"
    combined = tmp_path / "print" / "all.pdf"
    argv = ["statements", str(run.run_id), "--out", str(out), "--combined", str(combined)]
    assert main([*argv, "--database", db_url]) == 0
    captured = capsys.readouterr()
    assert sorted(p.name for p in out.iterdir()) == [
        "2026-10_DIMA.pdf",
        "2026-10_EVIL.pdf",
        "2026-10_SMALL.pdf",
        "2026-10_ZOE10.pdf",
    ]
    assert str(combined) in captured.out
    assert "5 file(s) written" in captured.err
    summary_pages = 1  # the combined file opens with the run summary
    assert len(PdfReader(combined).pages) == summary_pages + sum(
        len(PdfReader(p).pages) for p in out.iterdir()
    )


def test_statement_of_one_partner(store: Store, db_url: str, tmp_path: Path) -> None:
    run = seed_run(store)
    argv = ["statements", str(run.run_id), "--out", str(tmp_path), "--partner", "DIMA"]
    assert main([*argv, "--database", db_url, "--quiet"]) == 0
    assert [p.name for p in tmp_path.glob("*.pdf")] == ["2026-10_DIMA.pdf"]


def test_statements_errors_are_one_line(
    store: Store, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run = seed_run(store)
    assert main(["statements", str(run.run_id), "--database", db_url]) == 2
    assert "--out" in capsys.readouterr().err
    assert main(["statements", "42", "--out", str(tmp_path), "--database", db_url]) == 2
    err = capsys.readouterr().err
    assert err.startswith("payout-desk: error:") and err.count("\n") == 1
    argv = ["statements", str(run.run_id), "--out", str(tmp_path), "--partner", "NOBODY"]
    assert main([*argv, "--database", db_url]) == 2


def test_export_payouts_csv_and_xlsx(
    store: Store, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run = seed_run(store)
    target = tmp_path / "pay.csv"
    argv = ["export", "payouts", str(run.run_id), "--out", str(target), "--database", db_url]
    assert main(argv) == 0
    assert "3 payment(s), total 525.30 EUR" in capsys.readouterr().out
    rows = list(csv.reader(target.read_text(encoding="utf-8-sig").splitlines()))
    assert [row[7] for row in rows[1:]] == ["91.50", "126.60", "307.20"]
    xlsx = tmp_path / "pay.xlsx"
    argv = ["export", "payouts", str(run.run_id), "--out", str(xlsx), "--database", db_url]
    assert main(argv) == 0
    assert xlsx.stat().st_size > 0
    argv = ["export", "payouts", str(run.run_id), "--out", str(tmp_path / "p.pdf")]
    assert main([*argv, "--database", db_url]) == 2
