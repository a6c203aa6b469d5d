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
        (
            ["--currency", "EURO"],
            "base_currency: 'EURO' is not a currency code: use a three-letter ISO 4217 code in "
            "use, such as USD, EUR or GBP (did you mean EUR?)",
        ),
        (
            ["--timezone", "Mars/Olympus"],
            "timezone: 'Mars/Olympus' is not a time zone name: use an IANA time zone name, such "
            "as Europe/Berlin, America/New_York or UTC",
        ),
        (
            ["--locale", "es_XX"],
            "locale: 'es_XX' is not a locale like es_ES: use a language and country code from "
            "Babel's list, such as en_US, de_DE or es_MX (did you mean es_MX?)",
        ),
        # Locale.parse would have taken en_ZZ for en_US: the list is the rule
        (["--locale", "en_ZZ"], "locale: 'en_ZZ' is not a locale like es_ES: use a language"),
        (["--currency", "DEM"], "base_currency: 'DEM' is not a currency code"),  # not since 2002
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
    assert capsys.readouterr().err.strip().startswith(f"payout-desk: error: {message}")


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


def test_codes_are_stored_as_the_lists_spell_them(
    capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    """The same check as the Settings pickers: any case or a dash is accepted and stored in
    the list's spelling, so a statement finds its locale."""
    argv = ["merchant", "set", "--database", db_url, "--format", "json"]
    assert (
        main([*argv, "--locale", "de-ch", "--timezone", "europe/zurich", "--currency", "chf"]) == 0
    )
    shown = json.loads(capsys.readouterr().out)
    assert (shown["locale"], shown["timezone"], shown["base_currency"]) == (
        "de_CH",
        "Europe/Zurich",
        "CHF",
    )
    partner = ["partners", "add", "--database", db_url, "--name", "A", "--code", "A1"]
    assert main([*partner, "--statement-locale", "es-mx", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["statement_locale"] == "es_MX"
    assert main([*partner, "--statement-locale", "en_ZZ"]) == 2
    assert capsys.readouterr().err.startswith(
        "payout-desk: error: statement_locale: 'en_ZZ' is not a locale like es_ES: use a "
        "language and country code from Babel's list, such as en_US, de_DE or es_MX, or leave "
        "it empty for the merchant's"
    )


def test_the_accepted_values_are_listed_with_their_names(
    capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    base = ["merchant", "choices", "--database", db_url, "--format", "json"]
    assert main([*base, "locales", "--search", "mexico"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert {"code": "es_MX", "name": "Spanish (Mexico) · es_MX"} in found
    assert main([*base, "currencies", "--search", "EUR"]) == 0
    assert json.loads(capsys.readouterr().out)[0] == {"code": "EUR", "name": "EUR — Euro (€)"}
    assert main([*base, "timezones", "--search", "zurich"]) == 0
    assert [r["code"] for r in json.loads(capsys.readouterr().out)] == ["Europe/Zurich"]
