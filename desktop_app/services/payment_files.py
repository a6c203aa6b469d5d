"""Payment files of a locked run, one per payout method, and who is in which.

- **paypal**: the PayPal Payouts bulk upload (PayPal pays the partners paid by PayPal).
- **sepa**: a SEPA credit transfer, ISO 20022 pain.001.001.03 XML, for partners paid by bank
  transfer to an IBAN in the SEPA area, when the run is in EUR; the merchant's IBAN (and BIC)
  is the debtor account. Built with sepaxml and validated against the schema it ships.
- **csv** / **xlsx**: every partner who can be paid, with a payout-method column and one column
  per kind of detail (payout_export.py), for a bank's or a person's own process.

Every export reports the payable partners it wrote, those paid through another file, and those
in no file with the reason (no or invalid details, a method without a file format, a run not in
EUR for SEPA), and checks that the file's total plus everyone else's equals the run's payable.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from desktop_app.domain.money import money_text, to_minor
from desktop_app.domain.partners import PayoutMethod
from desktop_app.domain.payout_details import compact_iban, iban_in_sepa
from desktop_app.domain.payouts.run_state import RunState
from desktop_app.errors import UserError, ValidationError
from desktop_app.services.atomic_files import write_file_atomically
from desktop_app.services.output_files import ready_file
from desktop_app.services.payees import Payee, run_payees
from desktop_app.services.payment_formats import FORMATS as FORMATS
from desktop_app.store.database import Store

SUFFIXES = {"paypal": (".csv", ".txt"), "sepa": (".xml",), "csv": (".csv",), "xlsx": (".xlsx",)}
FORMAT_NAMES = {
    "paypal": "PayPal Payouts file",
    "sepa": "SEPA credit transfer (pain.001.001.03)",
    "csv": "CSV payment list",
    "xlsx": "Excel payment list",
}
ZERO = Decimal(0)

# PayPal Payouts web upload ("Payouts Web", a .csv of up to 5,000 rows), as documented at
# https://developer.paypal.com/payouts/use-payouts/send-money/use-web-ui (also
# https://developer.paypal.com/docs/payouts/standard/payouts-web/): no header row; one payment
# per row with, from left to right,
#   1 recipient identifier (the PayPal e-mail address),
#   2 payment amount ("5.45"; a sender whose currency format uses a decimal comma writes
#     "5,45", in double quotes),
#   3 currency (three-letter ISO 4217 code; one currency per file),
#   4 customer id (optional, unique, at most 30 characters, no spaces): the statement number,
#   5 note to recipient (optional for PayPal, at most 400 characters),
#   6 recipient wallet: PAYPAL.
PAYPAL_COLUMNS = ("recipient", "amount", "currency", "customer_id", "note", "wallet")
PAYPAL_WALLET = "PAYPAL"
PAYPAL_MAX_ROWS = 5000
PAYPAL_ID_MAX = 30
PAYPAL_NOTE_MAX = 400

SEPA_SCHEMA = "pain.001.001.03"
SEPA_NS = f"urn:iso:std:iso:20022:tech:xsd:{SEPA_SCHEMA}"
# The Latin character set of the EPC's SEPA rulebooks: what every bank takes in names and
# remittance text. Anything else is transliterated (Łukasiewicz → Lukasiewicz) or dropped.
_NOT_SEPA = re.compile(r"[^A-Za-z0-9/\-?:().,'+ ]")


@dataclass(frozen=True)
class Placement:
    payee: Payee
    where: str  # the format the partner's money goes through, "" for none
    reason: str  # why not in this file


@dataclass(frozen=True)
class ExportReport:
    """What an export wrote and where everyone else's money goes."""

    format: str
    path: Path
    currency: str
    run_payable: Decimal
    written: tuple[Payee, ...]
    elsewhere: tuple[Placement, ...] = ()  # paid through another payment file
    missing: tuple[Placement, ...] = ()  # in no payment file: the reason says why
    control: dict[str, str] = field(default_factory=dict)  # e.g. the SEPA file's control sum

    @property
    def rows(self) -> int:
        return len(self.written)

    @property
    def total(self) -> Decimal:
        return sum((p.amount for p in self.written), ZERO)

    def lines(self) -> list[str]:
        """The report in words, for the CLI and the dialog."""
        cur = self.currency
        said = [
            f"{FORMAT_NAMES[self.format]}: {self.rows} payment(s), total "
            f"{money_text(self.total, cur)} {cur}, written to {self.path}"
        ]
        said += [
            f"  {p.name} ({p.code}) {money_text(p.amount, cur)}"
            + (" — PayPal address from the contact e-mail" if p.from_contact else "")
            for p in self.written
        ]
        if self.elsewhere:
            said.append(f"In another payment file ({len(self.elsewhere)}):")
            said += [_placement(p, cur) for p in self.elsewhere]
        if self.missing:
            said.append(f"In no payment file, pay or fix these yourself ({len(self.missing)}):")
            said += [_placement(p, cur) for p in self.missing]
        return said


