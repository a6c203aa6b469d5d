"""The values a merchant picks instead of typing: locales (Babel's list), currencies (ISO 4217,
those in use today) and time zones (the IANA database).

The Settings screen and the partner dialog offer exactly these lists, and every way in (those
dialogs, `payout-desk merchant set`, `partners add|update --statement-locale`, the services
that save) checks a value with the `check_*` functions here, so a typo is refused where it is
typed, naming the accepted form, instead of being found when a statement prints.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

from babel import Locale, localedata
from babel.core import get_global
from babel.numbers import get_currency_name, get_currency_symbol, get_territory_currencies

from desktop_app.errors import ValidationError

LOCALE_FORM = "a language and country code from Babel's list, such as en_US, de_DE or es_MX"
CURRENCY_FORM = "a three-letter ISO 4217 code in use, such as USD, EUR or GBP"
TIMEZONE_FORM = "an IANA time zone name, such as Europe/Berlin, America/New_York or UTC"


@dataclass(frozen=True)
class Choice:
    """A value (`code`) and how a picker shows it (`label`, searched by any part of it)."""

    code: str
    label: str


@cache
def _locales() -> dict[str, str]:
    """lower-case identifier → Babel's spelling ("es_mx" → "es_MX")."""
    return {code.casefold(): code for code in localedata.locale_identifiers()}


@cache
def locale_choices() -> tuple[Choice, ...]:
    """Every locale Babel knows, by English name: "Spanish (Mexico) · es_MX"."""
    named = [
        Choice(code, f"{Locale.parse(code).get_display_name('en') or code} · {code}")
        for code in _locales().values()
    ]
    return tuple(sorted(named, key=lambda c: (c.label.split(" · ")[0].casefold(), c.code)))


@cache
def _currencies() -> frozenset[str]:
    """Currencies some country uses as legal tender today (historic codes such as DEM and
    funds or metals such as XAU left out)."""
    today = date.today()
    found: set[str] = set()
    for territory in get_global("territory_currencies"):
        found.update(get_territory_currencies(territory, today, tender=True))
    return frozenset(found)


@cache
def currency_choices() -> tuple[Choice, ...]:
    """ "EUR — Euro (€)", by code."""
    result = []
    for code in sorted(_currencies()):
        name = get_currency_name(code, locale="en")
        symbol = get_currency_symbol(code, locale="en")
        sign = f" ({symbol})" if symbol and symbol != code else ""
        result.append(Choice(code, f"{code} — {name}{sign}"))
    return tuple(result)


@cache
def _time_zones() -> dict[str, str]:
    return {name.casefold(): name for name in available_timezones()}


@cache
def timezone_choices() -> tuple[Choice, ...]:
    """ "Europe/Berlin (UTC+01:00)", by name; the offset is today's."""
    now = datetime.now(UTC)
    result = []
    for name in sorted(_time_zones().values()):
        offset = now.astimezone(ZoneInfo(name)).strftime("%z")
        result.append(Choice(name, f"{name} (UTC{offset[:3]}:{offset[3:]})"))
    return tuple(result)


def _did_you_mean(value: str, known: dict[str, str]) -> str:
    """ " (did you mean es_ES?)" for a near miss; `known`: lower-case → proper spelling."""
    close = difflib.get_close_matches(value.casefold(), list(known), n=1, cutoff=0.6)
    return f" (did you mean {known[close[0]]}?)" if close else ""


def check_locale(value: str, field: str = "locale", *, empty_ok: str = "") -> str:
    """Babel's spelling of a locale ("es-mx" → "es_MX"), or ValidationError naming the accepted
    form. `empty_ok`: an empty value is allowed and means this (said in the message)."""
    text = value.strip().replace("-", "_")
    if not text and empty_ok:
        return ""
    found = _locales().get(text.casefold())
    if found is None:
        hint = _did_you_mean(text, _locales())
        empty = f", or leave it empty for {empty_ok}" if empty_ok else ""
        raise ValidationError(
            field, f"'{value}' is not a locale like es_ES: use {LOCALE_FORM}{empty}{hint}"
        )
    return found


def check_currency(value: str, field: str = "base_currency") -> str:
    """The upper-case ISO 4217 code, or ValidationError naming the accepted form."""
    code = value.strip().upper()
    if code not in _currencies():
        hint = _did_you_mean(code, {c.casefold(): c for c in _currencies()})
        raise ValidationError(field, f"'{value}' is not a currency code: use {CURRENCY_FORM}{hint}")
    return code


def check_timezone(value: str, field: str = "timezone") -> str:
    """The IANA spelling of a time zone ("europe/berlin" → "Europe/Berlin"), or ValidationError
    naming the accepted form."""
    found = _time_zones().get(value.strip().casefold())
    if found is None:
        hint = _did_you_mean(value.strip(), _time_zones())
        raise ValidationError(
            field, f"'{value}' is not a time zone name: use {TIMEZONE_FORM}{hint}"
        )
    return found
