"""`payout-desk plans import|list|bonus-rules|example` against a real store file."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from desktop_app.cli import main

pytestmark = pytest.mark.postgres  # also runs on PostgreSQL in .ci/run

SAMPLE = Path(__file__).parents[2] / "resources" / "sample_data" / "plans_example.toml"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_import_then_list_in_every_format(capsys: pytest.CaptureFixture[str], db_url: str) -> None:
    code, out, err = run(capsys, "plans", "import", str(SAMPLE), "--database", db_url)
    assert (code, err) == (0, "")
    assert "3 plans added" in out and "2 bonus rules saved" in out

    code, out, _ = run(
        capsys, "plans", "list", "--database", db_url, "--format", "json", "--on", "2026-08-01"
    )
    assert code == 0
    records = {r["name"]: r for r in json.loads(out)}
    std = records["Standard"]
    assert (std["current_version"], std["effective_from"]) == (2, "2026-07-01")
    assert std["partner_types"] == ["Lifestyle media", "Tech blog"]
    first = std["versions"][0]["rules"]
    assert [r["category"] for r in first] == [None, "Books"]
    assert first[0]["tiers"][1] == {"from": "50", "rate": "7", "fixed": "0"}

    code, out, _ = run(capsys, "plans", "list", "--database", db_url, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["name"] for r in rows] == ["Busy partners", "Standard", "Volume ladder"]
    assert "period_volume/marginal" in rows[2]["rules"]

    code, out, _ = run(capsys, "plans", "list", "--database", db_url)
    assert code == 0 and "Volume ladder" in out.splitlines()[-1]

    code, out, _ = run(capsys, "plans", "bonus-rules", "--database", db_url, "--format", "json")
    assert [(r["name"], r["partner_type"]) for r in json.loads(out)] == [
        ("Top seller", ""),
        ("Great conversion", "Tech blog"),
    ]


def test_example_shows_what_an_order_earns(capsys: pytest.CaptureFixture[str], db_url: str) -> None:
    assert main(["plans", "import", str(SAMPLE), "--database", db_url]) == 0
    capsys.readouterr()
    # v2 from 2026-07-01: 120.00 is in 50.00 – 200.00 → 7 % = 8.40, + 2.00 per order
    code, out, _ = run(
        capsys, "plans", "example", "Standard", "120.00", "--on", "2026-08-01", "--database", db_url
    )
    assert code == 0
    assert out.strip() == "an order of 120.00 USD earns 10.40 USD under plan 'Standard' v2"
    # v1, category Books: 3 % of 120.00 = 3.60
    code, out, _ = run(
        capsys,
        "plans",
        "example",
        "standard",
        "120.00",
        "--on",
        "2026-03-01",
        "--category",
        "Books",
        "--format",
        "json",
        "--database",
        db_url,
    )
    assert json.loads(out)["commission"] == "3.60"


def test_errors_are_one_line_with_exit_code_2(
    capsys: pytest.CaptureFixture[str], db_url: str, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(
        '[[plans]]\nname = "X"\n[[plans.versions]]\neffective_from = 2026-01-01\n'
        '[[plans.versions.rules]]\nbasis = "order_total"\nmode = "whole"\n'
        "tiers = [{ from = 0, rate = 5 }]\n",
        encoding="utf-8",
    )
    code, out, err = run(capsys, "plans", "import", str(bad), "--database", db_url)
    assert code == 2 and out == ""
    assert err.startswith("payout-desk: error: plans[0].versions[0].rules[0].basis: ")
    assert err.count("\n") == 1

    code, _, err = run(
        capsys, "plans", "import", str(tmp_path / "missing.toml"), "--database", db_url
    )
    assert code == 2 and "cannot read" in err

    code, _, err = run(capsys, "plans", "example", "Nope", "10.00", "--database", db_url)
    assert code == 2 and "no plan called 'Nope'" in err

    code, out, _ = run(capsys, "plans", "list", "--database", db_url, "--format", "json")
    assert json.loads(out) == []


def test_a_plan_that_starts_later_is_not_in_force_yet(
    capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    """Issue 17.11: on a day before a plan's first version, it is not shown as current."""
    assert main(["plans", "import", str(SAMPLE), "--database", db_url]) == 0
    capsys.readouterr()
    code, out, _ = run(
        capsys, "plans", "list", "--database", db_url, "--format", "json", "--on", "2025-12-31"
    )
    assert code == 0
    std = {r["name"]: r for r in json.loads(out)}["Standard"]
    assert std["current_version"] is None
    assert std["in_force"] == "not in force yet (from 2026-01-01)"
    code, out, _ = run(capsys, "plans", "list", "--database", db_url, "--on", "2026-08-01")
    assert "in force" in out and "not in force yet" not in out


def test_a_bonus_extra_rate_over_100_percent_is_refused(db_url: str) -> None:
    from decimal import Decimal

    from desktop_app.domain.commissions import BonusRule
    from desktop_app.errors import ValidationError
    from desktop_app.services import plans
    from desktop_app.store.database import open_store

    store = open_store(db_url)
    try:
        rule = BonusRule(
            rule_id=0,
            name="Too generous",
            metric="sales",
            threshold=Decimal("100"),
            fixed=Decimal("0"),
            extra_rate=Decimal("150"),
        )
        refused = pytest.raises(ValidationError, match=r"^extra_rate: '150' must be a percentage")
        with refused, store.transaction() as session:
            plans.save_bonus_rule(session, rule)
    finally:
        store.close()