def _placement(place: Placement, currency: str) -> str:
    p = place.payee
    return f"  {p.name} ({p.code}) {money_text(p.amount, currency)}: {place.reason}"


def format_for(path: Path, given: str | None) -> str:
    """The format asked for, or the one the file name says (.xml is SEPA)."""
    suffix = path.suffix.lower()
    if given is None:
        by_suffix = {".csv": "csv", ".xlsx": "xlsx", ".xml": "sepa"}
        if suffix not in by_suffix:
            raise ValidationError(
                "out", f"'{path.name}' must end in .csv, .xlsx or .xml (or give --format)"
            )
        return by_suffix[suffix]
    if given not in FORMATS:
        raise ValidationError("format", f"'{given}' is not one of {', '.join(FORMATS)}")
    if suffix not in SUFFIXES[given]:
        wanted = " or ".join(SUFFIXES[given])
        raise ValidationError("out", f"a {FORMAT_NAMES[given]} is a {wanted} file")
    return given


def placement(payee: Payee, fmt: str, currency: str) -> tuple[bool, str]:
    """Whether `payee` goes into a file of `fmt` and, if not, where their money goes instead
    (an empty reason never happens for a payee left out)."""
    if payee.problem:
        return False, payee.problem
    if fmt in ("csv", "xlsx"):
        return True, ""
    if payee.method == PayoutMethod.PAYPAL.value:
        return (fmt == "paypal", "paid by PayPal: in the PayPal file")
    if payee.method == PayoutMethod.BANK.value:
        if currency != "EUR":
            return False, f"SEPA pays only EUR and this run is in {currency}: use the CSV/XLSX file"
        if not iban_in_sepa(payee.iban):
            return False, (
                f"IBAN from {payee.iban[:2]}, outside the SEPA area: use the CSV/XLSX file"
            )
        return (fmt == "sepa", "paid by bank transfer: in the SEPA file")
    return False, "payout method 'other' has no payment file: use the CSV/XLSX file"


def _sort_out(payees: list[Payee], fmt: str, currency: str) -> ExportReport:
    written: list[Payee] = []
    elsewhere: list[Placement] = []
    missing: list[Placement] = []
    for payee in payees:
        inside, reason = placement(payee, fmt, currency)
        if inside:
            written.append(payee)
            continue
        other = next((f for f in ("paypal", "sepa") if placement(payee, f, currency)[0]), "")
        if other:
            elsewhere.append(Placement(payee, other, reason))
        else:
            missing.append(Placement(payee, "", reason))
    payable = sum((p.amount for p in payees), ZERO)
    return ExportReport(
        fmt, Path(), currency, payable, tuple(written), tuple(elsewhere), tuple(missing)
    )


def preview(store: Store, run_id: int) -> dict[str, ExportReport]:
    """What each kind of file would hold now (nothing is written): for the export dialog."""
    from desktop_app.services.payouts import run_summary

    with store.transaction() as session:
        currency = run_summary(session, run_id).run.currency
        payees = run_payees(session, run_id)
    return {fmt: _sort_out(payees, fmt, currency) for fmt in FORMATS}


def export_payment_file(
    store: Store,
    run_id: int,
    path: Path,
    fmt: str | None = None,
    *,
    execution_date: date | None = None,
    created_at: datetime | None = None,
) -> ExportReport:
    """Write one payment file of a locked or paid run through a temporary file and report."""
    from dataclasses import replace

    from desktop_app.services import merchant
    from desktop_app.services.payouts import run_summary

    fmt = format_for(path, fmt)
    with store.transaction() as session:
        summary = run_summary(session, run_id)
        run = summary.run
        if run.state == RunState.DRAFT:
            raise ValidationError(
                "run", f"run {run_id} is a draft; lock it before exporting payment files"
            )
        payees = run_payees(session, run_id)
        profile = merchant.get_profile(session)
    report = _sort_out(payees, fmt, run.currency)
    if report.run_payable != run.totals.payable:  # every payable partner is somewhere
        raise AssertionError(f"run {run_id}: payees {report.run_payable} != {run.totals.payable}")
    if fmt in ("paypal", "sepa") and not report.written:
        raise UserError(
            f"no partner of run {run_id} can be paid with a {FORMAT_NAMES[fmt]}; nothing was "
            "written. " + "; ".join(f"{p.payee.name}: {p.reason}" for p in report.missing[:5])
            + ("" if report.missing else "; ".join(
                f"{p.payee.name}: {p.reason}" for p in report.elsewhere[:5]))
        )  # fmt: skip
    control: dict[str, str] = {}
    if fmt == "paypal":
        data = paypal_csv(list(report.written), profile.locale)
    elif fmt == "sepa":
        data, control = sepa_xml(
            list(report.written),
            debtor=profile.name,
            iban=profile.iban,
            bic=profile.bic,
            message_id=f"PD-RUN{run_id:04d}-{run.start:%Y%m}",
            execution_date=execution_date or date.today(),
            created_at=created_at or datetime.now().replace(microsecond=0),
        )
    else:
        from desktop_app.services.payout_export import payout_csv, payout_xlsx

        writer: Callable[[list[Payee]], bytes] = payout_csv if fmt == "csv" else payout_xlsx
        data = writer(list(report.written))
    _write(path, data)
    return replace(report, path=path, control=control)


