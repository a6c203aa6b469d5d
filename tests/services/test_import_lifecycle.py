"""A shop export as it really is: organic orders, and statuses that move from one export to the
next (pending → confirmed, confirmed → refunded), in the shop's own words and language."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop_app.domain.partners import PartnerInput
from desktop_app.errors import UserError
from desktop_app.services import imports, partners, payouts
from desktop_app.services.imports import ImportKind, ImportOptions
from desktop_app.store.database import Store
from desktop_app.store.models import OrderRow
from tests.import_files import snapshot, write_csv, write_xlsx

SHOP_HEADER = ["Order ID", "Order Date", "Partner Code", "Amount", "Currency", "Status"]


@pytest.fixture
def shop(store: Store) -> Store:
    with store.transaction() as session:
        partners.create_partner(session, PartnerInput(name="Tech Blog", codes=("TB1",)))
        partners.create_partner(session, PartnerInput(name="Zoë Media", codes=("ZOE",)))
    return store


def states(store: Store) -> dict[str, str]:
    with store.transaction() as session:
        return {o.external_id: o.status for o in session.scalars(select(OrderRow))}


def test_a_whole_shop_export_imports_its_referred_orders_and_counts_the_rest(
    shop: Store, tmp_path: Path
) -> None:
    """Most rows of a shop's export have no partner code: they are not referred, not errors."""
    path = write_xlsx(
        tmp_path / "shop-october.xlsx",
        [
            SHOP_HEADER,
            ["S-1", "2026-10-01", "TB1", "10.00", "USD", "Completed"],
            ["S-2", "2026-10-01", "", "20.00", "USD", "Completed"],  # organic
            ["S-3", "2026-10-02", None, "30.00", "USD", "Pending"],  # organic and pending
            ["S-4", "2026-10-02", "ZOE", "40.00", "USD", "Pending"],
            ["S-5", "2026-10-03", "TB1", "50.00", "USD", "Refunded"],
            ["S-6", "2026-10-03", "   ", "60.00", "USD", "Cancelled"],  # blank is no code
            ["S-7", "2026-10-04", "ZOE", "70.00", "USD", "Processing"],
        ],
    )
    dry = imports.dry_run(shop, path, ImportOptions())
    assert (dry.added, dry.not_referred, dry.rejected, dry.refused) == (4, 3, 0, "")
    assert dry.as_dict()["not_referred"] == 3
    report = imports.run_import(shop, path, ImportOptions())
    assert (report.added, report.not_referred, report.applied) == (4, 3, True)
    assert states(shop) == {
        "S-1": "confirmed",
        "S-4": "pending",
        "S-5": "refunded",
        "S-7": "pending",
    }
    again = imports.run_import(shop, path, ImportOptions())  # a re-import changes nothing
    assert (again.added, again.updated, again.unchanged, again.not_referred) == (0, 0, 4, 3)


def test_an_organic_row_is_still_checked_and_a_known_order_may_not_lose_its_code(
    shop: Store, tmp_path: Path
) -> None:
    rows = [SHOP_HEADER, ["K-1", "2026-10-01", "TB1", "10.00", "USD", "paid"]]
    imports.run_import(shop, write_csv(tmp_path / "first.csv", rows), ImportOptions())
    path = write_csv(
        tmp_path / "second.csv",
        [
            SHOP_HEADER,
            ["K-1", "2026-10-01", "", "10.00", "USD", "paid"],  # the code vanished
            ["K-2", "2026-10-02", "", "ten", "USD", "paid"],  # organic, but broken
            ["", "", "", "", "", ""],  # blank lines are still nothing at all
            ["Total", "", "", "30.00", "", ""],  # a footer is no order
        ],
    )
    before = snapshot(shop)
    report = imports.run_import(shop, path, ImportOptions())
    assert report.refused and report.not_referred == 0
    located = {(e.row, e.column.split(" ")[0]): e.message for e in report.errors}
    assert located == {
        (2, "C"): "order 'K-1' has no partner code in this file, but it was imported before "
        "with partner code 'TB1'; correct the file, or skip this row",
        (3, "D"): "expected an amount like 12.50, found 'ten'",
        (5, "B"): "the date is empty",
    }
    assert snapshot(shop) == before


