"""The ten payout figures are named once (domain/payouts/totals.py): the settlement's, the
service's and the store's totals all take them from there, in one order."""

from __future__ import annotations

from dataclasses import fields
from decimal import Decimal

import pytest

from desktop_app.domain.payouts import PartnerTotals as SettledTotals
from desktop_app.domain.payouts.totals import TOTAL_FIELDS, Totals
from desktop_app.services.payouts.types import PartnerTotals, RunTotals
from desktop_app.store.models_payouts import PayoutPartnerRow

SHOWN_ORDER = (  # the CLI's columns and JSON keys, as before the one definition
    "sales",
    "commission",
    "bonus",
    "clawback",
    "adjustments",
    "withheld",
    "held",
    "carried_in",
    "carried_out",
    "payable",
)


def test_the_fields_are_defined_once_in_their_shown_order() -> None:
    assert TOTAL_FIELDS == SHOWN_ORDER
    for kind in (SettledTotals, RunTotals, PartnerTotals):
        assert issubclass(kind, Totals)
        assert tuple(f.name for f in fields(kind))[: len(TOTAL_FIELDS)] == TOTAL_FIELDS
    stored = set(PayoutPartnerRow.__table__.columns.keys())
    assert {f"{name}_minor" for name in TOTAL_FIELDS} <= stored


def test_the_extra_fields_are_named_never_positional() -> None:
    settled = SettledTotals(partner_id=7, payable=Decimal("5.00"))
    assert (settled.partner_id, settled.payable, settled.sales) == (7, Decimal("5.00"), Decimal(0))
    shown = PartnerTotals(partner_id=7, code="ALPHA", name="Alpha", held=Decimal("1.00"))
    assert (shown.code, shown.held, shown.payable) == ("ALPHA", Decimal("1.00"), Decimal(0))
    with pytest.raises(TypeError):
        SettledTotals(7)  # type: ignore[call-arg, arg-type]  # a partner id is never taken for sales
    assert RunTotals(partners=2).partners == 2