def _write(path: Path, data: bytes) -> None:
    ready_file(path, "out")
    write_file_atomically(path, data)  # a full disk leaves no .part file, only a UserError


# -- PayPal ------------------------------------------------------------------------------------


def paypal_amount(amount: Decimal, currency: str, locale: str) -> str:
    """ "5.45", or "5,45" for a sender whose locale writes a decimal comma (PayPal's rule)."""
    from babel.numbers import get_decimal_symbol

    text = money_text(amount, currency)
    return text.replace(".", ",") if get_decimal_symbol(locale) == "," else text


def paypal_csv(payees: list[Payee], locale: str = "en_US") -> bytes:
    """The Payouts upload: no header, six columns (see PAYPAL_COLUMNS), UTF-8 without a
    byte-order mark (it would become part of the first e-mail address)."""
    if len(payees) > PAYPAL_MAX_ROWS:
        raise UserError(
            f"PayPal takes at most {PAYPAL_MAX_ROWS} payments per file; this run has {len(payees)}"
        )
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")  # quotes only where a field needs it
    for payee in payees:
        customer_id = payee.reference.replace(" ", "")[:PAYPAL_ID_MAX]
        writer.writerow(
            [
                payee.paypal,
                paypal_amount(payee.amount, payee.currency, locale),
                payee.currency,
                customer_id,
                payee.note[:PAYPAL_NOTE_MAX],
                PAYPAL_WALLET,
            ]
        )
    return buffer.getvalue().encode("utf-8")


# -- SEPA --------------------------------------------------------------------------------------


def sepa_text(text: str, limit: int) -> str:
    """Text in the SEPA Latin character set, at most `limit` characters."""
    from text_unidecode import unidecode

    latin = unidecode(text).replace("&", "+").replace("_", "-").replace('"', "")
    cleaned = " ".join(_NOT_SEPA.sub(" ", latin).split())
    return cleaned[:limit].strip() or "-"


def sepa_xml(
    payees: list[Payee],
    *,
    debtor: str,
    iban: str,
    bic: str,
    message_id: str,
    execution_date: date,
    created_at: datetime,
) -> tuple[bytes, dict[str, str]]:
    """A pain.001.001.03 credit transfer: one payment information block, one transaction per
    partner (end-to-end id: the statement number), validated against the schema."""
    import xml.etree.ElementTree as ET

    from sepaxml import SepaTransfer
    from sepaxml.validation import try_valid_xml

    if not iban.strip():
        raise ValidationError(
            "iban",
            "the SEPA file pays from your account: set your IBAN and BIC first (Settings, or "
            "payout-desk merchant set --iban IBAN --bic BIC)",
        )
    config: dict[str, object] = {
        "name": sepa_text(debtor, 70),
        "IBAN": compact_iban(iban),
        "batch": True,
        "currency": "EUR",
    }
    if bic:
        config["BIC"] = bic
    transfer = SepaTransfer(config, schema=SEPA_SCHEMA, clean=False)
    for payee in payees:
        payment: dict[str, object] = {
            "name": sepa_text(payee.name, 70),
            "IBAN": payee.iban,
            "amount": to_minor(payee.amount, "EUR"),
            "execution_date": execution_date,
            "description": sepa_text(payee.note, 140),
            "endtoend_id": sepa_text(payee.reference, 35),
        }
        if payee.bic:
            payment["BIC"] = payee.bic
        transfer.add_payment(payment)
    raw = transfer.export(validate=False)
    # sepaxml makes up its message and payment-information ids from the clock and chance; the
    # file says instead which run it pays, so a bank refusing a duplicate upload can tell.
    ET.register_namespace("", SEPA_NS)
    root = ET.fromstring(raw)
    ns = {"p": SEPA_NS}
    header = root.find("p:CstmrCdtTrfInitn/p:GrpHdr", ns)
    assert header is not None
    _set(header, "p:MsgId", message_id, ns)
    _set(header, "p:CreDtTm", created_at.strftime("%Y-%m-%dT%H:%M:%S"), ns)
    for index, info in enumerate(root.iterfind("p:CstmrCdtTrfInitn/p:PmtInf", ns), start=1):
        _set(info, "p:PmtInfId", f"{message_id}-{index}", ns)
    data = b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8")
    try:
        try_valid_xml(data, SEPA_SCHEMA)
    except Exception as exc:  # sepaxml.validation.ValidationError, with the schema's reason
        cause = exc.__cause__ or exc
        raise UserError(f"the SEPA file would not be valid: {cause}") from None
    control = {
        "message_id": message_id,
        "transactions": str(len(payees)),
        "control_sum": money_text(sum((p.amount for p in payees), ZERO), "EUR"),
    }
    return data, control


def _set(parent: object, path: str, text: str, ns: dict[str, str]) -> None:
    node = parent.find(path, ns)  # type: ignore[attr-defined]
    assert node is not None
    node.text = text
