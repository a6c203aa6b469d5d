"""The partners an import creates: codes that differ only in case are one partner, listed once
with every spelling; each gets the name, type and payout method the import was given (the
merchant's default type otherwise)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from desktop_app.domain.partners import PartnerInput, PayoutMethod
from desktop_app.services import imports, merchant, partners
from desktop_app.services.imports import ImportOptions, NewPartner, UnknownCode
from desktop_app.store.database import Store
from tests.import_files import HEADER, write_csv


@pytest.fixture
def orders(store: Store, tmp_path: Path) -> Path:
    with store.transaction() as session:
        partners.create_partner(session, PartnerInput(name="Tech Blog", codes=("TB1",)))
    return write_csv(
        tmp_path / "orders.csv",
        [
            HEADER,
            ["O-1", "2026-10-01", "TECHGURU", "10.00", "USD"],
            ["O-2", "2026-10-02", "techguru", "20.00", "USD"],
            ["O-3", "2026-10-03", "TechGuru", "30.00", "USD"],
            ["O-4", "2026-10-03", "NEWBIE", "5.00", "USD"],
            ["O-5", "2026-10-04", "TB1", "7.00", "USD"],
        ],
    )


def test_codes_that_differ_in_case_are_one_unknown_partner(store: Store, orders: Path) -> None:
    dry = imports.dry_run(store, orders, ImportOptions())
    assert dry.unknown_codes == ["NEWBIE", "TECHGURU"]  # one entry per partner to create
    assert dry.unknown == [
        UnknownCode("NEWBIE", ("NEWBIE",), 1),
        UnknownCode("TECHGURU", ("TECHGURU", "techguru", "TechGuru"), 3),
    ]
    guru = next(e for e in dry.errors if "TECHGURU" in e.message)
    assert guru.row == 2
    assert (
        "unknown partner code 'TECHGURU' (this row and 2 more rows, also written 'techguru', "
        "'TechGuru')" in guru.message
    )
    assert guru.message.endswith("(--create-partners / --skip-unknown)")  # the flags, named
    assert dry.as_dict()["unknown_spellings"]["TECHGURU"] == ["TECHGURU", "techguru", "TechGuru"]


def test_new_partners_get_the_name_type_and_payout_they_were_given(
    store: Store, orders: Path
) -> None:
    with store.transaction() as session:
        profile = merchant.get_profile(session)
        merchant.save_profile(session, replace(profile, default_partner_type="Coupon site"))
    options = ImportOptions(
        create_partners=True,
        new_partners=(
            NewPartner(
                "techguru",  # any spelling names the partner
                name="Tech Guru Reviews",
                partner_type="Tech blog",
                payout_method=PayoutMethod.PAYPAL,
            ),
        ),
    )
    dry = imports.dry_run(store, orders, options)
    assert dry.partners_created == 2 and not dry.refused
    report = imports.run_import(store, orders, options)
    assert (report.added, report.partners_created) == (5, 2)
    with store.transaction() as session:
        guru = partners.find_by_code(session, "TeChGuRu")
        newbie = partners.find_by_code(session, "newbie")
        counted = len(partners.list_partners(session))
    assert counted == 3  # Tech Blog, and one partner for the three spellings of TECHGURU
    assert (guru.name, guru.codes, guru.partner_type, guru.payout_method) == (
        "Tech Guru Reviews",
        ("TECHGURU",),
        "Tech blog",
        PayoutMethod.PAYPAL,
    )
    # not named in the import: the code as its name, the merchant's default type (Settings)
    assert (newbie.name, newbie.partner_type, newbie.payout_method) == (
        "NEWBIE",
        "Coupon site",
        PayoutMethod.BANK,
    )