# Words shops write, in the languages the header guessing knows, and what they mean.
WORDS = {
    "confirmed": [
        "Completed", "complete", "PAID", "shipped", "Delivered", "fulfilled", "closed",
        "abgeschlossen", "bezahlt", "versandt", "terminé", "livrée", "completado", "entregado",
        "concluído", "completato", "spedito", "выполнен", "Доставлен", "已完成", "已发货",
        "partially refunded", "teilweise erstattet",
    ],
    "pending": [
        "Pending", "processing", "On hold", "on-hold", "Awaiting payment", "unpaid",
        "ausstehend", "in Bearbeitung", "en attente", "pendiente", "pendente",
        "in attesa", "в обработке", "ожидает оплаты", "待付款", "处理中",
    ],
    "cancelled": [
        "Cancelled", "canceled", "failed", "void", "declined", "rejected", "storniert",
        "annulé", "annulee", "cancelado", "annullato", "отменён", "отменен", "已取消",
    ],
    "refunded": [
        "Refunded", "returned", "chargeback", "erstattet", "remboursé", "reembolsado",
        "estornado", "rimborsato", "возвращён", "已退款",
    ],
}  # fmt: skip


def test_status_words_in_eight_languages_map_to_four_states(shop: Store, tmp_path: Path) -> None:
    rows: list[list[str]] = [SHOP_HEADER]
    expected: dict[str, str] = {}
    for state, words in WORDS.items():
        for number, word in enumerate(words):
            order_id = f"{state[:3]}-{number}"
            rows.append([order_id, "2026-10-01", "TB1", "1.00", "USD", word])
            expected[order_id] = state
    report = imports.run_import(shop, write_csv(tmp_path / "words.csv", rows), ImportOptions())
    assert report.errors == [] and report.added == len(expected)
    assert states(shop) == expected


def test_an_unknown_status_word_says_how_to_map_it_and_the_mapping_is_remembered(
    shop: Store, tmp_path: Path
) -> None:
    rows = [
        SHOP_HEADER,
        ["W-1", "2026-10-01", "TB1", "10.00", "USD", "Versendet"],
        ["W-2", "2026-10-01", "TB1", "10.00", "USD", "Warte"],
        ["W-3", "2026-10-01", "TB1", "10.00", "USD", "Versendet"],
    ]
    path = write_csv(tmp_path / "eigene-woerter.csv", rows)
    refused = imports.run_import(shop, path, ImportOptions())
    assert refused.refused and refused.rejected == 3
    assert str(refused.errors[0]) == (
        "eigene-woerter.csv, row 2, column F (Status): unknown order status 'Versendet': "
        "say which of confirmed, pending, cancelled, refunded it means with a status mapping "
        "such as Versendet=confirmed (--status-map, or Status words in the import wizard)"
    )
    with pytest.raises(ValueError, match="'sent' is not an order state"):
        ImportOptions(status_map={"Versendet": "sent"})

    words = imports.parse_status_map("Versendet=confirmed, Warte = Pending")
    assert words == {"Versendet": "confirmed", "Warte": "pending"}
    with pytest.raises(UserError, match="'Warte' is not WORD=STATE"):
        imports.parse_status_map("Versendet=confirmed,Warte")
    with pytest.raises(UserError, match="'Warte=later': later is not one of confirmed, pending"):
        imports.parse_status_map("Warte=later")

    table, mapping, _ = imports.read_preview_table(shop, path, ImportOptions())
    imports.save_profile(
        shop, "Mein Shop", ImportKind.ORDERS, table.headers, mapping, {"status_map": words}
    )
    report = imports.run_import(shop, path, ImportOptions())  # the profile is found again
    assert (report.added, report.rejected) == (3, 0), report.errors
    assert states(shop) == {"W-1": "confirmed", "W-2": "pending", "W-3": "confirmed"}
    # the import's own words win over the profile's, the profile's over the built-in ones
    rows[1][0] = "W-4"
    rows[1][5] = "Storniert"
    options = ImportOptions(status_map={"storniert": "confirmed"})
    imports.run_import(shop, write_csv(tmp_path / "w2.csv", rows[:2]), options)
    assert states(shop)["W-4"] == "confirmed"


