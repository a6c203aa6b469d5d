"""Payment files of a locked run, each read back the way its consumer reads it.

The run (tests/services/test_statements_export.seed_run, EUR, October 2026): Zoë is paid by
PayPal (126.60, her contact e-mail: no PayPal address of her own), Dmitry by bank transfer to a
German IBAN (307.20), the partner with the formula-like name by "other" (91.50), Small Fry is
carried over (nothing payable). Run payable: 525.30.
"""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
import sepaxml
import xmlschema
from sqlalchemy import update

from desktop_app.cli import main
from desktop_app.errors import UserError, ValidationError
from desktop_app.services import merchant
from desktop_app.services.payment_files import (
    PAYPAL_COLUMNS,
    export_payment_file,
)
from desktop_app.store.database import Store
from desktop_app.store.models import PartnerRow
from tests.services.test_statements_export import PaidRun, seed_run

D = Decimal
NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"}
SCHEMA = Path(sepaxml.__file__).parent / "schemas" / "pain.001.001.03.xsd"
FR_IBAN = "FR76 3000 6000 0112 3456 7890 189"
MERCHANT_IBAN = "DE02 1203 0000 0000 2020 51"


@pytest.fixture
def paid(store: Store) -> PaidRun:
    run = seed_run(store)
    with store.transaction() as session:
        from dataclasses import replace

        profile = merchant.get_profile(session)
        merchant.save_profile(session, replace(profile, iban=MERCHANT_IBAN, bic="BYLADEM1001"))
    return run


def _set_partner(paid: PaidRun, partner_id: int, **values: str) -> None:
    with paid.store.transaction() as session:
        session.execute(update(PartnerRow).where(PartnerRow.id == partner_id).values(**values))


def _payable(paid: PaidRun) -> Decimal:
    from desktop_app.services.payouts import run_summary

    with paid.store.transaction() as session:
        return run_summary(session, paid.run_id).totals.payable


def read_paypal(path: Path) -> list[dict[str, str]]:
    """As PayPal's Payouts upload reads it: no header, six columns in a fixed order."""
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")  # a BOM would be part of the first address
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8"))))
    for row in rows:
        assert len(row) == len(PAYPAL_COLUMNS), row
    return [dict(zip(PAYPAL_COLUMNS, row, strict=True)) for row in rows]


def read_sepa(path: Path) -> ET.Element:
    """As a bank reads it: valid against the pain.001.001.03 schema, sums that match."""
    xmlschema.XMLSchema(SCHEMA).validate(str(path))
    root = ET.parse(path).getroot()
    header = root.find("p:CstmrCdtTrfInitn/p:GrpHdr", NS)
    assert header is not None
    transactions = root.findall(".//p:CdtTrfTxInf", NS)
    amounts = [D(t.findtext("p:Amt/p:InstdAmt", namespaces=NS) or "") for t in transactions]
    assert header.findtext("p:NbOfTxs", namespaces=NS) == str(len(transactions))
    assert D(header.findtext("p:CtrlSum", namespaces=NS) or "") == sum(amounts, D(0))
    for info in root.findall(".//p:PmtInf", NS):
        mine = info.findall("p:CdtTrfTxInf", NS)
        assert info.findtext("p:NbOfTxs", namespaces=NS) == str(len(mine))
        assert D(info.findtext("p:CtrlSum", namespaces=NS) or "") == sum(
            (D(t.findtext("p:Amt/p:InstdAmt", namespaces=NS) or "") for t in mine), D(0)
        )
    return root


def test_paypal_file_is_the_documented_layout_with_one_row_per_paypal_partner(
    paid: PaidRun, tmp_path: Path
) -> None:
    report = export_payment_file(paid.store, paid.run_id, tmp_path / "paypal.csv", "paypal")
    rows = read_paypal(tmp_path / "paypal.csv")
    assert rows == [
        {
            "recipient": "zoe@example.com",
            "amount": "126,60",  # the merchant writes a decimal comma (de_DE): PayPal's rule
            "currency": "EUR",
            "customer_id": "PD-202610-0001-00001",
            "note": "Commission 2026-10-01 to 2026-10-31 (ZOE10), statement PD-202610-0001-00001",
            "wallet": "PAYPAL",
        }
    ]
    assert (tmp_path / "paypal.csv").read_text("utf-8").startswith('zoe@example.com,"126,60",')
    for row in rows:
        assert len(row["customer_id"]) <= 30 and " " not in row["customer_id"]
        assert len(row["note"]) <= 400
    assert report.rows == 1 and report.total == D("126.60")
    assert report.written[0].from_contact  # no PayPal address of her own: the contact e-mail
    assert {p.payee.code: p.where for p in report.elsewhere} == {"DIMA": "sepa"}
    assert [(p.payee.code, p.reason) for p in report.missing] == [
        ("EVIL", "payout method 'other' has no payment file: use the CSV/XLSX file")
    ]


