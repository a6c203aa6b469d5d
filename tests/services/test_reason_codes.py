"""Reasons as data (issue 17): each line's reason is stored as a code and its values and said in
the statement's language when shown; migration 0015 gives the lines of existing runs their codes,
and their statements stay byte-identical."""

from __future__ import annotations

import importlib.util
from datetime import date
from pathlib import Path

from sqlalchemy import select, update

from desktop_app.domain import reasons
from desktop_app.domain.partners import PartnerInput
from desktop_app.services import partners, payouts
from desktop_app.services.statements.build import build_statements
from desktop_app.services.statements.render import render_statement
from desktop_app.store.database import Store
from desktop_app.store.models import PayoutLineRow
from tests.payout_fixture import Shop, make_run, make_shop

MIGRATION = (
    Path(__file__).resolve().parents[2]
    / "desktop_app/store/migrations/versions/0015_reason_codes.py"
)
OCT1, OCT31 = date(2026, 10, 1), date(2026, 10, 31)


def _migration():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("reason_codes_migration", MIGRATION)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _run_with_every_reason(store: Store) -> tuple[Shop, int]:
    """A locked October run whose lines say: held, carried, order fraud, partner paused,
    terminated, no plan; half its partners read German statements."""
    shop = make_shop(store, holding_days=20, minimum="50.00")
    with store.transaction() as session:
        partners.update_partner(
            session,
            shop.beta,
            partners.get_partner(session, shop.beta).as_input(statement_locale="de_DE"),
        )
        loose = partners.create_partner(session, PartnerInput(name="Lose", codes=("LOSE",)))
        gone = partners.create_partner(
            session,
            PartnerInput(
                name="Gone", codes=("GONE",), partner_type="Tech blog", statement_locale="de_DE"
            ),
        )
        partners.terminate_partner(session, gone.id, on_date=date(2026, 10, 5))
    shop.order(shop.alpha, date(2026, 10, 2), "1000.00")  # payable
    shop.order(shop.alpha, date(2026, 10, 25), "800.00")  # held until 11-14
    shop.order(shop.alpha, date(2026, 10, 3), "300.00", external_id="F-1")
    shop.order(shop.beta, date(2026, 10, 4), "200.00")  # 20.00: below the minimum, carried
    shop.order(loose.id, date(2026, 10, 6), "90.00")  # no plan
    shop.order(gone.id, date(2026, 10, 9), "70.00")  # after termination
    run = make_run(store, OCT1, OCT31, date(2026, 11, 1))
    payouts.flag_order(store, "shop:F-1", "chargeback", actor="tester")  # recalculates the draft
    payouts.lock_run(store, run, actor="tester")
    return shop, run


def _statements(store: Store, run: int) -> dict[int, bytes]:
    with store.transaction() as session:
        return {s.partner_id: render_statement(s) for s in build_statements(session, run)}


def test_every_settled_reason_is_stored_as_a_code_with_its_english_sentence(
    store: Store,
) -> None:
    _shop, run = _run_with_every_reason(store)
    with store.transaction() as session:
        rows = session.execute(
            select(PayoutLineRow.reason, PayoutLineRow.reason_code, PayoutLineRow.reason_args)
            .where(PayoutLineRow.run_id == run, PayoutLineRow.reason != "")
            .order_by(PayoutLineRow.position)
        ).all()
    codes = {code for _text, code, _args in rows}
    assert codes >= {"held", "carried", "order_fraud", "no_plan", "terminated"}, rows
    for text, code, args in rows:
        assert reasons.loaded(code, args) == reasons.from_text(text)
        stored = reasons.loaded(code, args)
        assert stored is not None and stored.english == text


def test_migration_0015_gives_old_lines_codes_and_their_statements_stay_byte_identical(
    store: Store,
) -> None:
    _shop, run = _run_with_every_reason(store)
    with store.transaction() as session:  # as a store written before reasons had codes
        session.execute(update(PayoutLineRow).values(reason_code="", reason_args=""))
    before = _statements(store, run)  # read from the English sentences, as before
    assert len(before) >= 4

    with store.engine.begin() as connection:
        converted = _migration().backfill(connection)
    assert converted >= 5  # distinct sentences
    with store.transaction() as session:
        left = session.scalars(
            select(PayoutLineRow.id).where(
                PayoutLineRow.reason != "", PayoutLineRow.reason_code == ""
            )
        ).all()
    assert left == []
    after = _statements(store, run)  # said from the codes
    assert after == before  # byte for byte, German statements included


def test_the_migrations_shapes_are_the_programs(store: Store) -> None:
    """Frozen in the migration on purpose; a new shape belongs in domain/reasons.py only."""
    frozen = dict(_migration().SHAPES)
    assert {s.code: s.english for s in reasons.SHAPES if s.code in frozen} == frozen


def test_an_unknown_sentence_is_kept_as_text() -> None:
    found = reasons.from_text("paid by cheque, see letter")
    assert found is not None and (found.code, found.english) == (
        reasons.TEXT,
        "paid by cheque, see letter",
    )
    assert reasons.from_text("") is None
    held = reasons.from_text("held until 2026-11-14 (20-day holding period)")
    assert held == reasons.reason("held", day="2026-11-14", days=20)
    assert held is not None and held.args == {"day": "2026-11-14", "days": "20"}
