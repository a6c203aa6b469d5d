"""A locked run's statement keeps the sender and addressee it had when the run was locked."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from sqlalchemy import update

from desktop_app.domain.partners import PartnerInput, PayoutMethod
from desktop_app.services import merchant, partners
from desktop_app.services.statements.build import build_statement
from desktop_app.services.statements.document import MerchantHeader, PartnerBlock
from desktop_app.services.statements.export import export_statements
from desktop_app.services.statements.heads import _dump, _load
from desktop_app.store.database import Store
from desktop_app.store.models import PayoutPartnerRow, PayoutRunRow
from tests.services.test_statements_export import PaidRun, pdf_text, seed_run


def _edit_merchant_and_zoe(paid: PaidRun) -> None:
    """What a merchant might change after locking: its own name and address, and a partner's
    e-mail, bank account and tax id."""
    with paid.store.transaction() as session:
        profile = merchant.get_profile(session)
        merchant.save_profile(
            session,
            replace(profile, name="Nordlicht GmbH", address="Neuer Wall 1\n20354 Hamburg"),
        )
        partners.update_partner(
            session,
            paid.zoe,
            PartnerInput(
                name="Zoë Łukasiewicz",
                codes=("ZOE10",),
                email="zoe.new@example.com",
                partner_type="Blog",
                payout_method=PayoutMethod.BANK,
                payout_details="FR76 3000 6000 0112 3456 7890 189",
                tax_id="FR-123",
            ),
        )


def test_locked_statement_keeps_the_heads_it_was_locked_with(store: Store, tmp_path: Path) -> None:
    paid = seed_run(store)
    before = export_statements(store, paid.run_id, tmp_path / "before").value
    _edit_merchant_and_zoe(paid)

    with store.transaction() as session:
        statement = build_statement(session, paid.run_id, paid.zoe)
    assert statement.merchant.name == "Nordlicht Trading"
    assert statement.merchant.address == "Hafenstraße 12\n20457 Hamburg"
    assert statement.merchant.timezone == "Europe/Berlin"
    assert statement.partner.email == "zoe@example.com"
    assert statement.partner.payout_method == "PayPal"
    assert statement.partner.tax_id == ""
    after = export_statements(store, paid.run_id, tmp_path / "after").value
    assert [p.name for p in before] == [p.name for p in after]
    for one, two in zip(before, after, strict=True):
        assert one.read_bytes() == two.read_bytes(), one.name
    texts = " ".join(pdf_text(path) for path in after)
    assert "zoe@example.com" in texts and "zoe.new@example.com" not in texts


def test_a_draft_statement_shows_the_current_heads(store: Store) -> None:
    paid = seed_run(store, lock=False)
    _edit_merchant_and_zoe(paid)
    with store.transaction() as session:
        statement = build_statement(session, paid.run_id, paid.zoe)
    assert statement.merchant.name == "Nordlicht GmbH"
    assert statement.partner.email == "zoe.new@example.com"
    assert statement.partner.payout_method == "Bank transfer"
    assert statement.partner.payout_account == "•••• 0189"
    assert statement.partner.tax_id == "FR-123"


def test_locking_later_freezes_the_heads_of_that_moment(store: Store) -> None:
    from desktop_app.services import payouts

    paid = seed_run(store, lock=False)
    _edit_merchant_and_zoe(paid)
    payouts.lock_run(store, paid.run_id, actor="test")
    with store.transaction() as session:
        profile = merchant.get_profile(session)
        merchant.save_profile(session, replace(profile, name="Third Name AG"))
        statement = build_statement(session, paid.run_id, paid.zoe)
    assert statement.merchant.name == "Nordlicht GmbH"
    assert statement.partner.email == "zoe.new@example.com"


def test_a_run_locked_without_frozen_heads_falls_back_to_the_current_ones(store: Store) -> None:
    """Runs locked before the heads were frozen (empty columns) still print."""
    paid = seed_run(store)
    with store.transaction() as session:
        session.execute(update(PayoutRunRow).values(merchant_json=None))
        session.execute(update(PayoutPartnerRow).values(addressee_json=None))
    _edit_merchant_and_zoe(paid)
    with store.transaction() as session:
        statement = build_statement(session, paid.run_id, paid.zoe)
    assert statement.merchant.name == "Nordlicht GmbH"
    assert statement.partner.email == "zoe.new@example.com"
    assert statement.partner.codes == ("ZOE10",)


def test_frozen_blocks_load_across_versions() -> None:
    """Fields a later version adds are ignored; fields it lacks take their defaults."""
    block = PartnerBlock(name="Zoë", codes=("Z1", "Z2"), email="z@example.com")
    assert _load(PartnerBlock, _dump(block)) == block
    header = _load(MerchantHeader, '{"name": "Shop", "logo_colour": "red"}')
    assert header == MerchantHeader(name="Shop")