def test_paypal_amount_uses_a_point_for_a_point_locale(paid: PaidRun, tmp_path: Path) -> None:
    from dataclasses import replace

    with paid.store.transaction() as session:
        profile = merchant.get_profile(session)
        merchant.save_profile(session, replace(profile, locale="en_IE"))
    _set_partner(paid, paid.formula, payout_method="paypal", payout_details="evil@example.org")
    export_payment_file(paid.store, paid.run_id, tmp_path / "paypal.csv", "paypal")
    rows = read_paypal(tmp_path / "paypal.csv")
    assert [(r["recipient"], r["amount"]) for r in rows] == [
        ("evil@example.org", "91.50"),
        ("zoe@example.com", "126.60"),
    ]
    assert len({r["customer_id"] for r in rows}) == 2  # a unique id per item


def test_sepa_file_validates_and_pays_each_bank_partner_once(paid: PaidRun, tmp_path: Path) -> None:
    _set_partner(
        paid, paid.formula, payout_method="bank", payout_details=FR_IBAN, payout_bic="AGRIFRPP"
    )
    report = export_payment_file(
        paid.store,
        paid.run_id,
        tmp_path / "sepa.xml",
        "sepa",
        execution_date=date(2026, 12, 3),
        created_at=datetime(2026, 12, 1, 9, 30),
    )
    root = read_sepa(tmp_path / "sepa.xml")
    header = root.find("p:CstmrCdtTrfInitn/p:GrpHdr", NS)
    assert header is not None
    assert header.findtext("p:MsgId", namespaces=NS) == "PD-RUN0001-202610"
    assert header.findtext("p:CreDtTm", namespaces=NS) == "2026-12-01T09:30:00"
    assert header.findtext("p:NbOfTxs", namespaces=NS) == "2"
    assert header.findtext("p:CtrlSum", namespaces=NS) == "398.70"
    info = root.find(".//p:PmtInf", NS)
    assert info is not None
    assert info.findtext("p:ReqdExctnDt", namespaces=NS) == "2026-12-03"
    assert info.findtext("p:Dbtr/p:Nm", namespaces=NS) == "Nordlicht Trading"
    assert info.findtext("p:DbtrAcct/p:Id/p:IBAN", namespaces=NS) == "DE02120300000000202051"
    assert info.findtext("p:DbtrAgt/p:FinInstnId/p:BIC", namespaces=NS) == "BYLADEM1001"
    paid_to = {
        t.findtext("p:PmtId/p:EndToEndId", namespaces=NS): (
            t.findtext("p:Cdtr/p:Nm", namespaces=NS),
            t.findtext("p:CdtrAcct/p:Id/p:IBAN", namespaces=NS),
            t.findtext("p:CdtrAgt/p:FinInstnId/p:BIC", namespaces=NS),
            t.findtext("p:Amt/p:InstdAmt", namespaces=NS),
            t.find("p:Amt/p:InstdAmt", NS).get("Ccy"),  # type: ignore[union-attr]
            t.findtext("p:RmtInf/p:Ustrd", namespaces=NS),
        )
        for t in root.findall(".//p:CdtTrfTxInf", NS)
    }
    assert paid_to == {
        "PD-202610-0001-00002": (
            "Dmitrii Ivanov",  # transliterated into the SEPA character set
            "DE89370400440532013000",
            None,  # no BIC given: IBAN only
            "307.20",
            "EUR",
            "Commission 2026-10-01 to 2026-10-31 (DIMA), statement PD-202610-0001-00002",
        ),
        "PD-202610-0001-00004": (
            "HYPERLINK(http://x)",
            "FR7630006000011234567890189",
            "AGRIFRPP",
            "91.50",
            "EUR",
            "Commission 2026-10-01 to 2026-10-31 (EVIL), statement PD-202610-0001-00004",
        ),
    }
    assert report.control == {
        "message_id": "PD-RUN0001-202610",
        "transactions": "2",
        "control_sum": "398.70",
    }
    assert [p.payee.code for p in report.elsewhere] == ["ZOE10"]


def test_totals_of_all_files_equal_the_run_payable(paid: PaidRun, tmp_path: Path) -> None:
    paypal = export_payment_file(paid.store, paid.run_id, tmp_path / "p.csv", "paypal")
    sepa = export_payment_file(paid.store, paid.run_id, tmp_path / "s.xml", "sepa")
    listing = export_payment_file(paid.store, paid.run_id, tmp_path / "all.xlsx", "xlsx")
    other = sum((p.payee.amount for p in sepa.missing), D(0))  # the "other" partner
    paypal_sum = sum(
        (D(r["amount"].replace(",", ".")) for r in read_paypal(tmp_path / "p.csv")), D(0)
    )
    root = read_sepa(tmp_path / "s.xml")
    sepa_sum = D(root.findtext(".//p:GrpHdr/p:CtrlSum", namespaces=NS) or "")
    assert paypal_sum + sepa_sum + other == _payable(paid) == D("525.30")
    assert paypal.total + sepa.total + other == listing.total == _payable(paid)
    for report in (paypal, sepa, listing):
        placed = report.total + sum(
            (p.payee.amount for p in (*report.elsewhere, *report.missing)), D(0)
        )
        assert placed == report.run_payable == _payable(paid)


