"""Statements and payout files from a real payout run in a real SQLite store."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from desktop_app.domain.money import to_minor
from desktop_app.domain.partners import PartnerInput, PayoutMethod
from desktop_app.services import merchant, partners, plans
from desktop_app.store.database import Store
from desktop_app.store.models import OrderRow, PartnerTypeRow

D = Decimal


@dataclass
class PaidRun:
    store: Store
    run_id: int
    zoe: int
    dmitry: int
    small: int
    formula: int


def seed_run(store: Store, *, lock: bool = True, orders_per_partner: int = 12) -> PaidRun:
    """October 2026, a flat 10 % plan, four partners; orders old enough to be payable."""
    from desktop_app.services import payouts

    with store.transaction() as session:
        merchant.save_profile(
            session,
            merchant.MerchantProfile(
                name="Nordlicht Trading",
                address="Hafenstraße 12\n20457 Hamburg",
                base_currency="EUR",
                locale="de_DE",
                timezone="Europe/Berlin",
                statement_footer="Fragen? partners@nordlicht.example",
                holding_days=0,
                minimum_payout=D("50.00"),
            ),
        )
        made = [
            partners.create_partner(
                session,
                PartnerInput(
                    name=name,
                    codes=(code,),
                    email=email,
                    partner_type="Blog",
                    payout_method=method,
                    payout_details=details,
                ),
                today=date(2026, 1, 1),
            ).id
            for name, code, email, method, details in (
                ("Zoë Łukasiewicz", "ZOE10", "zoe@example.com", PayoutMethod.PAYPAL, ""),
                ("Дмитрий Иванов", "DIMA", "dima@example.com", PayoutMethod.BANK,
                 "DE89 3704 0044 0532 0130 00"),
                ("Small Fry", "SMALL", "small@example.com", PayoutMethod.BANK,
                 "GB29 NWBK 6016 1331 9268 19"),
                ('=HYPERLINK("http://x")', "EVIL", "-cmd@example.com", PayoutMethod.OTHER,
                 "@SUM(A1)"),
            )
        ]  # fmt: skip
        plan_id = plans.create_plan(session, "Flat 10 %")
        rule = plans.make_rule("order_amount", "whole", [(D(0), D(10), D(0))])
        plans.add_version(session, plan_id, date(2020, 1, 1), [rule])
        type_id = session.scalar(select(PartnerTypeRow.id).where(PartnerTypeRow.name == "Blog"))
        assert type_id is not None
        plans.assign_to_type(session, type_id, plan_id)
        number = 0
        for partner_id, count, base in (
            (made[0], orders_per_partner, "100.00"),
            (made[1], orders_per_partner, "250.50"),
            (made[2], 1, "20.00"),  # 2.00 commission: below the minimum, carried over
            (made[3], 6, "150.00"),
        ):
            for i in range(count):
                number += 1
                session.add(
                    OrderRow(
                        source="shop",
                        external_id=f"100{number:05d}",
                        order_date=date(2026, 10, 1 + i % 28),
                        partner_id=partner_id,
                        partner_code="X",
                        amount_minor=to_minor(D(base) + i, "EUR"),
                        currency="EUR",
                    )
                )
    run_id = payouts.create_run(
        store, date(2026, 10, 1), date(2026, 10, 31), date(2026, 11, 30), actor="test"
    ).value
    if lock:
        payouts.lock_run(store, run_id, actor="test")
    return PaidRun(store, run_id, *made)


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def de_amount(text: str) -> Decimal:
    return Decimal(text.replace(".", "").replace(",", ".").replace("−", "-"))


@pytest.fixture
def paid(store: Store) -> PaidRun:
    return seed_run(store)


def test_statement_is_built_from_the_stored_run(paid: PaidRun) -> None:
    from desktop_app.services.payouts import run_summary
    from desktop_app.services.statements.build import build_statement

    with paid.store.transaction() as session:
        statement = build_statement(session, paid.run_id, paid.zoe)
        totals = run_summary(session, paid.run_id).partner(paid.zoe)
    assert totals is not None
    assert statement.partner.name == "Zoë Łukasiewicz"
    assert statement.partner.codes == ("ZOE10",)
    assert statement.partner.payout_method == "PayPal"
    assert statement.currency == "EUR"
    assert len(statement.lines) == 12
    assert statement.lines_total == totals.commission == D("126.60")
    assert statement.summary.payable == totals.payable
    assert statement.summary.adds_up()
    assert statement.period_label == "2026-10"
    assert not statement.draft
    with paid.store.transaction() as session:
        small = build_statement(session, paid.run_id, paid.small)
    assert small.summary.carried_out == D("-2.00") and small.summary.payable == 0
    assert small.summary.adds_up()
    assert small.lines[0].reason == "below the 50.00 minimum, carried over"


def test_export_writes_one_readable_file_per_partner(paid: PaidRun, tmp_path: Path) -> None:
    from desktop_app.services.statements.export import export_statements

    seen: list[tuple[int, int]] = []
    written = export_statements(
        paid.store, paid.run_id, tmp_path / "out", progress=lambda d, t: seen.append((d, t))
    ).value
    names = sorted(path.name for path in written)
    assert names == sorted(
        ["2026-10_ZOE10.pdf", "2026-10_DIMA.pdf", "2026-10_SMALL.pdf", "2026-10_EVIL.pdf"]
    )
    assert seen[-1] == (4, 4)
    assert not list((tmp_path / "out").glob(".*.part"))
    text = pdf_text(tmp_path / "out" / "2026-10_DIMA.pdf")
    assert "Дмитрий Иванов" in text
    assert "307,20 €" in text  # the amount payable, German format
    for number in range(13, 25):
        assert f"100{number:05d}" in text
    printed = [de_amount(row.split()[-2]) for row in text.splitlines() if row.startswith("100")]
    total = next(row for row in text.splitlines() if row.startswith("Summe der Posten"))
    assert sum(printed, D(0)) == de_amount(total.split()[-1]) == D("307.20")
    assert "•••• 3000" in text and "DE89 3704" not in text
    # the merchant's locale is de_DE: German words, the stored reason said again in German
    small = " ".join(pdf_text(tmp_path / "out" / "2026-10_SMALL.pdf").split())  # may wrap
    assert "unter dem Mindestbetrag von 50,00 €, übertragen" in small


def test_exports_of_a_locked_run_are_byte_identical(paid: PaidRun, tmp_path: Path) -> None:
    from desktop_app.services.statements.export import export_statements

    first = export_statements(
        paid.store, paid.run_id, tmp_path / "a", combined=tmp_path / "a" / "all.pdf"
    ).value
    second = export_statements(
        paid.store, paid.run_id, tmp_path / "b", combined=tmp_path / "b" / "all.pdf"
    ).value
    assert [p.name for p in first] == [p.name for p in second]
    for one, two in zip(first, second, strict=True):
        assert one.read_bytes() == two.read_bytes(), one.name


def test_combined_file_and_single_partner(paid: PaidRun, tmp_path: Path) -> None:
    from desktop_app.services.statements.export import export_statements

    singles = export_statements(paid.store, paid.run_id, tmp_path / "one").value
    combined = export_statements(paid.store, paid.run_id, None, combined=tmp_path / "all.pdf").value
    assert combined == [tmp_path / "all.pdf"]
    pages = sum(len(PdfReader(path).pages) for path in singles)
    reader = PdfReader(tmp_path / "all.pdf")
    assert len(reader.pages) == pages + 1  # the run summary page first
    titles = [entry.title for entry in reader.outline]  # type: ignore[union-attr]
    assert titles == [
        '=HYPERLINK("http://x") (EVIL)',
        "Small Fry (SMALL)",
        "Zoë Łukasiewicz (ZOE10)",
        "Дмитрий Иванов (DIMA)",
    ]
    only = export_statements(paid.store, paid.run_id, tmp_path / "zoe", partner_code="zoe10").value
    assert [path.name for path in only] == ["2026-10_ZOE10.pdf"]


def test_cancelling_removes_what_was_written(paid: PaidRun, tmp_path: Path) -> None:
    from desktop_app.errors import Cancelled
    from desktop_app.services.statements.export import export_statements

    calls: list[int] = []

    def cancelled() -> bool:
        calls.append(1)
        return len(calls) > 2

    with pytest.raises(Cancelled):
        export_statements(
            paid.store, paid.run_id, tmp_path / "out", combined=tmp_path / "all.pdf",
            cancelled=cancelled,
        )  # fmt: skip
    assert list((tmp_path / "out").iterdir()) == []
    assert not (tmp_path / "all.pdf").exists()


def test_process_pool_gives_the_same_files(tmp_path: Path) -> None:
    from desktop_app.services.statements.export import POOL_THRESHOLD, write_statements
    from tests.services.test_statements_render import make_statement

    docs = [
        make_statement(30 + i * 7, partner_id=i + 1, code=f"P{i}")
        for i in range(POOL_THRESHOLD + 2)
    ]
    alone = write_statements(docs, tmp_path / "alone", workers=1)
    pooled = write_statements(docs, tmp_path / "pool", workers=2)
    assert [p.name for p in alone] == [p.name for p in pooled]
    assert all(a.read_bytes() == b.read_bytes() for a, b in zip(alone, pooled, strict=True))


def test_draft_statement_says_draft_and_payout_file_refuses_a_draft(
    store: Store, tmp_path: Path
) -> None:
    from desktop_app.errors import ValidationError
    from desktop_app.services.payout_export import export_payouts
    from desktop_app.services.statements.export import export_statements

    draft = seed_run(store, lock=False)
    written = export_statements(store, draft.run_id, tmp_path, partner_code="ZOE10").value
    assert "Provisionsabrechnung (Entwurf)" in pdf_text(written[0])
    with pytest.raises(ValidationError, match="draft"):
        export_payouts(store, draft.run_id, tmp_path / "p.csv")


def test_unknown_run_or_partner_is_a_clear_error(paid: PaidRun, tmp_path: Path) -> None:
    from desktop_app.errors import UserError
    from desktop_app.services.statements.export import export_statements

    with pytest.raises(UserError):
        export_statements(paid.store, 999, tmp_path)
    with pytest.raises(UserError):
        export_statements(paid.store, paid.run_id, tmp_path, partner_code="NOPE")


def test_cancelling_the_process_pool_removes_its_files(tmp_path: Path) -> None:
    from desktop_app.errors import Cancelled
    from desktop_app.services.statements.export import POOL_THRESHOLD, write_statements
    from tests.services.test_statements_render import make_statement

    docs = [make_statement(60, partner_id=i + 1, code=f"P{i}") for i in range(POOL_THRESHOLD * 3)]
    done: list[int] = []
    with pytest.raises(Cancelled):
        write_statements(
            docs, tmp_path / "out", progress=lambda d, _t: done.append(d),
            cancelled=lambda: bool(done), workers=2,
        )  # fmt: skip
    assert done  # some statements were finished before the cancel was seen
    assert list((tmp_path / "out").iterdir()) == []


def test_paid_run_statement_names_the_payment(paid: PaidRun, tmp_path: Path) -> None:
    from desktop_app.services.payouts import mark_paid
    from desktop_app.services.statements.export import export_statements

    mark_paid(paid.store, paid.run_id, date(2026, 12, 3), "SEPA-2026-12", actor="test")
    written = export_statements(paid.store, paid.run_id, tmp_path, partner_code="DIMA").value
    text = pdf_text(written[0])
    assert "Bezahlt am: 3. Dezember 2026 (Referenz SEPA-2026-12)" in text
    rows = text.splitlines()
    assert sum(row.endswith(" bezahlt") for row in rows) == 12  # every line of the paid run
    assert not any(row.endswith(" auszahlbar") for row in rows)
