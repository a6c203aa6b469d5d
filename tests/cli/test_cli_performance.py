"""`payout-desk performance --month`: the Partner performance tab's figures and flags, from the
terminal."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.services import imports
from desktop_app.services.imports import ImportKind, ImportOptions
from desktop_app.store.database import open_store
from tests.import_files import write_csv
from tests.payout_fixture import make_run, make_shop


@pytest.fixture
def shop_url(db_url: str, tmp_path: Path) -> str:
    """Alpha: 2 orders (500.00), 200 clicks on 10,000 impressions; Beta: 1 order (40.00), 100
    clicks, no impressions. A payout run covers October."""
    store = open_store(db_url)
    try:
        shop = make_shop(store, holding_days=0, minimum="0")
        shop.order(shop.alpha, date(2026, 10, 5), "300.00")
        shop.order(shop.alpha, date(2026, 10, 20), "200.00")
        shop.order(shop.beta, date(2026, 10, 10), "40.00")
        traffic = write_csv(
            tmp_path / "traffic.csv",
            [
                ["Date", "Tracking ID", "Clicks", "Impressions"],
                ["2026-10-01", "ALPHA", "200", "10000"],
                ["2026-10-01", "BETA", "100", ""],
            ],
        )
        assert imports.run_import(store, traffic, ImportOptions(kind=ImportKind.CLICKS)).applied
        make_run(store, date(2026, 10, 1), date(2026, 10, 31))
    finally:
        store.close()
    return db_url


def test_json_lists_every_partner_with_ctr_and_flags(
    capsys: pytest.CaptureFixture[str], shop_url: str
) -> None:
    argv = ["performance", "--month", "2026-10", "--database", shop_url, "--format", "json"]
    assert main(argv) == 0
    alpha, beta = json.loads(capsys.readouterr().out)
    assert alpha == {
        "code": "ALPHA",
        "name": "Alpha Blog",
        "clicks": 200,
        "impressions": 10000,
        "ctr": "2.00",
        "orders": 2,
        "conversion": "1.00",
        "sales": "500.00",
        "commission": "50.00",
        "flags": [],
    }
    assert beta["impressions"] is None and beta["ctr"] is None  # none imported: not 0 %
    assert beta["conversion"] == "1.00"
    assert beta["flags"] == ["sales 40.00 USD are below 100.00"]  # as the tab says it


def test_table_and_csv_leave_the_ctr_empty_without_impressions(
    capsys: pytest.CaptureFixture[str], shop_url: str
) -> None:
    base = ["performance", "--month", "2026-10", "--database", shop_url]
    assert main([*base, "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert list(rows[0]) == [
        "code",
        "name",
        "clicks",
        "impressions",
        "ctr",
        "orders",
        "conversion",
        "sales",
        "commission",
        "flags",
    ]
    assert (rows[1]["code"], rows[1]["impressions"], rows[1]["ctr"]) == ("BETA", "", "")
    assert main(base) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split()[:5] == ["code", "name", "clicks", "impressions", "ctr"]
    assert "ALPHA" in table[2] and "2.00" in table[2]


def test_thresholds_are_the_tabs_and_can_be_changed(
    capsys: pytest.CaptureFixture[str], shop_url: str
) -> None:
    base = ["performance", "--month", "2026-10", "--database", shop_url, "--format", "json"]
    assert main([*base, "--min-ctr", "2.5", "--min-sales", "0"]) == 0
    alpha, beta = json.loads(capsys.readouterr().out)
    assert alpha["flags"] == ["CTR 2.00 % is below 2.50 %"]
    assert beta["flags"] == []  # no impressions: the CTR rule does not judge it


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--month", "2026-13"], "'2026-13' is not a month like 2026-10"),
        (["--month", "October"], "'October' is not a month like 2026-10"),
        (["--month", "2026-10", "--min-ctr", "abc"], "is not a percentage from 0 to 100"),
    ],
)
def test_a_bad_month_or_threshold_is_one_line_and_exit_code_2(
    capsys: pytest.CaptureFixture[str], db_url: str, argv: list[str], message: str
) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["performance", "--database", db_url, *argv])
    assert caught.value.code == 2
    assert message in capsys.readouterr().err
