"""Who a run pays, and whether they can be paid: the payable partners with the current payout
details each payment file needs, checked the way the bank or PayPal will check them.

A payment file is an instruction to pay now, so it takes the partner's *current* details (a
statement shows the masked details frozen at the lock). A partner whose details are missing or
invalid is never written as an empty row: `problem` says why, the export lists them, and
locking a run lists them first (payout_details_problems).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.domain.partners import PayoutMethod
from desktop_app.domain.payout_details import (
    bic_problem,
    compact_iban,
    iban_problem,
    normalized_bic,
    paypal_problem,
)
from desktop_app.services.statements.document import statement_number
from desktop_app.store.models import PartnerRow

METHOD_LABELS = {
    PayoutMethod.BANK.value: "Bank transfer",
    PayoutMethod.PAYPAL.value: "PayPal",
    PayoutMethod.OTHER.value: "Other",
}


@dataclass(frozen=True)
class Payee:
    """A payable partner of a run and where the money goes."""

    partner_id: int
    code: str
    name: str
    method: str  # bank | paypal | other
    amount: Decimal
    currency: str
    reference: str  # the statement number: end-to-end id, PayPal item id, CSV reference
    note: str  # what the partner sees with the payment
    paypal: str = ""  # the address PayPal pays
    iban: str = ""  # compact
    bic: str = ""
    other: str = ""  # free-text details of the method "other"
    from_contact: bool = False  # PayPal address taken from the contact e-mail
    problem: str = ""  # why no file can pay this partner ("" when it can)

    @property
    def method_label(self) -> str:
        return METHOD_LABELS.get(self.method, self.method)

    @property
    def payable(self) -> bool:
        return not self.problem


def payee_of(
    partner: PartnerRow,
    amount: Decimal,
    currency: str,
    reference: str,
    note: str,
    code: str,
) -> Payee:
    """The partner's current details, checked for their method."""
    method = partner.payout_method
    details = partner.payout_details.strip()
    base = Payee(partner.id, code, partner.name, method, amount, currency, reference, note)
    if method == PayoutMethod.PAYPAL.value:
        address, from_contact = details, False
        if not address and partner.email.strip():
            address, from_contact = partner.email.strip(), True
        if not address:
            return _with(base, problem="PayPal: no PayPal address and no contact e-mail")
        problem = paypal_problem(address)
        if problem is not None:
            where = "contact e-mail" if from_contact else "PayPal address"
            return _with(base, paypal=address, problem=f"PayPal {where}: {problem}")
        return _with(base, paypal=address, from_contact=from_contact)
    if method == PayoutMethod.BANK.value:
        if not details:
            return _with(base, problem="bank transfer: no IBAN in the payout details")
        problem = iban_problem(details)
        if problem is not None:
            return _with(base, problem=f"bank transfer: {problem}")
        bic = partner.payout_bic
        bic_wrong = bic_problem(bic)
        if bic_wrong is not None:
            return _with(base, iban=compact_iban(details), problem=f"BIC: {bic_wrong}")
        return _with(base, iban=compact_iban(details), bic=normalized_bic(bic))
    if not details:
        return _with(base, problem="payout method 'other' with no payout details")
    return _with(base, other=details)


def _with(payee: Payee, **changes: object) -> Payee:
    from dataclasses import replace

    return replace(payee, **changes)  # type: ignore[arg-type]


def payment_note(start: object, end: object, code: str, number: str) -> str:
    """The text with each payment: period, code and statement number (plain ASCII, so every
    bank and PayPal shows it as written)."""
    return f"Commission {start} to {end} ({code}), statement {number}"


def run_payees(session: Session, run_id: int) -> list[Payee]:
    """Every partner a run pays (payable > 0), by name, with their current details checked."""
    from desktop_app.services.payouts import run_summary

    summary = run_summary(session, run_id)
    run = summary.run
    payable = {p.partner_id: p for p in summary.partners if p.payable > 0}
    if not payable:
        return []
    rows = {
        row.id: row for row in session.scalars(select(PartnerRow).where(PartnerRow.id.in_(payable)))
    }
    found: list[Payee] = []
    for partner_id, totals in payable.items():
        partner = rows[partner_id]
        code = totals.code or (partner.codes[0].code if partner.codes else "")
        number = statement_number(run_id, partner_id, run.start)
        found.append(
            payee_of(
                partner,
                totals.payable,
                run.currency,
                number,
                payment_note(run.start.isoformat(), run.end.isoformat(), code, number),
                code,
            )
        )
    found.sort(key=lambda p: (p.name.casefold(), p.partner_id))
    return found


def payout_details_problems(session: Session, run_id: int) -> list[Payee]:
    """Payable partners of the run whose payout details are missing or invalid."""
    return [p for p in run_payees(session, run_id) if p.problem]


def problem_lines(payees: list[Payee], limit: int | None = None) -> list[str]:
    """ "Name (CODE): why" for each, for messages."""
    shown = payees if limit is None else payees[:limit]
    lines = [f"{p.name} ({p.code}): {p.problem}" for p in shown]
    if limit is not None and len(payees) > limit:
        lines.append(f"… and {len(payees) - limit} more")
    return lines