def test_a_status_change_of_an_order_in_a_locked_run_is_taken_and_other_changes_are_not(
    shop: Store, tmp_path: Path
) -> None:
    rows = [
        SHOP_HEADER,
        ["L-1", "2026-10-01", "TB1", "10.00", "USD", "completed"],
        ["L-2", "2026-10-02", "TB1", "20.00", "USD", "completed"],
    ]
    imports.run_import(shop, write_csv(tmp_path / "oct.csv", rows), ImportOptions())
    run_id = payouts.create_run(shop, date(2026, 10, 1), date(2026, 10, 31), actor="test").value
    payouts.lock_run(shop, run_id, actor="test")
    with shop.transaction() as session:
        locked_lines = [vars(x) for x in payouts.run_lines(session, run_id)]

    rows[1][5] = "Refunded"  # the shop refunded L-1 after the run: accepted
    rows[2][3] = "25.00"  # and says L-2 was 25.00: refused, as before
    before = snapshot(shop)
    mixed = imports.run_import(shop, write_csv(tmp_path / "nov.csv", rows), ImportOptions())
    assert mixed.refused and mixed.rejected == 1 and mixed.errors[0].row == 3
    assert mixed.errors[0].message == (
        f"order 'L-2' changed (amount 20.00 → 25.00), but it is in locked payout run {run_id}; "
        "only its status may change now: record the difference as a refund or an adjustment"
    )
    assert snapshot(shop) == before

    rows[2][3] = "20.00"
    rows[2][5] = "Delivered"  # another word for the same state: nothing changes
    report = imports.run_import(shop, write_csv(tmp_path / "nov2.csv", rows), ImportOptions())
    assert (report.updated, report.unchanged, report.refused) == (1, 1, "")
    assert states(shop) == {"L-1": "refunded", "L-2": "confirmed"}
    with shop.transaction() as session:
        assert [vars(x) for x in payouts.run_lines(session, run_id)] == locked_lines

    # undoing that import puts the status back (nothing else of a locked order changes)
    assert report.batch_id is not None
    imports.undo_batch(shop, report.batch_id)
    assert states(shop) == {"L-1": "confirmed", "L-2": "confirmed"}


def test_a_partial_refund_keeps_the_order_confirmed_and_a_full_one_makes_it_refunded(
    shop: Store, tmp_path: Path
) -> None:
    rows = [
        SHOP_HEADER,
        ["O-1", "2026-10-01", "TB1", "100.00", "USD", "Pending"],
        ["O-2", "2026-10-01", "TB1", "50.00", "USD", "paid"],
        ["O-3", "2026-10-01", "TB1", "50.00", "USD", "paid"],
    ]
    imports.run_import(shop, write_csv(tmp_path / "orders.csv", rows), ImportOptions())
    refunds = [
        ["Order ID", "Refund Date", "Refund Amount"],
        ["O-1", "2026-10-05", "40.00"],
        ["O-2", "2026-10-06", "10.00"],
        ["O-3", "2026-10-06", "50.00"],
    ]
    report = imports.run_import(
        shop,
        write_csv(tmp_path / "refunds.csv", refunds),
        ImportOptions(kind=ImportKind.REFUNDS, currency="USD"),
    )
    assert report.added == 3, report.errors
    assert states(shop) == {"O-1": "pending", "O-2": "confirmed", "O-3": "refunded"}
    assert report.batch_id is not None
    imports.undo_batch(shop, report.batch_id)
    assert states(shop) == {"O-1": "pending", "O-2": "confirmed", "O-3": "confirmed"}
