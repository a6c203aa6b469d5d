"""`payout-desk --self-test`: prove an installed copy works, headless, in a few seconds.

It opens a fresh store in a temporary folder (schema migrations included), calculates a tiny
payout run (one partner on a 10 % plan, one order of 1000.00 → 100.00 payable), locks it
(which makes an automatic backup), writes that partner's PDF statement and starts Qt offscreen.
Nothing outside the temporary folder is touched. Prints one line per step; exit code 0 or 1.
Each step uses the program's own services, so a bundle missing a module, a migration file, a
font or a Qt plugin fails here instead of on a merchant's desk.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from desktop_app.store.database import Store


@dataclass
class Context:
    folder: Path
    store: Store | None = None
    run_id: int = 0
    partner_id: int = 0
    notes: list[str] = field(default_factory=list)


def _open_store(ctx: Context) -> str:
    from desktop_app.store.database import head_revision, open_store

    path = ctx.folder / "self-test.sqlite"
    ctx.store = open_store(f"sqlite:///{path}")
    with sqlite3.connect(path) as conn:
        check = conn.execute("PRAGMA integrity_check").fetchone()[0]
        revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    if check != "ok" or revision != head_revision():
        raise RuntimeError(f"integrity {check}, schema {revision} (expected {head_revision()})")
    return f"schema {revision}"


def _calculate(ctx: Context) -> str:
    from sqlalchemy import select

    from desktop_app.domain.partners import PartnerInput
    from desktop_app.services import merchant, partners, payouts, plans
    from desktop_app.store.models import OrderRow, PartnerTypeRow

    store = ctx.store
    assert store is not None
    with store.transaction() as session:
        merchant.save_profile(
            session, merchant.MerchantProfile(name="Self-test shop", holding_days=0)
        )
        partner = partners.create_partner(
            session,
            PartnerInput(name="Łukasz Test Blog", codes=("SELFTEST",), partner_type="Blog"),
            today=date(2026, 1, 1),
        )
        ctx.partner_id = partner.id
        plan_id = plans.create_plan(session, "Self-test 10 %")
        rule = plans.make_rule("order_amount", "whole", [(Decimal(0), Decimal(10), Decimal(0))])
        plans.add_version(session, plan_id, date(2020, 1, 1), [rule])
        type_id = session.scalar(select(PartnerTypeRow.id).where(PartnerTypeRow.name == "Blog"))
        assert type_id is not None
        plans.assign_to_type(session, type_id, plan_id)
        session.add(
            OrderRow(
                source="self-test",
                external_id="ST-1",
                order_date=date(2026, 1, 15),
                partner_id=partner.id,
                partner_code="SELFTEST",
                amount_minor=100_000,
                currency="USD",
            )
        )
    ctx.run_id = payouts.create_run(
        store, date(2026, 1, 1), date(2026, 1, 31), actor="self-test"
    ).value
    payouts.lock_run(store, ctx.run_id, actor="self-test")
    with store.transaction() as session:
        totals = payouts.run_summary(session, ctx.run_id).partner(ctx.partner_id)
    if totals is None or totals.payable != Decimal("100.00"):
        raise RuntimeError(f"expected 100.00 payable, got {totals}")
    return "1000.00 at 10 % = 100.00 payable"


def _backup(ctx: Context) -> str:
    from desktop_app.services.backup import check_backup_file, list_backups

    assert ctx.store is not None
    found = list_backups(ctx.store)
    if not found:
        raise RuntimeError("locking the run made no automatic backup")
    check_backup_file(found[-1].path)
    return found[-1].path.name


def _statement(ctx: Context) -> str:
    from desktop_app.services.statements.export import export_statements

    assert ctx.store is not None
    out = ctx.folder / "statements"
    [pdf] = export_statements(ctx.store, ctx.run_id, out, workers=1).value
    data = pdf.read_bytes()
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-1024:]:
        raise RuntimeError(f"{pdf.name} is not a complete PDF")
    return f"{pdf.name}, {len(data):,} bytes"


def _payment_file(_ctx: Context) -> str:
    """IBAN checks (schwifty's registry) and a schema-valid SEPA file (sepaxml's schemas):
    the package data an installed copy must carry."""
    from datetime import datetime
    from decimal import Decimal

    from desktop_app.domain.payout_details import iban_problem
    from desktop_app.services.payees import Payee
    from desktop_app.services.payment_files import sepa_xml

    if iban_problem("DE89 3704 0044 0532 0130 00") is not None:
        raise RuntimeError("a valid IBAN was refused")
    if iban_problem("DE88 3704 0044 0532 0130 00") is None:
        raise RuntimeError("an IBAN with wrong check digits was accepted")
    payee = Payee(1, "SELFTEST", "Łukasz Test Blog", "bank", Decimal("100.00"), "EUR",
                  "PD-202601-0001-00001", "self-test", iban="DE89370400440532013000")  # fmt: skip
    data, control = sepa_xml(
        [payee],
        debtor="Self-test shop",
        iban="DE02120300000000202051",
        bic="BYLADEM1001",
        message_id="PD-SELFTEST",
        execution_date=date(2026, 1, 31),
        created_at=datetime(2026, 1, 31, 12, 0),
    )
    return f"SEPA pain.001.001.03, {control['transactions']} transaction, {len(data):,} bytes"


def _qt(_ctx: Context) -> str:
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication.instance() or QApplication(sys.argv[:1])
    label = QLabel("Payout Desk")
    label.show()
    app.processEvents()
    label.close()
    return f"Qt platform {QApplication.platformName()}"


STEPS: list[tuple[str, Callable[[Context], str]]] = [
    ("open a new store", _open_store),
    ("calculate and lock a payout run", _calculate),
    ("automatic backup", _backup),
    ("write a PDF statement", _statement),
    ("check an IBAN and write a SEPA file", _payment_file),
    ("start Qt", _qt),
]


def run_self_test(echo: Callable[[str], None] = print) -> int:
    """Run every step (stopping at the first failure); 0 when all pass."""
    from desktop_app import __version__

    echo(f"Payout Desk {__version__} self-test (Python {sys.version.split()[0]})")
    with tempfile.TemporaryDirectory(prefix="payout-desk-self-test-") as temp:
        ctx = Context(Path(temp))
        previous = os.environ.get("PAYOUT_DESK_DATA_DIR")
        os.environ["PAYOUT_DESK_DATA_DIR"] = str(ctx.folder / "data")
        try:
            for name, step in STEPS:
                started = time.perf_counter()
                try:
                    detail = step(ctx)
                except Exception as exc:
                    echo(f"  FAILED  {name}: {type(exc).__name__}: {exc}")
                    echo("self-test failed")
                    return 1
                echo(f"  ok      {name} ({detail}; {time.perf_counter() - started:.2f} s)")
        finally:
            if ctx.store is not None:
                ctx.store.close()
            if previous is None:
                os.environ.pop("PAYOUT_DESK_DATA_DIR", None)
            else:
                os.environ["PAYOUT_DESK_DATA_DIR"] = previous
    echo("self-test passed")
    return 0
