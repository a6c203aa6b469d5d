"""`payout-desk --self-test` (what the installer's smoke test runs inside the bundle)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from desktop_app.cli import main


def test_self_test_passes_and_touches_nothing_outside_its_temp_folder(
    private_data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--self-test"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "self-test passed"
    steps = [line.split(maxsplit=1)[1] for line in out[1:-1]]
    assert [s.split(" (")[0] for s in steps] == [
        "open a new store",
        "calculate and lock a payout run",
        "automatic backup",
        "write a PDF statement",
        "check an IBAN and write a SEPA file",
        "start Qt",
    ]
    assert all(line.startswith("  ok") for line in out[1:-1])
    assert "100.00 payable" in out[2]
    assert not private_data_dir.exists() or not any(private_data_dir.iterdir())
    assert os.environ["PAYOUT_DESK_DATA_DIR"] == str(private_data_dir)


def test_a_failing_step_is_named_and_exits_1(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from desktop_app import self_test

    def broken(_ctx: self_test.Context) -> str:
        raise FileNotFoundError("statement font missing: DejaVuSans.ttf")

    steps = [s if s[0] != "write a PDF statement" else (s[0], broken) for s in self_test.STEPS]
    monkeypatch.setattr(self_test, "STEPS", steps)
    assert main(["--self-test"]) == 1
    out = capsys.readouterr().out
    assert "FAILED  write a PDF statement: FileNotFoundError: statement font missing" in out
    assert "start Qt" not in out
