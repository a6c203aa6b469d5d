"""Every Store-taking command says what it changed (services/changes.py), so the UI announces
exactly that and never decides it: an import or undo changes the orders and the partners'
figures, a payout command the runs, a fraud flag the partners and the open draft, and a command
that changed nothing (a refused file, a dry run, a draft statement) says so."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from desktop_app.domain.partners import PartnerInput
from desktop_app.services import imports, partners, payouts
from desktop_app.services.changes import Changed, Changes, changes_of
from desktop_app.services.imports import ImportOptions
from desktop_app.services.statements.export import export_statements
from desktop_app.store.database import Store
from tests.import_files import HEADER, write_csv
from tests.payout_fixture import LATER, make_shop

OCT1, OCT31 = date(2026, 10, 1), date(2026, 10, 31)
FLAGGED = Changes.PARTNERS | Changes.RUNS


def test_an_import_and_its_undo_change_the_orders_and_the_partners_figures(
    store: Store, tmp_path: Path
) -> None:
    with store.transaction() as session:
        partners.create_partner(session, PartnerInput(name="Tech Blog", codes=("TB1",)))
    path = write_csv(tmp_path / "oct.csv", [HEADER, ["A-1", "2026-10-02", "TB1", "10.00", "USD"]])
    dry = imports.dry_run(store, path, ImportOptions())
    assert changes_of(dry) == Changes.NONE
    report = imports.run_import(store, path, ImportOptions())
    assert report.applied and changes_of(report) == Changes.ORDERS | Changes.PARTNERS
    again = imports.run_import(store, path, ImportOptions())  # the same file: nothing new
    assert again.unchanged == 1 and changes_of(again) == Changes.NONE
    bad = write_csv(tmp_path / "bad.csv", [HEADER, ["A-2", "2026-10-02", "TB1", "ten", "USD"]])
    refused = imports.run_import(store, bad, ImportOptions())
    assert refused.refused and changes_of(refused) == Changes.NONE
    assert report.batch_id is not None
    undone = imports.undo_batch(store, report.batch_id)
    assert undone == Changed(1, Changes.ORDERS | Changes.PARTNERS)


def test_the_payout_commands_change_the_runs_and_a_fraud_flag_the_partners_too(
    store: Store, tmp_path: Path
) -> None:
    shop = make_shop(store, holding_days=0, minimum="0.00")
    order = shop.order(shop.alpha, date(2026, 10, 2), "100.00")
    created = payouts.create_run(store, OCT1, OCT31, OCT31, today=LATER)
    assert created.changes == Changes.RUNS
    run_id = created.value
    adjusted = payouts.add_adjustment(store, shop.beta, Decimal("5.00"), "late fee", run_id=run_id)
    assert adjusted.changes == Changes.RUNS and isinstance(adjusted.value, int)
    flagged = payouts.flag_order(store, order, "stolen card")
    assert flagged.changes == FLAGGED
    lifted = payouts.lift_order_flag(store, order, "card was fine")
    assert lifted.flags == 1 and changes_of(lifted) == FLAGGED
    assert changes_of(payouts.recalculate(store, run_id)) == Changes.RUNS

    draft = export_statements(store, run_id, tmp_path / "draft", workers=1)
    assert draft.value and draft.changes == Changes.NONE  # a draft's statements: previews
    assert payouts.lock_run(store, run_id) == Changes.RUNS
    final = export_statements(store, run_id, None, combined_in=tmp_path, workers=1)
    assert final.changes == Changes.RUNS  # each partner's page shows the export
    assert [p.name for p in final.value] == ["2026-10_all-partners.pdf"]
    assert payouts.mark_paid(store, run_id, OCT31, "BANK-1") == Changes.RUNS


def test_discarding_a_draft_and_flagging_a_partner(store: Store) -> None:
    shop = make_shop(store, holding_days=0, minimum="0.00")
    shop.order(shop.alpha, date(2026, 10, 2), "100.00")
    run_id = payouts.create_run(store, OCT1, OCT31, OCT31, today=LATER).value
    assert payouts.flag_partner(store, shop.beta, "fake clicks").changes == FLAGGED
    lifted = payouts.lift_partner_flag(store, shop.beta, "clicks were real")
    assert changes_of(lifted) == FLAGGED
    assert payouts.discard_run(store, run_id, reason="wrong period") == Changes.RUNS
