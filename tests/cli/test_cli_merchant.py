import json

import pytest

from desktop_app.cli import main


def test_set_then_show_the_merchant_profile(
    capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    code = main(
        [
            "merchant",
            "set",
            "--database",
            db_url,
            "--name",
            "Lumen & Oak",
            "--currency",
            "eur",
            "--minimum-payout",
            "25.5",
            "--holding-days",
            "14",
            "--address",
            "1 Main St\\nBristol",
        ]
    )
    assert code == 0
    capsys.readouterr()
    assert main(["merchant", "show", "--database", db_url, "--format", "json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["name"] == "Lumen & Oak"
    assert shown["base_currency"] == "EUR"
    assert shown["minimum_payout"] == "25.50"
    assert shown["holding_days"] == 14
    assert shown["address"] == "1 Main St\nBristol"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--currency", "EURO"], "base_currency: 'EURO' is not a currency code"),
        (["--timezone", "Mars/Olympus"], "timezone: 'Mars/Olympus' is not a time zone name"),
        (
            ["--minimum-payout", "ten"],
            "minimum_payout: 'ten' is not an amount like 12.50 (digits, an optional sign and '.' "
            "as the decimal point)",
        ),
        (["--minimum-payout", "1.005"], "minimum_payout: '1.005' has more than 2 decimals for USD"),
        (["--page-size", "A5"], "page_size: choose A4 or Letter"),
    ],
)
def test_invalid_settings_are_refused(
    capsys: pytest.CaptureFixture[str], db_url: str, argv: list[str], message: str
) -> None:
    assert main(["merchant", "set", "--database", db_url, *argv]) == 2
    assert capsys.readouterr().err.strip() == f"payout-desk: error: {message}"


def test_a_currency_change_with_money_in_the_store_needs_a_stated_rate(
    capsys: pytest.CaptureFixture[str], tmp_path: object
) -> None:
    """Issue 16.3 from the terminal: the demo store holds runs and orders in USD."""
    from pathlib import Path

    store = f"{Path(str(tmp_path)) / 'demo.sqlite'}"
    assert main(["demo", "--database", store]) == 0
    capsys.readouterr()
    assert main(["merchant", "set", "--database", store, "--currency", "JPY"]) == 2
    error = capsys.readouterr().err
    assert error.startswith("payout-desk: error: base_currency: cannot change from USD to JPY")
    assert "--convert-at RATE" in error
    assert main(["merchant", "show", "--database", store, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["base_currency"] == "USD"

    argv = ["merchant", "set", "--database", store, "--currency", "JPY", "--convert-at", "150"]
    assert main([*argv, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["base_currency"] == "JPY"
