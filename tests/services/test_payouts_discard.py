"""Discarding a draft run: a wrong period can be fixed; locked runs are never deleted."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from desktop_app.errors import ValidationError
from desktop_app.services import audit, payouts
from desktop_app.store.database import Store, open_store
from desktop_app.store.models import AdjustmentRow, PayoutLineRow
from tests.payout_fixture import make_run, make_shop

OCT = (date(2026, 10, 1), date(2026, 10, 31))


def test_a_wrong_draft_is_discarded_and_the_right_one_created(store: Store) -> None:
    shop = make_shop(store, holding_days=0, minimum="0.00")
    shop.order(shop.alpha, date(2026, 10, 5), "1000.00")
    wrong = make_run(store, date(2026, 10, 1), date(2026, 10, 15), actor="tester")
    payouts.add_adjustment(
        store, shop.alpha, Decimal("5.00"), "late fee refund", run_id=wrong, actor="tester"
    )
    with pytest.raises(Exception, match="draft"):  # only one draft at a time
        make_run(store, *OCT, actor="tester")
    with pytest.raises(ValidationError):
        payouts.discard_run(store, wrong, reason=" ")

    payouts.discard_run(store, wrong, reason="period should be the whole month", actor="tester")

    with store.transaction() as session:
        assert [r.id for r in payouts.list_runs(session)] == []
        assert session.scalars(select(PayoutLineRow)).all() == []
        [kept] = session.scalars(select(AdjustmentRow)).all()
        assert (kept.run_id, kept.amount_minor) == (None, 500)  # waits for the next run
        [entry] = [e for e in audit.entries(session) if e.action == "run.discard"]
        assert entry.reason == "period should be the whole month" and entry.actor == "tester"
    right = make_run(store, *OCT, actor="tester")
    with store.transaction() as session:
        summary = payouts.run_summary(session, right)
    [alpha] = [p for p in summary.partners if p.partner_id == shop.alpha]
    assert (alpha.commission, alpha.adjustments, alpha.payable) == (
        Decimal("100.00"),
        Decimal("5.00"),
        Decimal("105.00"),
    )


def test_locked_and_paid_runs_are_never_discarded(store: Store) -> None:
    shop = make_shop(store, holding_days=0, minimum="0.00")
    shop.order(shop.alpha, date(2026, 10, 5), "1000.00")
    run_id = make_run(store, *OCT, actor="tester")
    payouts.lock_run(store, run_id, actor="tester")
    with pytest.raises(payouts.LockedRunError):
        payouts.discard_run(store, run_id, reason="oops")
    payouts.mark_paid(store, run_id, date(2026, 11, 5), "SEPA-1")
    with pytest.raises(payouts.LockedRunError):
        payouts.discard_run(store, run_id, reason="oops")
    with store.transaction() as session:
        assert [r.state for r in payouts.list_runs(session)] == ["paid"]


def test_a_discarded_drafts_number_is_never_given_again(store: Store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Issue 17.7: run numbers (and the statement numbers made from them) come from a counter
    that a discard does not rewind; the audit log never has two different runs under one id."""
    from pypdf import PdfReader

    from desktop_app.services.statements.export import export_statements

    shop = make_shop(store, holding_days=0, minimum="0.00")
    shop.order(shop.alpha, date(2026, 10, 5), "1000.00")
    first = make_run(store, *OCT, actor="tester")
    [draft_pdf] = export_statements(store, first, tmp_path / "draft", partner_code="ALPHA").value
    payouts.discard_run(store, first, reason="wrong cut-off", actor="tester")
    second = make_run(store, *OCT, actor="tester")
    assert second == first + 1
    payouts.discard_run(store, second, reason="again", actor="tester")
    store.close()
    reopened = open_store(store.url)  # the counter is in the store, not in memory
    third = make_run(reopened, *OCT, actor="tester")
    assert third == second + 1
    [final_pdf] = export_statements(reopened, third, tmp_path / "final", partner_code="ALPHA").value

    def number(path) -> str:  # type: ignore[no-untyped-def]
        text = PdfReader(str(path)).pages[0].extract_text()
        found = {w for w in text.split() if w.startswith("PD-")}
        assert len(found) == 1, found  # the same number in the header and the footer
        return found.pop()

    assert number(draft_pdf) != number(final_pdf)
    with reopened.transaction() as session:
        created = [e.entity_id for e in audit.entries(session) if e.action == "run.create"]
    assert sorted(created) == [first, second, third]  # one id, one run
    reopened.close()
