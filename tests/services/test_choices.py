"""The lists a currency, time zone or locale is picked from, and the one check every way in
uses (Settings, the partner dialog, `merchant set`, `partners add|update`)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from desktop_app.domain.partners import PartnerInput
from desktop_app.errors import ValidationError
from desktop_app.services import choices, merchant, partners
from desktop_app.store.database import Store


def test_the_lists_name_every_entry() -> None:
    locales = {c.code: c.label for c in choices.locale_choices()}
    assert locales["es_MX"] == "Spanish (Mexico) · es_MX"
    assert locales["en_DE"] == "English (Germany) · en_DE"  # English words, German formats
    currencies = {c.code: c.label for c in choices.currency_choices()}
    assert currencies["EUR"] == "EUR — Euro (€)"
    assert currencies["JPY"].startswith("JPY — Japanese Yen")
    assert "DEM" not in currencies and "XAU" not in currencies  # not money anyone pays in
    zones = {c.code for c in choices.timezone_choices()}
    assert {"UTC", "Europe/Berlin", "America/New_York"} <= zones


@pytest.mark.parametrize(
    ("check", "typed", "stored"),
    [
        (choices.check_locale, "es-mx", "es_MX"),
        (choices.check_locale, "DE_de", "de_DE"),
        (choices.check_currency, " eur ", "EUR"),
        (choices.check_timezone, "europe/berlin", "Europe/Berlin"),
    ],
)
def test_any_case_is_accepted_and_spelled_as_the_list_does(check, typed, stored) -> None:  # type: ignore[no-untyped-def]
    assert check(typed) == stored


@pytest.mark.parametrize(
    ("check", "typed", "message"),
    [
        (choices.check_locale, "en_ZZ", "'en_ZZ' is not a locale like es_ES: use a language"),
        (choices.check_locale, "es_XX", "(did you mean es_MX?)"),
        (choices.check_currency, "EURO", "such as USD, EUR or GBP (did you mean EUR?)"),
        (choices.check_timezone, "Europe/Berln", "(did you mean Europe/Berlin?)"),
    ],
)
def test_a_value_not_in_the_list_is_refused_naming_the_form(check, typed, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as caught:
        check(typed)
    assert message in str(caught.value)


def test_the_services_that_save_use_the_same_check(store: Store) -> None:
    with store.transaction() as session:
        profile = merchant.get_profile(session)
        with pytest.raises(ValidationError, match="'en_ZZ' is not a locale"):
            merchant.save_profile(session, replace(profile, locale="en_ZZ"))
        saved = merchant.save_profile(session, replace(profile, locale="fr-ca"))
        assert saved.locale == "fr_CA"
        with pytest.raises(ValidationError, match="or leave it empty for the merchant's"):
            partners.create_partner(session, PartnerInput("Zoë", ("ZOE",), statement_locale="x"))
        made = partners.create_partner(
            session, PartnerInput("Zoë", ("ZOE",), statement_locale="pt-br")
        )
        assert made.statement_locale == "pt_BR"
