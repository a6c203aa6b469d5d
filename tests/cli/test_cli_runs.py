"""`payout-desk run|adjust|fraud` end to end on a real store file."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal as D

import pytest

from desktop_app.cli import main
from desktop_app.store.database import open_store
from tests.payout_fixture import make_shop


def run(capsys: pytest.CaptureFixture[str], db_url: str, *argv: str) -> tuple[int, str, str]:
    code = main(["--database", db_url, *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def shop_url(db_url: str) -> str:
    store = open_store(db_url)
    try:
        shop = make_shop(store, holding_days=30, minimum="50.00")
        shop.order(shop.alpha, date(2026, 10, 1), "1000.00", external_id="A-1")  # payable
        shop.order(shop.alpha, date(2026, 10, 20), "600.00", external_id="A-2")  # held
        shop.order(shop.beta, date(2026, 9, 30), "100.00", external_id="B-0")  # before period
        shop.order(shop.beta, date(2026, 10, 1), "300.00", external_id="B-1")  # 30.00 carried
    finally:
        store.close()
    return db_url


def test_create_show_lines_lock_paid(capsys: pytest.CaptureFixture[str], shop_url: str) -> None:
    code, out, err = run(
        capsys, shop_url, "run", "create", "--from", "2026-10-01", "--to", "2026-10-31",
        "--cutoff", "2026-10-31", "--format", "json",
    )  # fmt: skip
    assert (code, err) == (0, "")
    run_id = json.loads(out)["id"]

    code, out, _ = run(capsys, shop_url, "run", "show", str(run_id), "--format", "json")
    assert code == 0
    shown = json.loads(out)
    by_code = {p["code"]: p for p in shown["partners"]}
    assert by_code["ALPHA"] == {
        "partner_id": by_code["ALPHA"]["partner_id"],
        "code": "ALPHA",
        "name": "Alpha Blog",
        "sales": "1600.00",
        "commission": "160.00",
        "bonus": "0.00",
        "clawback": "0.00",
        "adjustments": "0.00",
        "withheld": "0.00",
        "held": "60.00",
        "carried_in": "0.00",
        "carried_out": "0.00",
        "payable": "100.00",
    }
    assert (by_code["BETA"]["carried_out"], by_code["BETA"]["payable"]) == ("30.00", "0.00")
    totals = shown["totals"]
    assert totals["payable"] == "100.00"
    for field, value in totals.items():
        assert D(value) == sum(D(p[field]) for p in shown["partners"])

    code, out, _ = run(
        capsys, shop_url, "run", "lines", str(run_id), "--partner", "alpha", "--format", "json"
    )
    lines = json.loads(out)
    assert [(x["order"], x["commission"], x["status"]) for x in lines] == [
        ("A-1", "100.00", "payable"),
        ("A-2", "60.00", "held"),
    ]
    assert lines[1]["reason"] == "held until 2026-11-19 (30-day holding period)"
    assert (lines[0]["tier"], lines[0]["rate"]) != ("", "")

    code, out, _ = run(capsys, shop_url, "run", "show", str(run_id))
    assert code == 0 and "TOTAL" in out and "Alpha Blog" in out

    # Alpha is paid in this run but has no payout details: listed, and the lock is refused
    code, out, err = run(capsys, shop_url, "run", "lock", str(run_id))
    assert code == 2 and out == "" and err.count("\n") == 1
    assert (
        "1 partner(s) it pays have missing or invalid payout details: Alpha Blog (ALPHA): " in err
    )
    assert "no IBAN in the payout details" in err and "--allow-missing-details" in err
    code, _, err = run(
        capsys, shop_url, "partners", "update", "ALPHA", "--payout-method", "paypal",
        "--payout-details", "alpha@example",
    )  # fmt: skip
    assert code == 2 and "no domain after the @" in err
    code, _, err = run(
        capsys, shop_url, "partners", "update", "ALPHA", "--payout-method", "paypal",
        "--payout-details", "alpha@example.com",
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert run(capsys, shop_url, "run", "lock", str(run_id)) == (0, "run 1 locked\n", "")
    code, _, err = run(capsys, shop_url, "run", "recalc", str(run_id))
    assert code == 2 and err.startswith("payout-desk: error: run 1 is locked")
    code, _, err = run(
        capsys, shop_url, "adjust", "add", "--run", str(run_id), "--partner", "ALPHA",
        "--amount", "5.00", "--reason", "goodwill",
    )  # fmt: skip
    assert code == 2 and "is locked" in err
    code, out, _ = run(
        capsys, shop_url, "run", "paid", str(run_id), "--date", "2026-11-05",
        "--reference", "SEPA-2026-11",
    )  # fmt: skip
    assert code == 0
    _, out, _ = run(capsys, shop_url, "run", "list", "--format", "json")
    (listed,) = json.loads(out)
    assert (listed["state"], listed["paid_on"], listed["reference"]) == (
        "paid",
        "2026-11-05",
        "SEPA-2026-11",
    )


def test_adjust_and_fraud_commands(capsys: pytest.CaptureFixture[str], shop_url: str) -> None:
    code, out, _ = run(
        capsys, shop_url, "run", "create", "--from", "2026-10-01", "--to", "2026-10-31",
        "--cutoff", "2026-11-30", "--format", "json",
    )  # fmt: skip
    run_id = str(json.loads(out)["id"])
    code, out, err = run(
        capsys, shop_url, "adjust", "add", "--partner", "BETA", "--amount", "20.00",
        "--reason", "Black Friday banner", "--bonus",
    )  # fmt: skip
    assert (code, err) == (0, "")
    code, out, _ = run(capsys, shop_url, "run", "show", run_id, "--format", "json")
    beta = next(p for p in json.loads(out)["partners"] if p["code"] == "BETA")
    assert (beta["bonus"], beta["payable"]) == ("20.00", "50.00")  # 30.00 + 20.00 reaches 50.00

    assert (
        run(capsys, shop_url, "fraud", "flag-order", "shop:A-1", "--reason", "chargeback")[0] == 0
    )
    code, _, err = run(capsys, shop_url, "fraud", "flag-order", "shop:NOPE", "--reason", "x")
    assert code == 2 and "no order 'shop:NOPE'" in err
    code, out, _ = run(
        capsys, shop_url, "fraud", "flag-partner", "BETA", "--reason", "stuffing", "--terminate"
    )
    assert code == 0 and "terminated" in out
    code, out, _ = run(capsys, shop_url, "run", "show", run_id, "--format", "json")
    parts = {p["code"]: p for p in json.loads(out)["partners"]}
    assert (parts["ALPHA"]["withheld"], parts["ALPHA"]["payable"]) == ("100.00", "60.00")
    assert (parts["BETA"]["withheld"], parts["BETA"]["payable"]) == ("50.00", "0.00")
    code, _, err = run(capsys, shop_url, "run", "show", "42")
    assert code == 2 and "no payout run 42" in err


def test_discard_a_draft_then_create_it_again(
    capsys: pytest.CaptureFixture[str], shop_url: str
) -> None:
    code, out, _ = run(
        capsys, shop_url, "run", "create", "--from", "2026-10-01", "--to", "2026-10-15",
        "--format", "json",
    )  # fmt: skip
    wrong = json.loads(out)["id"]
    with pytest.raises(SystemExit) as usage:  # a reason is required
        run(capsys, shop_url, "run", "discard", str(wrong))
    assert usage.value.code == 2 and "--reason" in capsys.readouterr().err
    code, out, err = run(capsys, shop_url, "run", "discard", str(wrong), "--reason", "half month")
    assert (code, out.strip(), err) == (0, f"draft run {wrong} discarded", "")
    _, out, _ = run(capsys, shop_url, "run", "list", "--format", "json")
    assert json.loads(out) == []
    code, out, _ = run(
        capsys, shop_url, "run", "create", "--from", "2026-10-01", "--to", "2026-10-31",
        "--format", "json",
    )  # fmt: skip
    right = json.loads(out)["id"]
    assert run(capsys, shop_url, "run", "lock", str(right))[0] == 2  # Alpha has no details
    code, out, err = run(capsys, shop_url, "run", "lock", str(right), "--allow-missing-details")
    assert code == 0 and out == f"run {right} locked\n"
    assert err.startswith("warning: 1 partner(s) the run pays have missing or invalid payout")
    assert "  Alpha Blog (ALPHA): bank transfer: no IBAN in the payout details" in err
    code, _, err = run(capsys, shop_url, "run", "discard", str(right), "--reason", "oops")
    assert code == 2 and "locked" in err


def test_fraud_lift_and_list(capsys: pytest.CaptureFixture[str], shop_url: str) -> None:
    assert (
        run(capsys, shop_url, "run", "create", "--from", "2026-10-01", "--to", "2026-10-31")[0] == 0
    )
    assert (
        run(capsys, shop_url, "fraud", "flag-order", "shop:A-1", "--reason", "chargeback")[0] == 0
    )
    assert run(capsys, shop_url, "run", "lock", "1", "--allow-missing-details")[0] == 0
    assert run(capsys, shop_url, "fraud", "flag-partner", "BETA", "--reason", "bots")[0] == 0

    code, out, _ = run(capsys, shop_url, "fraud", "list", "--format", "json")
    assert code == 0
    assert [(f["kind"], f["partner"], f["order"], f["reason"]) for f in json.loads(out)] == [
        ("partner", "BETA", "", "bots"),
        ("order", "ALPHA", "shop:A-1", "chargeback"),
    ]  # newest first

    code, out, err = run(
        capsys, shop_url, "fraud", "lift-order", "shop:A-1", "--reason", "bank reversed it"
    )
    assert (code, err) == (0, "")
    assert out.strip() == (
        "fraud flag on order shop:A-1 lifted; 100.00 USD withheld in run(s) 1 released in the "
        "next run"
    )
    code, out, _ = run(capsys, shop_url, "fraud", "lift-partner", "BETA", "--reason", "mistake")
    assert code == 0
    assert "fraud flag on partner BETA lifted" in out

    code, out, _ = run(capsys, shop_url, "fraud", "list")
    assert (code, out.strip()) == (0, "(none)")
    code, out, _ = run(capsys, shop_url, "fraud", "list", "--all", "--format", "csv")
    header, *rows = out.strip().splitlines()
    assert header == (  # every field quoted: see desktop_app.services.spreadsheet_cells
        '"id","kind","partner","order","flagged_on","by","reason","lifted_on","lifted_by",'
        '"lifted_reason","released"'
    )
    order_row = next(r for r in rows if ',"order",' in r)
    assert order_row.endswith(',"bank reversed it","100.00"')

    code, _, err = run(capsys, shop_url, "fraud", "lift-order", "shop:A-1", "--reason", "again")
    assert code == 2
    assert "shop:A-1 has no active fraud flag" in err

    # the released order is priced again in the next run and pays ALPHA its 100.00 once
    code, out, _ = run(
        capsys, shop_url, "run", "create", "--from", "2026-11-01", "--to", "2026-11-30",
        "--format", "json",
    )  # fmt: skip
    nov = json.loads(out)["id"]
    code, out, _ = run(
        capsys, shop_url, "run", "lines", str(nov), "--partner", "ALPHA", "--format", "json"
    )
    released = [x for x in json.loads(out) if x["order"] == "A-1"]
    assert [(x["kind"], x["commission"], x["status"]) for x in released] == [
        ("commission", "100.00", "payable")
    ]


def test_run_list_says_when_a_draft_is_out_of_date(
    capsys: pytest.CaptureFixture[str], shop_url: str
) -> None:
    run(capsys, shop_url, "run", "create", "--from", "2026-10-01", "--to", "2026-10-31")
    _, out, _ = run(capsys, shop_url, "run", "list", "--format", "json")
    assert json.loads(out)[0]["out_of_date"] is False
    run(capsys, shop_url, "partners", "pause", "BETA")
    _, out, _ = run(capsys, shop_url, "run", "list", "--format", "json")
    assert json.loads(out)[0]["out_of_date"] is True


def test_a_mistyped_database_path_is_refused_not_created(
    capsys: pytest.CaptureFixture[str], tmp_path
) -> None:  # type: ignore[no-untyped-def]
    """Issue 17.9: `run list` on a file that does not exist used to create an empty store and
    print "(none)"; now it is refused with how to create one, and `init` creates it."""
    missing = tmp_path / "shpo.sqlite"
    code, out, err = run(capsys, str(missing), "run", "list")
    assert (code, out) == (2, "")
    assert err.strip() == (
        f"payout-desk: error: there is no store at {missing} (a mistyped path?); to create one "
        f"there: payout-desk init {missing}"
    )
    assert not missing.exists()
    assert main(["init", str(missing)]) == 0
    assert capsys.readouterr().out.strip() == f"store created: {missing.resolve()}"
    assert run(capsys, str(missing), "run", "list")[0] == 0
    assert main(["init", str(missing)]) == 2  # never over an existing store
    assert "already exists" in capsys.readouterr().err
