"""Partner values and the rules a partner record must satisfy."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from desktop_app.domain.payout_details import (
    check_bank,
    iban_problem,
    normalized_bic,
    normalized_iban,
    paypal_problem,
)
from desktop_app.domain.text import check_text
from desktop_app.errors import ValidationError


class PartnerStatus(StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    TERMINATED = "terminated"


class PayoutMethod(StrEnum):
    BANK = "bank"
    PAYPAL = "paypal"
    OTHER = "other"


EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
CODE_RE = re.compile(r"^[\w.\-:/#+]{1,64}$", re.UNICODE)
# Free text a partner record holds; none may contain control characters (notes keep lines).
TEXT_FIELDS = (
    "name",
    "email",
    "partner_type",
    "country",
    "payout_details",
    "payout_bic",
    "tax_id",
    "notes",
    "statement_locale",
)


@dataclass(frozen=True)
class PartnerInput:
    """What a user enters for a partner (dialog, CLI, import). Validated by `validate()`."""

    name: str
    codes: tuple[str, ...]
    email: str = ""
    partner_type: str = ""
    country: str = ""
    payout_method: PayoutMethod = PayoutMethod.BANK
    payout_details: str = ""
    tax_id: str = ""
    notes: str = ""
    join_date: date | None = None
    statement_locale: str = ""  # "" = the merchant's locale
    payout_bic: str = ""  # the bank's BIC for a bank transfer (optional: an IBAN is enough)

    def normalized(self) -> PartnerInput:
        codes = tuple(c.strip() for c in self.codes if c.strip())
        method = PayoutMethod(self.payout_method)
        details = self.payout_details.strip()
        bic = ""
        if method is PayoutMethod.BANK:
            if details and iban_problem(details) is None:
                details = normalized_iban(details)
            bic = normalized_bic(self.payout_bic)
        return PartnerInput(
            name=" ".join(self.name.split()),
            codes=codes,
            email=self.email.strip(),
            partner_type=" ".join(self.partner_type.split()),
            country=self.country.strip().upper(),
            payout_method=method,
            payout_details=details,
            tax_id=self.tax_id.strip(),
            notes=self.notes.strip(),
            join_date=self.join_date,
            statement_locale=self.statement_locale.strip().replace("-", "_"),
            payout_bic=bic,
        )

    def validate(self) -> None:
        """Raise ValidationError naming the first field that is wrong."""
        for name in TEXT_FIELDS:
            check_text(name, getattr(self, name), multiline=name == "notes")
        for code in self.codes:
            check_text("codes", code)
        if not self.name:
            raise ValidationError("name", "a partner needs a name")
        if len(self.name) > 200:
            raise ValidationError("name", "at most 200 characters")
        if not self.codes:
            raise ValidationError("codes", "at least one tracking or coupon code is needed")
        seen: set[str] = set()
        for code in self.codes:
            if not CODE_RE.match(code):
                raise ValidationError(
                    "codes",
                    f"'{code}' is not a valid code (letters, digits and . - _ : / # +, "
                    "at most 64 characters, no spaces)",
                )
            key = code.casefold()
            if key in seen:
                raise ValidationError("codes", f"'{code}' is listed twice")
            seen.add(key)
        if self.email and not EMAIL_RE.match(self.email):
            raise ValidationError("email", f"'{self.email}' is not an e-mail address")
        self._validate_payout()
        if self.country and not re.fullmatch(r"[A-Z]{2}", self.country):
            raise ValidationError("country", "use the two-letter country code, e.g. DE or US")
        if self.statement_locale:
            from babel import Locale, UnknownLocaleError

            try:
                Locale.parse(self.statement_locale)
            except (ValueError, UnknownLocaleError):
                raise ValidationError(
                    "statement_locale",
                    f"'{self.statement_locale}' is not a locale like es_ES (leave it empty "
                    "for the merchant's)",
                ) from None

    def _validate_payout(self) -> None:
        """Details are optional (a lock and a payment file list who has none) but, when given,
        must be what the method pays to: an IBAN (and BIC) for a bank transfer, an e-mail
        address for PayPal. Anything goes for "other"."""
        method = PayoutMethod(self.payout_method)
        if method is PayoutMethod.BANK:
            check_bank(
                self.payout_details,
                self.payout_bic,
                details_field="payout_details",
                bic_field="payout_bic",
            )
        elif method is PayoutMethod.PAYPAL and self.payout_details:
            problem = paypal_problem(self.payout_details)
            if problem is not None:
                raise ValidationError("payout_details", problem)


@dataclass(frozen=True)
class Partner:
    """A stored partner as the rest of the program sees it."""

    id: int
    name: str
    codes: tuple[str, ...]
    email: str
    partner_type: str
    country: str
    status: PartnerStatus
    status_date: date
    payout_method: PayoutMethod
    payout_details: str
    tax_id: str
    join_date: date
    notes: str
    extra: dict[str, str] = field(default_factory=dict, compare=False)
    statement_locale: str = ""
    payout_bic: str = ""

    def as_input(self, **changes: Any) -> PartnerInput:
        """The stored values as an input to edit, with `changes`."""
        values = {name: getattr(self, name) for name in PartnerInput.__dataclass_fields__}
        return PartnerInput(**{**values, **changes})

    @property
    def primary_code(self) -> str:
        return self.codes[0] if self.codes else ""

    def earns_on(self, order_date: date) -> bool:
        """Terminated partners earn nothing on orders dated after their termination date."""
        return not (self.status is PartnerStatus.TERMINATED and order_date > self.status_date)
