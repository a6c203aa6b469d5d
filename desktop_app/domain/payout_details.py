"""Payout details a payment can actually be made to: IBAN and BIC (checked with schwifty) and a
PayPal e-mail address.

A partner paid by bank transfer is paid to an IBAN (its country length, structure and check
digits are verified), optionally with the bank's BIC (8 or 11 characters, a known country). A
partner paid by PayPal is paid to an e-mail address PayPal can take (a name, one @, a domain
with a dot). The same checks run where details are entered (partner dialog, `partners add`)
and when payment files are written, so a file never carries an account a bank or PayPal would
refuse, and never an empty one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from desktop_app.errors import ValidationError

# A PayPal address: no blanks, one @, a name that starts with a letter or digit (so no file
# cell ever starts like a formula), a domain of dot-separated labels ending in a TLD of 2+
# letters.
_LABEL = r"[^\W_](?:[\w-]*[^\W_])?"
PAYPAL_EMAIL_RE = re.compile(
    rf"^[^\W_][\w.+'%-]*@(?:{_LABEL}\.)+[^\W\d_]{{2,}}$",
    re.UNICODE,
)


def _compact(text: str) -> str:
    return "".join(text.split()).upper()


def iban_problem(text: str) -> str | None:
    """Why `text` is not a valid IBAN, in words; None when it is one."""
    compact = _compact(text)
    if not compact:
        return "no IBAN given"
    if compact.startswith("IBAN"):
        compact = compact[4:]
    if not re.fullmatch(r"[A-Z0-9]+", compact):
        return f"'{text}' has characters an IBAN never has (only letters and digits)"
    if not re.fullmatch(r"[A-Z]{2}[0-9]{2}[A-Z0-9]+", compact):
        return (
            f"'{text}' is not an IBAN: it starts with a two-letter country code and two check "
            "digits, e.g. DE89 3704 0044 0532 0130 00"
        )
    # schwifty is imported where it is used: it takes a fifth of the command line's start-up
    from schwifty import IBAN
    from schwifty.exceptions import (
        InvalidBBANChecksum,
        InvalidChecksumDigits,
        InvalidCountryCode,
        InvalidLength,
        SchwiftyException,
    )

    try:
        IBAN(compact)
    except InvalidCountryCode:
        return f"'{text}': {compact[:2]} is not a country that uses IBANs"
    except InvalidLength:
        from schwifty import registry

        expected = registry.get_iban_spec(compact[:2]).iban_length
        wanted = f"{expected} characters" if expected else "another length"
        return f"'{text}' has {len(compact)} characters; an IBAN from {compact[:2]} has {wanted}"
    except InvalidChecksumDigits:
        return f"'{text}': the check digits do not match the account (a typing error?)"
    except InvalidBBANChecksum:
        return f"'{text}': the national check digits do not match (a typing error?)"
    except SchwiftyException:
        return f"'{text}' has letters or digits in the wrong place for an IBAN from {compact[:2]}"
    return None


def normalized_iban(text: str) -> str:
    """The IBAN in its printed form, in groups of four ("DE89 3704 0044 0532 0130 00")."""
    from schwifty import IBAN

    compact = _compact(text)
    if compact.startswith("IBAN"):
        compact = compact[4:]
    return str(IBAN(compact).formatted)


def compact_iban(text: str) -> str:
    """The IBAN as payment files take it ("DE89370400440532013000")."""
    compact = _compact(text)
    return compact[4:] if compact.startswith("IBAN") else compact


def iban_in_sepa(text: str) -> bool:
    """Whether the IBAN's country takes part in SEPA credit transfers."""
    from schwifty import IBAN

    return bool(IBAN(compact_iban(text)).in_sepa_zone)


def bic_problem(text: str) -> str | None:
    """Why `text` is not a valid BIC; None when it is one (or empty: a BIC is optional)."""
    compact = _compact(text)
    if not compact:
        return None
    if len(compact) not in (8, 11):
        return f"'{text}' has {len(compact)} characters; a BIC has 8 or 11, e.g. COBADEFFXXX"
    from schwifty import BIC
    from schwifty.exceptions import InvalidCountryCode, SchwiftyException

    try:
        BIC(compact)
    except InvalidCountryCode:
        return f"'{text}': {compact[4:6]} (its 5th and 6th letters) is not a country code"
    except SchwiftyException:
        return (
            f"'{text}' is not a BIC: 4 letters for the bank, 2 for the country, then 2 and "
            "optionally 3 letters or digits"
        )
    return None


def normalized_bic(text: str) -> str:
    return _compact(text)


def paypal_problem(text: str) -> str | None:
    """Why `text` is not an address PayPal can pay; None when it is one."""
    address = text.strip()
    if not address:
        return "no PayPal address given"
    if "@" not in address:
        return f"'{text}' is not an e-mail address (PayPal pays an e-mail address)"
    if not PAYPAL_EMAIL_RE.match(address):
        domain = address.rpartition("@")[2]
        if "." not in domain:
            return f"'{text}' has no domain after the @ (a name@example.com address)"
        return f"'{text}' is not an e-mail address PayPal can pay (like name@example.com)"
    return None


@dataclass(frozen=True)
class BankAccount:
    iban: str  # compact
    bic: str  # compact, "" when not given


def check_bank(details: str, bic: str, *, details_field: str, bic_field: str) -> None:
    """Raise ValidationError naming the field for a wrong IBAN (empty allowed) or BIC."""
    if details.strip():
        problem = iban_problem(details)
        if problem is not None:
            raise ValidationError(
                details_field,
                f"{problem}; bank transfers are paid to an IBAN (for another kind of account "
                "choose the payout method 'other')",
            )
    problem = bic_problem(bic)
    if problem is not None:
        raise ValidationError(bic_field, problem)
