"""No plan, no silence (issue 17.2): a partner no commission plan covers earns 0.00 with the
reason on the line (not "below the minimum"), is listed before and after the run, a merchant
default plan covers partners whose type has none, and partners an import creates get the
merchant's default type."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.domain.partners import PartnerInput
from desktop_app.services import imports, merchant, partners, payouts
from desktop_app.services.imports import ImportOptions
from desktop_app.services.payouts.coverage import uncovered_partners
from desktop_app.store.database import Store
from tests.import_files import HEADER, write_csv
from tests.payout_fixture import Shop, make_run, make_shop

OCT1, OCT31 = date(2026, 10, 1), date(2026, 10, 31)


@pytest.fixture
def shop(store: Store) -> Shop:
    shop = make_shop(store, holding_days=0, minimum="50.00")
    with store.transaction() as session:
        coupons = partners.create_partner(
            session, PartnerInput(name="Coupon Corner", codes=("COUP",), partner_type="Coupon site")
        )
        loose = partners.create_partner(session, PartnerInput(name="No Type", codes=("LOOSE",)))
    shop.order(shop.alpha, date(2026, 10, 3), "1000.00")
    shop.order(coupons.id, date(2026, 10, 4), "400.00")
    shop.order(loose.id, date(2026, 10, 5), "250.00")
    return shop


def _lines(store: Store, run_id: int) -> dict[str, tuple[str, D, str]]:
    with store.transaction() as session:
        return {
            line.external_id: (line.status, line.commission, line.reason)
            for line in payouts.run_lines(session, run_id)
        }


def test_lines_of_partners_without_a_plan_say_so(shop: Shop) -> None:
    with shop.store.transaction() as session:
        found = uncovered_partners(session, OCT1, OCT31)
    assert [u.sentence() for u in found] == [
        "Coupon Corner (COUP): 1 order(s), 400.00 USD: no commission plan covers partner type "
        "'Coupon site'",
        "No Type (LOOSE): 1 order(s), 250.00 USD: no commission plan: the partner has no type "
        "and no plan of its own",
    ]
    run = make_run(shop.store, OCT1, OCT31)
    lines = _lines(shop.store, run)
    assert lines["O-1"] == ("payable", D("100.00"), "")
    assert lines["O-2"] == (
        "payable",
        D("0.00"),
        "no commission plan covers partner type 'Coupon site'",
    )  # not "below the 50.00 minimum, carried over"
    assert lines["O-3"][2].startswith("no commission plan: the partner has no type")


def test_a_default_plan_covers_partners_whose_type_has_none(shop: Shop) -> None:
    with shop.store.transaction() as session:
        merchant.save_profile(
            session, replace(merchant.get_profile(session), default_plan="Flat 10 %")
        )
        assert merchant.get_profile(session).default_plan == "Flat 10 %"
        assert uncovered_partners(session, OCT1, OCT31) == []
    lines = _lines(shop.store, make_run(shop.store, OCT1, OCT31))
    carried = "below the 50.00 minimum, carried over"
    assert lines["O-2"] == ("carried", D("40.00"), carried)  # earns now; below the minimum
    assert lines["O-3"] == ("carried", D("25.00"), carried)


def test_an_unknown_default_plan_is_refused(shop: Shop) -> None:
    from desktop_app.errors import ValidationError

    refused = pytest.raises(ValidationError, match=r"^default_plan: there is no plan 'Gold'")
    with refused, shop.store.transaction() as session:
        merchant.save_profile(session, replace(merchant.get_profile(session), default_plan="Gold"))


def test_partners_an_import_creates_get_the_default_type(store: Store, tmp_path: Path) -> None:
    with store.transaction() as session:
        merchant.save_profile(
            session, replace(merchant.get_profile(session), default_partner_type="Influencer")
        )
    path = write_csv(tmp_path / "o.csv", [HEADER, ["N-1", "2026-10-02", "NEWBIE", "10.00", "USD"]])
    report = imports.run_import(store, path, ImportOptions(create_partners=True))
    assert (report.partners_created, report.new_partner_type) == (1, "Influencer")
    with store.transaction() as session:
        assert partners.find_by_code(session, "NEWBIE").partner_type == "Influencer"


def test_run_create_in_the_cli_warns_about_partners_without_a_plan(
    capsys: pytest.CaptureFixture[str], shop: Shop
) -> None:
    url = shop.store.url
    shop.store.close()
    argv = ["--database", url, "run", "create", "--from", "2026-10-01", "--to", "2026-10-31"]
    assert main(argv) == 0
    err = capsys.readouterr().err
    assert err.startswith("\nwarning: 2 partner(s) with orders in the period earn nothing")
    assert "--default-plan NAME" in err
    assert "  Coupon Corner (COUP): 1 order(s), 400.00 USD: no commission plan covers" in err