@pytest.mark.parametrize(
    ("details", "bic", "reason"),
    [
        ("", "", "bank transfer: no IBAN in the payout details"),
        ("DE88 3704 0044 0532 0130 00", "", "check digits do not match"),
        ("DE89 3704 0044 0532 0130 0", "", "has 21 characters; an IBAN from DE has 22"),
        ("DE89 3704 0044 0532 01A0 00", "", "letters or digits in the wrong place"),
        ("DE89 3704 0044 0532 0130 00", "COBADEF", "BIC: 'COBADEF' has 7 characters"),
    ],
)
def test_invalid_bank_details_are_listed_never_written_as_empty_rows(
    paid: PaidRun, tmp_path: Path, details: str, bic: str, reason: str
) -> None:
    """Stored before details were checked (written straight into the store here)."""
    _set_partner(paid, paid.dmitry, payout_details=details, payout_bic=bic)
    with pytest.raises(UserError, match="nothing was written") as caught:
        export_payment_file(paid.store, paid.run_id, tmp_path / "s.xml", "sepa")
    assert "Дмитрий Иванов" in str(caught.value) and reason in str(caught.value)
    assert not (tmp_path / "s.xml").exists()
    report = export_payment_file(paid.store, paid.run_id, tmp_path / "all.csv", "csv")
    rows = list(csv.reader((tmp_path / "all.csv").read_text("utf-8-sig").splitlines()))
    assert [row[0] for row in rows[1:]] == ['\'=HYPERLINK("http://x")', "Zoë Łukasiewicz"]
    assert [(p.payee.code, reason in p.reason) for p in report.missing] == [("DIMA", True)]
    assert report.total + report.missing[0].payee.amount == _payable(paid)
    assert any("Дмитрий Иванов (DIMA) 307.20:" in line for line in report.lines())


def test_a_paypal_address_without_a_domain_is_listed(paid: PaidRun, tmp_path: Path) -> None:
    _set_partner(paid, paid.zoe, payout_details="zoe@example")
    report = export_payment_file(paid.store, paid.run_id, tmp_path / "all.csv", "csv")
    assert "zoe@example" not in (tmp_path / "all.csv").read_text("utf-8-sig")
    assert [(p.payee.code, p.reason) for p in report.missing] == [
        ("ZOE10", "PayPal PayPal address: 'zoe@example' has no domain after the @ "
         "(a name@example.com address)")
    ]  # fmt: skip


def test_sepa_needs_the_merchant_account_and_eur(store: Store, tmp_path: Path) -> None:
    from desktop_app.services import payouts
    from tests.payout_fixture import make_shop

    shop = make_shop(store, holding_days=0, minimum="0.00")  # a USD shop
    _ = shop.order(shop.alpha, date(2026, 10, 5), "500.00")
    with store.transaction() as session:
        session.execute(
            update(PartnerRow)
            .where(PartnerRow.id == shop.alpha)
            .values(payout_method="bank", payout_details="DE89 3704 0044 0532 0130 00")
        )
    run_id = payouts.create_run(store, date(2026, 10, 1), date(2026, 10, 31)).value
    with pytest.raises(ValidationError, match="lock it before"):
        export_payment_file(store, run_id, tmp_path / "s.xml", "sepa")
    payouts.lock_run(store, run_id)
    with pytest.raises(UserError, match="SEPA pays only EUR and this run is in USD"):
        export_payment_file(store, run_id, tmp_path / "s.xml", "sepa")
    with pytest.raises(ValidationError, match=r"is a \.xml file"):
        export_payment_file(store, run_id, tmp_path / "s.csv", "sepa")


def test_cli_exports_each_format_and_lists_who_is_where(
    paid: PaidRun, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["export", "payouts", str(paid.run_id), "--database", db_url]
    assert main([*base, "--format", "sepa", "--out", str(tmp_path / "s.xml")]) == 0
    out = capsys.readouterr().out
    assert "SEPA credit transfer (pain.001.001.03): 1 payment(s), total 307.20 EUR" in out
    assert "In another payment file (1):\n  Zoë Łukasiewicz (ZOE10) 126.60: paid by PayPal" in out
    assert "In no payment file, pay or fix these yourself (1):" in out
    read_sepa(tmp_path / "s.xml")
    assert main([*base, "--format", "paypal", "--out", str(tmp_path / "p.csv")]) == 0
    assert "PayPal Payouts file: 1 payment(s), total 126.60 EUR" in capsys.readouterr().out
    assert len(read_paypal(tmp_path / "p.csv")) == 1
    assert main([*base, "--out", str(tmp_path / "a.xml")]) == 0  # .xml: SEPA
    capsys.readouterr()
    assert main([*base, "--format", "paypal", "--out", str(tmp_path / "p.xml")]) == 2
    assert "a PayPal Payouts file is a .csv or .txt file" in capsys.readouterr().err
