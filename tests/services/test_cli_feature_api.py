"""The Store-taking calls the command line uses: each owns its transaction and returns values."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from desktop_app.domain.partners import PartnerInput, PartnerStatus
from desktop_app.errors import NotFoundError
from desktop_app.services import imports, orders_api, partners
from desktop_app.services.imports import ImportOptions
from desktop_app.store.database import Store
from tests.import_files import HEADER, write_csv


@pytest.fixture
def filled(store: Store, tmp_path: Path) -> Store:
    partners.add_partner(store, PartnerInput(name="Tech Blog", codes=("TB1",)))
    partners.add_partner(store, PartnerInput(name="Zoë Media", codes=("ZOE",)))
    rows = [
        HEADER,
        ["A-3", "2026-10-05", "TB1", "120.00", "USD"],
        ["A-1", "2026-09-30", "TB1", "30.00", "USD"],
        ["A-2", "2026-10-02", "ZOE", "5.00", "USD"],
        ["A-4", "2026-10-05", "TB1", "7.50", "USD"],
        ["B-1", "2026-10-09", "ZOE", "99.99", "EUR"],
    ]
    imports.run_import(store, write_csv(tmp_path / "orders.csv", rows), ImportOptions())
    return store


@pytest.mark.parametrize("page_size", [1, 2, 5, 5000])
def test_list_orders_reads_every_page_oldest_first(filled: Store, page_size: int) -> None:
    found = orders_api.list_orders(filled, page_size=page_size)
    assert [o.external_id for o in found] == ["A-1", "A-2", "A-3", "A-4", "B-1"]


def test_list_orders_filters_by_dates_partner_code_and_status(filled: Store) -> None:
    found = orders_api.list_orders(
        filled, start=date(2026, 10, 1), end=date(2026, 10, 5), partner_code="tb1"
    )
    assert [(o.external_id, o.partner_name) for o in found] == [
        ("A-3", "Tech Blog"),
        ("A-4", "Tech Blog"),
    ]
    assert orders_api.list_orders(filled, status="cancelled") == []
    with pytest.raises(NotFoundError, match="no partner has the code 'NOPE'"):
        orders_api.list_orders(filled, partner_code="NOPE")


def test_a_partner_is_named_by_code_or_by_id(filled: Store) -> None:
    zoe = partners.load_partner_by_ref(filled, "zoe")
    assert partners.load_partner_by_ref(filled, str(zoe.id)) == zoe
    with pytest.raises(NotFoundError):
        partners.load_partner_by_ref(filled, "nobody")


def test_edit_and_status_by_ref_change_only_what_is_given(filled: Store) -> None:
    changed = partners.edit_partner_by_ref(filled, "TB1", {"email": "tb@example.com"})
    assert changed.value.email == "tb@example.com" and changed.value.name == "Tech Blog"
    paused = partners.change_status_by_ref(filled, "TB1", PartnerStatus.PAUSED, reason="test")
    assert paused.value.status is PartnerStatus.PAUSED
    assert [p.name for p in partners.load_partners(filled, status=PartnerStatus.PAUSED)] == [
        "Tech Blog"
    ]
