"""CommissionLine: a tuple with a read-only name per field (engine.LINE_FIELDS)."""

from __future__ import annotations

import pickle
from decimal import Decimal

import pytest

from desktop_app.domain.commissions.engine import LINE_FIELDS, CommissionLine
from desktop_app.domain.commissions.types import commission_line

D = Decimal
FIELDS = (7, 3, "commission", D("120.00"), D("9.00"), "Std", 2, "50+", D("7.5"), D("0.00"), "why")


def test_each_field_reads_back_by_its_name_in_order() -> None:
    line = CommissionLine(FIELDS)
    assert tuple(getattr(line, name) for name in LINE_FIELDS) == FIELDS
    assert (line.order_id, line.commission, line.explanation) == (7, D("9.00"), "why")


def test_fields_are_read_only() -> None:
    line = CommissionLine(FIELDS)
    with pytest.raises(AttributeError):
        line.commission = D("1.00")


def test_repr_names_the_fields() -> None:
    text = repr(CommissionLine(FIELDS))
    assert text.startswith("CommissionLine(order_id=7, partner_id=3, kind='commission'")
    assert text.endswith("explanation='why')")


def test_it_compares_and_pickles_as_its_values() -> None:
    line = CommissionLine(FIELDS)
    assert line == CommissionLine(FIELDS) == FIELDS
    back = pickle.loads(pickle.dumps(line))
    assert type(back) is CommissionLine and back.tier == "50+"


def test_the_field_order_is_pinned() -> None:
    """batches.py makes its lines in this order without calling commission_line (INLINED_LINE):
    change them with it."""
    assert LINE_FIELDS == (
        "order_id",
        "partner_id",
        "kind",
        "base_amount",
        "commission",
        "plan_name",
        "plan_version",
        "tier",
        "rate",
        "fixed",
        "explanation",
    )


def test_commission_line_makes_a_line_by_name() -> None:
    line = commission_line(**dict(zip(LINE_FIELDS, FIELDS, strict=True)))
    assert type(line) is CommissionLine and line == FIELDS
