"""Payout details are checked where they are entered: IBAN and BIC (schwifty), PayPal e-mail.

Each wrong value is refused naming the field, and the store keeps what it had.
"""

from __future__ import annotations

import pytest

from desktop_app.cli import main
from desktop_app.domain.partners import PartnerInput, PayoutMethod
from desktop_app.errors import ValidationError
from desktop_app.services import merchant, partners
from desktop_app.store.database import Store, open_store

GOOD_IBAN = "DE89 3704 0044 0532 0130 00"

BAD_IBANS = [
    ("DE88 3704 0044 0532 0130 00", "check digits do not match"),  # wrong checksum
    ("DE89 3704 0044 0532 0130 0", "has 21 characters; an IBAN from DE has 22"),  # too short
    ("GB29NWBK601613", "has 14 characters; an IBAN from GB has 22"),  # too short
    ("DE89 3704 0044 0532 01A0 00", "letters or digits in the wrong place"),  # letter
    ("NWBK GB29 6016 1331 9268 19", "two-letter country code and two check digits"),
    ("DE89-3704-0044-0532-0130-00", "characters an IBAN never has"),
]


def _count(store: Store) -> int:
    with store.transaction() as session:
        return len(partners.list_partners(session))


@pytest.mark.parametrize(("iban", "message"), BAD_IBANS)
def test_a_wrong_iban_is_refused_naming_the_field(store: Store, iban: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message) as caught, store.transaction() as session:
        partners.create_partner(
            session,
            PartnerInput(
                "Bank Partner", ("BANK1",), payout_method=PayoutMethod.BANK, payout_details=iban
            ),
        )
    assert caught.value.field == "payout_details"
    assert _count(store) == 0


@pytest.mark.parametrize(
    ("bic", "message"),
    [
        ("COBADEF", "has 7 characters; a BIC has 8 or 11"),
        ("COBADEFFXX", "has 10 characters"),
        ("COBAZZFF", r"ZZ \(its 5th and 6th letters\) is not a country code"),
    ],
)
def test_a_bic_of_the_wrong_length_or_country_is_refused(
    store: Store, bic: str, message: str
) -> None:
    with pytest.raises(ValidationError, match=message) as caught, store.transaction() as session:
        partners.create_partner(
            session,
            PartnerInput(
                "Bank Partner",
                ("BANK1",),
                payout_method=PayoutMethod.BANK,
                payout_details=GOOD_IBAN,
                payout_bic=bic,
            ),
        )
    assert caught.value.field == "payout_bic"
    assert _count(store) == 0


@pytest.mark.parametrize(
    ("address", "message"),
    [
        ("zoe@example", "no domain after the @"),
        ("zoe.example.com", "not an e-mail address"),
        ("=1+1@x.example", "not an e-mail address PayPal can pay"),
        ("zoe@@example.com", "not an e-mail address PayPal can pay"),
    ],
)
def test_a_paypal_address_without_a_domain_is_refused(
    store: Store, address: str, message: str
) -> None:
    with pytest.raises(ValidationError, match=message) as caught, store.transaction() as session:
        partners.create_partner(
            session,
            PartnerInput(
                "PayPal Partner",
                ("PP1",),
                payout_method=PayoutMethod.PAYPAL,
                payout_details=address,
            ),
        )
    assert caught.value.field == "payout_details"


def test_good_details_are_stored_in_their_printed_form(store: Store) -> None:
    with store.transaction() as session:
        bank = partners.create_partner(
            session,
            PartnerInput(
                "Bank Partner",
                ("BANK1",),
                payout_method=PayoutMethod.BANK,
                payout_details="de89370400440532013000",
                payout_bic="coba deff xxx",
            ),
        )
        paypal = partners.create_partner(
            session,
            PartnerInput(
                "PayPal Partner",
                ("PP1",),
                payout_method=PayoutMethod.PAYPAL,
                payout_details="zoe@example.com",
                payout_bic="COBADEFFXXX",  # not a bank transfer: no BIC is kept
            ),
        )
        other = partners.create_partner(
            session,
            PartnerInput(
                "Other", ("OT1",), payout_method=PayoutMethod.OTHER, payout_details="cheque"
            ),
        )
    assert (bank.payout_details, bank.payout_bic) == (GOOD_IBAN, "COBADEFFXXX")
    assert (paypal.payout_details, paypal.payout_bic) == ("zoe@example.com", "")
    assert other.payout_details == "cheque"


def test_the_merchant_account_is_checked_too(store: Store) -> None:
    with store.transaction() as session:
        profile = merchant.get_profile(session)
    from dataclasses import replace

    with pytest.raises(ValidationError) as caught, store.transaction() as session:
        merchant.save_profile(session, replace(profile, iban="DE88370400440532013000"))
    assert caught.value.field == "iban"
    with pytest.raises(ValidationError) as caught, store.transaction() as session:
        merchant.save_profile(session, replace(profile, iban=GOOD_IBAN, bic="COBADE"))
    assert caught.value.field == "bic"
    with store.transaction() as session:
        saved = merchant.save_profile(
            session, replace(profile, iban="DE89370400440532013000", bic="cobadeff")
        )
    assert (saved.iban, saved.bic) == (GOOD_IBAN, "COBADEFF")
    with store.transaction() as session:
        assert merchant.get_profile(session).iban == GOOD_IBAN


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_cli_refuses_wrong_details_naming_the_option_field(
    capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    open_store(db_url).close()
    base = ["partners", "add", "--database", db_url, "--name", "Dima", "--code", "DIMA"]
    code, _, err = _cli(
        capsys, *base, "--payout-method", "bank", "--payout-details", "DE88370400440532013000"
    )
    assert code == 2 and "payout_details:" in err and "check digits" in err
    code, _, err = _cli(
        capsys,
        *base,
        "--payout-method",
        "bank",
        "--payout-details",
        GOOD_IBAN,
        "--bic",
        "COBADEFFX",
    )
    assert code == 2 and "payout_bic:" in err and "8 or 11" in err
    code, _, err = _cli(
        capsys, *base, "--payout-method", "paypal", "--payout-details", "dima@localhost"
    )
    assert code == 2 and "payout_details:" in err and "no domain" in err
    code, out, err = _cli(
        capsys,
        *base,
        "--payout-method",
        "bank",
        "--payout-details",
        GOOD_IBAN,
        "--bic",
        "COBADEFFXXX",
        "--format",
        "json",
    )
    assert (code, err) == (0, "")
    assert '"payout_bic": "COBADEFFXXX"' in out
    # switching to PayPal needs a PayPal address, not the IBAN
    code, _, err = _cli(
        capsys, "partners", "update", "DIMA", "--database", db_url, "--payout-method", "paypal"
    )
    assert code == 2 and "payout_details:" in err
    code, _, err = _cli(
        capsys,
        "merchant",
        "set",
        "--database",
        db_url,
        "--iban",
        "DE89370400440532013000",
        "--bic",
        "COBADEFF",
    )
    assert (code, err) == (0, "")
    code, _, err = _cli(capsys, "merchant", "set", "--database", db_url, "--iban", "DE00")
    assert code == 2 and err.startswith("payout-desk: error: iban:")
